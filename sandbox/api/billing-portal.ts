import { getOrThrow } from "../core/collections";
import type * as S from "../core/stripe-types";
import { portalSession } from "../objects/billing";
import type { ApiCall, ApiRoute } from "./route";

/** `POST /v1/billing_portal/sessions`: a Customer Portal link for one customer. */
function createPortalSession({ scope, params }: ApiCall): S.PortalSession {
  const customer = getOrThrow(scope, "customers", params.requiredString("customer"), "customer");
  const session = portalSession({
    livemode: scope.livemode,
    baseUrl: scope.baseUrl,
    customer: customer.id,
    returnUrl: params.string("return_url") ?? null,
  });
  scope.ledger.portalSessions[session.id] = session;
  return session;
}

export const billingPortalRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/billing_portal/sessions",
    params: ["customer", "return_url", "configuration", "flow_data", "locale", "on_behalf_of", "customer_account"],
    handle: createPortalSession,
  },
];
