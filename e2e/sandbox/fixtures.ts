import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { test as base, expect } from "@playwright/test";
import { build } from "esbuild";
import Stripe from "stripe";
import { startSandbox, type RunningSandbox } from "../../sandbox/server";
import { vanillaCheckoutPage } from "./vanilla-checkout";

export interface SandboxKeys {
  publishable: string;
  secret: string;
}

/** A shop on its own origin serving the React checkout that uses the sandbox's Stripe.js. */
export interface Shop {
  origin: string;
  checkoutUrl(publishableKey: string, clientSecret: string): string;
  /** The same checkout on Stripe.js directly, without React (see vanilla-checkout.ts). */
  vanillaCheckoutUrl(publishableKey: string, clientSecret: string): string;
}

interface Workers {
  sandbox: RunningSandbox;
  keys: SandboxKeys;
  stripe: Stripe;
  shop: Shop;
}

function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

async function bundleCheckout(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL("./react-checkout/app.tsx", import.meta.url))],
    bundle: true,
    write: false,
    format: "iife",
    jsx: "automatic",
    minify: true,
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  return result.outputFiles[0]?.text ?? "";
}

export const test = base.extend<object, Workers>({
  sandbox: [
    async ({}, use) => {
      const sandbox = await startSandbox({ port: 0, dataFile: null, retryScale: 0.0001 });
      await use(sandbox);
      await sandbox.close();
    },
    { scope: "worker" },
  ],
  keys: [
    async ({ sandbox }, use) => {
      const response = await fetch(`${sandbox.url}/_sandbox/accounts`, { method: "POST" });
      const account = (await response.json()) as { keys: { test: SandboxKeys } };
      await use(account.keys.test);
    },
    { scope: "worker" },
  ],
  stripe: [
    async ({ sandbox, keys }, use) => {
      await use(new Stripe(keys.secret, { host: "127.0.0.1", port: sandbox.port, protocol: "http" }));
    },
    { scope: "worker" },
  ],
  shop: [
    async ({ sandbox }, use) => {
      const bundle = await bundleCheckout();
      const server = http.createServer((request, response) => {
        const url = new URL(request.url ?? "/", "http://shop.invalid");
        if (url.pathname === "/app.js") {
          response.writeHead(200, { "Content-Type": "application/javascript" });
          response.end(bundle);
          return;
        }
        const origin = `http://${request.headers.host ?? ""}`;
        if (url.pathname === "/vanilla-checkout") {
          response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
          response.end(
            vanillaCheckoutPage({
              stripeJsUrl: `${sandbox.url}/js/v3/`,
              publishableKey: url.searchParams.get("pk") ?? "",
              clientSecret: url.searchParams.get("client_secret") ?? "",
              returnUrl: `${origin}/return`,
            }),
          );
          return;
        }
        const body =
          url.pathname === "/checkout"
            ? `<script src="${sandbox.url}/js/v3/"></script><div id="root"></div>
<script>window.__CHECKOUT__ = ${scriptJson({ publishableKey: url.searchParams.get("pk"), clientSecret: url.searchParams.get("client_secret"), returnUrl: `${origin}/return` })};</script>
<script src="/app.js"></script>`
            : `<h1>Thanks</h1><p data-testid="query">${url.search.replace(/</g, "&lt;")}</p>`;
        response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        response.end(
          `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title></head><body>${body}</body></html>`,
        );
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await use({
        origin,
        checkoutUrl: (publishableKey, clientSecret) =>
          `${origin}/checkout?${new URLSearchParams({ pk: publishableKey, client_secret: clientSecret }).toString()}`,
        vanillaCheckoutUrl: (publishableKey, clientSecret) =>
          `${origin}/vanilla-checkout?${new URLSearchParams({ pk: publishableKey, client_secret: clientSecret }).toString()}`,
      });
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    { scope: "worker" },
  ],
});

export { expect };
