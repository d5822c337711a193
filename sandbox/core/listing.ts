import { paramError } from "./errors";
import type { Params } from "./params";

export interface StripeList<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}

export const LIST_PARAMS = ["limit", "starting_after", "ending_before", "created", "expand"] as const;

/**
 * Stripe's cursor pagination over a newest-first list: `limit` (1..100, default 10),
 * `starting_after` (older than the cursor), `ending_before` (newer than the cursor).
 */
export function paginate<T extends { id: string }>(newestFirst: T[], params: Params, url: string): StripeList<T> {
  const limit = params.int("limit") ?? 10;
  if (limit < 1 || limit > 100) {
    throw paramError("limit", `This value must be greater than or equal to 1 and less than or equal to 100.`);
  }
  const startingAfter = params.string("starting_after");
  const endingBefore = params.string("ending_before");
  if (startingAfter !== undefined) {
    const index = cursorIndex(newestFirst, startingAfter, "starting_after");
    const rest = newestFirst.slice(index + 1);
    return { object: "list", data: rest.slice(0, limit), has_more: rest.length > limit, url };
  }
  if (endingBefore !== undefined) {
    const index = cursorIndex(newestFirst, endingBefore, "ending_before");
    const before = newestFirst.slice(0, index);
    const from = Math.max(0, before.length - limit);
    return { object: "list", data: before.slice(from), has_more: from > 0, url };
  }
  return { object: "list", data: newestFirst.slice(0, limit), has_more: newestFirst.length > limit, url };
}

function cursorIndex<T extends { id: string }>(items: T[], id: string, param: string): number {
  const index = items.findIndex((item) => item.id === id);
  if (index === -1) throw paramError(param, `No such object: '${id}'`, "resource_missing");
  return index;
}

/** Newest first: insertion order is creation order, which stays exact within one second. */
export function newestFirst<T>(collection: Record<string, T>): T[] {
  return Object.values(collection).reverse();
}

/** `created=123` or `created[gt|gte|lt|lte]=123`, as on every Stripe list endpoint. */
export function matchesRange(value: number, params: Params, name = "created"): boolean {
  if (!params.has(name)) return true;
  const exact = params.raw[name];
  if (typeof exact === "string") return value === params.int(name);
  const range = params.object(name);
  if (!range) return true;
  range.assertKnown(["gt", "gte", "lt", "lte"]);
  const gt = range.int("gt");
  const gte = range.int("gte");
  const lt = range.int("lt");
  const lte = range.int("lte");
  return (
    (gt === undefined || value > gt) &&
    (gte === undefined || value >= gte) &&
    (lt === undefined || value < lt) &&
    (lte === undefined || value <= lte)
  );
}
