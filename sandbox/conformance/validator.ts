import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { GENERATED_SCHEMAS_PATH, type GeneratedSchemas } from "./sdk-fingerprint";

/** One way a body the sandbox sent differs from what the SDK's types say Stripe sends. */
export interface Violation {
  /** The schema the value was held to: `PaymentIntent`, `Event`, `ErrorBody`, … */
  schema: string;
  /** JSON pointer into the body that was sent (`/data/0/latest_charge/outcome`). */
  path: string;
  message: string;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function describe(error: ErrorObject, base: string): { path: string; message: string } {
  const path = `${base}${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "required")
    return { path, message: `missing required field "${String(params.missingProperty)}"` };
  if (error.keyword === "additionalProperties")
    return { path, message: `field "${String(params.additionalProperty)}" is not in Stripe's object` };
  if (error.keyword === "enum") return { path, message: `must be one of ${JSON.stringify(params.allowedValues)}` };
  if (error.keyword === "const") return { path, message: `must be ${JSON.stringify(params.allowedValue)}` };
  return { path, message: error.message ?? error.keyword };
}

/**
 * Holds bodies to the generated schemas: a response or an event is classified by its
 * `object` (or `error`), lists and events are opened up, and each object inside is checked
 * against the schema of its kind. Objects of kinds without a schema are not checked.
 */
export class ConformanceChecker {
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();
  /** `object` value (+ `:deleted`) → schema name. */
  private readonly byObject = new Map<string, string>();
  readonly eventObjects: Record<string, string[]>;

  constructor(readonly schemas: GeneratedSchemas = loadSchemas()) {
    // Not strict: the generator writes `const` beside `type` and `anyOf` of unions, which
    // strict mode flags as style, not as errors in the schema.
    this.ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
    this.ajv.addSchema({ $id: "stripe", definitions: schemas.definitions });
    for (const [name, root] of Object.entries(schemas.roots))
      this.byObject.set(root.deleted ? `${root.object}:deleted` : root.object, name);
    this.eventObjects = schemas.eventObjects;
  }

  /** The schema a JSON body is held to, or null for kinds the schemas do not cover. */
  schemaFor(value: unknown): string | null {
    if (!isObject(value)) return null;
    if (typeof value.object !== "string") return "error" in value ? "ErrorBody" : null;
    if (value.object === "list" || value.object === "search_result") return "List";
    if (value.deleted === true) return this.byObject.get(`${value.object}:deleted`) ?? null;
    return this.byObject.get(value.object) ?? null;
  }

  /**
   * The objects in a body that have a schema, each with where it is: the body itself, a
   * list's items, an event's `data.object`. (Expanded objects inside them are part of
   * their parent's schema.)
   */
  objectsIn(value: unknown, base = ""): Array<{ schema: string; path: string; value: JsonObject }> {
    const schema = this.schemaFor(value);
    if (!schema || !isObject(value)) return [];
    const found = [{ schema, path: base, value }];
    if (schema === "List" && Array.isArray(value.data))
      value.data.forEach((item, index) => found.push(...this.objectsIn(item, `${base}/data/${index}`)));
    if (schema === "Event" && isObject(value.data))
      found.push(...this.objectsIn(value.data.object, `${base}/data/object`));
    return found;
  }

  /** Every violation in a body, with paths relative to `base`. */
  check(value: unknown, base = ""): Violation[] {
    return this.objectsIn(value, base).flatMap((found) => [
      ...this.validate(found.schema, found.value, found.path),
      ...(found.schema === "Event" ? this.checkEventObject(found.value, found.path) : []),
    ]);
  }

  /** The SDK types each event's `data.object` by the event's type. */
  private checkEventObject(event: JsonObject, base: string): Violation[] {
    const expected = typeof event.type === "string" ? this.eventObjects[event.type] : undefined;
    const actual = isObject(event.data) && isObject(event.data.object) ? event.data.object.object : undefined;
    if (!expected || (typeof actual === "string" && expected.includes(actual))) return [];
    return [
      {
        schema: "Event",
        path: `${base}/data/object/object`,
        message: `a ${String(event.type)} event carries ${expected.join(" or ")}, not ${JSON.stringify(actual)}`,
      },
    ];
  }

  private validate(schema: string, value: JsonObject, base: string): Violation[] {
    let validator = this.validators.get(schema);
    if (!validator) {
      validator = this.ajv.getSchema(`stripe#/definitions/${encodeURIComponent(schema)}`);
      if (!validator) throw new Error(`no schema named ${schema} in ${GENERATED_SCHEMAS_PATH}`);
      this.validators.set(schema, validator);
    }
    if (validator(value)) return [];
    return this.explain(schema, value, validator.errors ?? [], base);
  }

  /**
   * A failed `anyOf` (an expandable field, a nullable sub-object) also reports why each
   * branch failed, most of it noise. An expanded object is checked again on its own,
   * against the schema its `object` names; in a nullable object the "must be null" goes;
   * between scalars the branches' messages are folded into one.
   */
  private explain(schema: string, root: JsonObject, errors: ErrorObject[], base: string): Violation[] {
    const violations: Violation[] = [];
    const handled: string[] = [];
    const within = (pointer: string, prefix: string) => pointer === prefix || pointer.startsWith(`${prefix}/`);
    const anyOfs = errors
      .filter((error) => error.keyword === "anyOf")
      .sort((a, b) => a.instancePath.length - b.instancePath.length);
    const dropped = new Set<ErrorObject>();
    for (const anyOf of anyOfs) {
      const at = anyOf.instancePath;
      if (handled.some((prefix) => within(at, prefix))) continue;
      const value = valueAt(root, at);
      const here = errors.filter((error) => within(error.instancePath, at));
      const kind = this.schemaFor(value);
      if (kind && isObject(value) && kind !== "List" && kind !== "ErrorBody") {
        handled.push(at);
        for (const error of here) dropped.add(error);
        const inside = this.validate(kind, value, `${base}${at}`).map((violation) => ({ ...violation, schema }));
        // A well-formed object of a kind the field does not take (a Price as `customer`).
        if (inside.length === 0) inside.push({ schema, path: `${base}${at}`, message: `cannot be a ${kind}` });
        violations.push(...inside);
      } else if (isObject(value)) {
        dropped.add(anyOf);
        for (const error of here) if (error.instancePath === at && error.keyword === "type") dropped.add(error);
      } else {
        handled.push(at);
        for (const error of here) dropped.add(error);
        const expected = [...new Set(here.filter((e) => e !== anyOf).map((e) => describe(e, "").message))];
        violations.push({
          schema,
          path: `${base}${at}`,
          message: expected.join(", or ") || "matches no allowed shape",
        });
      }
    }
    const seen = new Set<string>();
    for (const error of errors) {
      if (dropped.has(error)) continue;
      const violation = { schema, ...describe(error, base) };
      const key = `${violation.path} ${violation.message}`;
      if (!seen.has(key)) violations.push(violation);
      seen.add(key);
    }
    const order = (violation: Violation) => `${violation.path}\u0000${violation.message}`;
    return violations.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  }
}

/** The value a JSON pointer (`/data/0/customer`) names inside `root`. */
function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const token of pointer.split("/").slice(1)) {
    const key = token.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(value)) value = value[Number(key)];
    else if (isObject(value)) value = value[key];
    else return undefined;
  }
  return value;
}

export function loadSchemas(): GeneratedSchemas {
  return JSON.parse(readFileSync(GENERATED_SCHEMAS_PATH, "utf8")) as GeneratedSchemas;
}
