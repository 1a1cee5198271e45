// Plain decisions behind CastAiCluster: argument checks, and the CAST AI documents derived from a profile. The
// component only wires these into resources, so tests can call them directly.
import type { Policies, TemplateConstraints } from "./api/types";
import { AksCastAiIdentityArgs, validateAksIdentityArgs } from "./cloud/aks";
import { EksCastAiIdentityArgs, validateEksIdentityArgs } from "./cloud/eks";
import { GkeCastAiIdentityArgs, validateGkeIdentityArgs } from "./cloud/gke";
import type { EnvironmentProfile } from "./environments";
import { profileProblems } from "./environments";
import type { CloudProvider } from "./kubernetes/settings";

/** What the checks need to know about the args, with Inputs already narrowed to "given or not". */
export interface ClusterArgsShape {
    readonly provider: unknown;
    readonly environment: unknown;
    readonly phase: unknown;
    readonly inCluster: boolean;
    readonly hasKubernetesProvider: boolean;
    readonly hasApiToken: boolean;
    readonly clouds: Readonly<Record<CloudProvider, Record<string, unknown> | undefined>>;
    /** Profile fields the user set explicitly (not from the environment's defaults). */
    readonly explicitProfile: Readonly<Partial<EnvironmentProfile>>;
    /** `spotNodeTemplate` as the user set it (undefined when not set). */
    readonly spotNodeTemplate?: boolean;
    /** Whether the user asked for the in-cluster monitoring (PrometheusRule, PodMonitor). */
    readonly monitoring?: boolean;
}

const requiredCloudArgs: Record<CloudProvider, readonly string[]> = {
    eks: ["accountId", "region", "clusterName"],
    gke: ["projectId", "location", "clusterName"],
    aks: ["subscriptionId", "region", "resourceGroupName", "nodeResourceGroup", "clusterName"],
};

// The fields each cloud block takes, as CastAiCluster names them; the identity components' messages use the same
// names without the block, so they are prefixed with it (`vpcId` → `eks.vpcId`).
const cloudArgNames: Record<CloudProvider, readonly string[]> = {
    eks: ["accountId", "region", "clusterName", "vpcId", "existingRoleArn", "existingInstanceProfileArn", "tags"],
    gke: ["projectId", "location", "clusterName", "existingServiceAccountKeyJson"],
    aks: [
        "subscriptionId", "region", "resourceGroupName", "nodeResourceGroup", "clusterName", "tenantId",
        "castaiImpersonationServiceAccountId", "existingClientId", "existingClientSecret", "existingFederationId",
    ],
};

// CastAiCluster supplies the EKS role's principal and external id itself (from EksAssumeRolePrincipal), and the
// AKS federation subject (from CAST AI's impersonation service account) when not given; for the checks they only
// need to be given. Valid-looking placeholders keep their format checks quiet.
const SUPPLIED_BY_COMPONENT = {
    castaiPrincipalArn: "arn:aws:iam::000000000000:user/supplied-by-castaicluster",
    clusterId: "supplied-by-castaicluster",
    impersonation: "supplied-by-castaicluster",
};

/**
 * What the phase-2 identity component of `provider` would reject in `cloud`, named as CastAiCluster fields. Checked
 * with the other args so that nothing (in particular the EKS principal, which registers the cluster in CAST AI) is
 * created before an invalid identity is reported.
 */
export function identityArgsProblems(provider: CloudProvider, cloud: Record<string, unknown>): string[] {
    const problems =
        provider === "eks"
            ? validateEksIdentityArgs({ ...(cloud as unknown as EksCastAiIdentityArgs), castaiPrincipalArn: SUPPLIED_BY_COMPONENT.castaiPrincipalArn, clusterId: SUPPLIED_BY_COMPONENT.clusterId })
            : provider === "gke"
              ? validateGkeIdentityArgs(cloud as unknown as GkeCastAiIdentityArgs)
              : validateAksIdentityArgs({
                    ...(cloud as unknown as AksCastAiIdentityArgs),
                    castaiImpersonationServiceAccountId: (cloud.castaiImpersonationServiceAccountId as string | undefined) ?? SUPPLIED_BY_COMPONENT.impersonation,
                });
    const names = new RegExp(`(?<![\\w.])(${cloudArgNames[provider].join("|")})\\b`, "g");
    return problems.map((p) => p.replace(names, `${provider}.$1`));
}

/** Every problem with the args, each naming the field and what is allowed; empty when they are fine. */
export function clusterArgsProblems(a: ClusterArgsShape, profile: EnvironmentProfile | undefined): string[] {
    const problems: string[] = [];
    if (typeof a.environment !== "string" || a.environment.trim() === "") {
        problems.push(`environment is required: "dev", "staging", "prod", or another name with a full profile`);
    }
    if (a.provider !== "eks" && a.provider !== "gke" && a.provider !== "aks") {
        problems.push(`provider must be "eks", "gke" or "aks", got ${JSON.stringify(a.provider)}`);
    } else {
        const cloud = a.clouds[a.provider];
        if (!cloud) {
            problems.push(`${a.provider} is required when provider is "${a.provider}": ${requiredCloudArgs[a.provider].join(", ")}`);
        } else {
            const missing = requiredCloudArgs[a.provider].filter((key) => cloud[key] === undefined || cloud[key] === "");
            problems.push(...missing.map((key) => `${a.provider}.${key} is required`));
            if (a.provider === "eks" && typeof cloud.accountId === "string" && cloud.accountId !== "" && !/^\d{12}$/.test(cloud.accountId)) {
                problems.push(`eks.accountId must be the 12-digit AWS account id, got "${cloud.accountId}"`);
            }
            if (a.phase === 2 && missing.length === 0) {
                // Phase 2 creates (or takes) the cloud identity: its rules apply now, not after the registration exists.
                problems.push(...identityArgsProblems(a.provider, cloud));
            }
        }
        for (const other of ["eks", "gke", "aks"] as const) {
            if (other !== a.provider && a.clouds[other] !== undefined) {
                problems.push(`${other} is set but provider is "${a.provider}": remove ${other} or change provider`);
            }
        }
    }
    if (a.phase !== 1 && a.phase !== 2) {
        problems.push(`phase must be 1 (read-only monitoring) or 2 (automation), got ${JSON.stringify(a.phase)}`);
    }
    if (a.phase === 1) {
        // Phase-2-only objects on a read-only cluster would never take effect: fail now, saying why.
        if (a.explicitProfile.hibernation) {
            problems.push("profile.hibernation needs phase 2: a read-only (phase 1) cluster gives CAST AI no credentials to pause nodes");
        }
        if (a.explicitProfile.spotSharePercent !== undefined && a.explicitProfile.spotSharePercent < 100) {
            problems.push("profile.spotSharePercent needs phase 2: the pod mutator that splits pods runs only with automation");
        }
        if (a.spotNodeTemplate === true) {
            problems.push("spotNodeTemplate needs phase 2: a read-only (phase 1) cluster gives CAST AI no credentials to launch nodes");
        }
    }
    if (a.inCluster && !a.hasApiToken) {
        problems.push("apiToken is required to install the operator: set `pulumi config set --secret castai:apiToken <key>` or pass apiToken");
    }
    if (!a.inCluster && a.hasKubernetesProvider) {
        problems.push("kubernetesProvider is set but inCluster is false: nothing is installed in the cluster, so remove one of them");
    }
    if (!a.inCluster && a.monitoring) {
        problems.push("monitoring is set but inCluster is false: the PrometheusRule and PodMonitor are installed in the cluster, so remove one of them");
    }
    if (profile) {
        problems.push(...profileProblems(profile));
    }
    // The identity check repeats the accountId format problem in phase 2; report it once.
    return [...new Set(problems)];
}

/** The autoscaler policy fields the fleet manages, from the profile. */
export function autoscalerPolicies(p: EnvironmentProfile): Policies {
    return {
        enabled: true,
        unschedulablePods: { enabled: true, headroom: { enabled: true, cpuPercentage: p.headroomPercent, memoryPercentage: p.headroomPercent } },
        clusterLimits: { enabled: true, cpu: { maxCores: p.maxCpuCores } },
        nodeDownscaler: {
            enabled: true,
            emptyNodes: { enabled: true, delaySeconds: p.emptyNodeDelaySeconds },
            evictor: { enabled: true, aggressiveMode: p.evictorAggressive },
        },
    };
}

/** Seed 000's spot worker template: spot nodes with on-demand fallback while spot is unavailable. */
export function spotTemplateConstraints(): TemplateConstraints {
    return { spot: true, onDemand: false, useSpotFallbacks: true, fallbackRestoreRateSeconds: 1800, architectures: ["amd64"] };
}

/** The pod mutation groups that send `percent` of pods to spot nodes and the rest to on-demand ones. */
export function spotShareGroups(percent: number): { name: string; percentage: number; config: { spotType?: "USE_ONLY_SPOT" } }[] {
    return [
        { name: "spot", percentage: percent, config: { spotType: "USE_ONLY_SPOT" } },
        { name: "on-demand", percentage: 100 - percent, config: {} },
    ];
}

/** The instance type that wakes a hibernated cluster, per cloud: a small general-purpose node. */
export const resumeInstanceTypes: Readonly<Record<CloudProvider, string>> = {
    eks: "m5.large",
    gke: "e2-standard-4",
    aks: "Standard_D4s_v5",
};
