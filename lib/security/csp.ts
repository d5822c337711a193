import { randomBytes } from "node:crypto";

/**
 * What Stripe.js and the Payment Element load, from Stripe's integration security guide
 * (docs.stripe.com/security/guide#content-security-policy). `https://*.js.stripe.com`
 * serves the Elements iframes, hooks.stripe.com the 3-D Secure challenge; anything
 * further (m.stripe.network and so on) is loaded inside those frames, under Stripe's
 * own policy, not ours. The Address Element's maps.googleapis.com is left out: we don't
 * use it.
 */
export const STRIPE_SOURCES = {
  script: ["https://js.stripe.com", "https://*.js.stripe.com"],
  frame: ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"],
  connect: ["https://api.stripe.com"],
} as const;

export type CspOptions = {
  /** Fresh for every response; Next reads it from the request's policy and puts it on its scripts. */
  nonce: string;
  /** React's development build evaluates code for its error overlays; production never does. */
  development: boolean;
  /**
   * The local Stripe sandbox (STRIPE_SANDBOX_URL, refused for a real domain). It serves its
   * Stripe.js, the card iframe and the API from one origin, added beside Stripe's own, since
   * a store with real test keys still loads js.stripe.com.
   */
  stripeSandboxUrl?: string | null;
  /** Served over https: ask the browser to upgrade any stray http:// subresource. */
  https: boolean;
};

/**
 * The Content-Security-Policy for every page. Scripts run only with this response's nonce;
 * 'strict-dynamic' lets those scripts load their chunks and Stripe.js, and the host list
 * after it is the fallback for browsers without CSP level 3. Styles allow 'unsafe-inline'
 * (no nonce there, which would switch it off): Radix, React's `style` props and Stripe.js
 * write inline styles. Nothing may frame any page, so admin and sign-in cannot be
 * click-jacked and a storefront has no reason to be framed either.
 */
export function contentSecurityPolicy(options: CspOptions): string {
  const sandbox = options.stripeSandboxUrl ? [new URL(options.stripeSandboxUrl).origin] : [];
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    [
      "script-src",
      "'self'",
      `'nonce-${options.nonce}'`,
      "'strict-dynamic'",
      ...STRIPE_SOURCES.script,
      ...sandbox,
      ...(options.development ? ["'unsafe-eval'"] : []),
    ],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'", ...STRIPE_SOURCES.connect, ...sandbox],
    ["frame-src", ...STRIPE_SOURCES.frame, ...sandbox],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
  ];
  if (options.https) directives.push(["upgrade-insecure-requests"]);
  return directives.map((d) => d.join(" ")).join("; ");
}

/** 128 random bits, base64: the form Next's nonce parser accepts. */
export function createNonce(): string {
  return randomBytes(16).toString("base64");
}
