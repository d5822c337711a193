import { randomBytes } from "node:crypto";
import { defineConfig } from "@playwright/test";

// The app under test runs from the production build on its own port and a fresh
// embedded database, under a `.test` root domain that Chromium maps to loopback.
export const E2E_PORT = 3100;
export const E2E_ROOT = `platform.test:${E2E_PORT}`;

export default defineConfig({
  testDir: "e2e",
  testIgnore: ["sandbox/**"],
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://${E2E_ROOT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--host-resolver-rules=MAP *.platform.test 127.0.0.1, MAP platform.test 127.0.0.1",
      ],
    },
  },
  webServer: {
    command: `rm -rf .data-e2e && npx next start -p ${E2E_PORT}`,
    url: `http://127.0.0.1:${E2E_PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      ROOT_DOMAIN: E2E_ROOT,
      DATA_DIR: ".data-e2e",
      PGLITE_DATA_DIR: ".data-e2e/pglite",
      APP_ENCRYPTION_KEY: `k1:${randomBytes(32).toString("base64")}`,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      DATABASE_URL: "",
      LOG_LEVEL: "warn",
    },
  },
});
