import { newApiKey, newId } from "./ids";
import { nowSeconds } from "./clock";
import { emptyState, loadState, saveStateAtomic } from "./persistence";
import { emptyLedger, type Ledger, type Mode, type SandboxAccount, type SandboxState } from "./state";

export type KeyKind = "secret" | "publishable";

export interface ResolvedKey {
  account: SandboxAccount;
  mode: Mode;
  kind: KeyKind;
}

/** How long writes are gathered before the data file is rewritten. */
const SAVE_DELAY_MS = 200;

/**
 * Holds the sandbox state, indexes API keys, and persists changes to the data file
 * (or nowhere when `dataFile` is null, as in tests).
 */
export class SandboxStore {
  readonly state: SandboxState;
  private readonly keys = new Map<string, ResolvedKey>();
  private saveTimer: NodeJS.Timeout | null = null;

  constructor(private readonly dataFile: string | null) {
    this.state = dataFile ? loadState(dataFile) : emptyState();
    for (const account of this.state.accounts) this.indexKeys(account);
  }

  createAccount(name: string | undefined): SandboxAccount {
    const id = newId("acct");
    const account: SandboxAccount = {
      id,
      name: name?.trim() || `Sandbox account ${this.state.accounts.length + 1}`,
      created: nowSeconds(),
      keys: {
        test: { publishable: newApiKey("pk", "test"), secret: newApiKey("sk", "test") },
        live: { publishable: newApiKey("pk", "live"), secret: newApiKey("sk", "live") },
      },
    };
    this.state.accounts.push(account);
    this.indexKeys(account);
    this.changed();
    return account;
  }

  accounts(): readonly SandboxAccount[] {
    return this.state.accounts;
  }

  account(id: string): SandboxAccount | undefined {
    return this.state.accounts.find((account) => account.id === id);
  }

  resolveKey(key: string): ResolvedKey | undefined {
    return this.keys.get(key);
  }

  ledger(accountId: string, mode: Mode): Ledger {
    const key = `${accountId}:${mode}`;
    let ledger = this.state.ledgers[key];
    if (!ledger) {
      ledger = emptyLedger(accountId, mode);
      this.state.ledgers[key] = ledger;
    }
    return ledger;
  }

  otherModeLedger(ledger: Ledger): Ledger {
    return this.ledger(ledger.account, ledger.mode === "test" ? "live" : "test");
  }

  ledgers(): Ledger[] {
    return Object.values(this.state.ledgers);
  }

  /** The ledger holding a PaymentIntent or Checkout Session, for pages reached by URL. */
  ledgerHolding(kind: "paymentIntents" | "checkoutSessions" | "portalSessions", id: string): Ledger | undefined {
    return this.ledgers().find((ledger) => ledger[kind][id] !== undefined);
  }

  /** Call after every mutation; the file is rewritten shortly after, once. */
  changed(): void {
    if (!this.dataFile || this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.flush(), SAVE_DELAY_MS);
    this.saveTimer.unref();
  }

  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (this.dataFile) saveStateAtomic(this.dataFile, this.state);
  }

  private indexKeys(account: SandboxAccount): void {
    for (const mode of ["test", "live"] as const) {
      this.keys.set(account.keys[mode].secret, { account, mode, kind: "secret" });
      this.keys.set(account.keys[mode].publishable, { account, mode, kind: "publishable" });
    }
  }
}
