import type { LaunchOptions, PlaywrightTestConfig } from "@playwright/test";

/**
 * The system Chromium (never a downloaded browser), quiet: no sandbox (CI runs as root), no
 * GPU, and none of the background traffic a browser makes on its own, which has no network here.
 */
export const systemChromium: LaunchOptions = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

/**
 * How every Playwright suite here runs: one worker, in order (the suites share servers and
 * ports), and no retries: a test that passes only on a second try is a bug to find, not a pass.
 */
export const serialSuite = {
  fullyParallel: false,
  workers: 1,
  retries: 0,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
} satisfies PlaywrightTestConfig;
