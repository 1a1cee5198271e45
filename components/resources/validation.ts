import { isPlainObject, isUnknown } from "./compare";

/** A problem with one input property, reported by `check` before any API call. */
export interface CheckFailure {
    property: string;
    reason: string;
}

/**
 * Collects check failures with the property path and what is allowed. Values unknown at preview time pass:
 * they are checked again when known.
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
            this.fail(property, `${property} is required and must be a non-empty string`);
        }
    }

    optionalString(property: string, value: unknown): void {
        if (value !== undefined && !isUnknown(value) && typeof value !== "string") {
            this.fail(property, `${property} must be a string`);
        }
    }

    optionalBoolean(property: string, value: unknown): void {
        if (value !== undefined && value !== null && !isUnknown(value) && typeof value !== "boolean") {
            this.fail(property, `${property} must be true or false`);
        }
    }

    /** An integer in [min, max] when set. */
    optionalInteger(property: string, value: unknown, min: number, max: number, unit = ""): void {
        if (value === undefined || value === null || isUnknown(value)) {
            return;
        }
        if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
            this.fail(property, `${property} must be a whole number from ${min} to ${max}${unit ? ` ${unit}` : ""}`);
        }
    }

    /** One of the listed values when set. */
    optionalEnum(property: string, value: unknown, allowed: readonly string[]): void {
        if (value === undefined || value === null || isUnknown(value)) {
            return;
        }
        if (typeof value !== "string" || !allowed.includes(value)) {
            this.fail(property, `${property} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}`);
        }
    }

    optionalObject(property: string, value: unknown): value is Record<string, unknown> | undefined {
        if (value === undefined || isUnknown(value)) {
            return true;
        }
        if (!isPlainObject(value)) {
            this.fail(property, `${property} must be an object`);
            return false;
        }
        return true;
    }

    optionalStringArray(property: string, value: unknown): void {
        if (value === undefined || isUnknown(value)) {
            return;
        }
        if (!Array.isArray(value) || value.some((v) => typeof v !== "string" && !isUnknown(v))) {
            this.fail(property, `${property} must be a list of strings`);
        }
    }

    optionalStringMap(property: string, value: unknown): void {
        if (value === undefined || isUnknown(value)) {
            return;
        }
        if (!isPlainObject(value) || Object.values(value).some((v) => typeof v !== "string" && !isUnknown(v))) {
            this.fail(property, `${property} must be a map of strings to strings`);
        }
    }

    /** Keys outside `allowed` are typos that the API would silently ignore. */
    knownKeys(property: string, value: unknown, allowed: readonly string[]): void {
        if (!isPlainObject(value)) {
            return;
        }
        for (const key of Object.keys(value)) {
            if (!allowed.includes(key)) {
                const path = property ? `${property}.${key}` : key;
                this.fail(path, `${path} is not a known field; allowed: ${allowed.join(", ")}`);
            }
        }
    }
}
