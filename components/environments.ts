// Per-environment rules as data (DESIGN.md decision 6; numbers from seed 000). Code reads a profile; it never
// branches on the environment's name.
import { windowProblems } from "./resources/cron";
import { booleanProblem, fieldNames, givenValue } from "./argShape";

/** Off-hours hibernation: when the cluster pauses and resumes. */
export interface HibernationWindow {
    /** 5-field cron for pausing, e.g. "0 19 * * 1-5". */
    readonly pauseCron: string;
    /** 5-field cron for resuming, e.g. "0 7 * * 1-5". */
    readonly resumeCron: string;
    /** IANA time zone of both crons; default UTC. */
    readonly timeZone?: string;
}

/** What an environment allows CAST AI to do. */
export interface EnvironmentProfile {
    /** Cluster CPU limit, in cores. */
    readonly maxCpuCores: number;
    /** Share of pods sent to spot nodes, in percent (100 = all spot, no split needed). */
    readonly spotSharePercent: number;
    /** Off-hours hibernation, or false for never. */
    readonly hibernation: HibernationWindow | false;
    /** Evictor aggressive mode (also evicts single-replica pods). */
    readonly evictorAggressive: boolean;
    /** Unschedulable-pods headroom, in percent of CPU and memory. */
    readonly headroomPercent: number;
    /** How long an empty node lives before removal, in seconds. */
    readonly emptyNodeDelaySeconds: number;
}

/** The environments with a built-in profile. */
export type EnvironmentName = "dev" | "staging" | "prod";

const offHours: HibernationWindow = { pauseCron: "0 19 * * 1-5", resumeCron: "0 7 * * 1-5", timeZone: "UTC" };

const profiles: Readonly<Record<EnvironmentName, EnvironmentProfile>> = {
    dev: { maxCpuCores: 16, spotSharePercent: 100, hibernation: offHours, evictorAggressive: true, headroomPercent: 5, emptyNodeDelaySeconds: 60 },
    // Seed 000 gives no staging tfvars: the module's defaults (no hibernation, evictor not aggressive) with the
    // diagram's 50 CPU and 80% spot.
    staging: { maxCpuCores: 50, spotSharePercent: 80, hibernation: false, evictorAggressive: false, headroomPercent: 5, emptyNodeDelaySeconds: 60 },
    prod: { maxCpuCores: 200, spotSharePercent: 60, hibernation: false, evictorAggressive: false, headroomPercent: 15, emptyNodeDelaySeconds: 300 },
};

export const ENVIRONMENT_NAMES = Object.keys(profiles) as EnvironmentName[];

/** Every field of a profile, as `profile` overrides name them. */
export const PROFILE_FIELDS = Object.keys(profiles.dev) as (keyof EnvironmentProfile)[];

/** Every field of a hibernation window. */
export const HIBERNATION_FIELDS = fieldNames<HibernationWindow>({ pauseCron: true, resumeCron: true, timeZone: true });

export function isEnvironmentName(name: string): name is EnvironmentName {
    return (ENVIRONMENT_NAMES as string[]).includes(name);
}

/** The built-in profile of an environment (a copy; change it through `resolveProfile` overrides). */
export function environmentProfile(environment: EnvironmentName): EnvironmentProfile {
    const profile = profiles[environment];
    if (!profile) {
        throw new Error(`unknown environment "${environment}": use one of ${ENVIRONMENT_NAMES.join(", ")}, or give a full profile`);
    }
    return { ...profile };
}

/** Problems with a resolved profile, each naming the field (for the component's ResourceErrors). */
export function profileProblems(p: EnvironmentProfile): string[] {
    const problems: string[] = [];
    const int = (field: keyof EnvironmentProfile, value: number, min: number, max: number, unit: string) => {
        if (!Number.isInteger(value) || value < min || value > max) {
            problems.push(`profile.${field} must be a whole number from ${min} to ${max} ${unit}, got ${givenValue(value)}`);
        }
    };
    int("maxCpuCores", p.maxCpuCores, 1, 100_000, "cores");
    int("spotSharePercent", p.spotSharePercent, 0, 100, "percent");
    int("headroomPercent", p.headroomPercent, 0, 100, "percent");
    int("emptyNodeDelaySeconds", p.emptyNodeDelaySeconds, 0, 86_400, "seconds");
    problems.push(...booleanProblem("profile.evictorAggressive", p.evictorAggressive));
    if (p.hibernation !== false && (typeof p.hibernation !== "object" || !p.hibernation.pauseCron || !p.hibernation.resumeCron)) {
        problems.push("profile.hibernation must be false or {pauseCron, resumeCron, timeZone?}");
    } else if (p.hibernation !== false) {
        // The HibernationSchedule child's own rule, so that a bad window fails before the cluster is registered.
        problems.push(...windowProblems((field) => `profile.hibernation.${field}`, p.hibernation).map((problem) => problem.message));
    }
    return problems;
}

/**
 * The profile a cluster gets: the environment's built-in profile with the overrides on top. An environment without
 * a built-in profile (e.g. "qa") needs every field in the overrides.
 */
export function resolveProfile(environment: string, overrides: Partial<EnvironmentProfile> = {}): EnvironmentProfile {
    const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Partial<EnvironmentProfile>;
    if (isEnvironmentName(environment)) {
        return { ...environmentProfile(environment), ...defined };
    }
    const missing = PROFILE_FIELDS.filter((k) => defined[k] === undefined);
    if (missing.length > 0) {
        throw new Error(
            `environment "${environment}" has no built-in profile (${ENVIRONMENT_NAMES.join(", ")} do): set profile.${missing.join(", profile.")}`,
        );
    }
    return defined as EnvironmentProfile;
}
