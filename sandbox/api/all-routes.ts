import { accountRoutes } from "./account";
import { chargeAndRefundRoutes } from "./charges-and-refunds";
import { checkoutSessionRoutes } from "./checkout-sessions";
import { customerRoutes } from "./customers";
import { eventRoutes } from "./events";
import { invoiceAndPortalRoutes } from "./invoices-and-portal";
import { paymentIntentRoutes } from "./payment-intents";
import { paymentMethodRoutes } from "./payment-methods";
import { productAndPriceRoutes } from "./products-and-prices";
import type { ApiRoute } from "./route";
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
  ...invoiceAndPortalRoutes,
];
