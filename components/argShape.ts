// Checks that YAML and plain JavaScript get no compiler for: keys that are not fields (typos that would otherwise
// silently give defaults) and values of the wrong type, each named as the user wrote it and shown as given.
import { closest, distance } from "fastest-levenshtein";

/** A value as the user gave it, with its type where a look-alike would mislead: `"20" (a string)`, `20`, `{...}`. */
export function givenValue(value: unknown): string {
    if (typeof value === "string") {
        return `${JSON.stringify(value)} (a string)`;
    }
    if (value === undefined) {
        return "undefined";
    }
    return JSON.stringify(value) ?? String(value);
}

/**
 * One problem per key of `value` that is not among `known`, suggesting the closest known key when it is near
 * (`profile.maxCPUCores is not a field of profile; did you mean profile.maxCpuCores?`). `path` is the block's field
 * path as the user wrote it ("" at the top); `block` names it in the message.
 */
export function unknownKeyProblems(path: string, block: string, value: unknown, known: readonly string[]): string[] {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return [];
    }
    const at = (key: string) => (path ? `${path}.${key}` : key);
    return Object.keys(value)
        .filter((key) => !known.includes(key))
        .map((key) => {
            const near = closest(key, [...known]);
            // Near enough to be a typo: case slips (maxCPUCores), a dropped or swapped letter (inCluser), a cut-off name (maxCpu).
            const [k, n] = [key.toLowerCase(), near.toLowerCase()];
            const typo = n.startsWith(k) || k.startsWith(n) || distance(k, n) <= Math.max(2, Math.floor(n.length / 4));
            return typo
                ? `${at(key)} is not a field of ${block}; did you mean ${at(near)}?`
                : `${at(key)} is not a field of ${block}; the fields are ${known.join(", ")}`;
        });
}

/**
 * The field names of an args interface at run time, from a Record over its keys: adding a field to the interface and
 * not to the record (or the reverse) does not compile.
 */
export function fieldNames<T>(record: Record<keyof T, true>): readonly (keyof T & string)[] {
    return Object.keys(record) as (keyof T & string)[];
}

/** A problem when `value` is given and is not true or false (YAML's "false" in quotes is a string, which would count as true). */
export function booleanProblem(field: string, value: unknown): string[] {
    return value === undefined || typeof value === "boolean" ? [] : [`${field} must be true or false, got ${givenValue(value)}`];
}
