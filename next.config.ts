import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_SERVER } from "next/constants";
import { loadEnv } from "./lib/env-schema";
import { STATIC_SECURITY_HEADERS } from "./lib/security/headers";
import { SERVER_ACTION_BODY_LIMIT_BYTES } from "./lib/security/server-action-request";

export default function config(phase: string): NextConfig {
  // Fail at start, naming the bad variable, rather than on the first request that needs it.
  if (phase === PHASE_PRODUCTION_SERVER || phase === PHASE_DEVELOPMENT_SERVER) loadEnv(process.env);
  return {
    // Stripe does not follow redirects; middleware gives every other path one spelling.
    skipTrailingSlashRedirect: true,
    // rate-limiter-flexible loads drizzle-orm with a dynamic import that bundling cannot follow.
    serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pino", "rate-limiter-flexible"],
    // The limit middleware screens action bodies against, so the two cannot drift apart.
    experimental: { authInterrupts: true, serverActions: { bodySizeLimit: SERVER_ACTION_BODY_LIMIT_BYTES } },
    poweredByHeader: false,
    // Middleware adds the CSP (it needs a nonce per response) and HSTS (it needs the run-time
    // env); these static headers also reach the routes middleware skips: uploads and assets.
    async headers() {
      const headers = Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value }));
      return [
        { source: "/:path*", headers },
        // JSON only: nothing on these routes may load or frame anything.
        ...["/api/uploads/:path*", "/shop/webhook", "/shop/webhook/"].map((source) => ({
          source,
          headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
        })),
      ];
    },
  };
}
