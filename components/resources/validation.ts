import { givenValue, unknownKeyProblems } from "../argShape";
import { castaiIdProblem } from "../castaiId";
import { isPlainObject, isUnknown } from "./compare";

// Secrets (credentials, keys, tokens) are described by type only: a reason is printed, and may be logged.
const SECRET_PATH = /credentials|secret|token|password|keyjson/i;

/** How a reason shows the value given: as given, or only its type for a secret. */
function shown(property: string, value: unknown): string {
    return SECRET_PATH.test(property) ? `a ${Array.isArray(value) ? "list" : typeof value}` : givenValue(value);
}

function got(property: string, value: unknown): string {
    return `, got ${shown(property, value)}`;
}

/**
 * A format rule the resources and CastAiCluster share (accountIds.ts, regions.ts, castaiId.ts): the problem with a
 * value given as a string, printed as `shown` (default: as given); undefined when it fits.
 */
export type FormatRule = (property: string, value: string, shown?: string) => string | undefined;

/** A problem with one input property, reported by `check` before any API call. */
export interface CheckFailure {
    property: string;
    reason: string;
}

/**
 * Collects check failures: each reason names the property path, says what is allowed and shows the value as given.
 * Values unknown at preview time pass: they are checked again when known.
 */
export class Validator {
    readonly failures: CheckFailure[] = [];

    fail(property: string, reason: string): void {
        this.failures.push({ property, reason });
    }

    /** A non-empty string. */
    requiredString(property: string, value: unknown): void {
        if (isUnknown(value)) {
            return;
        }
        if (typeof value !== "string" || value.trim() === "") {
            this.fail(property, `${property} is required and must be a non-empty string${got(property, value)}`);
        }
    }

    /** A known, non-empty string that breaks `rule` (other values are left to the type checks). */
    format(property: string, value: unknown, rule: FormatRule): void {
        if (typeof value !== "string" || value === "" || isUnknown(value)) {
            return;
        }
        const problem = rule(property, value, shown(property, value));
        if (problem !== undefined) {
            this.fail(property, problem);
        }
    }

    /** A CAST AI id (an RFC 4122 UUID). */
    requiredUuid(property: string, value: unknown): void {
        this.requiredString(property, value);
        this.format(property, value, castaiIdProblem);
    }

    /** A CAST AI id (an RFC 4122 UUID) when set. */
    optionalUuid(property: string, value: unknown): void {
        this.optionalString(property, value);
        this.format(property, value, castaiIdProblem);
    }

    optionalString(property: string, value: unknown): void {
        if (value !== undefined && !isUnknown(value) && typeof value !== "string") {
            this.fail(property, `${property} must be a string${got(property, value)}`);
        }
    }

    optionalBoolean(property: string, value: unknown): void {
        if (value !== undefined && value !== null && !isUnknown(value) && typeof value !== "boolean") {
            this.fail(property, `${property} must be true or false${got(property, value)}`);
        }
    }

    /** An integer in [min, max] when set. */
    optionalInteger(property: string, value: unknown, min: number, max: number, unit = ""): void {
        if (value === undefined || value === null || isUnknown(value)) {
            return;
        }
        if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
            this.fail(property, `${property} must be a whole number from ${min} to ${max}${unit ? ` ${unit}` : ""}${got(property, value)}`);
        }
    }

    /** One of the listed values when set. */
    optionalEnum(property: string, value: unknown, allowed: readonly string[]): void {
        if (value === undefined || value === null || isUnknown(value)) {
            return;
        }
        if (typeof value !== "string" || !allowed.includes(value)) {
            this.fail(property, `${property} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}${got(property, value)}`);
        }
    }

    optionalObject(property: string, value: unknown): value is Record<string, unknown> | undefined {
        if (value === undefined || isUnknown(value)) {
            return true;
        }
        if (!isPlainObject(value)) {
            this.fail(property, `${property} must be an object${got(property, value)}`);
            return false;
        }
        return true;
    }

    optionalStringArray(property: string, value: unknown): void {
        if (value === undefined || isUnknown(value)) {
            return;
        }
        if (!Array.isArray(value) || value.some((v) => typeof v !== "string" && !isUnknown(v))) {
            this.fail(property, `${property} must be a list of strings${got(property, value)}`);
        }
    }

    optionalStringMap(property: string, value: unknown): void {
        if (value === undefined || isUnknown(value)) {
            return;
        }
        if (!isPlainObject(value) || Object.values(value).some((v) => typeof v !== "string" && !isUnknown(v))) {
            this.fail(property, `${property} must be a map of strings to strings${got(property, value)}`);
        }
    }

    /** Keys outside `allowed` are typos that the API would silently ignore: each named, with the closest known name. */
    knownKeys(property: string, value: unknown, allowed: readonly string[]): void {
        if (!isPlainObject(value)) {
            return;
        }
        const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
        unknownKeyProblems(property, property || "this resource", value, allowed).forEach((reason, i) => this.fail(property ? `${property}.${unknown[i]}` : unknown[i], reason));
    }
}
