/**
 * Judges a mode's webhook endpoints, as listed by Stripe with the owner's key, against
 * the one URL Stripe must call for this store. Pure, so every mistake the seed guide
 * names has a test: a missing trailing slash, `/api/` instead of `/shop/`, another host,
 * `http://` for `https://`, an endpoint made in the other mode, a disabled endpoint.
 */

/** The two events the seed guide requires; the store also handles more (see HANDLED_EVENT_TYPES). */
export const REQUIRED_EVENTS = ["payment_intent.succeeded", "payment_intent.payment_failed"] as const;

export type ListedEndpoint = { id: string; url: string; status: string; enabled_events: string[] };

export type EndpointFinding =
  { ok: true; endpoint: ListedEndpoint; evidence: string } | { ok: false; problems: string[] };

const listens = (endpoint: ListedEndpoint, type: string) =>
  endpoint.enabled_events.includes("*") || endpoint.enabled_events.includes(type);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** What is wrong with an endpoint that is not at the expected URL but was surely meant for it. */
function nearMiss(expected: URL, candidate: ListedEndpoint): string | null {
  const url = parse(candidate.url);
  if (!url) return null;
  const samePath = url.pathname === expected.pathname;
  const sameOrigin = url.host === expected.host && url.protocol === expected.protocol;
  const where = `Endpoint ${candidate.id} points at ${candidate.url}`;
  if (sameOrigin && url.pathname === expected.pathname.replace(/\/$/, "")) {
    return `${where}: the trailing slash is missing. The URL must end in /shop/webhook/.`;
  }
  if (url.host === expected.host && /(^|\/)api\//.test(url.pathname)) {
    return `${where}: /api/ instead of /shop/. The URL must be ${expected.href}.`;
  }
  if (url.host === expected.host && samePath && url.protocol !== expected.protocol) {
    return `${where}: ${url.protocol}// instead of ${expected.protocol}//. The URL must be ${expected.href}.`;
  }
  if (url.host !== expected.host && /\/shop\/webhook\/?$/.test(url.pathname)) {
    return `${where}: another host (${url.host}), not this store's ${expected.host}. Check the subdomain for a typo.`;
  }
  return null;
}

export function judgeEndpoints(input: {
  expectedUrl: string;
  modeName: string;
  otherModeName: string;
  endpoints: ListedEndpoint[];
  /** The other mode's endpoints, when its keys are saved (an endpoint made in the wrong mode). */
  otherModeEndpoints: ListedEndpoint[] | null;
}): EndpointFinding {
  const expected = new URL(input.expectedUrl);
  const exact = input.endpoints.filter((e) => e.url === input.expectedUrl);
  const problems: string[] = [];
  const enabled = exact.filter((e) => e.status === "enabled");
  for (const endpoint of enabled) {
    const missing = REQUIRED_EVENTS.filter((type) => !listens(endpoint, type));
    if (missing.length === 0) {
      return {
        ok: true,
        endpoint,
        evidence: `Endpoint ${endpoint.id} in ${input.modeName} mode is enabled, points at ${endpoint.url} and listens to ${REQUIRED_EVENTS.join(" and ")}.`,
      };
    }
    problems.push(`Endpoint ${endpoint.id} at ${endpoint.url} does not listen to ${missing.join(" or ")}.`);
  }
  for (const endpoint of exact.filter((e) => e.status !== "enabled")) {
    problems.push(`Endpoint ${endpoint.id} at ${endpoint.url} is disabled in Stripe: enable it again.`);
  }
  if (exact.length === 0) {
    for (const endpoint of input.endpoints) {
      const miss = nearMiss(expected, endpoint);
      if (miss) problems.push(miss);
    }
    const inOtherMode = input.otherModeEndpoints?.find((e) => e.url === input.expectedUrl);
    if (inOtherMode) {
      problems.push(
        `Endpoint ${inOtherMode.id} at this URL was created in ${input.otherModeName} mode, not in ${input.modeName} mode. Test and Live need one endpoint each.`,
      );
    }
    problems.push(`No enabled endpoint in ${input.modeName} mode points at ${input.expectedUrl}.`);
  }
  return { ok: false, problems };
}
