import "server-only";
import { and, asc, count, desc, eq, gt, inArray, isNotNull, max } from "drizzle-orm";
import type Stripe from "stripe";
import {
  downloadGrants,
  orders,
  orderStatusChanges,
  products,
  storeStripeSettings,
  users,
  webhookDeliveries,
  webhookRefusals,
  type Order,
  type PaymentMode,
  type Store,
  type StoreStripeSettings,
} from "@/db/schema";
import { getDb } from "@/lib/db";
import { lastSentStoreEmail } from "@/lib/email/test-email";
import { describeStripeError, stripeClient } from "@/lib/stripe/client";
import { webhookUrl } from "@/lib/stripe/connection";
import { currentKeyCheck, runAndKeepKeyCheck, CHECK_TIMEOUT_MS, type KeyCheck } from "@/lib/stripe/key-check";
import { keyProblem, MODE_NAME } from "@/lib/stripe/keys";
import { loadStripeCredentials } from "@/lib/stripe/settings";
import { BANNER_CODES, REFUSALS, isRefusalCode } from "@/lib/webhooks/refusal-codes";
import { judgeEndpoints, type EndpointFinding, type ListedEndpoint } from "./webhook-endpoint";

/**
 * The seed guide's pre-launch checklist (sections A–G), checked by the platform itself.
 * Every check carries its status, the evidence it was judged on, and where to fix it.
 * `unknown` means the check could not be made (Stripe unreachable): neither green nor red.
 * `neutral` is for what does not apply yet (Live mode before the owner starts on it).
 */
export type CheckStatus = "pass" | "fail" | "unknown" | "neutral";
export type CheckLink = { href: string; label: string };
export type Check = {
  id: string;
  label: string;
  status: CheckStatus;
  evidence: string;
  fix?: CheckLink;
  links?: CheckLink[];
};
export type SectionKey = "A" | "B" | "C" | "D" | "E" | "F" | "G";
export type ChecklistSection = { key: SectionKey; title: string; status: CheckStatus; checks: Check[] };
export type LaunchChecklist = {
  sections: ChecklistSection[];
  /** Every failing or uncheckable check, as "B. Test keys: …", for the Live mode confirmation. */
  redItems: string[];
  /** Live mode is on and a live order has been paid. */
  launched: boolean;
  activeMode: PaymentMode;
  checkedAt: Date;
};

const OTHER: Record<PaymentMode, PaymentMode> = { test: "live", live: "test" };
const PAID_STATUSES = ["paid", "partially_refunded", "refunded"] as const;
const SETTINGS = { href: "/admin/settings", label: "Open Dashboard Settings" };
const WEBHOOKS = { href: "/admin/webhooks", label: "Open Webhooks" };

const check = (id: string, label: string, status: CheckStatus, evidence: string, more: Partial<Check> = {}): Check => ({
  id,
  label,
  status,
  evidence,
  ...more,
});

/** The worst status wins: fail, then unknown, then pass; a section of only neutral checks is neutral. */
export function worstOf(statuses: CheckStatus[]): CheckStatus {
  if (statuses.includes("fail")) return "fail";
  if (statuses.includes("unknown")) return "unknown";
  if (statuses.includes("pass")) return "pass";
  return "neutral";
}

/** A mode with keys, its client (reused by every check of that mode), and what one look at Stripe found. */
type ModeProbe =
  | { stripe: Stripe; reachable: true; account: Stripe.Account; endpoints: ListedEndpoint[] }
  | { stripe: Stripe; reachable: false; reason: string }
  | null;

/** One look at a mode's Stripe account with its secret key: the account and its webhook endpoints. */
async function probeMode(storeId: string, mode: PaymentMode): Promise<ModeProbe> {
  const credentials = await loadStripeCredentials(storeId, mode);
  if (!credentials) return null;
  const stripe = stripeClient(credentials.secretKey, { timeoutMs: CHECK_TIMEOUT_MS, retries: 0 });
  try {
    const [account, endpoints] = await Promise.all([
      stripe.accounts.retrieveCurrent(),
      stripe.webhookEndpoints.list({ limit: 100 }),
    ]);
    return {
      stripe,
      reachable: true,
      account,
      endpoints: endpoints.data.map((e) => ({
        id: e.id,
        url: e.url,
        status: e.status,
        enabled_events: e.enabled_events,
      })),
    };
  } catch (error) {
    return { stripe, reachable: false, reason: describeStripeError(error) };
  }
}

const couldNotCheck = (reason: string) => `Could not check (${reason}).`;

export async function buildLaunchChecklist(store: Store): Promise<LaunchChecklist> {
  const db = await getDb();
  const [settingsRow] = await db
    .select({ settings: storeStripeSettings, savedBy: users.email })
    .from(storeStripeSettings)
    .leftJoin(users, eq(users.id, storeStripeSettings.savedByUserId))
    .where(eq(storeStripeSettings.storeId, store.id))
    .limit(1);
  const settings = settingsRow?.settings ?? null;
  const activeMode: PaymentMode = settings?.liveMode ? "live" : "test";
  const hasKeys = (mode: PaymentMode) => !!(settings?.[`${mode}PublishableKey`] || settings?.[`${mode}SecretKeyHint`]);
  // Test mode is always checked (the guide: test first). Live only once the owner starts on it.
  const applies: Record<PaymentMode, boolean> = { test: true, live: activeMode === "live" || hasKeys("live") };

  const [probes, keyChecks, paidTest, firstLive, lastEmail, published] = await Promise.all([
    Promise.all([probeMode(store.id, "test"), probeMode(store.id, "live")]).then(([test, live]) => ({ test, live })),
    Promise.all([keyCheckFor(store, settings, "test"), keyCheckFor(store, settings, "live")]).then(([test, live]) => ({
      test,
      live,
    })),
    paidOrder(store.id, "test", "latest"),
    paidOrder(store.id, "live", "first"),
    lastSentStoreEmail(store.id),
    db
      .select({ n: count() })
      .from(products)
      .where(and(eq(products.storeId, store.id), eq(products.status, "published")))
      .then(([row]) => row?.n ?? 0),
  ]);

  const sections: ChecklistSection[] = [];
  const section = (key: SectionKey, title: string, checks: Check[]) =>
    sections.push({ key, title, status: worstOf(checks.map((c) => c.status)), checks });

  // A. Stripe account and mode
  const accountChecks: Check[] = [];
  for (const mode of ["test", "live"] as const) {
    if (!applies[mode]) continue;
    const probe = probes[mode];
    const label = `Stripe account (${MODE_NAME[mode]}) is active`;
    if (!probe) {
      accountChecks.push(
        check(`A.account.${mode}`, label, "fail", `No ${MODE_NAME[mode]} keys saved.`, { fix: SETTINGS }),
      );
    } else if (!probe.reachable) {
      accountChecks.push(check(`A.account.${mode}`, label, "unknown", couldNotCheck(probe.reason), { fix: SETTINGS }));
    } else {
      const name = probe.account.business_profile?.name ?? probe.account.settings?.dashboard?.display_name;
      const active = probe.account.charges_enabled !== false;
      accountChecks.push(
        check(
          `A.account.${mode}`,
          label,
          active ? "pass" : "fail",
          `Stripe account ${probe.account.id}${name ? ` (${name})` : ""} ${active ? "can take payments" : "cannot take payments yet: finish activating it in Stripe"}.`,
          active
            ? {}
            : { fix: { href: "https://dashboard.stripe.com/account/onboarding", label: "Activate in Stripe" } },
        ),
      );
    }
  }
  accountChecks.push(
    paidTest
      ? check(
          "A.test_first",
          "Test mode was set up first",
          "pass",
          `Test order ${shortId(paidTest.id)} was paid ${when(paidTest.paidAt)}.`,
          {
            links: [{ href: `/admin/orders/${paidTest.id}`, label: "Open the order" }],
          },
        )
      : check(
          "A.test_first",
          "Test mode was set up first",
          "fail",
          "No test order has been paid yet. Buy one of your products on the storefront with the test card 4242 4242 4242 4242.",
          { fix: { href: "/", label: "Open the storefront" } },
        ),
  );
  accountChecks.push(
    check(
      "A.live_chosen",
      "Live mode is on only if you chose it",
      activeMode === "live" ? "pass" : "neutral",
      activeMode === "live"
        ? `Live mode was switched on in Dashboard Settings${savedBy(settingsRow?.savedBy)}.`
        : "Live mode is off: the store takes test payments only. Switch it on in Dashboard Settings when you launch.",
      { fix: SETTINGS },
    ),
  );
  section("A", "Stripe account and mode", accountChecks);

  // B. API keys
  const keyChecksList: Check[] = [];
  for (const mode of ["test", "live"] as const) {
    if (!applies[mode]) {
      keyChecksList.push(
        check(
          `B.keys.${mode}`,
          `${MODE_NAME[mode]} keys`,
          "neutral",
          "Not added yet. Add your Live keys when Test mode is all green.",
          {
            fix: SETTINGS,
          },
        ),
      );
      continue;
    }
    keyChecksList.push(keyPairCheck(mode, settings, keyChecks[mode]));
  }
  section("B", "Stripe API keys", keyChecksList);

  // C. Webhook endpoint, per mode, read from Stripe, and the secret proven by a delivery.
  const webhookChecks: Check[] = [];
  for (const mode of ["test", "live"] as const) {
    if (!applies[mode]) continue;
    webhookChecks.push(endpointCheck(store, mode, probes[mode], probes[OTHER[mode]]));
    webhookChecks.push(await secretProvenCheck(store.id, mode, settings, activeMode));
  }
  section("C", "Webhook endpoint", webhookChecks);

  // D. Settings in effect
  section("D", "Store configuration", [
    settings
      ? check(
          "D.saved",
          "The saved settings are the ones in effect",
          "pass",
          `Saved ${when(settings.updatedAt)}${savedBy(settingsRow?.savedBy)}. Every request reads them as saved: nothing needs a restart or a refresh.`,
          { fix: SETTINGS },
        )
      : check(
          "D.saved",
          "The saved settings are the ones in effect",
          "fail",
          "No Stripe settings have been saved yet.",
          {
            fix: SETTINGS,
          },
        ),
  ]);

  // E. Checkout ready for the active mode
  const publishable = settings?.[`${activeMode}PublishableKey`] ?? null;
  const activePair = keyChecks[activeMode];
  const checkoutChecks: Check[] = [
    !publishable
      ? check(
          "E.publishable",
          "Checkout has the publishable key",
          "fail",
          `No ${MODE_NAME[activeMode]} publishable key saved.`,
          { fix: SETTINGS },
        )
      : keyProblem("publishable", activeMode, publishable)
        ? check(
            "E.publishable",
            "Checkout has the publishable key",
            "fail",
            keyProblem("publishable", activeMode, publishable)!,
            { fix: SETTINGS },
          )
        : activePair.kind === "kept" && activePair.check.ok
          ? check(
              "E.publishable",
              "Checkout has the publishable key",
              "pass",
              `${publishable.slice(0, 12)}… matches ${MODE_NAME[activeMode]} mode, and it read back a PaymentIntent of account ${activePair.check.accountId} as Stripe.js does on the checkout page.`,
            )
          : check(
              "E.publishable",
              "Checkout has the publishable key",
              activePair.kind === "unreachable" ? "unknown" : "fail",
              activePair.kind === "unreachable"
                ? couldNotCheck(activePair.reason)
                : "The publishable key is not proven to work with the secret key (see B).",
              { fix: SETTINGS },
            ),
    published > 0
      ? check(
          "E.products",
          "The checkout page has something to sell",
          "pass",
          `${published} published product${published === 1 ? "" : "s"}; the storefront renders the checkout for them.`,
          {
            links: [{ href: "/", label: "Open the storefront" }],
          },
        )
      : check(
          "E.products",
          "The checkout page has something to sell",
          "fail",
          "No published product: the storefront has nothing to check out.",
          {
            fix: { href: "/admin/products", label: "Publish a product" },
          },
        ),
  ];
  section("E", "Checkout", checkoutChecks);

  // F. The chain of the last test payment (and of the first live one, once live).
  const chains: Check[] = [await chainCheck(store, "test", paidTest, probes.test)];
  if (activeMode === "live") chains.push(await chainCheck(store, "live", firstLive, probes.live));
  section("F", "End-to-end payment", chains);

  // G. Final sanity checks
  const url = webhookUrl(store);
  section("G", "Final checks", [
    url.startsWith("https://")
      ? check(
          "G.https",
          "Served over HTTPS",
          "pass",
          `The platform serves ${new URL(url).host} over HTTPS with a certificate it renews itself: nothing for you to do.`,
        )
      : check(
          "G.https",
          "Served over HTTPS",
          "neutral",
          `${new URL(url).host} is a local development address (HTTP). On the platform's own domain every store is served over HTTPS.`,
        ),
    store.status !== "active"
      ? check(
          "G.open",
          "The storefront is open",
          "fail",
          "The store is suspended by the platform: buyers see it as unavailable.",
        )
      : store.pausedAt
        ? check("G.open", "The storefront is open", "fail", "The storefront is paused: buyers cannot check out.", {
            fix: { href: "/admin/settings/store", label: "Resume the storefront" },
          })
        : check("G.open", "The storefront is open", "pass", "The storefront is open (not paused)."),
    lastEmail
      ? check(
          "G.email",
          "Emails are sending",
          "pass",
          `A ${lastEmail.kind === "test" ? "test email" : "receipt"} to ${lastEmail.toAddress} was accepted by your mail provider ${when(lastEmail.sentAt)}.`,
          { links: [{ href: `/admin/emails/${lastEmail.id}`, label: "Open the email" }] },
        )
      : check(
          "G.email",
          "Emails are sending",
          "fail",
          "No receipt or test email has been sent yet. Save your Resend settings and press Send test email.",
          { fix: SETTINGS },
        ),
  ]);

  const redItems = sections.flatMap((s) =>
    s.checks
      .filter((c) => c.status === "fail" || c.status === "unknown")
      .map((c) => `${s.key}. ${c.label}: ${c.evidence}`),
  );
  return {
    sections,
    redItems,
    launched: activeMode === "live" && firstLive !== null,
    activeMode,
    checkedAt: new Date(),
  };
}

type PairState = { kind: "kept"; check: KeyCheck } | { kind: "unreachable"; reason: string } | { kind: "none" };

/** The kept key check for the keys saved now; made once (and kept) when the keys changed. */
async function keyCheckFor(store: Store, settings: StoreStripeSettings | null, mode: PaymentMode): Promise<PairState> {
  if (!settings?.[`${mode}PublishableKey`] || !settings[`${mode}SecretKeyHint`]) return { kind: "none" };
  const kept = currentKeyCheck(settings, mode);
  if (kept) return { kind: "kept", check: kept };
  const outcome = await runAndKeepKeyCheck(store, mode);
  return outcome.ok === null ? { kind: "unreachable", reason: outcome.message } : { kind: "kept", check: outcome };
}

function keyPairCheck(mode: PaymentMode, settings: StoreStripeSettings | null, pair: PairState): Check {
  const id = `B.keys.${mode}`;
  const label = `${MODE_NAME[mode]} keys belong together`;
  const publishable = settings?.[`${mode}PublishableKey`] ?? null;
  const hint = settings?.[`${mode}SecretKeyHint`] ?? null;
  const prefixProblem =
    (publishable && keyProblem("publishable", mode, publishable)) ||
    (hint && !hint.startsWith(`sk_${mode}_`) && !hint.startsWith(`rk_${mode}_`)
      ? `The secret key in the ${MODE_NAME[mode]} field is not a ${MODE_NAME[mode]} key.`
      : null);
  if (prefixProblem) return check(id, label, "fail", prefixProblem, { fix: SETTINGS });
  if (pair.kind === "none") {
    return check(
      id,
      label,
      "fail",
      `The ${MODE_NAME[mode]} publishable key (pk_${mode}_…) and secret key (sk_${mode}_…) are not both saved.`,
      { fix: SETTINGS },
    );
  }
  if (pair.kind === "unreachable") return check(id, label, "unknown", couldNotCheck(pair.reason), { fix: SETTINGS });
  const { check: kept } = pair;
  return check(
    id,
    label,
    kept.ok ? "pass" : "fail",
    `${publishable?.slice(0, 12)}… and ${hint}: ${kept.message} (checked ${when(new Date(kept.checkedAt))})`,
    { fix: { href: "/admin/settings", label: "Check keys again in Dashboard Settings" } },
  );
}

function endpointCheck(store: Store, mode: PaymentMode, probe: ModeProbe, otherProbe: ModeProbe): Check {
  const id = `C.endpoint.${mode}`;
  const label = `${MODE_NAME[mode]} webhook endpoint points at this store`;
  const fix = { href: "/admin/settings", label: `Set up webhook for me (${MODE_NAME[mode]})` };
  if (!probe)
    return check(
      id,
      label,
      "fail",
      `Save the ${MODE_NAME[mode]} keys first: the endpoint is read from Stripe with them.`,
      { fix },
    );
  if (!probe.reachable) return check(id, label, "unknown", couldNotCheck(probe.reason), { fix });
  const finding: EndpointFinding = judgeEndpoints({
    expectedUrl: webhookUrl(store),
    modeName: MODE_NAME[mode],
    otherModeName: MODE_NAME[OTHER[mode]],
    endpoints: probe.endpoints,
    otherModeEndpoints: otherProbe?.reachable ? otherProbe.endpoints : null,
  });
  return finding.ok
    ? check(id, label, "pass", finding.evidence)
    : check(id, label, "fail", finding.problems.join(" "), { fix });
}

/**
 * The saved signing secret is proven by the last delivery of its mode that our store
 * verified with it after it was saved. A later refusal the owner can act on (a wrong
 * secret, the other mode) outweighs it. A mode that is not active cannot be proven: the
 * store verifies with the active mode's secret only.
 */
async function secretProvenCheck(
  storeId: string,
  mode: PaymentMode,
  settings: StoreStripeSettings | null,
  activeMode: PaymentMode,
): Promise<Check> {
  const id = `C.secret.${mode}`;
  const label = `${MODE_NAME[mode]} signing secret verified the last delivery`;
  const hint = settings?.[`${mode}WebhookSecretHint`] ?? null;
  if (!hint) {
    return check(id, label, "fail", `No ${MODE_NAME[mode]} webhook signing secret is saved.`, {
      fix: { href: "/admin/settings", label: `Set up webhook for me (${MODE_NAME[mode]})` },
    });
  }
  if (mode !== activeMode) {
    return check(
      id,
      label,
      "neutral",
      `${hint} is saved. ${MODE_NAME[mode]} deliveries are verified once the store is in ${MODE_NAME[mode]} mode.`,
    );
  }
  const savedAt = settings?.[`${mode}WebhookSecretSavedAt`] ?? null;
  const db = await getDb();
  const [lastVerified] = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.storeId, storeId),
        eq(webhookDeliveries.livemode, mode === "live"),
        eq(webhookDeliveries.httpStatus, 200),
        savedAt ? gt(webhookDeliveries.receivedAt, savedAt) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.receivedAt))
    .limit(1);
  const [lastRefusal] = await db
    .select({ code: webhookRefusals.diagnosisCode, at: max(webhookRefusals.lastSeenAt) })
    .from(webhookRefusals)
    .where(
      and(
        eq(webhookRefusals.storeId, storeId),
        inArray(webhookRefusals.diagnosisCode, BANNER_CODES),
        gt(webhookRefusals.lastSeenAt, lastVerified?.receivedAt ?? savedAt ?? new Date(0)),
      ),
    )
    .groupBy(webhookRefusals.diagnosisCode)
    .orderBy(desc(max(webhookRefusals.lastSeenAt)))
    .limit(1);
  if (lastRefusal && isRefusalCode(lastRefusal.code)) {
    return check(
      id,
      label,
      "fail",
      `A delivery was refused ${when(lastRefusal.at ? new Date(lastRefusal.at) : null)}: ${REFUSALS[lastRefusal.code].title}. ${REFUSALS[lastRefusal.code].explanation}`,
      { fix: WEBHOOKS },
    );
  }
  if (!lastVerified) {
    return check(
      id,
      label,
      "fail",
      `${hint} was saved ${when(savedAt)}, and no ${MODE_NAME[mode]} delivery has been verified with it since. Make a test purchase: its webhook proves the secret.`,
      { fix: WEBHOOKS },
    );
  }
  return check(
    id,
    label,
    "pass",
    `Stripe's ${lastVerified.eventType ?? "event"} ${lastVerified.stripeEventId ?? ""} ${when(lastVerified.receivedAt)} was verified with ${hint} and answered ${lastVerified.httpStatus}.`,
    { links: [WEBHOOKS] },
  );
}

async function paidOrder(storeId: string, mode: PaymentMode, which: "latest" | "first"): Promise<Order | null> {
  const db = await getDb();
  const [order] = await db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.storeId, storeId),
        eq(orders.mode, mode),
        inArray(orders.status, [...PAID_STATUSES]),
        isNotNull(orders.paidAt),
      ),
    )
    .orderBy(which === "latest" ? desc(orders.paidAt) : asc(orders.paidAt))
    .limit(1);
  return order ?? null;
}

/**
 * The guide's step 5 for one payment: it succeeded in Stripe, the order was paid, its
 * downloads were unlocked, and Stripe's webhook delivered it (answered 200). Each link
 * of the chain is read from records, not assumed.
 */
async function chainCheck(store: Store, mode: PaymentMode, order: Order | null, probe: ModeProbe): Promise<Check> {
  const id = `F.chain.${mode}`;
  const label =
    mode === "test"
      ? "The last test payment went all the way through"
      : "The first live payment went all the way through";
  if (!order) {
    return check(
      id,
      label,
      "fail",
      mode === "test"
        ? "No paid test order yet. Buy a product on the storefront with the test card 4242 4242 4242 4242."
        : "No live order yet. Make a small real purchase, then refund it from the order page.",
      { fix: { href: "/", label: "Open the storefront" } },
    );
  }
  const db = await getDb();
  const orderLink = { href: `/admin/orders/${order.id}`, label: `Order ${shortId(order.id)}` };
  const [[paidChange], [grants]] = await Promise.all([
    db
      .select()
      .from(orderStatusChanges)
      .where(
        and(
          eq(orderStatusChanges.storeId, store.id),
          eq(orderStatusChanges.orderId, order.id),
          eq(orderStatusChanges.toStatus, "paid"),
        ),
      )
      .orderBy(asc(orderStatusChanges.createdAt))
      .limit(1),
    db
      .select({ n: count() })
      .from(downloadGrants)
      .where(and(eq(downloadGrants.storeId, store.id), eq(downloadGrants.orderId, order.id))),
  ]);
  const steps: string[] = [];
  const problems: string[] = [];
  let unknown: string | null = null;

  if (!order.paymentIntentId) problems.push("The order has no PaymentIntent.");
  else if (!probe) problems.push(`No ${MODE_NAME[mode]} keys to look the payment up with.`);
  else {
    try {
      const intent = await probe.stripe.paymentIntents.retrieve(order.paymentIntentId);
      if (intent.status === "succeeded") steps.push(`payment ${intent.id} succeeded in Stripe`);
      else problems.push(`Stripe shows payment ${intent.id} as ${intent.status}.`);
    } catch (error) {
      unknown = describeStripeError(error);
    }
  }
  if (paidChange) steps.push(`order ${shortId(order.id)} paid ${when(paidChange.createdAt)}`);
  else problems.push("The order has no paid step in its timeline.");
  if ((grants?.n ?? 0) > 0) steps.push(`${grants!.n} download link${grants!.n === 1 ? "" : "s"} unlocked`);
  else problems.push("No download was unlocked: do the products in this order have files?");

  const links: CheckLink[] = [orderLink];
  if (paidChange?.stripeEventId) {
    const [delivery] = await db
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.storeId, store.id),
          eq(webhookDeliveries.stripeEventId, paidChange.stripeEventId),
          eq(webhookDeliveries.httpStatus, 200),
        ),
      )
      .orderBy(asc(webhookDeliveries.receivedAt))
      .limit(1);
    if (delivery) {
      steps.push(`webhook ${delivery.eventType} ${delivery.stripeEventId} delivered and answered 200`);
      links.push(WEBHOOKS);
    } else problems.push(`No delivery of ${paidChange.stripeEventId} answered 200.`);
  } else if (paidChange) {
    problems.push(
      "The order was marked paid by Reconcile, not by Stripe's webhook: no delivery has proven the webhook yet. Check section C.",
    );
  }

  const status: CheckStatus = problems.length > 0 ? "fail" : unknown ? "unknown" : "pass";
  const evidence = [
    steps.length > 0 ? `${capitalize(steps.join(" → "))}.` : "",
    problems.join(" "),
    unknown ? couldNotCheck(unknown) : "",
  ]
    .filter(Boolean)
    .join(" ");
  return check(id, label, status, evidence, { links, ...(status === "fail" && { fix: WEBHOOKS }) });
}

const savedBy = (email: string | null | undefined) => (email ? ` by ${email}` : "");

function when(date: Date | null | undefined): string {
  if (!date) return "at an unknown time";
  return `on ${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

const shortId = (id: string) => id.slice(0, 8);
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
