import { readFileSync } from "node:fs";
import type { PageHandler } from "../http/page-handler";
import { send } from "../http/respond";

const STRIPE_JS = readFileSync(new URL("./stripe.js", import.meta.url), "utf8");
const PAYMENT_ELEMENT = readFileSync(new URL("./payment-element.html", import.meta.url), "utf8");

/** Where shops load the stand-in from (Stripe's own paths, so only the origin changes). */
export const STRIPE_JS_PATHS = ["/js/v3", "/js/v3/", "/v3", "/v3/", "/endive/stripe.js", "/js/stripe.js"];

// GET /js/v3/ – the Stripe.js stand-in; GET /elements/payment – the card form iframe
export const serveStripeJs: PageHandler = ({ method, url, response }) => {
  if (method !== "GET") return false;
  if (STRIPE_JS_PATHS.includes(url.pathname)) {
    send(response, 200, "application/javascript; charset=utf-8", STRIPE_JS);
    return true;
  }
  if (url.pathname === "/elements/payment") {
    send(response, 200, "text/html; charset=utf-8", PAYMENT_ELEMENT);
    return true;
  }
  return false;
};
