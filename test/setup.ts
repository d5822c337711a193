import { inject } from "vitest";

// Runs before each test file imports anything, so lib/env sees the run's database.
const databaseUrl = inject("databaseUrl");
if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
