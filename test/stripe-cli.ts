import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

/** The real Stripe CLI, as npm installs it. */
export const STRIPE_CLI = join(import.meta.dirname, "..", "node_modules", ".bin", "stripe");

/**
 * Starts a long-running `stripe …` (e.g. `listen`) in a process group of its own. The .bin
 * entry is a Node shim that runs the real binary as its child, so stopping only the shim
 * would leave the binary running after the tests: `stopStripeCli` stops the whole group.
 */
export function spawnStripeCli(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(STRIPE_CLI, args, { env, detached: true });
}

export function stopStripeCli(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}
