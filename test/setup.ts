import { inject } from "vitest";

// Runs before each test file imports anything, so lib/env sees the run's database and sandbox.
const databaseUrl = inject("workerDatabaseUrls")[Number(process.env.VITEST_POOL_ID ?? "1") - 1];
if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
const pgliteTemplate = inject("pgliteTemplate");
if (pgliteTemplate) process.env.PGLITE_TEMPLATE = pgliteTemplate;
process.env.STRIPE_SANDBOX_URL = inject("stripeSandboxUrl");
