import { chargeAndRefundRoutes } from './charges-and-refunds';
import { customerRoutes } from './customers';
import { eventRoutes } from './events';
import { paymentIntentRoutes } from './payment-intents';
import { paymentMethodRoutes } from './payment-methods';
import { productAndPriceRoutes } from './products-and-prices';
import type { ApiRoute } from './route';
import { webhookEndpointRoutes } from './webhook-endpoints';

/** Every `/v1` endpoint the sandbox speaks. */
export const apiRoutes: ApiRoute[] = [
  ...paymentIntentRoutes,
  ...paymentMethodRoutes,
  ...chargeAndRefundRoutes,
  ...customerRoutes,
  ...productAndPriceRoutes,
  ...webhookEndpointRoutes,
  ...eventRoutes,
];
