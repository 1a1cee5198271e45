// Policy configuration: JSON-schema fragments shared by several policies, and reading config with defaults.
//
// The engine validates a policy's config against its `configSchema` before the pack runs; `readConfig` still
// applies the defaults itself (the runtime hands over only what the user wrote) and ignores values of the wrong
// type, so a policy never runs with a half-read config.
import { PolicyConfigSchema } from "@pulumi/policy";

export const DEFAULT_PRODUCTION_ENVIRONMENTS: readonly string[] = ["prod", "production"];

/** Schema of `productionEnvironments`, accepted by every policy whose rule depends on the environment. */
export const productionEnvironmentsSchema = {
    type: "array" as const,
    items: { type: "string" as const },
    default: [...DEFAULT_PRODUCTION_ENVIRONMENTS],
    description: "Environment names that count as production (compared case-insensitively).",
};

export interface ProductionConfig {
    productionEnvironments: string[];
}

function sameKind(value: unknown, def: unknown): boolean {
    if (Array.isArray(def)) {
        return Array.isArray(value);
    }
    if (def !== null && typeof def === "object") {
        return value !== null && typeof value === "object" && !Array.isArray(value);
    }
    return typeof value === typeof def;
}

/**
 * The policy's config: every key of `defaults`, taken from the user's config when present and of the same kind
 * (array/object/number/string/boolean), else the default. Keys whose default is `undefined` (optional settings)
 * are taken as given.
 */
export function readConfig<T extends object>(args: { getConfig<C extends object>(): C }, defaults: T): T {
    const given = (args.getConfig<Record<string, unknown>>() ?? {}) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, def] of Object.entries(defaults)) {
        const value = given[key];
        if (value === undefined || value === null) {
            out[key] = def;
        } else if (def === undefined || sameKind(value, def)) {
            out[key] = value;
        } else {
            out[key] = def;
        }
    }
    return out as T;
}

/** Lower-cased, trimmed environment name used for every comparison. */
export function normalizeEnvironment(env: string): string {
    return env.trim().toLowerCase();
}

export function isProduction(env: string, cfg: ProductionConfig): boolean {
    const names = cfg.productionEnvironments.filter((n) => typeof n === "string").map(normalizeEnvironment);
    return names.includes(normalizeEnvironment(env));
}

/** A `configSchema` with `productionEnvironments` plus the policy's own properties. */
export function schemaWithProduction(properties: PolicyConfigSchema["properties"] = {}): PolicyConfigSchema {
    return { properties: { productionEnvironments: productionEnvironmentsSchema, ...properties } };
}
