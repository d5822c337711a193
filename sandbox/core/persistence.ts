import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { dirname } from "node:path";
import { emptyLedger, type SandboxState } from "./state";

export function emptyState(): SandboxState {
  return { version: 1, accounts: [], ledgers: {} };
}

/** Reads the data file; a missing file is a fresh sandbox, a damaged one stops the start. */
export function loadState(file: string): SandboxState {
  if (!existsSync(file)) return emptyState();
  const text = readFileSync(file, "utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`Sandbox data file ${file} is not valid JSON (${String(error)}); move it away to start fresh.`);
  }
  if (!isState(parsed)) {
    throw new Error(`Sandbox data file ${file} is not a sandbox state (version 1); move it away to start fresh.`);
  }
  return withNewCollections(parsed);
}

/**
 * A data file written before a collection existed (e.g. `invoiceItems`) lacks it;
 * every ledger gets the empty ones so older files keep working.
 */
function withNewCollections(state: SandboxState): SandboxState {
  for (const [key, ledger] of Object.entries(state.ledgers)) {
    const empty = emptyLedger(ledger.account, ledger.mode);
    state.ledgers[key] = { ...empty, ...ledger, hidden: { ...empty.hidden, ...ledger.hidden } };
  }
  return state;
}

function isState(value: unknown): value is SandboxState {
  if (typeof value !== "object" || value === null) return false;
  return (
    "version" in value &&
    value.version === 1 &&
    "accounts" in value &&
    Array.isArray(value.accounts) &&
    "ledgers" in value &&
    typeof value.ledgers === "object"
  );
}

/** Write-then-rename so a crash mid-write never leaves a truncated data file. */
export function saveStateAtomic(file: string, state: SandboxState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, file);
}
