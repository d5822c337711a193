import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_SERVER } from "next/constants";
import { loadEnv } from "./lib/env-schema";

export default function config(phase: string): NextConfig {
  // Fail at start, naming the bad variable, rather than on the first request that needs it.
  if (phase === PHASE_PRODUCTION_SERVER || phase === PHASE_DEVELOPMENT_SERVER) loadEnv(process.env);
  return {
    // Stripe does not follow redirects; middleware gives every other path one spelling.
    skipTrailingSlashRedirect: true,
    serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pino"],
    experimental: { authInterrupts: true },
    poweredByHeader: false,
  };
}
