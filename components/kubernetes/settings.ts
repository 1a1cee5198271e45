import * as pulumi from "@pulumi/pulumi";
import { givenValue } from "../argShape";
import { CASTAI_ID_PATTERN } from "../castaiId";
import { apiUrlProblem } from "./endpoints";
import {
    CHART_NAMES,
    CHART_REPOSITORY,
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
 * rejects it together with a pinned Component version, and this package always pins.
 */
export type MigrationMode = "write" | "read";
export const MIGRATION_MODES: readonly MigrationMode[] = ["write", "read"];

/** `write`: the operator takes over components at the pinned versions and never upgrades them by itself. */
export const DEFAULT_MIGRATION_MODE: MigrationMode = "write";

/** Everything that decides what is installed in one cluster and with which Helm values. */
export interface InstallSettings {
    /** CAST AI cluster ID (a UUID) from the registration; handed to the operator so it does not register again. */
    readonly clusterId: pulumi.Input<string>;
    /** Cloud of the cluster. */
    readonly provider: CloudProvider;
    /** CAST AI API base URL (`https://api.cast.ai` US, `https://api.eu.cast.ai` EU, or a private endpoint). */
    readonly apiUrl: string;
    /**
     * Organization API key (secret); only the operator takes it. Default none: the operator values then leave the
     * key to whoever applies them (a GitOps tool with its own secret).
     */
    readonly apiToken?: pulumi.Input<string>;
    /** Cluster token (secret) from the registration; the standalone component charts take it. */
    readonly clusterToken: pulumi.Input<string>;
    /** 1: read-only (agent, spot-handler, optional kvisor); 2: automation (cluster-controller, evictor, pinner, mutator). */
    readonly phase: 1 | 2;
    /** Operator `migrationMode`, `write` or `read`; default `write`. */
    readonly migrationMode?: string;
    /**
     * The cluster's cloud metadata as environment for the operator, so that it needs no instance metadata service
     * (on EKS `EKS_ACCOUNT_ID`, `EKS_REGION`, `EKS_CLUSTER_NAME`, see `eksMetadataEnv`); default none.
     */
    readonly metadataEnv?: Readonly<Record<string, pulumi.Input<string>>>;
    /**
     * Extra environment for the operator and the agent; a variable of `metadataEnv` with the same name is replaced.
     * Default none.
     */
    readonly additionalEnv?: Readonly<Record<string, pulumi.Input<string>>>;
    /** Evictor `aggressiveMode`: also consider single-replica pods. */
    readonly evictorAggressive: boolean;
    /** Share of pods sent to spot nodes, an integer percentage 0-100. */
    readonly spotSharePercent: number;
    /** Install kvisor, CAST AI's security scanning and runtime agent. */
    readonly security: boolean;
    /** Resolved chart versions (defaults merged with overrides, see `resolveChartVersions`). */
    readonly chartVersions: ChartVersions;
    /** Helm repository (http or https URL) every chart is pulled from; `CHART_REPOSITORY` is CAST AI's. */
    readonly chartRepository: string;
}

/** The settings known before the cluster is registered: all but the registration's cluster id and token. */
export type InstallOptions = Omit<InstallSettings, "clusterId" | "clusterToken">;

/** The settings a CastAiCluster user gives directly, under the same names (`phase` only decides the version minimum). */
export type InstallArgs = Pick<
    InstallSettings,
    "apiUrl" | "apiToken" | "migrationMode" | "additionalEnv" | "security" | "chartVersions" | "chartRepository" | "phase"
>;

/** One invalid setting: the field path (e.g. `chartVersions.castai-evictor`) and what to change. */
export interface FieldError {
    readonly field: string;
    readonly message: string;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Environment variables this package sets itself; a user value would silently fight it. STATIC_CLUSTER_ID pins the
 * agent to the registered cluster on EKS and GKE, as CAST AI's Terraform modules do.
 */
const RESERVED_ENV: Readonly<Record<string, string>> = {
    STATIC_CLUSTER_ID: "is set from clusterId; remove it",
};

/**
 * Checks the settings before anything is planned. Returns every problem at once (empty when valid). Messages never
 * contain the API key or the cluster token. Inputs that are not yet known (Outputs) are not checked.
 */
export function validateInstallSettings(s: InstallSettings): FieldError[] {
    const errors: FieldError[] = [];
    const fail = (field: string, message: string) => errors.push({ field, message });

    if (typeof s.clusterId === "string" && !CASTAI_ID_PATTERN.test(s.clusterId)) {
        fail("clusterId", `"${s.clusterId}" is not a CAST AI cluster ID (an RFC 4122 UUID); pass the registered cluster's id`);
    }
    if (!CLOUD_PROVIDERS.includes(s.provider)) {
        fail("provider", `"${String(s.provider)}" is not supported; use one of ${CLOUD_PROVIDERS.join(", ")}`);
    }
    if (s.clusterToken === "") {
        fail("clusterToken", "is empty; the component charts need the cluster token from the registration");
    }
    if (s.phase !== 1 && s.phase !== 2) {
        fail("phase", `must be 1 (read-only) or 2 (automation); got ${String(s.phase)}`);
    }
    if (typeof s.evictorAggressive !== "boolean") {
        fail("evictorAggressive", "must be true or false");
    }
    if (!Number.isInteger(s.spotSharePercent) || s.spotSharePercent < 0 || s.spotSharePercent > 100) {
        fail("spotSharePercent", `must be an integer from 0 to 100; got ${String(s.spotSharePercent)}`);
    }
    errors.push(...validateInstallArgs(s));
    return errors;
}

/**
 * The part of `validateInstallSettings` that checks what a CastAiCluster user sets directly (its names are the same),
 * so that CastAiCluster reports these before it knows the cluster id, and derived settings are checked at their
 * source (the profile, the phase).
 */
export function validateInstallArgs(s: InstallArgs): FieldError[] {
    const errors: FieldError[] = [];
    const fail = (field: string, message: string) => errors.push({ field, message });

    const urlProblem = typeof s.apiUrl === "string" ? apiUrlProblem(s.apiUrl) : "is required";
    if (urlProblem !== undefined) {
        fail("apiUrl", urlProblem);
    }
    if (s.apiToken === "") {
        fail("apiToken", "is empty; the operator needs the organization API key");
    }
    if (s.migrationMode === "autoUpgrade") {
        fail(
            "migrationMode",
            "autoUpgrade cannot be combined with pinned Component versions (the operator's webhook rejects it); " +
                "use write and raise versions through chartVersions",
        );
    } else if (s.migrationMode !== undefined && !(MIGRATION_MODES as readonly string[]).includes(s.migrationMode)) {
        fail("migrationMode", `"${s.migrationMode}" is not a migration mode; use one of ${MIGRATION_MODES.join(", ")}`);
    }
    for (const [key, value] of Object.entries(s.additionalEnv ?? {})) {
        if (!ENV_NAME.test(key)) {
            fail(`additionalEnv.${key}`, "is not a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
        } else if (key in RESERVED_ENV) {
            fail(`additionalEnv.${key}`, RESERVED_ENV[key]);
        } else if (typeof value !== "string" && !pulumi.Output.isInstance(value)) {
            fail(`additionalEnv.${key}`, "must be a string");
        }
    }
    if (typeof s.security !== "boolean") {
        fail("security", `must be true or false, got ${givenValue(s.security)}`);
    }
    const repoProblem = chartRepositoryProblem(s.chartRepository);
    if (repoProblem !== undefined) {
        fail("chartRepository", repoProblem);
    }
    errors.push(...validateVersions(s.chartVersions ?? {}, s.phase));
    return errors;
}

/** Why `url` cannot be the Helm repository of the charts, or undefined when it can. */
function chartRepositoryProblem(url: unknown): string | undefined {
    let parsed: URL | undefined;
    try {
        parsed = typeof url === "string" ? new URL(url) : undefined;
    } catch {
        parsed = undefined;
    }
    if (parsed === undefined || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
        return `must be the http(s) URL of a Helm chart repository, e.g. ${CHART_REPOSITORY}; got ${JSON.stringify(url)}`;
    }
    if (parsed.username || parsed.password) {
        // Not quoted: the URL carries a password, and Release inputs keep the repository in plain text.
        return "must not carry credentials in the URL; use a repository that needs none (a mirror inside your network)";
    }
    return undefined;
}

function validateVersions(versions: Readonly<Record<string, unknown>>, phase: number): FieldError[] {
    const errors: FieldError[] = [];
    for (const key of Object.keys(versions)) {
        if (!(CHART_NAMES as string[]).includes(key)) {
            errors.push({ field: `chartVersions.${key}`, message: `unknown chart; known charts: ${CHART_NAMES.join(", ")}` });
        }
    }
    for (const chart of CHART_NAMES) {
        const v = versions[chart];
        if (!isExactVersion(v)) {
            errors.push({
                field: `chartVersions.${chart}`,
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
                field: "chartVersions.castware-operator",
                message:
                    `${operator} is older than ${minimum}, the first operator release that supports ` +
                    (phase === 2 ? "cluster-controller (phase 2)" : "installs by infrastructure as code"),
            });
        }
    }
    return errors;
}
