import { inject } from "vitest";

// Runs before each test file imports anything, so lib/env sees the run's database and sandbox.
const databaseUrl = inject("databaseUrl");
if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
process.env.STRIPE_SANDBOX_URL = inject("stripeSandboxUrl");
