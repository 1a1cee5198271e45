import type * as pulumi from "@pulumi/pulumi";
import { apiUrlProblem } from "./endpoints";
import {
    CHART_NAMES,
    ChartName,
    ChartVersions,
    compareVersions,
    isExactVersion,
    MIN_OPERATOR_VERSION,
    MIN_OPERATOR_VERSION_PHASE2,
} from "./versions";

/** The clouds CAST AI's operator accepts as `defaultCluster.provider`. */
export type CloudProvider = "eks" | "gke" | "aks";
export const CLOUD_PROVIDERS: readonly CloudProvider[] = ["eks", "gke", "aks"];

/**
 * Operator `migrationMode` values this package accepts. The CRD also allows `autoUpgrade`, but the operator's webhook
 * rejects it together with a pinned Component version (reference/castai-install.md §5.6), and this package always pins.
 */
export type MigrationMode = "write" | "read";
export const MIGRATION_MODES: readonly MigrationMode[] = ["write", "read"];

/** `write`: the operator takes over components at the pinned versions and never upgrades them by itself (§5.7). */
export const DEFAULT_MIGRATION_MODE: MigrationMode = "write";

/** Everything that decides what is installed in one cluster and with which Helm values. */
export interface InstallSettings {
    /** CAST AI cluster ID (a UUID) from the registration; handed to the operator so it does not register again. */
    readonly clusterId: pulumi.Input<string>;
    /** Cloud of the cluster. */
    readonly provider: CloudProvider;
    /** CAST AI API base URL (`https://api.cast.ai` US, `https://api.eu.cast.ai` EU, or a private endpoint). */
    readonly apiUrl: string;
    /** Organization API key (secret); only the operator takes it (reference/castai-install.md §4, §5.11). */
    readonly apiKey: pulumi.Input<string>;
    /** Cluster token (secret) from the registration; the standalone component charts take it (§4, §8). */
    readonly clusterToken: pulumi.Input<string>;
    /** 1: read-only (agent, spot-handler, optional kvisor); 2: automation (cluster-controller, evictor, pinner, mutator). */
    readonly phase: 1 | 2;
    /** Operator `migrationMode`, `write` or `read`; default `write`. */
    readonly migrationMode?: string;
    /** Environment for clusters without IMDS (e.g. `EKS_ACCOUNT_ID`), given to the operator and the agent; default none. */
    readonly additionalEnv?: Readonly<Record<string, string>>;
    /** Evictor `aggressiveMode`: also consider single-replica pods. */
    readonly evictorAggressive: boolean;
    /** Share of pods sent to spot nodes, an integer percentage 0-100. */
    readonly spotSharePercent: number;
    /** Install kvisor (security scanning and runtime agent; seed 000 `security.tf`). */
    readonly security: boolean;
    /** Resolved chart versions (defaults merged with overrides, see `resolveChartVersions`). */
    readonly versions: ChartVersions;
}

/** One invalid setting: the field path (e.g. `versions.castai-evictor`) and what to change. */
export interface FieldError {
    readonly field: string;
    readonly message: string;
}

/** Thrown by planners given settings that `validateInstallSettings` rejects; carries the same field errors. */
export class InstallSettingsError extends Error {
    readonly errors: readonly FieldError[];

    constructor(errors: readonly FieldError[]) {
        super(`invalid install settings: ${errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`);
        this.name = "InstallSettingsError";
        this.errors = errors;
    }
}

// The operator CRD validates spec.cluster.clusterID against this pattern (reference/castai-install.md §5.5).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Environment variables this package sets itself; a user value would silently fight it. STATIC_CLUSTER_ID pins the
 * agent to the registered cluster on EKS and GKE, as CAST AI's Terraform modules do (reference/castai-install.md §6.1).
 */
const RESERVED_ENV: Readonly<Record<string, string>> = {
    STATIC_CLUSTER_ID: "is set from clusterId; remove it",
};

/**
 * Checks settings before anything is planned. Returns every problem at once (empty when valid). Messages never
 * contain the API key or the cluster token. Inputs that are not yet known (Outputs) are not checked.
 */
export function validateInstallSettings(s: InstallSettings): FieldError[] {
    const errors: FieldError[] = [];
    const fail = (field: string, message: string) => errors.push({ field, message });

    if (typeof s.clusterId === "string" && !UUID.test(s.clusterId)) {
        fail("clusterId", `"${s.clusterId}" is not a CAST AI cluster ID (a UUID); pass the registered cluster's id`);
    }
    if (!CLOUD_PROVIDERS.includes(s.provider)) {
        fail("provider", `"${String(s.provider)}" is not supported; use one of ${CLOUD_PROVIDERS.join(", ")}`);
    }
    const urlProblem = typeof s.apiUrl === "string" ? apiUrlProblem(s.apiUrl) : "is required";
    if (urlProblem !== undefined) {
        fail("apiUrl", urlProblem);
    }
    if (s.apiKey === "") {
        fail("apiKey", "is empty; the operator needs the organization API key");
    }
    if (s.clusterToken === "") {
        fail("clusterToken", "is empty; the component charts need the cluster token from the registration");
    }
    if (s.phase !== 1 && s.phase !== 2) {
        fail("phase", `must be 1 (read-only) or 2 (automation); got ${String(s.phase)}`);
    }
    if (s.migrationMode === "autoUpgrade") {
        fail(
            "migrationMode",
            "autoUpgrade cannot be combined with pinned Component versions (the operator's webhook rejects it); " +
                "use write and raise versions through the versions table",
        );
    } else if (s.migrationMode !== undefined && !(MIGRATION_MODES as readonly string[]).includes(s.migrationMode)) {
        fail("migrationMode", `"${s.migrationMode}" is not a migration mode; use one of ${MIGRATION_MODES.join(", ")}`);
    }
    for (const [key, value] of Object.entries(s.additionalEnv ?? {})) {
        if (!ENV_NAME.test(key)) {
            fail(`additionalEnv.${key}`, "is not a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
        } else if (key in RESERVED_ENV) {
            fail(`additionalEnv.${key}`, RESERVED_ENV[key]);
        } else if (typeof value !== "string") {
            fail(`additionalEnv.${key}`, "must be a string");
        }
    }
    if (typeof s.evictorAggressive !== "boolean") {
        fail("evictorAggressive", "must be true or false");
    }
    if (!Number.isInteger(s.spotSharePercent) || s.spotSharePercent < 0 || s.spotSharePercent > 100) {
        fail("spotSharePercent", `must be an integer from 0 to 100; got ${String(s.spotSharePercent)}`);
    }
    if (typeof s.security !== "boolean") {
        fail("security", "must be true or false");
    }
    errors.push(...validateVersions(s.versions ?? {}, s.phase));
    return errors;
}

function validateVersions(versions: Readonly<Record<string, unknown>>, phase: number): FieldError[] {
    const errors: FieldError[] = [];
    for (const key of Object.keys(versions)) {
        if (!(CHART_NAMES as string[]).includes(key)) {
            errors.push({ field: `versions.${key}`, message: `unknown chart; known charts: ${CHART_NAMES.join(", ")}` });
        }
    }
    for (const chart of CHART_NAMES) {
        const v = versions[chart];
        if (!isExactVersion(v)) {
            errors.push({
                field: `versions.${chart}`,
                message:
                    `${v === undefined ? "is missing" : JSON.stringify(v) + " is not an exact version"}; ` +
                    `pin one chart version like 1.2.3 (ranges, "latest" and "" would drift)`,
            });
        }
    }
    const operator = versions["castware-operator" satisfies ChartName];
    if (isExactVersion(operator)) {
        const minimum = phase === 2 ? MIN_OPERATOR_VERSION_PHASE2 : MIN_OPERATOR_VERSION;
        if (compareVersions(operator, minimum) < 0) {
            errors.push({
                field: "versions.castware-operator",
                message:
                    `${operator} is older than ${minimum}, the first operator release that supports ` +
                    (phase === 2 ? "cluster-controller (phase 2)" : "installs by infrastructure as code"),
            });
        }
    }
    return errors;
}
