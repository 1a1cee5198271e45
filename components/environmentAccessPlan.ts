// What CastAiEnvironmentAccess creates, decided before any resource exists: every problem with the args, or the
// complete plan (account, the keys of the rotation, groups and role bindings).
import type * as pulumi from "@pulumi/pulumi";
import type { GroupMemberInput } from "./resources/organizationGroup";
import { CASTAI_ROLE_IDS, type InputsOf } from "./resources/roleBinding";
import { RotationSettings, RotationState, rotationAt, rotationKeepers } from "./keyRotation";

export type CastAiRole = keyof typeof CASTAI_ROLE_IDS;

/** A team that gets one role on the environment's clusters, through an organization group of its own. */
export interface TeamAccess {
    /** The team's users and service accounts (`{kind: "user" | "service_account", id, email}`). */
    readonly members: pulumi.Input<pulumi.Input<InputsOf<GroupMemberInput>>[]>;
}

export interface PlatformTeamAccess extends TeamAccess {
    /** `member` (default) changes clusters and settings; `owner` also manages members and billing. */
    readonly role?: "member" | "owner";
}

export interface CastAiEnvironmentAccessArgs {
    /**
     * Environment name (dev, staging, prod, ...): the service account is `castai-fleet-<environment>`. A plain
     * string, since it names resources.
     */
    readonly environment: string;
    /** Days between two keys; default 90. A plain number: it decides which keys exist. */
    readonly rotationDays?: number;
    /** Days the previous key stays active after a new one is created, then it is deleted; default 7; less than rotationDays. */
    readonly overlapDays?: number;
    /**
     * The time this run counts as (ms since the epoch, a Date or an RFC 3339 string); default: the program's clock
     * at start. Providers never read a clock, so the same time gives the same keys.
     */
    readonly timeStamp?: number | string | Date;
    /**
     * The role the environment's own service account gets on the organization (it must register clusters that do
     * not exist yet); default `member`; `none` grants nothing.
     */
    readonly accountRole?: CastAiRole | "none";
    /** The environment's CAST AI cluster ids: the scope of `readers` and `platform`. Required with either. */
    readonly clusterIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** A team that may look at the environment's clusters (Viewer role); default none. */
    readonly readers?: TeamAccess;
    /** The team that runs the environment's clusters (Member or Owner role); default none. */
    readonly platform?: PlatformTeamAccess;
    /** CAST AI API URL; default: stack config `castai:apiUrl`, CASTAI_API_URL, the US API. */
    readonly apiUrl?: pulumi.Input<string>;
    /** Organization id; default: the API key's organization. */
    readonly organizationId?: pulumi.Input<string>;
}

/** One key of the rotation, with the names of its two resources. */
export interface PlannedKey {
    readonly period: number;
    readonly startsAt: string;
    /** The key's `expiresAt`: the key stops working then even if no run deletes it. */
    readonly retiresAt: string;
    /** `current` is handed to the environment; `previous` stays for the overlap. */
    readonly role: "current" | "previous";
    /** Resource names: the key, and the random suffix of its CAST AI name. */
    readonly resourceName: string;
    readonly suffixName: string;
    /** CAST AI key name before the random suffix: `castai-fleet-<environment>-<period>-`. */
    readonly namePrefix: string;
    readonly keepers: Record<string, string>;
}

export interface PlannedTeam {
    readonly part: "readers" | "platform";
    readonly groupName: string;
    readonly roleId: string;
    readonly members: TeamAccess["members"];
}

export interface EnvironmentAccessPlan {
    readonly environment: string;
    readonly accountName: string;
    readonly rotation: RotationState & RotationSettings;
    /** The current key first. */
    readonly keys: readonly PlannedKey[];
    /** Role id for the account on the organization; undefined for `none`. */
    readonly accountRoleId?: string;
    readonly teams: readonly PlannedTeam[];
}

export type EnvironmentAccessPlanResult = { readonly problems: readonly string[] } | { readonly plan: EnvironmentAccessPlan };

export const DEFAULT_ROTATION_DAYS = 90;
export const DEFAULT_OVERLAP_DAYS = 7;
const ENVIRONMENT_PATTERN = /^[a-z][a-z0-9-]{0,30}$/;
const ROLES = [...Object.keys(CASTAI_ROLE_IDS), "none"];

function timeOf(stamp: CastAiEnvironmentAccessArgs["timeStamp"]): number {
    if (stamp === undefined) return Date.now();
    if (stamp instanceof Date) return stamp.getTime();
    if (typeof stamp === "string") return /^\d{4}-\d{2}-\d{2}T/.test(stamp) ? Date.parse(stamp) : NaN;
    return stamp;
}

const wholeDays = (value: unknown, at: string, min: number): string[] =>
    typeof value === "number" && Number.isInteger(value) && value >= min ? [] : [`${at} must be a whole number of days, at least ${min} (got ${JSON.stringify(value)})`];

/** Every problem with `args`, or what to create for environment access `name`. */
export function planEnvironmentAccess(name: string, args: CastAiEnvironmentAccessArgs): EnvironmentAccessPlanResult {
    const rotationDays = args.rotationDays ?? DEFAULT_ROTATION_DAYS;
    const overlapDays = args.overlapDays ?? DEFAULT_OVERLAP_DAYS;
    const now = timeOf(args.timeStamp);
    const accountRole = args.accountRole ?? "member";
    const problems = [
        ...(typeof args.environment === "string" && ENVIRONMENT_PATTERN.test(args.environment)
            ? []
            : [`environment must be lower-case letters, digits and dashes, starting with a letter, at most 31 characters (got ${JSON.stringify(args.environment)})`]),
        ...wholeDays(rotationDays, "rotationDays", 1),
        ...wholeDays(overlapDays, "overlapDays", 0),
        ...(overlapDays >= rotationDays ? [`overlapDays (${overlapDays}) must be less than rotationDays (${rotationDays}), or two rotations would overlap`] : []),
        ...(Number.isFinite(now) && now >= 0 ? [] : [`timeStamp must be ms since the epoch, a Date or an RFC 3339 time (got ${JSON.stringify(args.timeStamp)})`]),
        ...(ROLES.includes(accountRole) ? [] : [`accountRole must be one of ${ROLES.join(", ")} (got ${JSON.stringify(accountRole)})`]),
        ...((args.readers || args.platform) && args.clusterIds === undefined
            ? ["clusterIds is required with readers or platform: their access is scoped to the environment's clusters"]
            : []),
        ...(args.platform?.role !== undefined && !["member", "owner"].includes(args.platform.role)
            ? [`platform.role must be member or owner (got ${JSON.stringify(args.platform.role)})`]
            : []),
    ];
    if (problems.length > 0) return { problems };

    const settings = { rotationDays, overlapDays };
    const rotation = rotationAt(now, settings);
    const accountName = `castai-fleet-${args.environment}`;
    const planKey = (role: PlannedKey["role"], key: RotationState["current"]): PlannedKey => ({
        ...key,
        role,
        resourceName: `${name}-key-${key.period}`,
        suffixName: `${name}-key-${key.period}-suffix`,
        namePrefix: `${accountName}-${key.period}-`,
        keepers: rotationKeepers(args.environment, key, settings),
    });
    const teams: PlannedTeam[] = [
        ...(args.readers ? [{ part: "readers" as const, groupName: `${accountName}-readers`, roleId: CASTAI_ROLE_IDS.viewer, members: args.readers.members }] : []),
        ...(args.platform
            ? [{ part: "platform" as const, groupName: `${accountName}-platform`, roleId: CASTAI_ROLE_IDS[args.platform.role ?? "member"], members: args.platform.members }]
            : []),
    ];
    return {
        plan: {
            environment: args.environment,
            accountName,
            rotation: { ...rotation, ...settings },
            keys: [planKey("current", rotation.current), ...(rotation.previous ? [planKey("previous", rotation.previous)] : [])],
            ...(accountRole === "none" ? {} : { accountRoleId: CASTAI_ROLE_IDS[accountRole as CastAiRole] }),
            teams,
        },
    };
}

