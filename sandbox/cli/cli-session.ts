import { createHmac, timingSafeEqual } from "node:crypto";
import { nowSeconds } from "../core/clock";
import { randomBase62, newWebhookSecret } from "../core/ids";
import type { Ledger, Mode } from "../core/state";
import type { SandboxStore } from "../core/store";

/**
 * `stripe listen` sessions. The CLI creates one with its secret key, then opens the
 * websocket presenting only the `Websocket-Id` header, so that id is the credential: it
 * names the mode and is signed with the ledger's CLI secret. Nothing is kept per session,
 * so a restarted sandbox still accepts the ids it gave out.
 */

/** Where the CLI opens its websocket: `/stripecli/subscribe/<account id>`. */
export const SUBSCRIBE_PATH = /^\/stripecli\/subscribe\/(acct_[A-Za-z0-9]+)\/?$/;

/** The CLI asks again for a session once an id is refused as unknown. */
const WEBSOCKET_ID_LIFETIME_SECONDS = 24 * 60 * 60;

/** The signing secret of the account's CLI listeners, made on first use and then kept. */
export function cliSecretOf(ledger: Ledger): string {
  ledger.cliSecret ??= newWebhookSecret();
  return ledger.cliSecret;
}

function mac(secret: string, account: string, rest: string): string {
  return createHmac("sha256", secret).update(`${account}:${rest}`).digest("hex").slice(0, 32);
}

/** `cliws_<mode>_<issued>_<nonce>_<mac>` */
export function newWebsocketId(ledger: Ledger): string {
  const rest = `${ledger.mode}_${nowSeconds()}_${randomBase62(16)}`;
  return `cliws_${rest}_${mac(cliSecretOf(ledger), ledger.account, rest)}`;
}

/** The ledger a websocket id opens, or undefined when it is forged, expired or not this account's. */
export function ledgerOfWebsocketId(store: SandboxStore, accountId: string, websocketId: string): Ledger | undefined {
  const match = /^cliws_((test|live)_(\d+)_[A-Za-z0-9]+)_([0-9a-f]{32})$/.exec(websocketId);
  if (!match || !store.account(accountId)) return undefined;
  const [, rest = "", mode = "", issued = "", presented = ""] = match;
  if (nowSeconds() - Number(issued) > WEBSOCKET_ID_LIFETIME_SECONDS) return undefined;
  const ledger = store.ledger(accountId, mode as Mode);
  if (ledger.cliSecret === null) return undefined;
  const expected = Buffer.from(mac(ledger.cliSecret, accountId, rest));
  return timingSafeEqual(expected, Buffer.from(presented)) ? ledger : undefined;
}
