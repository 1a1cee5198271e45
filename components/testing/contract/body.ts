// Request bodies as the server keeps them: validated against the bundled OpenAPI schema of the operation.

import { invalidFields } from "../errors";
import type { RequestContext } from "../router";
import { ROOTS, SCHEMAS, type SchemaName } from "./openapi";
import { validate, type Schema } from "./validate";

/**
 * The validated body of `ctx` (against a bundled schema, or a variant of one), typed as the caller expects
 * it. Wrong types, bad enum values and missing required fields answer 400 naming the field path; unknown
 * keys are dropped, or rejected in strict mode.
 * ASSUMPTION: an empty body reads as `{}` (grpc-gateway decodes an empty body to an empty message).
 */
export function bodyAs<T>(ctx: RequestContext, schema: SchemaName | Schema): T {
  const root = typeof schema === "string" ? { $ref: ROOTS[schema] } : schema;
  const { value, violations } = validate(SCHEMAS, root, ctx.body ?? {}, ctx.core.strict);
  if (violations.length) throw invalidFields(violations);
  return value as T;
}
