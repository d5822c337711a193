import "server-only";
import { ZxcvbnFactory, type ZxcvbnResult } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";
import { PLATFORM_NAME } from "@/lib/tenancy/subdomain";
import { signupSchema } from "./signup-schema";

/** zxcvbn's scale: 3 is "safely unguessable: moderate protection from offline attacks". */
export const MIN_PASSWORD_SCORE = 3;

// The estimator's time grows with length (its repeat matcher is the slow part), so only
// this much of a password is judged: a request cannot buy seconds of CPU with a long one.
const JUDGED_LENGTH = 64;

let estimator: ZxcvbnFactory | undefined;

/** Built on first use: the dictionaries take a few hundred milliseconds to rank. */
function getEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
    maxLength: JUDGED_LENGTH,
  });
  return estimator;
}

export type PasswordContext = { email: string; storeName: string; subdomain: string };

/** The words of the form itself, which an attacker who targets this account knows too. */
function userInputs({ email, storeName, subdomain }: PasswordContext): string[] {
  const words = [email, ...email.split(/[@.+_-]+/), storeName, subdomain, PLATFORM_NAME];
  for (const phrase of [storeName, subdomain]) {
    const parts = phrase.toLowerCase().split(/[^\p{L}\p{N}]+/u);
    words.push(...parts, parts.join(""));
  }
  return [...new Set(words.map((w) => w.trim().toLowerCase()).filter((w) => w.length >= 3))];
}

/** Why this password is too easy to guess, in zxcvbn's words, or null if it is strong enough. */
export function passwordWeakness(password: string, context: PasswordContext): string | null {
  const result: ZxcvbnResult = getEstimator().check(password, userInputs(context));
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const { warning, suggestions } = result.feedback;
  return [warning ?? "This password is easy to guess.", ...suggestions].join(" ");
}

/** The signup form's schema as the server applies it: the shared rules, then the strength estimate. */
export const signupServerSchema = signupSchema.superRefine((input, ctx) => {
  const weakness = passwordWeakness(input.password, input);
  if (weakness) ctx.addIssue({ code: "custom", path: ["password"], message: weakness });
});
