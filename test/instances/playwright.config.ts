import { defineConfig } from "@playwright/test";
import { serialSuite, systemChromium } from "../../e2e/playwright-shared";

// The several-instances test (issue 14): two `next start` instances of the production build
// on one Postgres and one S3-compatible bucket, started by the worker fixture in
// test/instances/platform.ts. Needs `npm run build` first: `npm run test:instances`.
export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.ts",
  ...serialSuite,
  timeout: 60_000,
  use: {
    trace: "retain-on-failure",
    launchOptions: systemChromium,
  },
});
