import { accountRoutes } from "./account";
import { billingPortalRoutes } from "./billing-portal";
import { chargeAndRefundRoutes } from "./charges-and-refunds";
import { checkoutSessionRoutes } from "./checkout-sessions";
import { customerRoutes } from "./customers";
import { eventRoutes } from "./events";
import { invoiceItemRoutes } from "./invoice-items";
import { invoiceRoutes } from "./invoices";
import { paymentIntentRoutes } from "./payment-intents";
import { paymentMethodRoutes } from "./payment-methods";
import { productAndPriceRoutes } from "./products-and-prices";
import type { ApiRoute } from "./route";
import { stripeCliRoutes } from "./stripecli";
import { subscriptionRoutes } from "./subscriptions";
import { webhookEndpointRoutes } from "./webhook-endpoints";

/** Every `/v1` endpoint the sandbox speaks. */
export const apiRoutes: ApiRoute[] = [
  ...accountRoutes,
  ...paymentIntentRoutes,
  ...paymentMethodRoutes,
  ...chargeAndRefundRoutes,
  ...customerRoutes,
  ...productAndPriceRoutes,
  ...webhookEndpointRoutes,
  ...eventRoutes,
  ...checkoutSessionRoutes,
  ...subscriptionRoutes,
  ...invoiceItemRoutes,
  ...invoiceRoutes,
  ...billingPortalRoutes,
  ...stripeCliRoutes,
];
