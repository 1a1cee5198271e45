// JSON document helpers shared by the routes and the console edits.

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Deep copy of a JSON value, so that callers never hold references into the live state. */
export const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

/**
 * RFC 7386 JSON Merge Patch: objects merge recursively, arrays and scalars replace, `null` deletes.
 * Request bodies reach the routes with their `null`s already dropped (proto3 JSON reads `null` as "unset"),
 * so for them this is the "deep-merge non-null fields" the CAST AI policies PUT does.
 */
export function mergePatch<T extends object>(target: T, patch: JsonObject): T {
  const out: JsonObject = { ...(target as JsonObject) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isObject(value)) out[key] = mergePatch(isObject(out[key]) ? (out[key] as JsonObject) : {}, value);
    else out[key] = clone(value);
  }
  return out as T;
}

/** Own-property lookup: ids and names come from URLs, and "__proto__" must not reach Object.prototype. */
export const own = <T>(record: Record<string, T>, key: string): T | undefined =>
  Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
