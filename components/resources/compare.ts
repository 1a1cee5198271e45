// Pure helpers that decide what changed. They treat `undefined` (unset: the user does not manage the field) as
// different from `false`, `0` and `null`, which are values the user chose.

/** The value the engine uses during preview for outputs not known yet. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN;
}

/** True when the value or anything inside it is still unknown (preview). */
export function containsUnknown(value: unknown): boolean {
    if (isUnknown(value)) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some(containsUnknown);
    }
    if (isPlainObject(value)) {
        return Object.values(value).some(containsUnknown);
    }
    return false;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Structural equality; `undefined` members of objects count as absent. */
export function deepEqual(a: unknown, b: unknown): boolean {
    if (a === b) {
        return true;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
    }
    if (isPlainObject(a) && isPlainObject(b)) {
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        for (const key of keys) {
            if (!deepEqual(a[key], b[key])) {
                return false;
            }
        }
        return true;
    }
    return false;
}

/**
 * The part of `remote` that has the shape of `desired`: for every key the user set, the remote value (recursively
 * for objects; arrays and scalars whole). Keys the user did not set are left out, so fields the API fills in by
 * itself never show as a difference.
 */
export function projectOnto(desired: unknown, remote: unknown): unknown {
    if (isPlainObject(desired)) {
        const source = isPlainObject(remote) ? remote : {};
        const out: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(desired)) {
            if (value === undefined) {
                continue;
            }
            const projected = projectOnto(value, source[key]);
            if (projected !== undefined) {
                out[key] = projected;
            }
        }
        return out;
    }
    return remote === undefined ? undefined : remote;
}

/** Dotted paths where `actual` differs from the fields set in `desired` (the fields the user manages). */
export function mismatchedPaths(desired: unknown, actual: unknown, prefix = ""): string[] {
    if (isPlainObject(desired)) {
        const source = isPlainObject(actual) ? actual : {};
        return Object.entries(desired).flatMap(([key, value]) =>
            value === undefined ? [] : mismatchedPaths(value, source[key], prefix ? `${prefix}.${key}` : key),
        );
    }
    return deepEqual(desired, actual) ? [] : [prefix || "(value)"];
}

/** Reads a dotted path. */
export function getPath(value: unknown, path: string): unknown {
    return path.split(".").reduce<unknown>((v, key) => (isPlainObject(v) ? v[key] : undefined), value);
}

/** RFC 7386 JSON Merge Patch: objects merge recursively, arrays and scalars replace, null deletes. */
export function mergePatch(target: unknown, patch: unknown): unknown {
    if (!isPlainObject(patch)) {
        return patch;
    }
    const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
    for (const [key, value] of Object.entries(patch)) {
        if (value === null) {
            delete out[key];
        } else if (value !== undefined) {
            out[key] = mergePatch(out[key], value);
        }
    }
    return out;
}

/** Removes `undefined` members recursively, so documents compare and serialize the same way. */
export function pruneUndefined<T>(value: T): T {
    if (Array.isArray(value)) {
        return value.map(pruneUndefined) as unknown as T;
    }
    if (isPlainObject(value)) {
        const out: Record<string, unknown> = {};
        for (const [key, v] of Object.entries(value)) {
            if (v !== undefined) {
                out[key] = pruneUndefined(v);
            }
        }
        return out as T;
    }
    return value;
}
