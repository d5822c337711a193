import { findById } from "./collections";
import { paramError } from "./errors";
import { isJsonObject, toJson, type Json, type JsonObject } from "./json";
import type { Ledger } from "./state";

/**
 * Fields Stripe returns only when expanded (they are not stored on the object):
 * `checkout.session.line_items`, `charge.refunds`, `invoice.payments`,
 * `invoice.confirmation_secret`.
 */
export type VirtualField = (ledger: Ledger, owner: JsonObject) => Json;
export type VirtualFields = Record<string, Record<string, VirtualField>>;

const MAX_DEPTH = 4;

/**
 * Applies `expand[]` paths (`latest_charge`, `latest_charge.balance_transaction`,
 * `data.customer` on lists) to a JSON copy of a response, replacing ids by objects.
 */
export function expand(ledger: Ledger, value: JsonObject, paths: string[], virtual: VirtualFields): JsonObject {
  for (const path of paths) {
    const segments = path.split(".");
    if (segments.length > MAX_DEPTH) {
      throw paramError("expand", `You cannot expand more than ${MAX_DEPTH} levels of a property. Property: ${path}`);
    }
    expandPath(ledger, value, segments, path, virtual);
  }
  return value;
}

function expandPath(ledger: Ledger, node: JsonObject, segments: string[], path: string, virtual: VirtualFields): void {
  const [head, ...rest] = segments;
  if (head === undefined) return;
  if (node.object === "list" && head === "data" && Array.isArray(node.data)) {
    for (const item of node.data) {
      if (isJsonObject(item)) expandPath(ledger, item, rest, path, virtual);
    }
    return;
  }
  let current = node[head];
  if (typeof current === "string") {
    const found = findById(ledger, current);
    if (found) current = node[head] = toJson(found);
  } else if (current === undefined) {
    const objectType = typeof node.object === "string" ? node.object : "";
    const compute = virtual[objectType]?.[head];
    if (!compute) throw paramError("expand", `This property cannot be expanded (${path}).`);
    current = node[head] = compute(ledger, node);
  }
  if (rest.length === 0 || current === null) return;
  if (Array.isArray(current)) {
    for (const item of current) if (isJsonObject(item)) expandPath(ledger, item, rest, path, virtual);
  } else if (isJsonObject(current)) {
    expandPath(ledger, current, rest, path, virtual);
  }
}
