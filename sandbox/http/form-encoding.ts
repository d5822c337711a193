/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` with nested brackets,
 * e.g. `metadata[order_id]=1`, `expand[]=latest_charge`, `line_items[0][price]=price_1`.
 * The SDK sends indexed arrays (`expand[0]`), the CLI and Stripe.js send `[]`; both
 * become arrays here.
 */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

export function parseForm(body: string): FormObject {
  const root: FormObject = {};
  if (!body) return root;
  for (const pair of body.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? "" : pair.slice(eq + 1);
    assign(root, splitKey(decode(rawKey)), decode(rawValue));
  }
  return root;
}

export function parseQuery(search: URLSearchParams): FormObject {
  const root: FormObject = {};
  for (const [key, value] of search) assign(root, splitKey(key), value);
  return root;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

/** `a[b][0][]` → ['a', 'b', '0', ''] */
function splitKey(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0) return [key];
  const parts = [key.slice(0, open)];
  const re = /\[([^\]]*)\]/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(key.slice(open))) !== null) parts.push(match[1] ?? "");
  return parts;
}

function isIndex(segment: string): boolean {
  return segment === "" || /^\d+$/.test(segment);
}

function assign(container: FormObject | FormValue[], path: string[], value: string): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (Array.isArray(container)) {
    assignInArray(container, head, rest, value);
    return;
  }
  if (rest.length === 0) {
    container[head] = value;
    return;
  }
  const next = rest[0] ?? "";
  let child = container[head];
  if (child === undefined || typeof child === "string") {
    child = isIndex(next) ? [] : {};
    container[head] = child;
  }
  assign(child, rest, value);
}

function assignInArray(array: FormValue[], segment: string, rest: string[], value: string): void {
  const index = segment === "" ? array.length : Number(segment);
  if (rest.length === 0) {
    array[index] = value;
    return;
  }
  const next = rest[0] ?? "";
  let child = array[index];
  if (child === undefined || typeof child === "string") {
    child = isIndex(next) ? [] : {};
    array[index] = child;
  }
  assign(child, rest, value);
}
