import { inject } from "vitest";

// Runs before each test file imports anything, so lib/env sees the run's database and sandbox.
const databaseUrl = inject("databaseUrl");
if (databaseUrl) {
  const url = new URL(databaseUrl);
  url.pathname += `_w${process.env.VITEST_POOL_ID ?? "1"}`;
  process.env.DATABASE_URL = url.toString();
}
const pgliteTemplate = inject("pgliteTemplate");
if (pgliteTemplate) process.env.PGLITE_TEMPLATE = pgliteTemplate;
process.env.STRIPE_SANDBOX_URL = inject("stripeSandboxUrl");
