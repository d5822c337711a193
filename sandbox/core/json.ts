export type Json = string | number | boolean | null | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** A deep copy as plain JSON: what goes over the wire, into events and into the data file. */
export function toJson(value: object): JsonObject {
  const copy: unknown = JSON.parse(JSON.stringify(value));
  return copy as JsonObject;
}

export function isJsonObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
