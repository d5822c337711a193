import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { checkRecorded, formatViolations } from "@/sandbox/conformance/check-recorded";
import { CONFORMANCE_DIR_ENV } from "@/sandbox/conformance/recorder";

/**
 * Every Stripe object the sandbox sends during the run (API responses, webhooks the test
 * harness receives) is recorded, and checked at the end against the schemas generated
 * from the installed SDK (sandbox/conformance). A shape that drifts from Stripe's fails
 * the run. Listed before test/global-setup.ts so its sandbox records too; the workers
 * inherit the variable, as they inherit this process's environment.
 */
export default async function setup() {
  // A directory given by the caller is kept afterwards, to look at what was recorded;
  // an earlier run's records in it are removed first.
  const given = process.env[CONFORMANCE_DIR_ENV];
  const directory = given ?? (await mkdtemp(path.join(tmpdir(), "sandbox-conformance-")));
  if (given) {
    await mkdir(given, { recursive: true });
    for (const file of await readdir(given))
      if (/^bodies-.*\.jsonl$/.test(file)) await rm(path.join(given, file), { force: true });
  }
  process.env[CONFORMANCE_DIR_ENV] = directory;
  return async () => {
    try {
      const report = checkRecorded(directory);
      console.log(
        `Stripe conformance: ${report.checked} of ${report.bodies} recorded sandbox bodies checked, ` +
          `${report.violations.length} violations`,
      );
      if (report.violations.length > 0) {
        // Vitest only logs an error thrown by a global teardown; the exit code is what fails CI.
        process.exitCode = 1;
        throw new Error(
          `The Stripe sandbox's responses and events differ from the SDK's types in ${report.violations.length} ways ` +
            `(${report.checked} of ${report.bodies} recorded bodies checked):\n${formatViolations(report.violations)}`,
        );
      }
    } finally {
      if (!given) {
        delete process.env[CONFORMANCE_DIR_ENV];
        await rm(directory, { recursive: true, force: true });
      }
    }
  };
}
