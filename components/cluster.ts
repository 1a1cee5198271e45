import * as pulumi from "@pulumi/pulumi";
import { argsError } from "./argsError";
import { AksCastAiIdentity } from "./cloud/aks";
import { EksCastAiIdentity } from "./cloud/eks";
import { GkeCastAiIdentity } from "./cloud/gke";
import type { CastAiClusterArgs } from "./clusterArgs";
import { ClusterPlan, IdentityPlan, planCluster } from "./clusterPlan";
import type { EnvironmentProfile } from "./environments";
import { CastAiMonitoring } from "./kubernetes/monitoring";
import { RELEASE_NAMES, planReleases } from "./kubernetes/plan";
import { GitOpsRelease, gitOpsValues, installReleases } from "./kubernetes/releases";
import { CastwareFullRemoval } from "./kubernetes/fullRemoval";
import { kubernetesConnectionFor } from "./kubernetes/target";
import { OperatorComponent, componentVersion } from "./kubernetes/versions";
import { AgentConnection } from "./resources/agentConnection";
import { AutoscalerPolicy } from "./resources/autoscalerPolicy";
import { EksAssumeRolePrincipal } from "./resources/eksAssumeRolePrincipal";
import { ExternalCluster, ExternalClusterArgs } from "./resources/externalCluster";
import { HibernationSchedule } from "./resources/hibernationSchedule";
import { NodeTemplate } from "./resources/nodeTemplate";
import { PodMutation } from "./resources/podMutation";
import { ProgramApiOptions, getImpersonationServiceAccount } from "./programApi";
import { ClusterSavings, getClusterSavings } from "./savings";

/** The cloud identity component CastAiCluster creates in phase 2. */
export type CastAiIdentity = EksCastAiIdentity | GkeCastAiIdentity | AksCastAiIdentity;

/**
 * CAST AI for one Kubernetes cluster: the cloud identity CAST AI needs, the registration, the environment's
 * autoscaler rules, spot template and spot share, off-hours hibernation where allowed, and the in-cluster software
 * in that cluster's own API server (or its Helm values for a GitOps tool). The args are checked all at once by
 * `planCluster` before any child exists; invalid ones raise one ResourceError listing every problem.
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
    /** The cloud identity component (IAM role, service account or managed identity); undefined in phase 1. */
    public readonly identity?: CastAiIdentity;
    /** The registration resource. */
    public readonly registration: ExternalCluster;
    /** The autoscaler policy; undefined in phase 1. */
    public readonly autoscalerPolicy?: AutoscalerPolicy;
    /** The spot worker node template; undefined in phase 1 or with `spotNodeTemplate: false`. */
    public readonly spotTemplate?: NodeTemplate;
    /** The pod mutation sending the profile's share of pods to spot; undefined when no split is needed or in phase 1. */
    public readonly spotShare?: PodMutation;
    /** The off-hours hibernation schedule; undefined unless the profile hibernates and the cluster is in phase 2. */
    public readonly hibernation?: HibernationSchedule;
    /** The PrometheusRule and PodMonitor; undefined unless `monitoring` is set. */
    public readonly monitoring?: CastAiMonitoring;
    /** The wait for the agent's first report; only with `waitForConnected`. */
    public readonly connection?: AgentConnection;
    /** The Helm releases (`kubernetes:helm.sh/v3:Release`) by release name; empty with inCluster false. */
    public readonly releases: Readonly<Record<string, pulumi.CustomResource>>;
    /** The Kubernetes provider the releases use (given, or built from the kubeconfig or the cloud cluster); undefined with inCluster false. */
    public readonly kubernetesProvider?: pulumi.ProviderResource;

    constructor(name: string, args: CastAiClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("castai-fleet:index:CastAiCluster", name, {}, opts);

        const result = planCluster(name, args);
        if ("problems" in result) {
            throw argsError(`CastAiCluster "${name}"`, result.problems, this);
        }
        const plan = result.plan;
        this.profile = plan.profile;
        const common = { environment: plan.environment, apiUrl: plan.apiUrl };
        const child = { parent: this };
        const api: ProgramApiOptions = { apiUrl: plan.apiUrl, apiToken: plan.apiToken };

        // Identity first: the registration depends on it, so `destroy` disconnects the cluster while CAST AI can
        // still reach the cloud, and only then removes the role (users of the Terraform modules lost nodes to the
        // opposite order).
        const identity = plan.identity && this.createIdentity(plan.identity, common, api);
        this.identity = identity?.component;
        this.registration = new ExternalCluster(
            plan.registration.resourceName,
            { ...common, ...plan.registration.args, credentials: identity?.credentials },
            { ...child, dependsOn: identity ? [identity.component] : [] },
        );
        this.clusterId = this.registration.clusterId;
        this.status = this.registration.status;
        this.clusterToken = pulumi.secret(this.registration.clusterToken);

        const releasePlan = planReleases({ ...plan.install, clusterId: this.clusterId, clusterToken: this.clusterToken });
        this.installedVersions = installedVersions(plan, releasePlan);
        const kube = kubernetesConnectionFor(name, plan.kubeTarget, this);
        this.kubernetesProvider = kube.provider;
        // Created before the releases, which depend on it, so that destroy deletes it (and what it removes) after
        // them and before the registration is disconnected.
        const fullRemoval =
            plan.fullRemovalOnDestroy && kube.kubeconfig
                ? new CastwareFullRemoval(`${name}-full-removal`, { kubeconfig: kube.kubeconfig }, { ...child, dependsOn: [this.registration] })
                : undefined;
        if (plan.inCluster) {
            this.releases = installReleases(name, releasePlan, {
                parent: this,
                provider: this.kubernetesProvider,
                dependsOn: fullRemoval ? [this.registration, fullRemoval] : [this.registration],
            });
            this.gitOpsValues = pulumi.output<Record<string, GitOpsRelease>>({});
        } else {
            this.releases = {};
            this.gitOpsValues = pulumi.output(gitOpsValues(releasePlan));
        }
        const installed = Object.values(this.releases);
        if (plan.monitoring) {
            this.monitoring = new CastAiMonitoring(
                plan.monitoring.resourceName,
                { ...plan.monitoring.args, provider: this.kubernetesProvider },
                { ...child, dependsOn: installed },
            );
        }

        // The CAST AI objects act on a cluster whose software is installed; the pod mutation needs its mutator chart.
        const afterInstall = { ...child, dependsOn: [this.registration, ...installed] };
        const clusterId = this.clusterId;
        if (plan.autoscalerPolicy) {
            this.autoscalerPolicy = new AutoscalerPolicy(plan.autoscalerPolicy.resourceName, { ...common, ...plan.autoscalerPolicy.args, clusterId }, afterInstall);
        }
        if (plan.spotTemplate) {
            this.spotTemplate = new NodeTemplate(
                plan.spotTemplate.resourceName,
                { ...common, ...plan.spotTemplate.args, clusterId },
                { ...child, dependsOn: this.autoscalerPolicy ? [this.autoscalerPolicy] : [] },
            );
        }
        if (plan.spotShare) {
            this.spotShare = new PodMutation(plan.spotShare.resourceName, { ...common, ...plan.spotShare.args, clusterId }, afterInstall);
        }
        if (plan.hibernation) {
            this.hibernation = new HibernationSchedule(plan.hibernation.resourceName, { ...common, ...plan.hibernation.args, clusterIds: [clusterId] }, afterInstall);
        }
        if (plan.connection) {
            this.connection = new AgentConnection(plan.connection.resourceName, { ...common, ...plan.connection.args, clusterId }, afterInstall);
        }
        for (const notice of plan.notices) {
            pulumi.log.info(notice, this);
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

    /** The planned cloud identity, and the credentials the registration applies from it. */
    private createIdentity(
        plan: IdentityPlan,
        common: { environment: string; apiUrl: string },
        api: ProgramApiOptions,
    ): { component: CastAiIdentity; credentials: ExternalClusterArgs["credentials"] } {
        const child = { parent: this };
        if (plan.provider === "eks") {
            const principal = plan.principal && new EksAssumeRolePrincipal(plan.principal.resourceName, { ...common, ...plan.principal.args }, child);
            const component = new EksCastAiIdentity(plan.resourceName, { ...plan.args, castaiPrincipalArn: principal?.arn, clusterId: principal?.clusterId }, child);
            return { component, credentials: { assumeRoleArn: component.roleArn } };
        }
        if (plan.provider === "gke") {
            const component = new GkeCastAiIdentity(plan.resourceName, plan.args, child);
            return { component, credentials: { serviceAccountKeyJson: component.credentialsJson } };
        }
        // The federated credential's subject is CAST AI's impersonation account: looked up unless given.
        const subject = plan.lookUpImpersonationAccount ? getImpersonationServiceAccount("aks", api).id : plan.args.castaiImpersonationServiceAccountId;
        const component = new AksCastAiIdentity(plan.resourceName, { ...plan.args, castaiImpersonationServiceAccountId: subject }, child);
        const credentials = pulumi
            .all([component.clientId, component.tenantId, component.clientSecret, component.federationId])
            .apply(([clientId, tenantId, clientSecret, federationId]) => ({ clientId, tenantId, clientSecret, federationId }));
        return { component, credentials };
    }
}

/** Chart versions of the releases, and the Component CR versions the components release renders (not every known one). */
function installedVersions(plan: ClusterPlan, releases: ReturnType<typeof planReleases>): Record<string, string> {
    const rendered = releases.find((r) => r.name === RELEASE_NAMES.components)?.values.components as Record<string, unknown> | undefined;
    return Object.fromEntries([
        ...releases.map((r) => [r.name, r.version]),
        ...(Object.keys(rendered ?? {}) as OperatorComponent[]).map((c) => [`component/${c}`, componentVersion(plan.install.chartVersions, c)]),
    ]);
}
