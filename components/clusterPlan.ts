// CastAiCluster's one decision: from the args, either every problem with them or the complete plan of what to
// create. It uses the same validators as the identity components and install settings (told the field prefix the
// user wrote), and creates nothing, so a bad arg is reported before any child (an IAM role, a CAST AI registration)
// exists.
import * as pulumi from "@pulumi/pulumi";
import { aksIdentityMode, AksCastAiIdentityArgs, validateAksClusterArgs, validateAksCredentialArgs } from "./cloud/aks";
import { formatProblems, isSet, knownValue, requiredStrings } from "./cloud/common";
import { eksIdentityPlan, EksCastAiIdentityArgs, validateEksClusterArgs, validateEksRoleArgs } from "./cloud/eks";
import { GkeCastAiIdentityArgs, validateGkeClusterArgs, validateGkeKeyArgs } from "./cloud/gke";
import { gcpLocationProblem } from "./cloud/regions";
import { booleanProblem, givenValue, unknownKeyProblems } from "./argShape";
import { CLOUD_ARG_FIELDS, CLUSTER_ARG_FIELDS, CastAiClusterArgs, MONITORING_OPTION_FIELDS } from "./clusterArgs";
import { autoscalerPolicies, resumeInstanceTypes, spotShareGroups, spotTemplateConstraints } from "./clusterObjects";
import { EnvironmentProfile, HIBERNATION_FIELDS, PROFILE_FIELDS, profileProblems, resolveProfile } from "./environments";
import type { CastAiMonitoringArgs } from "./kubernetes/monitoring";
import { needsPodMutator } from "./kubernetes/plan";
import { CLOUD_PROVIDERS, CloudProvider, InstallArgs, InstallOptions, validateInstallArgs } from "./kubernetes/settings";
import type { KubeTarget } from "./kubernetes/target";
import { eksMetadataEnv } from "./kubernetes/values";
import { CHART_REPOSITORY, resolveChartVersions } from "./kubernetes/versions";
import { programApiToken, programApiUrl } from "./programApi";
import type { AutoscalerPolicyArgs } from "./resources/autoscalerPolicy";
import type { CommonArgs } from "./resources/commonArgs";
import type { EksAssumeRolePrincipalArgs } from "./resources/eksAssumeRolePrincipal";
import type { ExternalClusterArgs } from "./resources/externalCluster";
import type { AgentConnectionArgs } from "./resources/agentConnection";
import type { HibernationScheduleArgs } from "./resources/hibernationSchedule";
import type { NodeTemplateArgs } from "./resources/nodeTemplate";
import type { PodMutationArgs } from "./resources/podMutation";

/** One child to create: its Pulumi resource name and its args (environment and apiUrl are added to CAST AI objects). */
export interface PlannedResource<A> {
    readonly resourceName: string;
    readonly args: A;
}

/** The cloud identity CAST AI uses in phase 2, to create (or to take, when the args bring one). */
export type IdentityPlan =
    | (PlannedResource<Omit<EksCastAiIdentityArgs, "castaiPrincipalArn" | "clusterId">> & {
          readonly provider: "eks";
          /** CAST AI's principal the created role trusts; undefined when the args bring the role. */
          readonly principal?: PlannedResource<Omit<EksAssumeRolePrincipalArgs, keyof CommonArgs>>;
      })
    | (PlannedResource<GkeCastAiIdentityArgs> & { readonly provider: "gke" })
    | (PlannedResource<AksCastAiIdentityArgs> & {
          readonly provider: "aks";
          /** Whether CAST AI's impersonation account (the federation subject) is looked up from CAST AI. */
          readonly lookUpImpersonationAccount: boolean;
      });

/** Everything a CastAiCluster creates, decided from valid args. Secrets in it are Inputs the caller keeps secret. */
export interface ClusterPlan {
    readonly environment: string;
    /** The environment's profile with the overrides applied. */
    readonly profile: EnvironmentProfile;
    readonly provider: CloudProvider;
    readonly phase: 1 | 2;
    readonly inCluster: boolean;
    /** The API URL resolved from the arg, stack config or environment. */
    readonly apiUrl: string;
    /** The API key resolved from the arg, stack config or environment (secret); undefined when none is set. */
    readonly apiToken?: pulumi.Input<string>;
    /** Where the in-cluster software goes; `none` for GitOps. */
    readonly kubeTarget: KubeTarget;
    /** On destroy, also delete the CRDs and the namespace the releases leave (never with a `provider` target). */
    readonly fullRemovalOnDestroy: boolean;
    /** What the Helm releases (or GitOps values) are planned from; the registration adds its cluster id and token. */
    readonly install: InstallOptions;
    /** The PrometheusRule and PodMonitor, when asked for. */
    readonly monitoring?: PlannedResource<Omit<CastAiMonitoringArgs, "provider">>;
    /** Phase 2 only. */
    readonly identity?: IdentityPlan;
    /** The registration; the identity's credentials are added once it exists. */
    readonly registration: PlannedResource<Omit<ExternalClusterArgs, "credentials" | keyof CommonArgs>>;
    /** Phase 2 only, as are the objects below. */
    readonly autoscalerPolicy?: PlannedResource<Omit<AutoscalerPolicyArgs, "clusterId" | keyof CommonArgs>>;
    readonly spotTemplate?: PlannedResource<Omit<NodeTemplateArgs, "clusterId" | keyof CommonArgs>>;
    /** Only when the profile splits pods between spot and on-demand. */
    readonly spotShare?: PlannedResource<Omit<PodMutationArgs, "clusterId" | keyof CommonArgs>>;
    /** Only when the profile hibernates. */
    readonly hibernation?: PlannedResource<Omit<HibernationScheduleArgs, "clusterIds" | keyof CommonArgs>>;
    /** The wait for the agent's first report, after the install; only with `waitForConnected`. */
    readonly connection?: PlannedResource<Omit<AgentConnectionArgs, "clusterId" | keyof CommonArgs>>;
    /** Things worth telling the user that are not errors (logged as info). */
    readonly notices: readonly string[];
}

/** Every problem with the args (one line each, naming the field as the user wrote it), or the plan. */
export type ClusterPlanResult = { readonly problems: readonly string[] } | { readonly plan: ClusterPlan };

/** The required fields of each cloud block, as the message for a missing block lists them. */
const REQUIRED_CLOUD_ARGS: Readonly<Record<CloudProvider, readonly string[]>> = {
    eks: ["accountId", "region", "clusterName"],
    gke: ["projectId", "location", "clusterName"],
    aks: ["subscriptionId", "region", "resourceGroupName", "nodeResourceGroup", "clusterName"],
};

/**
 * Decides what `new CastAiCluster(name, args)` creates, or why it cannot. Creates nothing; reads only the stack
 * config and environment that default `apiUrl` and `apiToken` (`castai:apiUrl`, `castai:apiToken`, CASTAI_API_URL,
 * CASTAI_API_TOKEN). Values given as Outputs are not format-checked here: the resources receiving them check them
 * when they are known.
 */
export function planCluster(name: string, args: CastAiClusterArgs): ClusterPlanResult {
    const phase = args.phase ?? 2;
    const inCluster = args.inCluster ?? true;
    const apiToken = programApiToken(args.apiToken);
    const installArgs: InstallArgs = {
        apiUrl: programApiUrl(args.apiUrl),
        apiToken,
        phase,
        migrationMode: args.migrationMode,
        additionalEnv: args.additionalEnv,
        security: args.security ?? false,
        chartVersions: resolveChartVersions(args.chartVersions),
        chartRepository: args.chartRepository ?? CHART_REPOSITORY,
    };

    const problems = shapeProblems(args);
    const environmentGiven = typeof args.environment === "string" && args.environment.trim() !== "";
    if (!environmentGiven) {
        problems.push(`environment is required: "dev", "staging", "prod", or another name with a full profile`);
    }
    problems.push(...cloudProblems(args, phase));
    if (phase !== 1 && phase !== 2) {
        problems.push(`phase must be 1 (read-only monitoring) or 2 (automation), got ${JSON.stringify(phase)}`);
    }
    if (phase === 1) {
        problems.push(...phaseTwoOnlyProblems(args));
    }
    problems.push(...kubeTargetProblems(args, inCluster));
    if (inCluster && apiToken === undefined) {
        problems.push("apiToken is required to install the operator: set `pulumi config set --secret castai:apiToken <key>` or pass apiToken");
    }
    if (!inCluster && args.monitoring) {
        problems.push("monitoring is set but inCluster is false: the PrometheusRule and PodMonitor are installed in the cluster, so remove one of them");
    }
    if (knownValue(args.name) === "") {
        problems.push("name must not be empty: leave it out to use the cloud cluster name");
    }
    let profile: EnvironmentProfile | undefined;
    if (environmentGiven) {
        try {
            profile = resolveProfile(args.environment, args.profile);
            problems.push(...profileProblems(profile));
        } catch (err) {
            problems.push((err as Error).message);
        }
    }
    problems.push(...validateInstallArgs(installArgs).map((e) => `${e.field}: ${e.message}`));

    if (problems.length > 0 || profile === undefined) {
        return { problems };
    }
    return { plan: buildPlan(name, args, profile, phase as 1 | 2, inCluster, installArgs) };
}

/** Typos and wrong types that YAML and JavaScript let through, each of which would otherwise silently give a default. */
function shapeProblems(args: CastAiClusterArgs): string[] {
    const problems = unknownKeyProblems("", "CastAiCluster", args, CLUSTER_ARG_FIELDS);
    for (const cloud of CLOUD_PROVIDERS) {
        problems.push(...unknownKeyProblems(cloud, cloud, args[cloud], CLOUD_ARG_FIELDS[cloud]));
    }
    problems.push(...unknownKeyProblems("profile", "profile", args.profile, PROFILE_FIELDS));
    if (args.profile?.hibernation) {
        problems.push(...unknownKeyProblems("profile.hibernation", "profile.hibernation", args.profile.hibernation, HIBERNATION_FIELDS));
    }
    if (typeof args.monitoring === "object" && args.monitoring !== null) {
        problems.push(...unknownKeyProblems("monitoring", "monitoring", args.monitoring, MONITORING_OPTION_FIELDS));
    } else if (args.monitoring !== undefined && typeof args.monitoring !== "boolean") {
        problems.push(`monitoring must be true, false or { labels }, got ${givenValue(args.monitoring)}`);
    }
    // `security` is checked with the other install settings.
    for (const field of ["inCluster", "spotNodeTemplate", "deleteNodesOnDisconnect", "fullRemovalOnDestroy"] as const) {
        problems.push(...booleanProblem(field, args[field]));
    }
    const wait = args.waitForConnected;
    if (wait !== undefined && typeof wait !== "boolean" && !(Number.isInteger(wait) && wait >= 10 && wait <= 3600)) {
        problems.push(`waitForConnected must be true, false or a whole number of seconds from 10 to 3600, got ${givenValue(wait)}`);
    }
    return problems;
}

/** The provider and its cloud block: the identity CAST AI registers, and in phase 2 the cloud identity's own rules. */
function cloudProblems(args: CastAiClusterArgs, phase: unknown): string[] {
    const provider = args.provider;
    if (!CLOUD_PROVIDERS.includes(provider)) {
        return [`provider must be "eks", "gke" or "aks", got ${JSON.stringify(provider)}`];
    }
    const problems: string[] = [];
    const identity = phase === 2;
    if (provider === "eks" && args.eks) {
        problems.push(...validateEksClusterArgs(args.eks, "eks"), ...(identity ? validateEksRoleArgs(args.eks, "eks") : []));
    } else if (provider === "gke" && args.gke) {
        problems.push(
            ...validateGkeClusterArgs(args.gke, "gke"),
            ...requiredStrings(args.gke, ["location"], "gke"),
            ...formatProblems(args.gke, { location: gcpLocationProblem }, "gke"),
            ...(identity ? validateGkeKeyArgs(args.gke, "gke") : []),
        );
    } else if (provider === "aks" && args.aks) {
        problems.push(...validateAksClusterArgs(args.aks, "aks"), ...(identity ? validateAksCredentialArgs(args.aks, "aks") : []));
    } else {
        problems.push(`${provider} is required when provider is "${provider}": ${REQUIRED_CLOUD_ARGS[provider].join(", ")}`);
    }
    for (const other of CLOUD_PROVIDERS) {
        if (other !== provider && args[other] !== undefined) {
            problems.push(`${other} is set but provider is "${provider}": remove ${other} or change provider`);
        }
    }
    return problems;
}

/** Phase-2-only objects asked for on a read-only cluster would never take effect: fail now, saying why. */
function phaseTwoOnlyProblems(args: CastAiClusterArgs): string[] {
    const problems: string[] = [];
    if (args.profile?.hibernation) {
        problems.push("profile.hibernation needs phase 2: a read-only (phase 1) cluster gives CAST AI no credentials to pause nodes");
    }
    if (args.profile?.spotSharePercent !== undefined && args.profile.spotSharePercent < 100) {
        problems.push("profile.spotSharePercent needs phase 2: the pod mutator that splits pods runs only with automation");
    }
    if (args.spotNodeTemplate === true) {
        problems.push("spotNodeTemplate needs phase 2: a read-only (phase 1) cluster gives CAST AI no credentials to launch nodes");
    }
    return problems;
}

/** At most one explicit Kubernetes target, and only when something is installed. Never quotes the kubeconfig. */
function kubeTargetProblems(args: CastAiClusterArgs, inCluster: boolean): string[] {
    const problems: string[] = [];
    const given = (["kubeconfig", "kubernetesProvider"] as const).filter((field) => args[field] !== undefined);
    if (given.length === 2) {
        problems.push("kubeconfig and kubernetesProvider exclude each other: pass the target cluster's kubeconfig or a provider for it, not both");
    }
    if (!inCluster) {
        problems.push(...given.map((field) => `${field} is set but inCluster is false: nothing is installed in the cluster, so remove one of them`));
    }
    if (knownValue(args.kubeconfig) === "") {
        problems.push("kubeconfig is empty: pass the target cluster's kubeconfig, or leave it out to derive one from the cloud cluster");
    }
    if (args.fullRemovalOnDestroy === true && !inCluster) {
        problems.push("fullRemovalOnDestroy is set but inCluster is false: nothing is installed in the cluster, so remove one of them");
    } else if (args.fullRemovalOnDestroy === true && args.kubernetesProvider !== undefined) {
        problems.push("fullRemovalOnDestroy needs the cluster's kubeconfig, which a kubernetesProvider does not expose: pass kubeconfig instead of kubernetesProvider");
    }
    return problems;
}

/** The plan for args `planCluster` found nothing wrong with. */
function buildPlan(name: string, args: CastAiClusterArgs, profile: EnvironmentProfile, phase: 1 | 2, inCluster: boolean, installArgs: InstallArgs): ClusterPlan {
    const provider = args.provider;
    const environment = args.environment;
    const cloud = (args.eks ?? args.gke ?? args.aks)!;
    const castaiName = args.name ?? cloud.clusterName;
    const automation = phase === 2;
    const monitoring = inCluster && args.monitoring ? { resourceName: `${name}-monitoring`, args: { labels: typeof args.monitoring === "object" ? args.monitoring.labels : undefined } } : undefined;
    const splitsPods = needsPodMutator({ phase, spotSharePercent: profile.spotSharePercent });
    const deferred = !automation && (profile.hibernation || profile.spotSharePercent < 100);
    return {
        environment,
        profile,
        provider,
        phase,
        inCluster,
        apiUrl: installArgs.apiUrl,
        apiToken: installArgs.apiToken,
        kubeTarget: kubeTarget(args, inCluster),
        fullRemovalOnDestroy: args.fullRemovalOnDestroy === true,
        install: {
            ...installArgs,
            provider,
            metadataEnv: args.eks && eksMetadataEnv(args.eks),
            evictorAggressive: profile.evictorAggressive,
            spotSharePercent: profile.spotSharePercent,
        },
        monitoring,
        identity: automation ? identityPlan(name, args, castaiName) : undefined,
        registration: {
            resourceName: `${name}-registration`,
            args: {
                name: castaiName,
                eks: args.eks && { accountId: args.eks.accountId, region: args.eks.region, clusterName: args.eks.clusterName },
                gke: args.gke && { projectId: args.gke.projectId, location: args.gke.location, clusterName: args.gke.clusterName },
                aks: args.aks && {
                    subscriptionId: args.aks.subscriptionId,
                    region: args.aks.region,
                    nodeResourceGroup: args.aks.nodeResourceGroup,
                    clusterResourceGroup: args.aks.resourceGroupName,
                },
                deleteNodesOnDisconnect: args.deleteNodesOnDisconnect ?? false,
            },
        },
        autoscalerPolicy: automation ? { resourceName: `${name}-autoscaler`, args: { policies: autoscalerPolicies(profile) } } : undefined,
        spotTemplate:
            automation && (args.spotNodeTemplate ?? true)
                ? {
                      resourceName: `${name}-spot-template`,
                      // shouldTaint sent explicitly, as the API's default is not documented: untainted, so any workload
                      // may land on these nodes; the spot share steers pods with a pod mutation instead.
                      args: { name: `${environment}-spot-workers`.toLowerCase(), shouldTaint: false, constraints: spotTemplateConstraints() },
                  }
                : undefined,
        spotShare: splitsPods
            ? {
                  resourceName: `${name}-spot-share`,
                  args: { name: `${environment}-spot-share`.toLowerCase(), distributionGroups: spotShareGroups(profile.spotSharePercent) },
              }
            : undefined,
        hibernation:
            automation && profile.hibernation
                ? {
                      resourceName: `${name}-hibernation`,
                      args: {
                          name: pulumi.interpolate`${castaiName}-off-hours`,
                          pauseCron: profile.hibernation.pauseCron,
                          resumeCron: profile.hibernation.resumeCron,
                          timeZone: profile.hibernation.timeZone,
                          resumeInstanceType: resumeInstanceTypes[provider],
                      },
                  }
                : undefined,
        connection: args.waitForConnected
            ? { resourceName: `${name}-connected`, args: { timeoutSeconds: args.waitForConnected === true ? undefined : args.waitForConnected } }
            : undefined,
        notices: deferred
            ? [`CastAiCluster "${name}" is phase 1 (read-only): the ${environment} profile's hibernation and spot share apply once it moves to phase 2`]
            : [],
    };
}

/** The given provider or kubeconfig, else the cloud cluster's own API server; nothing for GitOps. */
function kubeTarget(args: CastAiClusterArgs, inCluster: boolean): KubeTarget {
    if (!inCluster) {
        return { kind: "none" };
    }
    if (args.kubernetesProvider !== undefined) {
        return { kind: "provider", provider: args.kubernetesProvider };
    }
    if (args.kubeconfig !== undefined) {
        return { kind: "kubeconfig", kubeconfig: args.kubeconfig };
    }
    if (args.eks) {
        return { kind: "eks", clusterName: args.eks.clusterName, region: args.eks.region };
    }
    if (args.gke) {
        return { kind: "gke", projectId: args.gke.projectId, location: args.gke.location, clusterName: args.gke.clusterName };
    }
    const aks = args.aks!;
    return { kind: "aks", resourceGroupName: aks.resourceGroupName, clusterName: aks.clusterName };
}

function identityPlan(name: string, args: CastAiClusterArgs, castaiName: pulumi.Input<string>): IdentityPlan {
    const resourceName = `${name}-identity`;
    if (args.eks) {
        const { accountId, region, clusterName } = args.eks;
        // A created role must trust CAST AI's principal, which exists per registered cluster: it is looked up first.
        const principal = eksIdentityPlan(args.eks).createRole
            ? { resourceName: `${name}-principal`, args: { name: castaiName, accountId, region, clusterName } }
            : undefined;
        return { provider: "eks", resourceName, args: args.eks, principal };
    }
    if (args.gke) {
        const { projectId, clusterName, existingServiceAccountKeyJson } = args.gke;
        return { provider: "gke", resourceName, args: { projectId, clusterName, existingServiceAccountKeyJson } };
    }
    const aks = args.aks!;
    return {
        provider: "aks",
        resourceName,
        args: aks,
        lookUpImpersonationAccount: aksIdentityMode(aks) === "create-federation" && !isSet(aks.castaiImpersonationServiceAccountId),
    };
}
