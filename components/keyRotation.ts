// The rotation timeline of an environment's API key, as a pure function of the time the program runs at.
// Time is cut into periods of `rotationDays` counted from the Unix epoch: period N's key is created when the first
// run in period N happens, and the key of period N-1 stays for the first `overlapDays` of period N, so a consumer
// that still holds it keeps working until it has read the new one. Nothing here reads a clock.

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface RotationSettings {
    /** Days between two keys. */
    readonly rotationDays: number;
    /** Days the previous key stays after the next one is created; less than `rotationDays`. */
    readonly overlapDays: number;
}

/** The key of one rotation period. */
export interface KeySlot {
    /** Period number: whole `rotationDays` periods since 1970-01-01T00:00:00Z. */
    readonly period: number;
    /** When the period starts (RFC 3339): the earliest time this key is created. */
    readonly startsAt: string;
    /** When the key is deleted and expires (RFC 3339): the next period's start plus the overlap. */
    readonly retiresAt: string;
}

export interface RotationState {
    /** The key consumers should use. */
    readonly current: KeySlot;
    /** The key of the period before, while the overlap lasts. */
    readonly previous?: KeySlot;
    /** When the next key is created (RFC 3339). */
    readonly nextRotationAt: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

function slot(period: number, { rotationDays, overlapDays }: RotationSettings): KeySlot {
    const start = period * rotationDays * DAY_MS;
    return { period, startsAt: iso(start), retiresAt: iso(start + (rotationDays + overlapDays) * DAY_MS) };
}

/** The keys that exist at `nowMs` (ms since the epoch). */
export function rotationAt(nowMs: number, settings: RotationSettings): RotationState {
    const periodMs = settings.rotationDays * DAY_MS;
    const period = Math.floor(nowMs / periodMs);
    const inOverlap = nowMs - period * periodMs < settings.overlapDays * DAY_MS;
    return {
        current: slot(period, settings),
        ...(inOverlap && period > 0 ? { previous: slot(period - 1, settings) } : {}),
        nextRotationAt: iso((period + 1) * periodMs),
    };
}

/**
 * The `keepers` of the random suffix of a period's key name: they change exactly when that key must be a new one,
 * so the preview shows the rotation as a replaced random id and a new key named after it.
 */
export function rotationKeepers(environment: string, key: KeySlot, settings: RotationSettings): Record<string, string> {
    return { environment, period: String(key.period), rotationDays: String(settings.rotationDays), startsAt: key.startsAt };
}
