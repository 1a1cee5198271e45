// Helpers shared by the three identity components. Only @pulumi/pulumi is loaded here.
import * as pulumi from "@pulumi/pulumi";
import { givenValue } from "../argShape";
import type { FormatRule } from "../resources/validation";

/** Whether an argument was given: absent, `null` and `""` all count as missing. */
export function isSet(value: unknown): boolean {
    return value !== undefined && value !== null && value !== "";
}

/**
 * The names of required arguments that were not given, in the order listed. Only presence is checked:
 * an Output counts as given (its value is not known while the program runs a preview).
 */
export function missingArgs<T extends object>(args: T, required: readonly (keyof T & string)[]): string[] {
    return required.filter((field) => !isSet(args[field]));
}

/**
 * A field as the caller's user wrote it: `eks.vpcId` under the prefix `eks` (CastAiCluster's block), `vpcId` with
 * no prefix (the identity component used on its own).
 */
export function fieldPath(prefix: string, field: string): string {
    return prefix === "" ? field : `${prefix}.${field}`;
}

/**
 * "<field> is required" for each required string argument not given, and "<field> must be a string" for one given
 * as a known value of another type (an unquoted number in YAML stack config, say). Outputs count as given.
 */
export function requiredStrings<T extends object>(args: T, required: readonly (keyof T & string)[], prefix: string): string[] {
    return required.flatMap((field) => {
        const path = fieldPath(prefix, field);
        if (!isSet(args[field])) {
            return [`${path} is required`];
        }
        const value = knownValue(args[field] as pulumi.Input<unknown>);
        return value === undefined || typeof value === "string" ? [] : [`${path} must be a string, got ${givenValue(value)}`];
    });
}

/**
 * The problems `rules` find with the arguments given as known, non-empty strings, each naming the field under
 * `prefix`. Other values are left to `requiredStrings`; Outputs are checked by the resources once known.
 */
export function formatProblems<T extends object>(args: T, rules: Partial<Record<keyof T & string, FormatRule>>, prefix: string): string[] {
    return (Object.entries(rules) as [keyof T & string, FormatRule][]).flatMap(([field, rule]) => {
        const value = knownValue(args[field] as pulumi.Input<unknown>);
        const problem = typeof value === "string" && value !== "" ? rule(fieldPath(prefix, field), value) : undefined;
        return problem === undefined ? [] : [problem];
    });
}

/** An argument's value when it is already known (a plain value), `undefined` when it is an Output. */
export function knownValue<T>(value: pulumi.Input<T> | undefined): T | undefined {
    return pulumi.Output.isInstance(value) || value instanceof Promise ? undefined : (value as T | undefined);
}

/**
 * `value`, resolved only once every resource in `resources` exists. Whoever consumes the result (the
 * CAST AI registration) then depends on all of them, so `pulumi destroy` disconnects the cluster
 * while CAST AI still holds its permissions, and deletes the IAM afterwards (user-pain.md #3: the
 * role was destroyed in parallel and CAST AI could not delete its nodes).
 */
export function settledAfter<T>(value: pulumi.Output<T>, resources: readonly pulumi.Resource[]): pulumi.Output<T> {
    const urns: pulumi.Output<string>[] = resources.map((r) => r.urn);
    return pulumi.all([value as pulumi.Output<unknown>, ...urns]).apply((values) => values[0] as T);
}
