import "server-only";
import { RateLimiterDrizzle, type RateLimiterRes } from "rate-limiter-flexible";
import { rateLimits } from "@/db/schema";
import { getDb, type Database } from "@/lib/db";
import { log } from "@/lib/log";

export { tooManyAttemptsMessage } from "./throttle-message";

/**
 * Throttles for what an attacker can repeat: sign-in, signup, ticket redemption and
 * checkout. Counters live in Postgres (PGlite when embedded) through rate-limiter-flexible's
 * Drizzle store, so every app instance sees the same counts and a lockout holds everywhere.
 *
 * A rule allows `points` events per `windowSeconds`. The event that goes past the limit
 * locks the key out; each further lockout within a day doubles the lockout, up to a day.
 * The owner recovers by waiting alone.
 */
export type ThrottleRule = {
  /** Names the counters and the log lines, e.g. `sign_in_account`. */
  name: string;
  points: number;
  windowSeconds: number;
  /** The first lockout; later ones within a day double it. */
  lockoutSeconds: number;
};

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Rules that count failures lock out on the failure that reaches the round number (the
// 10th wrong password), so they allow one less; rules that count every attempt allow `points`.
export const THROTTLE_RULES = {
  /** Wrong passwords for one account, from anywhere: the 10th locks the account. */
  signInAccount: { name: "sign_in_account", points: 9, windowSeconds: 15 * MINUTE, lockoutSeconds: 15 * MINUTE },
  /** Wrong passwords from one client, for any account (password spraying): the 30th locks the client. */
  signInIp: { name: "sign_in_ip", points: 29, windowSeconds: 15 * MINUTE, lockoutSeconds: 15 * MINUTE },
  /** Signup attempts from one client. */
  signupIp: { name: "signup_ip", points: 10, windowSeconds: HOUR, lockoutSeconds: HOUR },
  /** Unknown, used or expired sign-in tickets presented by one client: the 10th locks the client. */
  ticketIp: { name: "ticket_ip", points: 9, windowSeconds: 15 * MINUTE, lockoutSeconds: 15 * MINUTE },
  /** Checkouts started by one client on one store. */
  checkoutIp: { name: "checkout_ip", points: 30, windowSeconds: 10 * MINUTE, lockoutSeconds: 10 * MINUTE },
  /** Checkouts started on one store by everyone: a ceiling against a flood of PaymentIntents. */
  checkoutStore: { name: "checkout_store", points: 600, windowSeconds: 10 * MINUTE, lockoutSeconds: 5 * MINUTE },
} as const satisfies Record<string, ThrottleRule>;

/** One counter: a rule applied to one subject (an email, an IP, a store id). */
export type ThrottleKey = { rule: ThrottleRule; subject: string };

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; rule: string };

const MAX_LOCKOUT_SECONDS = DAY;

type Limiters = { counter: RateLimiterDrizzle; lockouts: RateLimiterDrizzle };
const limiterCache = new WeakMap<Database, Map<string, Limiters>>();

function limitersFor(db: Database, rule: ThrottleRule): Limiters {
  let byRule = limiterCache.get(db);
  if (!byRule) limiterCache.set(db, (byRule = new Map()));
  let limiters = byRule.get(rule.name);
  if (!limiters) {
    const common = { storeClient: db, schema: rateLimits, clearExpiredByTimeout: false };
    limiters = {
      counter: new RateLimiterDrizzle({
        ...common,
        keyPrefix: `t:${rule.name}`,
        points: rule.points,
        duration: rule.windowSeconds,
      }),
      // How many lockouts this subject earned in the last day: the backoff exponent.
      lockouts: new RateLimiterDrizzle({
        ...common,
        keyPrefix: `l:${rule.name}`,
        points: 1_000_000,
        duration: DAY,
      }),
    };
    byRule.set(rule.name, limiters);
  }
  return limiters;
}

/** Subjects are normalized and bounded, so `A@x` and `a@x ` share a counter and keys stay small. */
function subjectKey(subject: string): string {
  return subject.trim().toLowerCase().slice(0, 320);
}

function lockedFor(res: RateLimiterRes | null, rule: ThrottleRule): number | null {
  if (!res || res.consumedPoints <= rule.points) return null;
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/**
 * Whether every key is currently allowed, without counting anything. Callers ask this
 * before checking a password, so a right password during a lockout is refused like a
 * wrong one and the throttle cannot be used as an oracle.
 */
export async function checkThrottle(keys: ThrottleKey[]): Promise<ThrottleVerdict> {
  const db = await getDb();
  let worst: ThrottleVerdict = { allowed: true };
  for (const { rule, subject } of keys) {
    const res = await limitersFor(db, rule).counter.get(subjectKey(subject));
    const seconds = lockedFor(res, rule);
    if (seconds !== null && (worst.allowed || seconds > worst.retryAfterSeconds)) {
      worst = { allowed: false, retryAfterSeconds: seconds, rule: rule.name };
    }
  }
  return worst;
}

/**
 * Counts one event against every key. The event that goes past a rule's limit locks that
 * key out (logged), for longer each time within a day. Returns the verdict after counting.
 */
export async function consumeThrottle(
  keys: ThrottleKey[],
  context: Record<string, unknown> = {},
): Promise<ThrottleVerdict> {
  const db = await getDb();
  let worst: ThrottleVerdict = { allowed: true };
  for (const { rule, subject } of keys) {
    const key = subjectKey(subject);
    const { counter, lockouts } = limitersFor(db, rule);
    const res = await counter.penalty(key, 1);
    let seconds = lockedFor(res, rule);
    if (res.consumedPoints === rule.points + 1) {
      // This event crossed the line: lock out, doubling with each lockout today.
      const earlier = (await lockouts.penalty(key, 1)).consumedPoints - 1;
      seconds = Math.min(rule.lockoutSeconds * 2 ** earlier, MAX_LOCKOUT_SECONDS);
      await counter.block(key, seconds);
      log.warn(
        { throttle: rule.name, subject: redactSubject(key), lockoutSeconds: seconds, ...context },
        "throttle lockout",
      );
    }
    if (seconds !== null && (worst.allowed || seconds > worst.retryAfterSeconds)) {
      worst = { allowed: false, retryAfterSeconds: seconds, rule: rule.name };
    }
  }
  return worst;
}

/** Forgets the counts of these keys (a successful sign-in clears its account's failures). */
export async function resetThrottle(keys: ThrottleKey[]): Promise<void> {
  const db = await getDb();
  for (const { rule, subject } of keys) await limitersFor(db, rule).counter.delete(subjectKey(subject));
}

/** Emails are personal data: logs carry only the domain, not the address. */
function redactSubject(subject: string): string {
  const at = subject.lastIndexOf("@");
  return at > 0 ? `…@${subject.slice(at + 1)}` : subject;
}
