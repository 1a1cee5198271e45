// Cron and time-zone checks for schedules, done in `check` so a typo fails at preview, not at 2 a.m.

const fieldRanges: [string, number, number][] = [
    ["minute", 0, 59],
    ["hour", 0, 23],
    ["day of month", 1, 31],
    ["month", 1, 12],
    ["day of week", 0, 7],
];

const names: Record<number, Record<string, number>> = {
    3: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
    4: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 },
};

/** Why a standard 5-field cron expression is invalid, or undefined when it is valid. */
export function cronProblem(expression: string): string | undefined {
    const fields = expression.trim().split(/\s+/);
    if (fields.length !== 5) {
        return `needs 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`;
    }
    for (let i = 0; i < 5; i++) {
        const [label, min, max] = fieldRanges[i];
        for (const part of fields[i].split(",")) {
            const [range, step] = part.split("/");
            if (step !== undefined && !/^\d+$/.test(step)) {
                return `${label} step "${step}" is not a number`;
            }
            if (range === "*") {
                continue;
            }
            const bounds = range.split("-");
            if (bounds.length > 2) {
                return `${label} "${part}" is not a value or a range`;
            }
            for (const b of bounds) {
                const value = /^\d+$/.test(b) ? Number(b) : names[i]?.[b.toLowerCase()];
                if (value === undefined || value < min || value > max) {
                    return `${label} "${b}" is outside ${min}-${max}`;
                }
            }
        }
    }
    return undefined;
}

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

/**
 * The schedule's cron expression with its time zone.
 * ASSUMPTION: CAST AI's HibernationSchedule has no time-zone field (reference OpenAPI); its scheduler is taken to
 * accept the `CRON_TZ=<zone>` prefix of the Go cron library that its cron strings follow. UTC needs no prefix.
 */
export function zonedCron(expression: string, timeZone: string | undefined): string {
    return timeZone && timeZone !== "UTC" ? `CRON_TZ=${timeZone} ${expression.trim()}` : expression.trim();
}
