// Validates JSON values against the subset of OpenAPI 3.0 that the CAST AI specs use (see ./openapi.ts).
// The rules follow proto3 JSON as grpc-gateway reads it: `null` means "unset" for any field, unknown keys
// are discarded (DiscardUnknown) unless the emulator runs in strict mode, which reports them instead.

import type { FieldViolation } from "../errors";
import { isObject, type JsonObject } from "../merge";

export interface Schema {
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  format?: string;
  enum?: readonly string[];
  nullable?: boolean;
  properties?: Readonly<Record<string, Schema>>;
  required?: readonly string[];
  items?: Schema;
  /** A schema for map values, `true`/`{}` for free-form objects. */
  additionalProperties?: Schema | boolean;
  /** Name of another schema in the same map. */
  $ref?: string;
}

export type SchemaMap = Readonly<Record<string, Schema>>;

export interface Validation {
  /** The value with unknown keys and `null`s removed: what the server keeps. */
  value: unknown;
  violations: FieldViolation[];
}

const INT32 = { min: -2_147_483_648, max: 2_147_483_647 };
const UINT32 = { min: 0, max: 4_294_967_295 };
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

export function validate(schemas: SchemaMap, schema: Schema, value: unknown, strict: boolean): Validation {
  const violations: FieldViolation[] = [];
  const checker = new Checker(schemas, strict, violations);
  return { value: checker.check(schema, value, ""), violations };
}

class Checker {
  constructor(
    private readonly schemas: SchemaMap,
    private readonly strict: boolean,
    private readonly violations: FieldViolation[],
  ) {}

  check(schema: Schema, value: unknown, path: string): unknown {
    const s = this.resolve(schema);
    if (value === null || value === undefined) return undefined;
    switch (kindOf(s)) {
      case "object":
        return this.object(s, value, path);
      case "array":
        if (!Array.isArray(value)) return this.wrongType("array", value, path);
        return value.map((item, i) =>
          item === null ? this.fail(`${path}[${i}]`, "must not be null") : this.check(s.items ?? {}, item, `${path}[${i}]`),
        );
      case "string":
        return this.string(s, value, path);
      case "integer":
        return this.integer(s, value, path);
      case "number":
        return typeof value === "number" && Number.isFinite(value) ? value : this.wrongType("number", value, path);
      case "boolean":
        return typeof value === "boolean" ? value : this.wrongType("boolean", value, path);
      default:
        return value;
    }
  }

  private object(s: Schema, value: unknown, path: string): unknown {
    if (!isObject(value)) return this.wrongType("object", value, path);
    const out: JsonObject = {};
    const properties = s.properties ?? {};
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      const schema = Object.prototype.hasOwnProperty.call(properties, key)
        ? properties[key]
        : typeof s.additionalProperties === "object"
          ? s.additionalProperties
          : s.additionalProperties === true || !s.properties
            ? {}
            : undefined;
      if (schema === undefined) {
        if (this.strict) this.fail(field, `unknown field "${key}"`);
        continue;
      }
      const checked = this.check(schema, item, field);
      if (checked !== undefined) out[key] = checked;
    }
    for (const key of s.required ?? []) {
      if (value[key] === undefined || value[key] === null) this.fail(path ? `${path}.${key}` : key, "is required");
    }
    return out;
  }

  private string(s: Schema, value: unknown, path: string): unknown {
    if (typeof value !== "string") return this.wrongType("string", value, path);
    if (s.enum && !s.enum.includes(value)) return this.fail(path, `must be one of ${s.enum.join(", ")}`);
    if (s.format === "date-time" && (!RFC3339.test(value) || Number.isNaN(Date.parse(value)))) {
      return this.fail(path, "must be an RFC 3339 date-time");
    }
    return value;
  }

  private integer(s: Schema, value: unknown, path: string): unknown {
    // proto3 JSON writes 64-bit integers as decimal strings; accept both forms for them.
    const wide = s.format === "int64" || s.format === "uint64";
    const number = wide && typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof number !== "number" || !Number.isInteger(number)) return this.wrongType("integer", value, path);
    const range = s.format === "int32" ? INT32 : s.format === "uint32" ? UINT32 : undefined;
    if (range && (number < range.min || number > range.max)) return this.fail(path, `must fit in ${s.format}`);
    return value;
  }

  private resolve(schema: Schema): Schema {
    let s = schema;
    while (s.$ref !== undefined) {
      const target = this.schemas[s.$ref];
      if (!target) throw new Error(`schema ${s.$ref} is not bundled`);
      s = target;
    }
    return s;
  }

  private wrongType(expected: string, value: unknown, path: string): undefined {
    return this.fail(path, `expected ${expected}, got ${jsonType(value)}`);
  }

  private fail(path: string, description: string): undefined {
    this.violations.push({ field: path || "body", description });
    return undefined;
  }
}

function kindOf(s: Schema): Schema["type"] | undefined {
  if (s.type) return s.type;
  return s.properties || s.additionalProperties !== undefined ? "object" : undefined;
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return "array";
  return typeof value === "object" ? "object" : typeof value;
}
