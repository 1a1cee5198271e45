import * as pulumi from "@pulumi/pulumi";
import { AksCastAiIdentity } from "./cloud/aks";
import { EksCastAiIdentity } from "./cloud/eks";
import { GkeCastAiIdentity } from "./cloud/gke";
import { autoscalerPolicies, clusterArgsProblems, resumeInstanceTypes, spotShareGroups, spotTemplateConstraints } from "./clusterPlan";
import { EnvironmentProfile, resolveProfile } from "./environments";
import { CastAiMonitoring } from "./kubernetes/monitoring";
import { RELEASE_NAMES, needsPodMutator, planReleases } from "./kubernetes/plan";
import { GitOpsRelease, gitOpsValues, installReleases } from "./kubernetes/releases";
import { CloudProvider, InstallSettings, MigrationMode, validateInstallSettings } from "./kubernetes/settings";
import { ChartName, OperatorComponent, componentVersion, resolveChartVersions } from "./kubernetes/versions";
import { AutoscalerPolicy } from "./resources/autoscalerPolicy";
import { EksAssumeRolePrincipal } from "./resources/eksAssumeRolePrincipal";
import { ExternalCluster, ExternalClusterArgs } from "./resources/externalCluster";
import { HibernationSchedule } from "./resources/hibernationSchedule";
import { NodeTemplate } from "./resources/nodeTemplate";
import { PodMutation } from "./resources/podMutation";
import { ProgramApiOptions, getImpersonationServiceAccount, programApiToken, programApiUrl } from "./programApi";
import { ClusterSavings, getClusterSavings } from "./savings";

/** The EKS cluster and, optionally, the IAM identity you already have. */
export interface CastAiEksArgs {
    /** 12-digit AWS account id. */
    readonly accountId: string;
    /** AWS region, e.g. eu-central-1. */
    readonly region: string;
    /** EKS cluster name. */
    readonly clusterName: string;
    /** VPC of the cluster; required when the CAST AI role is created (its policy is scoped to the VPC). */
    readonly vpcId?: pulumi.Input<string>;
    /** Bring your own CAST AI role instead of creating one; default: created. */
    readonly existingRoleArn?: pulumi.Input<string>;
    /** Bring your own node instance profile (with existingRoleArn); default: created. */
    readonly existingInstanceProfileArn?: pulumi.Input<string>;
    /** Tags on the IAM resources created; default none. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The GKE cluster and, optionally, the service-account key you already have. */
export interface CastAiGkeArgs {
    /** GCP project id. */
    readonly projectId: string;
    /** Cluster location: a region or a zone, e.g. europe-west1-b. */
    readonly location: string;
    /** GKE cluster name. */
    readonly clusterName: string;
    /** Bring your own service-account key JSON (secret) instead of creating one; default: created. */
    readonly existingServiceAccountKeyJson?: pulumi.Input<string>;
}

/** The AKS cluster and, optionally, the identity you already have. */
export interface CastAiAksArgs {
    /** Azure subscription id. */
    readonly subscriptionId: string;
    /** Azure region, e.g. westeurope. */
    readonly region: string;
    /** Resource group of the AKS cluster. */
    readonly resourceGroupName: string;
    /** Node resource group (MC_...). */
    readonly nodeResourceGroup: string;
    /** AKS cluster name. */
    readonly clusterName: string;
    /** Entra tenant id; default: the identity's. */
    readonly tenantId?: pulumi.Input<string>;
    /** CAST AI's impersonation service account id (the federated credential's subject); default: looked up from CAST AI. */
    readonly castaiImpersonationServiceAccountId?: pulumi.Input<string>;
    /** Bring your own client id (with existingClientSecret or existingFederationId); default: created. */
    readonly existingClientId?: pulumi.Input<string>;
    /** Client secret of existingClientId (secret). */
    readonly existingClientSecret?: pulumi.Input<string>;
    /** Federation id of existingClientId, the secretless path. */
    readonly existingFederationId?: pulumi.Input<string>;
}

export interface CastAiClusterArgs {
    /** Environment whose profile applies: "dev", "staging", "prod", or another name with a full `profile`. */
    readonly environment: string;
    /** Profile fields to override (units as in EnvironmentProfile); default: the environment's profile. */
    readonly profile?: Partial<EnvironmentProfile>;
    /** Cloud of the cluster: "eks", "gke" or "aks". */
    readonly provider: CloudProvider;
    /** EKS details, when provider is "eks". */
    readonly eks?: CastAiEksArgs;
    /** GKE details, when provider is "gke". */
    readonly gke?: CastAiGkeArgs;
    /** AKS details, when provider is "aks". */
    readonly aks?: CastAiAksArgs;
    /** CAST AI cluster name; default: the cloud cluster name. */
    readonly name?: string;
    /** 1 = read-only monitoring, 2 = automation (credentials, cluster-controller, autoscaler); default 2. */
    readonly phase?: 1 | 2;
    /** CAST AI API URL for the API calls and every chart (US https://api.cast.ai, EU https://api.eu.cast.ai); default: `castai:apiUrl`, CASTAI_API_URL, then US. */
    readonly apiUrl?: string;
    /** API key for the operator chart (secret); default: stack config `castai:apiToken`, then CASTAI_API_TOKEN. The resources read it from the same places. */
    readonly apiToken?: pulumi.Input<string>;
    /** Install CAST AI in the cluster (true), or only output the Helm values for a GitOps tool (false); default true. */
    readonly inCluster?: boolean;
    /**
     * Kubernetes provider (`new k8s.Provider(...)` of @pulumi/kubernetes) of the target cluster; default: the ambient
     * kubeconfig. Typed as any provider so that the package's types never need @pulumi/kubernetes, an optional peer.
     */
    readonly kubernetesProvider?: pulumi.ProviderResource;
    /** Exact chart versions to use instead of the known-compatible defaults, by chart name. */
    readonly chartVersions?: Partial<Record<ChartName, string>>;
    /** Operator migrationMode, "write" or "read"; default "write". */
    readonly migrationMode?: MigrationMode;
    /** Environment for clusters without IMDS (e.g. EKS_ACCOUNT_ID), given to the operator and agent; default none. */
    readonly additionalEnv?: Record<string, string>;
    /** Install kvisor, CAST AI's security agent; default false. */
    readonly security?: boolean;
    /** Create the spot worker node template with on-demand fallback (seed 000); default true in phase 2. */
    readonly spotNodeTemplate?: boolean;
    /** Install the PrometheusRule and PodMonitor (needs the Prometheus operator CRDs); default false. */
    readonly monitoring?: boolean | { readonly labels?: Record<string, string> };
    /** Delete the nodes CAST AI provisioned when the cluster is removed; default false (they keep running). */
    readonly deleteNodesOnDisconnect?: boolean;
}

/**
 * CAST AI for one Kubernetes cluster: the cloud identity CAST AI needs, the registration, the environment's
 * autoscaler rules, spot template and spot share, off-hours hibernation where allowed, and the in-cluster software
 * (or its Helm values for a GitOps tool).
 */
export class CastAiCluster extends pulumi.ComponentResource {
    /** CAST AI cluster id. */
    public readonly clusterId: pulumi.Output<string>;
    /** CAST AI's status of the cluster (connecting, ready, ...). */
    public readonly status: pulumi.Output<string>;
    /** Token the in-cluster agent uses (secret). */
    public readonly clusterToken: pulumi.Output<string>;
    /** The profile applied (environment defaults with overrides). */
    public readonly profile: EnvironmentProfile;
    /** CAST AI's estimated monthly savings for the cluster. */
    public readonly savings: pulumi.Output<ClusterSavings>;
    /** Installed (or, with inCluster false, planned) chart and component versions, by name. */
    public readonly installedVersions: Record<string, string>;
    /** Helm values per release for GitOps tools (secrets stay secret); empty when installed in the cluster. */
    public readonly gitOpsValues: pulumi.Output<Record<string, GitOpsRelease>>;
    /** The registration resource. */
    public readonly registration: ExternalCluster;

    constructor(name: string, args: CastAiClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("castai-fleet:index:CastAiCluster", name, {}, opts);

        const phase = args.phase ?? 2;
        const inCluster = args.inCluster ?? true;
        const apiUrl = programApiUrl(args.apiUrl);
        const apiToken = programApiToken(args.apiToken);
        let profile: EnvironmentProfile | undefined;
        const problems: string[] = [];
        try {
            profile = resolveProfile(args.environment, args.profile);
        } catch (err) {
            problems.push((err as Error).message);
        }
        problems.push(
            ...clusterArgsProblems(
                {
                    provider: args.provider,
                    environment: args.environment,
                    phase,
                    inCluster,
                    hasKubernetesProvider: args.kubernetesProvider !== undefined,
                    hasApiToken: apiToken !== undefined,
                    clouds: { eks: args.eks as Record<string, unknown> | undefined, gke: args.gke as Record<string, unknown> | undefined, aks: args.aks as Record<string, unknown> | undefined },
                    explicitProfile: args.profile ?? {},
                    spotNodeTemplate: args.spotNodeTemplate,
                    monitoring: Boolean(args.monitoring),
                },
                profile,
            ),
        );
        const versions = resolveChartVersions(args.chartVersions);
        // What is installed (or output for GitOps) is checked now too, before any child exists: an invalid chart
        // version must not leave an IAM role or a CAST AI registration behind. The registration's id and token are
        // not known yet; valid placeholders stand in for them (they come from the API, not from the user).
        const installBase = {
            provider: args.provider,
            apiUrl,
            apiKey: apiToken ?? pulumi.secret(""),
            phase,
            migrationMode: args.migrationMode,
            additionalEnv: args.additionalEnv,
            evictorAggressive: profile?.evictorAggressive ?? false,
            spotSharePercent: profile?.spotSharePercent ?? 100,
            security: args.security ?? false,
            versions,
        };
        problems.push(
            ...validateInstallSettings({ ...installBase, clusterId: "00000000-0000-0000-0000-000000000000", clusterToken: "pending" })
                // provider, phase and the profile fields are reported above, under the names the user wrote.
                .filter((p) => !["provider", "phase", "evictorAggressive", "spotSharePercent"].includes(p.field))
                .map((p) => `${installFieldName(p.field)}: ${p.message}`),
        );
        if (problems.length > 0 || !profile) {
            throw new pulumi.ResourceError(`invalid CastAiCluster "${name}":\n  - ${problems.join("\n  - ")}`, this);
        }
        this.profile = profile;

        const environment = args.environment;
        const common = { environment, apiUrl };
        const child = { parent: this };
        const clusterName = (args.eks ?? args.gke ?? args.aks)!.clusterName;
        const castaiName = args.name ?? clusterName;

        // Identity first: the registration depends on it, so `destroy` disconnects the cluster while CAST AI can
        // still reach the cloud, and only then removes the role (users of the Terraform modules lost nodes to the
        // opposite order).
        const api: ProgramApiOptions = { apiUrl, apiToken };
        const { credentials, identity } = this.identity(name, args, phase, castaiName, common, api);
        this.registration = new ExternalCluster(
            `${name}-registration`,
            {
                ...common,
                name: castaiName,
                eks: args.eks && { accountId: args.eks.accountId, region: args.eks.region, clusterName: args.eks.clusterName },
                gke: args.gke && { projectId: args.gke.projectId, location: args.gke.location, clusterName: args.gke.clusterName },
                aks: args.aks && { subscriptionId: args.aks.subscriptionId, region: args.aks.region, nodeResourceGroup: args.aks.nodeResourceGroup, clusterResourceGroup: args.aks.resourceGroupName },
                credentials,
                deleteNodesOnDisconnect: args.deleteNodesOnDisconnect ?? false,
            },
            { ...child, dependsOn: identity ? [identity] : [] },
        );
        this.clusterId = this.registration.clusterId;
        this.status = this.registration.status;
        this.clusterToken = pulumi.secret(this.registration.clusterToken);

        const settings: InstallSettings = { ...installBase, clusterId: this.clusterId, clusterToken: this.clusterToken };
        const plan = planReleases(settings);
        // The Component CRs the components release renders (cluster-controller only in phase 2), not every known one.
        const rendered = plan.find((r) => r.name === RELEASE_NAMES.components)?.values.components as Record<string, unknown> | undefined;
        this.installedVersions = Object.fromEntries([
            ...plan.map((r) => [r.name, r.version]),
            ...(Object.keys(rendered ?? {}) as OperatorComponent[]).map((c) => [`component/${c}`, componentVersion(versions, c)]),
        ]);

        let releases: pulumi.Resource[] = [];
        if (inCluster) {
            releases = Object.values(installReleases(name, plan, { parent: this, provider: args.kubernetesProvider, dependsOn: [this.registration] }));
            if (args.monitoring) {
                const labels = typeof args.monitoring === "object" ? args.monitoring.labels : undefined;
                new CastAiMonitoring(`${name}-monitoring`, { labels, provider: args.kubernetesProvider }, { ...child, dependsOn: releases });
            }
            this.gitOpsValues = pulumi.output<Record<string, GitOpsRelease>>({});
        } else {
            this.gitOpsValues = pulumi.output(gitOpsValues(plan));
        }

        if (phase === 2) {
            const afterInstall = { ...child, dependsOn: [this.registration, ...releases] };
            const policy = new AutoscalerPolicy(`${name}-autoscaler`, { ...common, clusterId: this.clusterId, policies: autoscalerPolicies(profile) }, afterInstall);
            if (args.spotNodeTemplate ?? true) {
                new NodeTemplate(
                    `${name}-spot-template`,
                    { ...common, clusterId: this.clusterId, name: `${environment}-spot-workers`.toLowerCase(), constraints: spotTemplateConstraints() },
                    { ...child, dependsOn: [policy] },
                );
            }
            if (needsPodMutator(settings)) {
                new PodMutation(
                    `${name}-spot-share`,
                    { ...common, clusterId: this.clusterId, name: `${environment}-spot-share`.toLowerCase(), distributionGroups: spotShareGroups(profile.spotSharePercent) },
                    afterInstall,
                );
            }
            if (profile.hibernation) {
                new HibernationSchedule(
                    `${name}-hibernation`,
                    {
                        ...common,
                        name: `${castaiName}-off-hours`,
                        clusterIds: [this.clusterId],
                        pauseCron: profile.hibernation.pauseCron,
                        resumeCron: profile.hibernation.resumeCron,
                        timeZone: profile.hibernation.timeZone,
                        resumeInstanceType: resumeInstanceTypes[args.provider],
                    },
                    afterInstall,
                );
            }
        } else if (profile.hibernation || profile.spotSharePercent < 100) {
            pulumi.log.info(`CastAiCluster "${name}" is phase 1 (read-only): the ${environment} profile's hibernation and spot share apply once it moves to phase 2`, this);
        }

        this.savings = getClusterSavings(this.clusterId, api);

        this.registerOutputs({
            clusterId: this.clusterId,
            status: this.status,
            clusterToken: this.clusterToken,
            savings: this.savings,
            installedVersions: this.installedVersions,
            gitOpsValues: this.gitOpsValues,
        });
    }

    /** The cloud identity CAST AI uses in phase 2, and the credentials the registration applies from it. */
    private identity(
        name: string,
        args: CastAiClusterArgs,
        phase: 1 | 2,
        castaiName: string,
        common: { environment: string; apiUrl: string },
        api: ProgramApiOptions,
    ): { credentials?: ExternalClusterArgs["credentials"]; identity?: pulumi.Resource } {
        if (phase === 1) {
            return {};
        }
        const child = { parent: this };
        if (args.eks) {
            const e = args.eks;
            const bringsRole = e.existingRoleArn !== undefined;
            // The role must trust CAST AI's principal, which exists per registered cluster: look it up first.
            const principal = bringsRole
                ? undefined
                : new EksAssumeRolePrincipal(`${name}-principal`, { ...common, name: castaiName, accountId: e.accountId, region: e.region, clusterName: e.clusterName }, child);
            const identity = new EksCastAiIdentity(
                `${name}-identity`,
                {
                    accountId: e.accountId,
                    region: e.region,
                    clusterName: e.clusterName,
                    vpcId: e.vpcId,
                    castaiPrincipalArn: principal?.arn,
                    clusterId: principal?.clusterId,
                    existingRoleArn: e.existingRoleArn,
                    existingInstanceProfileArn: e.existingInstanceProfileArn,
                    tags: e.tags,
                },
                child,
            );
            return { credentials: { assumeRoleArn: identity.roleArn }, identity };
        }
        if (args.gke) {
            const identity = new GkeCastAiIdentity(
                `${name}-identity`,
                { projectId: args.gke.projectId, clusterName: args.gke.clusterName, existingServiceAccountKeyJson: args.gke.existingServiceAccountKeyJson },
                child,
            );
            return { credentials: { serviceAccountKeyJson: identity.credentialsJson }, identity };
        }
        const a = args.aks!;
        const identity = new AksCastAiIdentity(
            `${name}-identity`,
            {
                subscriptionId: a.subscriptionId,
                tenantId: a.tenantId,
                resourceGroupName: a.resourceGroupName,
                nodeResourceGroup: a.nodeResourceGroup,
                clusterName: a.clusterName,
                region: a.region,
                // The federated credential's subject is CAST AI's impersonation account: looked up unless given.
                castaiImpersonationServiceAccountId:
                    a.castaiImpersonationServiceAccountId ?? (a.existingClientId === undefined ? getImpersonationServiceAccount("aks", api).id : undefined),
                existingClientId: a.existingClientId,
                existingClientSecret: a.existingClientSecret,
                existingFederationId: a.existingFederationId,
            },
            child,
        );
        const credentials = pulumi.all([identity.clientId, identity.tenantId, identity.clientSecret, identity.federationId]).apply(
            ([clientId, tenantId, clientSecret, federationId]) => ({ clientId, tenantId, clientSecret, federationId }),
        );
        return { credentials, identity };
    }
}

/** The CastAiCluster argument an install-settings field comes from, for error messages (`versions.x` → `chartVersions.x`). */
function installFieldName(field: string): string {
    if (field.startsWith("versions.")) {
        return `chartVersions.${field.slice("versions.".length)}`;
    }
    return field === "apiKey" ? "apiToken" : field;
}
