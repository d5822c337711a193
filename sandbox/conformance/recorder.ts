import { randomBytes } from "node:crypto";
import { appendFileSync } from "node:fs";
import path from "node:path";

/**
 * Opt-in record of what the sandbox sends, for the conformance check of the test run:
 * with `SANDBOX_CONFORMANCE_DIR` set, each `/v1` JSON response and each webhook the test
 * harness receives is appended to a file in that directory, and the run's teardown
 * (test/conformance-setup.ts) holds them all to the schemas of the installed SDK.
 *
 * Bodies are checked there, once, rather than here: compiling the schemas takes seconds,
 * and every test file runs in a fresh module graph. Here it is one file append per body.
 */
export const CONFORMANCE_DIR_ENV = "SANDBOX_CONFORMANCE_DIR";

export interface RecordedBody {
  source: "response" | "webhook";
  /** `POST /v1/payment_intents/pi_…/confirm`, or the webhook receiver's path. */
  request: string;
  /** The HTTP status of a response. */
  status?: number;
  body: string;
}

/** undefined until the environment is read; null when recording is off. */
let spoolFile: string | null | undefined;
let failed = false;

function spool(): string | null {
  if (spoolFile === undefined) {
    const directory = process.env[CONFORMANCE_DIR_ENV];
    spoolFile = directory
      ? path.join(directory, `bodies-${process.pid}-${randomBytes(4).toString("hex")}.jsonl`)
      : null;
  }
  return spoolFile;
}

/** True when bodies are being recorded (so callers can skip building the record). */
export function recording(): boolean {
  return spool() !== null;
}

export function record(entry: RecordedBody): void {
  const file = spool();
  if (!file || failed) return;
  try {
    appendFileSync(file, `${JSON.stringify(entry)}\n`);
  } catch (error) {
    // The sandbox must answer whatever happens to the record; say so once and stop.
    failed = true;
    console.error(`conformance recorder: cannot write ${file}: ${(error as Error).message}`);
  }
}
