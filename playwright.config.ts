import { randomBytes } from "node:crypto";
import { defineConfig } from "@playwright/test";
import { serialSuite, systemChromium } from "./e2e/playwright-shared";

// The app under test runs from the production build on its own port with a fresh embedded
// database, next to its own Stripe sandbox. Store hosts are `<sub>.localhost:3100`, which
// Chromium, Node and the sandbox's webhook deliveries all resolve to loopback.
export const E2E_PORT = 3100;
export const E2E_ROOT = `localhost:${E2E_PORT}`;
export const E2E_SANDBOX_PORT = 12112;
export const E2E_SANDBOX_URL = `http://127.0.0.1:${E2E_SANDBOX_PORT}`;
/** Stores' own Resend settings send here (any `re_…` key is accepted). */
export const E2E_RESEND_PORT = 12113;

export default defineConfig({
  testDir: "e2e",
  testIgnore: ["sandbox/**"],
  ...serialSuite,
  timeout: 60_000,
  use: {
    baseURL: `http://${E2E_ROOT}`,
    trace: "retain-on-failure",
    launchOptions: systemChromium,
  },
  webServer: [
    {
      command: `npx tsx e2e/resend-stand-in-server.ts`,
      url: `http://127.0.0.1:${E2E_RESEND_PORT}/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: { RESEND_STAND_IN_PORT: String(E2E_RESEND_PORT) },
    },
    {
      command: `rm -f .data-e2e/sandbox.json && npx tsx sandbox/main.ts`,
      url: `${E2E_SANDBOX_URL}/_sandbox/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        SANDBOX_PORT: String(E2E_SANDBOX_PORT),
        SANDBOX_DATA_FILE: ".data-e2e/sandbox.json",
        SANDBOX_RETRY_SCALE: "0.001",
      },
    },
    {
      // The demo store (`demo`, with two products) is seeded first; its owner's password lands in .data-e2e/demo-owner.json.
      // Platform billing runs on the sandbox's "Platform" account: its keys are printed as
      // PLATFORM_STRIPE_*=… lines into a file the shell loads before starting the server.
      command: `rm -rf .data-e2e/pglite .data-e2e/files .data-e2e/demo-owner.json .data-e2e/platform-billing.json .data-e2e/platform-billing.env && npm run db:seed && npx tsx --conditions=react-server scripts/billing-dev-account.ts && set -a && . ./.data-e2e/platform-billing.env && set +a && npx next start -p ${E2E_PORT}`,
      url: `http://127.0.0.1:${E2E_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        ROOT_DOMAIN: E2E_ROOT,
        DATA_DIR: ".data-e2e",
        PGLITE_DATA_DIR: ".data-e2e/pglite",
        APP_ENCRYPTION_KEY: `k1:${randomBytes(32).toString("base64")}`,
        AUTH_SECRET: randomBytes(32).toString("base64url"),
        // The embedded PGlite by default; E2E_DATABASE_URL runs the same server on Postgres.
        DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
        LOG_LEVEL: "warn",
        STRIPE_SANDBOX_URL: E2E_SANDBOX_URL,
        RESEND_BASE_URL: `http://127.0.0.1:${E2E_RESEND_PORT}`,
      },
    },
  ],
});
