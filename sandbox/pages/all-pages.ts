import { dashboardPage } from "../dashboard/dashboard";
import type { PageHandler } from "../http/page-handler";
import { serveStripeJs } from "../stripe-js/serve";
import { billingPortalPage } from "./billing-portal";
import { hostedCheckoutPage } from "./hosted-checkout";
import { receiptPages } from "./receipts";
import { testCheckoutPage } from "./test-checkout";
import { threeDSecurePage } from "./three-d-secure";

/** Browser pages, tried in order. */
export const pageHandlers: PageHandler[] = [
  serveStripeJs,
  threeDSecurePage,
  hostedCheckoutPage,
  billingPortalPage,
  receiptPages,
  testCheckoutPage,
  dashboardPage,
];
