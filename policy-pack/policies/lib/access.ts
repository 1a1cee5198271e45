// Unknown-safe reading of resource props.
//
// During `pulumi preview` the policy runtime wraps props in `unknownCheckingProxy`: touching a value that is not
// known yet throws `UnknownValueError`, which the runtime turns into an advisory "can't run policy during preview".
// Policies read props only through these helpers, which turn an unknown value into the `UNKNOWN` marker so a policy
// can skip that one check quietly and still check everything else. Plain (unproxied) props that carry the engine's
// raw unknown sentinels are treated the same way.
import { UnknownValueError } from "@pulumi/policy";

/** Marker for "this value is not known yet (preview)". */
export const UNKNOWN: unique symbol = Symbol("castai-fleet/unknown");
export type Unknown = typeof UNKNOWN;

/** A value that may be absent (`undefined`) or not known yet (`UNKNOWN`). */
export type Maybe<T> = T | undefined | Unknown;

/** The engine's sentinels for unknown values (`@pulumi/policy` proxy.ts, `@pulumi/pulumi` rpc.ts). */
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (also what the engine sends for any computed value)
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** True for an `UnknownValueError`, also when it comes from another copy of `@pulumi/policy`. */
export function isUnknownValueError(e: unknown): boolean {
    if (e instanceof UnknownValueError) {
        return true;
    }
    const err = e as { unknownTypeSentinel?: unknown; props?: unknown } | null;
    return typeof err === "object" && err !== null && typeof err.unknownTypeSentinel === "string" &&
        UNKNOWN_SENTINELS.has(err.unknownTypeSentinel) && Array.isArray(err.props);
}

export function isUnknown(v: unknown): v is Unknown {
    return v === UNKNOWN;
}

/**
 * Reads `obj[path[0]][path[1]]...`. Returns `undefined` when any step is absent or not an object, `UNKNOWN` when any
 * step is not known yet. Never throws `UnknownValueError`.
 */
export function read(obj: unknown, ...path: (string | number)[]): unknown {
    let cur: unknown = obj;
    try {
        if (typeof cur === "string" && UNKNOWN_SENTINELS.has(cur)) {
            return UNKNOWN;
        }
        for (const key of path) {
            if (cur === null || cur === undefined || typeof cur !== "object") {
                return undefined;
            }
            cur = (cur as Record<string | number, unknown>)[key];
            if (typeof cur === "string" && UNKNOWN_SENTINELS.has(cur)) {
                return UNKNOWN;
            }
        }
        return cur;
    } catch (e) {
        if (isUnknownValueError(e)) {
            return UNKNOWN;
        }
        throw e;
    }
}

/** A string value; `undefined` when absent or not a string. */
export function readString(obj: unknown, ...path: (string | number)[]): Maybe<string> {
    const v = read(obj, ...path);
    if (isUnknown(v)) {
        return UNKNOWN;
    }
    return typeof v === "string" ? v : undefined;
}

/**
 * A boolean value. Helm values set with `--set` arrive as the strings "true"/"false", so those count too;
 * anything else is `undefined`.
 */
export function readBool(obj: unknown, ...path: (string | number)[]): Maybe<boolean> {
    const v = read(obj, ...path);
    if (isUnknown(v)) {
        return UNKNOWN;
    }
    if (typeof v === "boolean") {
        return v;
    }
    if (typeof v === "string") {
        const s = v.trim().toLowerCase();
        if (s === "true") {
            return true;
        }
        if (s === "false") {
            return false;
        }
    }
    return undefined;
}

/** A finite number; numeric strings count (Helm `--set`). Anything else is `undefined`. */
export function readNumber(obj: unknown, ...path: (string | number)[]): Maybe<number> {
    const v = read(obj, ...path);
    if (isUnknown(v)) {
        return UNKNOWN;
    }
    if (typeof v === "number" && Number.isFinite(v)) {
        return v;
    }
    if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) {
        return Number(v);
    }
    return undefined;
}

/** An array's elements (each possibly `UNKNOWN`); `undefined` when absent or not an array. */
export function readArray(obj: unknown, ...path: (string | number)[]): Maybe<unknown[]> {
    const v = read(obj, ...path);
    if (isUnknown(v)) {
        return UNKNOWN;
    }
    if (!Array.isArray(v)) {
        return undefined;
    }
    const n = readNumber(v, "length");
    if (typeof n !== "number") {
        return UNKNOWN;
    }
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
        out.push(read(v, i));
    }
    return out;
}

/** An object's own entries (values possibly `UNKNOWN`); `undefined` when absent or not a plain object. */
export function readEntries(obj: unknown, ...path: (string | number)[]): Maybe<[string, unknown][]> {
    const v = read(obj, ...path);
    if (isUnknown(v)) {
        return UNKNOWN;
    }
    if (v === null || v === undefined || typeof v !== "object" || Array.isArray(v)) {
        return undefined;
    }
    try {
        return Object.keys(v).map((k): [string, unknown] => [k, read(v, k)]);
    } catch (e) {
        if (isUnknownValueError(e)) {
            return UNKNOWN;
        }
        throw e;
    }
}

/** True when `v` is a non-null, non-array object (and known). */
export function isObject(v: unknown): v is Record<string, unknown> {
    return v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v);
}

/** `JSON.stringify` for messages; a value not known yet prints as "(not known yet)". */
export function describeValue(v: unknown): string {
    if (isUnknown(v)) {
        return "(not known yet)";
    }
    // The runtime's proxy hands out its unproxied target under this key (@pulumi/policy proxy.ts,
    // `getSpecialProxyTarget`), so the nested sentinels can be printed instead of throwing.
    let raw: unknown = v;
    try {
        const target = v !== null && typeof v === "object" ? (v as Record<string, unknown>).__getSpecialProxyTarget : undefined;
        raw = target !== undefined && target !== null && typeof target === "object" ? target : v;
    } catch {
        raw = v;
    }
    try {
        return JSON.stringify(raw, (_k, x) => (typeof x === "string" && UNKNOWN_SENTINELS.has(x) ? "(not known yet)" : x));
    } catch (e) {
        if (isUnknownValueError(e)) {
            return "(not known yet)";
        }
        throw e;
    }
}
