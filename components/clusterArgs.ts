// The arguments of CastAiCluster. Cloud identity fields are Inputs, so the outputs of a cluster created in the same
// program (@pulumi/eks, gcp.container.Cluster, azure-native's ManagedCluster) can be passed in; plain strings are
// checked when the component is created, Outputs by the resources that receive them once known.
import type * as pulumi from "@pulumi/pulumi";
import { fieldNames } from "./argShape";
import type { EnvironmentProfile } from "./environments";
import type { CloudProvider, MigrationMode } from "./kubernetes/settings";
import type { ChartName } from "./kubernetes/versions";

/** The EKS cluster and, optionally, the IAM identity you already have. */
export interface CastAiEksArgs {
    /** 12-digit AWS account id of the cluster. Required. */
    readonly accountId: pulumi.Input<string>;
    /** AWS region of the cluster, e.g. eu-central-1. Required. */
    readonly region: pulumi.Input<string>;
    /** EKS cluster name. Required. */
    readonly clusterName: pulumi.Input<string>;
    /** VPC of the cluster (`vpc-...`); required in phase 2 when the CAST AI role is created (its policy is scoped to the VPC). */
    readonly vpcId?: pulumi.Input<string>;
    /** Bring your own CAST AI role (ARN) instead of creating one; default: created in phase 2. */
    readonly existingRoleArn?: pulumi.Input<string>;
    /** Bring your own node instance profile (ARN); needs `existingRoleArn`; default: created in phase 2. */
    readonly existingInstanceProfileArn?: pulumi.Input<string>;
    /** Tags on the IAM resources created; default none. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The GKE cluster and, optionally, the service-account key you already have. */
export interface CastAiGkeArgs {
    /** GCP project id of the cluster. Required. */
    readonly projectId: pulumi.Input<string>;
    /** Cluster location: a region or a zone, e.g. europe-west1-b. Required. */
    readonly location: pulumi.Input<string>;
    /** GKE cluster name. Required. */
    readonly clusterName: pulumi.Input<string>;
    /** Bring your own service-account key JSON (secret) instead of creating one; default: created in phase 2. */
    readonly existingServiceAccountKeyJson?: pulumi.Input<string>;
}

/** The AKS cluster and, optionally, the identity you already have. */
export interface CastAiAksArgs {
    /** Azure subscription id of the cluster. Required. */
    readonly subscriptionId: pulumi.Input<string>;
    /** Azure region of the cluster, e.g. westeurope. Required. */
    readonly region: pulumi.Input<string>;
    /** Resource group of the AKS cluster. Required. */
    readonly resourceGroupName: pulumi.Input<string>;
    /** Node resource group of the cluster (`MC_...`). Required. */
    readonly nodeResourceGroup: pulumi.Input<string>;
    /** AKS cluster name. Required. */
    readonly clusterName: pulumi.Input<string>;
    /** Entra tenant id; default: the created identity's; required with `existingClientId`. */
    readonly tenantId?: pulumi.Input<string>;
    /** CAST AI's impersonation service account id (the federated credential's subject); default: looked up from CAST AI. */
    readonly castaiImpersonationServiceAccountId?: pulumi.Input<string>;
    /** Bring your own client id, with exactly one of `existingClientSecret` or `existingFederationId`; default: created in phase 2. */
    readonly existingClientId?: pulumi.Input<string>;
    /** Client secret of `existingClientId` (secret); excludes `existingFederationId`. */
    readonly existingClientSecret?: pulumi.Input<string>;
    /** Federation id of `existingClientId`, the secretless path; excludes `existingClientSecret`. */
    readonly existingFederationId?: pulumi.Input<string>;
}

/** The in-cluster PrometheusRule and PodMonitor, with the labels your Prometheus operator selects. */
export interface CastAiMonitoringOptions {
    /** Labels on both objects, e.g. `{ release: "kube-prometheus" }`; default none. */
    readonly labels?: Record<string, string>;
}

export interface CastAiClusterArgs {
    /** Environment whose profile applies: "dev", "staging", "prod", or another name with a full `profile`. Required. */
    readonly environment: string;
    /** Profile fields to override (units as in EnvironmentProfile); default: the environment's profile. */
    readonly profile?: Partial<EnvironmentProfile>;
    /** Cloud of the cluster: "eks", "gke" or "aks". Required; exactly the matching block of eks, gke, aks is set. */
    readonly provider: CloudProvider;
    /** EKS details, when provider is "eks". */
    readonly eks?: CastAiEksArgs;
    /** GKE details, when provider is "gke". */
    readonly gke?: CastAiGkeArgs;
    /** AKS details, when provider is "aks". */
    readonly aks?: CastAiAksArgs;
    /** CAST AI cluster name; default: the cloud cluster name. Changing it re-registers the cluster. */
    readonly name?: pulumi.Input<string>;
    /** 1 = read-only monitoring, 2 = automation (credentials, cluster-controller, autoscaler); default 2. */
    readonly phase?: 1 | 2;
    /** CAST AI API URL for the API calls and every chart (US https://api.cast.ai, EU https://api.eu.cast.ai); default: `castai:apiUrl`, CASTAI_API_URL, then US. */
    readonly apiUrl?: string;
    /** API key for the operator chart (secret); default: stack config `castai:apiToken`, then CASTAI_API_TOKEN. The resources read it from the same places. Required in-cluster. */
    readonly apiToken?: pulumi.Input<string>;
    /** Install CAST AI in the cluster (true), or only output the Helm values for a GitOps tool (false); default true. */
    readonly inCluster?: boolean;
    /**
     * Kubeconfig of the target cluster (secret; wrapped as one if it is not); a `${name}-k8s` Kubernetes provider is
     * created from it. Excludes `kubernetesProvider`; only with `inCluster: true`. Default: derived from the cloud
     * cluster (see `kubernetesProvider`).
     */
    readonly kubeconfig?: pulumi.Input<string>;
    /**
     * Kubernetes provider (`new k8s.Provider(...)` of @pulumi/kubernetes) of the target cluster. Excludes
     * `kubeconfig`; only with `inCluster: true`. Default: a `${name}-k8s` provider built from the cloud cluster, whose
     * credentials come from a CLI on the machine that runs Pulumi: EKS `aws eks get-token` (the AWS CLI), GKE
     * `gke-gcloud-auth-plugin`, AKS the cluster's user credentials (kubelogin on PATH when the cluster uses Entra ID
     * authentication). Typed as any provider so that the package's types never need @pulumi/kubernetes, an optional peer.
     */
    readonly kubernetesProvider?: pulumi.ProviderResource;
    /**
     * On destroy, also delete what uninstalling the Helm releases leaves by design: the castware CRDs (and with them
     * every Cluster and Component CR, including the Cluster CR the operator chart's install hook created) and the
     * castai-agent namespace, after the releases are gone and before the cluster is disconnected. Needs `kubeconfig`
     * or a target derived from the cloud cluster (not `kubernetesProvider`). Default false: CAST AI's workloads in
     * other namespaces and your own are never touched either way.
     */
    readonly fullRemovalOnDestroy?: boolean;
    /** Helm repository (http or https URL) of every chart, e.g. a mirror for air-gapped clusters; default CAST AI's, https://castai.github.io/helm-charts. */
    readonly chartRepository?: string;
    /** Exact chart versions to use instead of the known-compatible defaults, by chart name; default: the package's pinned versions. */
    readonly chartVersions?: Partial<Record<ChartName, string>>;
    /** Operator migrationMode, "write" or "read"; default "write". */
    readonly migrationMode?: MigrationMode;
    /**
     * Extra environment for the operator and the agent; default none. On EKS the operator already gets the cluster's
     * EKS_ACCOUNT_ID, EKS_REGION and EKS_CLUSTER_NAME (so it runs where the instance metadata service is blocked); a
     * variable given here replaces the one of the same name. STATIC_CLUSTER_ID is set by the package and refused here.
     */
    readonly additionalEnv?: Record<string, pulumi.Input<string>>;
    /** Install kvisor, CAST AI's security agent; default false. */
    readonly security?: boolean;
    /** Create the spot worker node template with on-demand fallback; default true in phase 2 (phase 2 only). */
    readonly spotNodeTemplate?: boolean;
    /** Install the PrometheusRule and PodMonitor (needs the Prometheus operator CRDs); default false; only with `inCluster: true`. */
    readonly monitoring?: boolean | CastAiMonitoringOptions;
    /** Delete the nodes CAST AI provisioned when the cluster is removed; default false (they keep running). */
    readonly deleteNodesOnDisconnect?: boolean;
    /**
     * End `pulumi up` only once the CAST AI agent has reported (after the releases, or a GitOps sync, installed it):
     * `true` waits up to 600 s, a number up to that many seconds (10 to 3600); default false. A timeout fails the
     * update with the checks for a cluster stuck in Connecting.
     */
    readonly waitForConnected?: boolean | number;
}

// The fields of each args block at run time, for refusing typos from YAML and JavaScript.

/** Every field of `CastAiClusterArgs`. */
export const CLUSTER_ARG_FIELDS = fieldNames<CastAiClusterArgs>({
    environment: true, profile: true, provider: true, eks: true, gke: true, aks: true, name: true, phase: true, apiUrl: true,
    apiToken: true, inCluster: true, kubeconfig: true, kubernetesProvider: true, fullRemovalOnDestroy: true,
    chartRepository: true, chartVersions: true, migrationMode: true, additionalEnv: true, security: true,
    spotNodeTemplate: true, monitoring: true, deleteNodesOnDisconnect: true, waitForConnected: true,
});

/** Every field of each cloud block. */
export const CLOUD_ARG_FIELDS = {
    eks: fieldNames<CastAiEksArgs>({ accountId: true, region: true, clusterName: true, vpcId: true, existingRoleArn: true, existingInstanceProfileArn: true, tags: true }),
    gke: fieldNames<CastAiGkeArgs>({ projectId: true, location: true, clusterName: true, existingServiceAccountKeyJson: true }),
    aks: fieldNames<CastAiAksArgs>({
        subscriptionId: true, region: true, resourceGroupName: true, nodeResourceGroup: true, clusterName: true, tenantId: true,
        castaiImpersonationServiceAccountId: true, existingClientId: true, existingClientSecret: true, existingFederationId: true,
    }),
} as const;

/** Every field of the `monitoring` options. */
export const MONITORING_OPTION_FIELDS = fieldNames<CastAiMonitoringOptions>({ labels: true });
