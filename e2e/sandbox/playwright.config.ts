import { defineConfig } from "@playwright/test";
import { serialSuite, systemChromium } from "../playwright-shared";

// The Stripe sandbox's browser tests: `npx playwright test -c e2e/sandbox`.
// Each worker starts its own sandbox and shop page server (see fixtures.ts); no app needed.
export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.ts",
  ...serialSuite,
  timeout: 30_000,
  use: {
    trace: "retain-on-failure",
    launchOptions: systemChromium,
  },
});
