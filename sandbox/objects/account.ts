import type { SandboxAccount } from "../core/state";
import type * as S from "../core/stripe-types";

/**
 * The account a secret key belongs to, as `GET /v1/account` shows it: a standard
 * account, activated, its name as the dashboard's display name. The same in both modes,
 * as at Stripe, so comparing ids tells whether two keys share an account.
 */
export function account(source: SandboxAccount): S.Account {
  return {
    id: source.id,
    object: "account",
    business_profile: {
      mcc: null,
      minority_owned_business_designation: null,
      specified_commercial_transactions_act_url: null,
      name: source.name,
      product_description: null,
      support_address: null,
      support_email: null,
      support_phone: null,
      support_url: null,
      url: null,
    },
    business_type: null,
    capabilities: { card_payments: "active", transfers: "active" },
    charges_enabled: true,
    country: "US",
    created: source.created,
    default_currency: "usd",
    details_submitted: true,
    email: null,
    metadata: {},
    payouts_enabled: true,
    settings: null,
    type: "standard",
  };
}
