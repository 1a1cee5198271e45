// Fixtures shaped like the real resources' props: a dynamic resource's props are its inputs plus `__provider`
// (the serialized provider code, which no policy may read); a Helm release's are the kubernetes Release inputs.
// Every factory takes overrides laid over a compliant production-like default.
import { Fixture, fixture } from "./helpers";

export const T = {
    externalCluster: "pulumi-nodejs:dynamic/castai:ExternalCluster",
    autoscalerPolicy: "pulumi-nodejs:dynamic/castai:AutoscalerPolicy",
    nodeTemplate: "pulumi-nodejs:dynamic/castai:NodeTemplate",
    hibernationSchedule: "pulumi-nodejs:dynamic/castai:HibernationSchedule",
    evictorConfig: "pulumi-nodejs:dynamic/castai:EvictorConfig",
    podMutation: "pulumi-nodejs:dynamic/castai:PodMutation",
    release: "kubernetes:helm.sh/v3:Release",
} as const;

const PROVIDER = "exports.handler = __f0;\nfunction __f0() { /* serialized provider */ }";
const CLUSTER_ID = "3f2c1a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f";

type Props = Record<string, any>;

export function externalCluster(p: Props = {}, name = "prod-eks-castai-cluster"): Fixture {
    return fixture(T.externalCluster, name, {
        __provider: PROVIDER,
        name: "prod-eks",
        eks: { accountId: "123456789012", region: "eu-central-1", clusterName: "prod-eks" },
        deleteNodesOnDisconnect: false,
        ...p,
    });
}

/** The prod profile of DESIGN.md §6: headroom 15%, empty-node delay 300 s, max 200 CPU, conservative evictor. */
export function autoscalerPolicy(policies: Props = {}, p: Props = {}, name = "prod-eks-autoscaler"): Fixture {
    return fixture(T.autoscalerPolicy, name, {
        __provider: PROVIDER,
        clusterId: CLUSTER_ID,
        policies: {
            enabled: true,
            unschedulablePods: { enabled: true, headroom: { enabled: true, cpuPercentage: 15, memoryPercentage: 15 } },
            clusterLimits: { enabled: true, cpu: { minCores: 2, maxCores: 200 } },
            nodeDownscaler: {
                enabled: true,
                emptyNodes: { enabled: true, delaySeconds: 300 },
                evictor: { enabled: true, aggressiveMode: false, dryRun: false },
            },
            ...policies,
        },
        ...p,
    });
}

export function nodeTemplate(constraints: Props = {}, p: Props = {}, name = "prod-eks-spot-workers"): Fixture {
    return fixture(T.nodeTemplate, name, {
        __provider: PROVIDER,
        clusterId: CLUSTER_ID,
        name: "prod-spot-workers",
        isDefault: false,
        isEnabled: true,
        shouldTaint: false,
        constraints: { spot: true, onDemand: false, useSpotFallbacks: true, fallbackRestoreRateSeconds: 1800, ...constraints },
        ...p,
    });
}

export function hibernationSchedule(p: Props = {}, name = "dev-eks-hibernation"): Fixture {
    return fixture(T.hibernationSchedule, name, {
        __provider: PROVIDER,
        name: "dev-off-hours",
        enabled: true,
        clusterIds: [CLUSTER_ID],
        pauseCron: "0 20 * * 1-5",
        resumeCron: "0 7 * * 1-5",
        timeZone: "Europe/Vilnius",
        resumeInstanceType: "m5.xlarge",
        ...p,
    });
}

export function evictorConfig(rules: Props[] | string, p: Props = {}, name = "prod-eks-evictor-config"): Fixture {
    return fixture(T.evictorConfig, name, { __provider: PROVIDER, clusterId: CLUSTER_ID, evictionConfig: rules, ...p });
}

export function podMutation(p: Props = {}, name = "prod-eks-spot-share"): Fixture {
    return fixture(T.podMutation, name, {
        __provider: PROVIDER,
        clusterId: CLUSTER_ID,
        name: "spot-share",
        enabled: true,
        distributionGroups: [
            { name: "spot", percentage: 60, config: { spotType: "PREFERRED_SPOT" } },
            { name: "on-demand", percentage: 40, config: {} },
        ],
        ...p,
    });
}

/** A CastAiCluster Helm release: `release("castai-evictor", "0.35.143", { aggressiveMode: false })`. */
export function release(chart: string, version: unknown, values: Props | string = {}, p: Props = {}): Fixture {
    return fixture(T.release, `prod-eks-${chart}`, {
        name: chart,
        chart,
        version,
        namespace: "castai-agent",
        repositoryOpts: { repo: "https://castai.github.io/helm-charts" },
        values,
        ...p,
    });
}

/** castware-operator values as CastAiCluster renders them (castai-install.md §14). */
export function operatorValues(p: Props = {}): Props {
    return {
        apiKeySecret: { apiKey: "not-a-real-key" },
        extendedPermissions: true,
        defaultCluster: { provider: "eks", terraform: true, migrationMode: "write", api: { apiUrl: "https://api.cast.ai" } },
        defaultComponents: { enabled: false },
        ...p,
    };
}

/** castware-components values with every component pinned. */
export function componentsValues(components: Props = {}): Props {
    return {
        components: {
            "castai-agent": { component: "castai-agent", cluster: "castai", enabled: true, version: "0.161.1" },
            "spot-handler": { component: "spot-handler", cluster: "castai", enabled: true, version: "0.35.5" },
            "cluster-controller": { component: "cluster-controller", cluster: "castai", enabled: true, version: "0.92.14" },
            ...components,
        },
    };
}
