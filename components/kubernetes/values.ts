import * as pulumi from "@pulumi/pulumi";
import { castaiEndpoints } from "./endpoints";
import { DEFAULT_MIGRATION_MODE, InstallSettings } from "./settings";
import { componentVersion, OperatorComponent } from "./versions";

/** Helm values of one release. Secrets inside are `pulumi.secret` Outputs, so state and outputs keep them encrypted. */
export type HelmValues = Record<string, unknown>;

/*
 * Name of the Cluster CR the operator chart creates (`defaultCluster.name` default). Component CRs point at it through
 * `spec.cluster`.
 */
const OPERATOR_CLUSTER_CR = "castai";

// Clouds on which CAST AI's Terraform modules pin the agent with STATIC_CLUSTER_ID (AKS does not; §6.1, §8).
const AGENT_CLUSTER_ID_PROVIDERS = new Set(["eks", "gke"]);

/**
 * `castware-operator` values.
 * - Takes the organization API key when given: the operator validates it against the API and hands it to the
 *   components it manages.
 * - `defaultCluster.terraform: true` means "installed by IaC; Component CRs come from `castware-components`"
 *   (the operator's own reading of the flag), which is what this package does, so `defaultComponents` stay off.
 * - `defaultCluster.cluster.clusterID` adopts the cluster registered by this package instead of registering it a
 *   second time.
 * - `extendedPermissions` only in phase 2: it is what lets the operator install cluster-controller.
 * - The operator's extra environment (the IMDS-less metadata, then `additionalEnv`) goes to `webhook.env`: CAST AI's
 *   documentation says `additionalEnv`, but the pinned chart (0.10.1) renders the container's extra variables only
 *   from `webhook.env` (templates/deployment.yaml); Helm merges the map into the chart's other `webhook` defaults.
 */
export function operatorValues(s: InstallSettings): HelmValues {
    const values: HelmValues = {
        extendedPermissions: s.phase === 2,
        defaultCluster: {
            terraform: true,
            provider: s.provider,
            migrationMode: s.migrationMode ?? DEFAULT_MIGRATION_MODE,
            api: { apiUrl: castaiEndpoints(s.apiUrl).apiUrl },
            cluster: { clusterID: s.clusterId },
            // The operator installs the components' charts itself: from the same repository (a mirror when set).
            helmRepoURL: s.chartRepository,
        },
        defaultComponents: { enabled: false },
    };
    if (s.apiToken !== undefined) {
        values.apiKeySecret = { apiKey: pulumi.secret(s.apiToken) };
    }
    const env = { ...s.metadataEnv, ...s.additionalEnv };
    if (Object.keys(env).length > 0) {
        values.webhook = { env };
    }
    return values;
}

/**
 * The variables with which the operator identifies an EKS cluster when the instance metadata service is blocked
 * (private or air-gapped networks, hardened nodes), from the cluster's own identity.
 */
export function eksMetadataEnv(eks: {
    readonly accountId: pulumi.Input<string>;
    readonly region: pulumi.Input<string>;
    readonly clusterName: pulumi.Input<string>;
}): Record<string, pulumi.Input<string>> {
    return { EKS_ACCOUNT_ID: eks.accountId, EKS_REGION: eks.region, EKS_CLUSTER_NAME: eks.clusterName };
}

/**
 * `castware-components` values: one pinned Component CR per operator-managed component. The map key must be the
 * component name (the operator looks the CRs up by it). cluster-controller is rendered only in phase 2; the operator's
 * webhook refuses it without extended permissions. The operator itself injects API URL, key, provider and
 * cluster ID into these releases, so the overrides only carry what it does not.
 */
export function componentsValues(s: InstallSettings): HelmValues {
    const component = (name: OperatorComponent, overrides?: HelmValues) => ({
        component: name,
        cluster: OPERATOR_CLUSTER_CR,
        enabled: true,
        version: componentVersion(s.chartVersions, name),
        ...(overrides === undefined ? {} : { overrides }),
    });

    // IMDS-less clusters give the agent their metadata as environment (§5.11 example); on EKS and GKE the agent is
    // also pinned to the registered cluster.
    const agentEnv: Record<string, pulumi.Input<string>> = { ...s.additionalEnv };
    if (AGENT_CLUSTER_ID_PROVIDERS.has(s.provider)) {
        agentEnv.STATIC_CLUSTER_ID = s.clusterId;
    }
    const components: HelmValues = {
        "castai-agent": component(
            "castai-agent",
            Object.keys(agentEnv).length > 0 ? { additionalEnv: agentEnv } : undefined,
        ),
        "spot-handler": component("spot-handler"),
    };
    if (s.phase === 2) {
        // On AKS the controller must carry the on-demand lifecycle annotation, as the AKS module sets (§6.2).
        components["cluster-controller"] = component(
            "cluster-controller",
            s.provider === "aks" ? { aks: { enabled: true } } : undefined,
        );
    }
    return { components };
}

/**
 * `castai-evictor` values. Pulumi pins its version, so it is not CAST AI-managed (`managedByCASTAI: false`,
 * the Terraform modules' self-managed mode). It takes no credential value: it reads the API key and cluster ID from
 * the `castai-cluster-controller` Secret and ConfigMap that cluster-controller creates, which is why it is
 * installed only in phase 2.
 */
export function evictorValues(s: InstallSettings): HelmValues {
    return { managedByCASTAI: false, aggressiveMode: s.evictorAggressive };
}

/** `castai-pod-pinner` values: the cluster token, API and gRPC URLs, cluster ID; self-managed like the evictor. */
export function podPinnerValues(s: InstallSettings): HelmValues {
    const endpoints = castaiEndpoints(s.apiUrl);
    return {
        managedByCASTAI: false,
        castai: {
            apiKey: pulumi.secret(s.clusterToken),
            apiURL: endpoints.apiUrl,
            grpcURL: endpoints.grpcUrl,
            clusterID: s.clusterId,
        },
    };
}

/** `castai-pod-mutator` values: the cluster token, API URL and cluster ID. */
export function podMutatorValues(s: InstallSettings): HelmValues {
    return {
        castai: {
            apiKey: pulumi.secret(s.clusterToken),
            apiURL: castaiEndpoints(s.apiUrl).apiUrl,
            clusterID: s.clusterId,
        },
    };
}

/**
 * `castai-kvisor` values: the cluster token, the console's kvisor gRPC address (EU differs), and the
 * scanners CAST AI's security onboarding enables: image scanning, kube-bench for this cloud, kube-linter, and the runtime
 * agent's eBPF events. The chart renders kvisor's own RBAC (controller Role/ClusterRole, agent ClusterRole).
 */
export function kvisorValues(s: InstallSettings): HelmValues {
    const endpoints = castaiEndpoints(s.apiUrl);
    return {
        castai: {
            apiKey: pulumi.secret(s.clusterToken),
            apiURL: endpoints.apiUrl,
            grpcAddr: endpoints.kvisorGrpcAddr,
            clusterID: s.clusterId,
        },
        controller: {
            extraArgs: {
                "kube-bench-cloud-provider": s.provider,
                "image-scan-enabled": true,
                "kube-bench-enabled": true,
                "kube-linter-enabled": true,
            },
        },
        agent: {
            enabled: true,
            extraArgs: { "ebpf-events-enabled": true, "file-hash-enricher-enabled": true },
        },
    };
}
