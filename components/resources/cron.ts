// Cron and time-zone checks for schedules, done in `check` so a typo fails at preview, not at 2 a.m. The rule is the
// dialect of CAST AI's hibernation service, robfig/cron's standard parser: an optional `CRON_TZ=<zone> ` (or `TZ=`)
// prefix, then 5 fields or a descriptor. The emulator applies the same rule, so both refuse the same expressions.
// `croner` parses the fields; the differences between the two dialects are fenced off here: robfig has no seconds or
// year field, no L, W, # or + modifiers, Sunday only as 0, names only in month and day of week, and it reads `5/10` as
// `5-59/10`, as croner's sloppy ranges do.
// `@every <duration>` is accepted because robfig accepts it, though its interval counts from when the service starts
// the schedule rather than from the clock, so a fixed time of day needs the 5-field form.

import { isUnknown } from "./compare";
import { CronPattern } from "croner";

const fields: { label: string; min: number; max: number; names?: string[] }[] = [
    { label: "minute", min: 0, max: 59 },
    { label: "hour", min: 0, max: 23 },
    { label: "day of month", min: 1, max: 31 },
    { label: "month", min: 1, max: 12, names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"] },
    { label: "day of week", min: 0, max: 6, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] },
];

const descriptors = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

// Go's time.ParseDuration grammar, which robfig applies to the text after `@every `.
const goDuration = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;

/** What the CAST AI hibernation service accepts, for messages. */
export const CRON_ALLOWED =
    "5 fields (minute hour day-of-month month day-of-week) of *, ?, numbers, a-b ranges, lists and /steps, " +
    `or one of ${descriptors.join(", ")}, "@every <duration>", optionally after "CRON_TZ=<IANA zone> "`;

/** True for an IANA time zone name that this Node.js knows (e.g. Europe/Vilnius), or UTC. */
export function isTimeZone(name: string): boolean {
    if (name === "UTC") {
        return true;
    }
    try {
        new Intl.DateTimeFormat("en-US", { timeZone: name });
        return true;
    } catch {
        return false;
    }
}

/** Why one field is invalid, or undefined: names become robfig's numbers, then croner parses it alone. */
function fieldProblem(index: number, field: string): string | undefined {
    const { label, min, max, names } = fields[index];
    if (!/^[0-9A-Za-z*?,/-]+$/.test(field) || field.split(",").some((part) => part.startsWith("/"))) {
        return `${label} "${field}" is not *, ?, a number, a range, a list or a step`;
    }
    let unknownName: string | undefined;
    const numeric = field.replace(/[a-z]+/gi, (word) => {
        const n = names?.indexOf(word.toLowerCase()) ?? -1;
        if (n < 0) unknownName ??= word;
        return String(n + min);
    });
    if (unknownName !== undefined) {
        return `${label} "${field}" has "${unknownName}", which is not ${names ? `a number or one of ${names.join(", ")}` : "a number"}`;
    }
    const alone = fields.map((_, i) => (i === index ? numeric : "*")).join(" ");
    try {
        new CronPattern(alone, undefined, { mode: "5-part", sloppyRanges: true });
    } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        if (/illegal stepping: 0/.test(reason)) return `${label} "${field}" has a step of 0; steps are 1 or more`;
        if (/larger than to value/.test(reason)) return `${label} "${field}" has a range whose start is after its end`;
        if (/Invalid value/.test(reason)) return `${label} "${field}" is outside ${min}-${max}`;
        return `${label} "${field}" is not *, ?, a number, a range, a list or a step`;
    }
    // croner also takes 7 for Sunday; robfig does not.
    const bounds = numeric.split(",").flatMap((part) => part.split("/")[0].split("-")).filter((b) => /^\d+$/.test(b));
    return bounds.some((b) => Number(b) > max) ? `${label} "${field}" is outside ${min}-${max}` : undefined;
}

/** Why a cron expression is one the CAST AI hibernation service refuses, or undefined when it accepts it. */
export function cronProblem(expression: string): string | undefined {
    let spec = expression.trim();
    const zoned = /^(CRON_)?TZ=(\S*)(\s+|$)/.exec(spec);
    if (zoned) {
        if (!isTimeZone(zoned[2])) return `time zone "${zoned[2]}" is not an IANA time zone such as Europe/Vilnius`;
        spec = spec.slice(zoned[0].length);
    }
    if (spec.startsWith("@")) {
        if (descriptors.includes(spec)) return undefined;
        const every = /^@every (.*)$/.exec(spec);
        if (every) return goDuration.test(every[1]) ? undefined : `"${every[1]}" is not a duration such as 90m or 1h30m`;
        return `"${spec}" is not one of ${descriptors.join(", ")} or "@every <duration>"`;
    }
    const parts = spec.split(/\s+/).filter((p) => p !== "");
    if (parts.length !== 5) {
        const seconds = parts.length === 6 || parts.length === 7 ? "; a seconds or year field is not supported" : "";
        return `needs 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}${seconds}`;
    }
    for (let i = 0; i < 5; i++) {
        const problem = fieldProblem(i, parts[i]);
        if (problem) return problem;
    }
    return undefined;
}

/** The one-line message for an invalid cron value at `path`, naming the value and what is allowed; undefined when valid. */
export function cronMessage(path: string, value: string): string | undefined {
    const problem = cronProblem(value);
    return problem && `${path} "${value}" is not a valid cron expression: ${problem}; allowed: ${CRON_ALLOWED}`;
}

/** The fields of a pause/resume window. */
export type WindowField = "pauseCron" | "resumeCron" | "timeZone";

/**
 * Problems of a pause/resume window, each at the path `at` gives its field: the one rule for a HibernationSchedule
 * and for a CastAiCluster profile's hibernation (checked before any child exists). Unknown values pass.
 */
export function windowProblems(at: (field: WindowField) => string, w: Partial<Record<WindowField, unknown>>): { path: string; message: string }[] {
    const problems: { path: string; message: string }[] = [];
    for (const field of ["pauseCron", "resumeCron"] as const) {
        const value = w[field];
        const message = typeof value === "string" && value.trim() ? cronMessage(at(field), value) : undefined;
        if (message) {
            problems.push({ path: at(field), message });
        }
    }
    if (typeof w.pauseCron === "string" && typeof w.resumeCron === "string" && w.pauseCron.trim() === w.resumeCron.trim()) {
        problems.push({ path: at("resumeCron"), message: `${at("resumeCron")} must differ from ${at("pauseCron")}, or the cluster would pause and resume at once` });
    }
    const prefixed = (["pauseCron", "resumeCron"] as const).find((field) => typeof w[field] === "string" && /^\s*(CRON_)?TZ=/.test(w[field] as string));
    if (prefixed && typeof w.timeZone === "string") {
        problems.push({ path: at(prefixed), message: `${at(prefixed)} has its own CRON_TZ= zone and ${at("timeZone")} is set too: give the zone once` });
    }
    if (w.timeZone !== undefined && !isUnknown(w.timeZone) && (typeof w.timeZone !== "string" || !isTimeZone(w.timeZone))) {
        problems.push({ path: at("timeZone"), message: `${at("timeZone")} ${JSON.stringify(w.timeZone)} is not an IANA time zone such as "Europe/Vilnius" or "UTC"` });
    }
    return problems;
}

/**
 * The schedule's cron expression with its time zone.
 * ASSUMPTION: CAST AI's HibernationSchedule has no time-zone field (reference OpenAPI); its scheduler accepts the
 * `CRON_TZ=<zone>` prefix of the Go cron library that its cron strings follow. UTC needs no prefix.
 */
export function zonedCron(expression: string, timeZone: string | undefined): string {
    return timeZone && timeZone !== "UTC" ? `CRON_TZ=${timeZone} ${expression.trim()}` : expression.trim();
}
