// The fleet program: one CastAiCluster per entry of the stack's `fleet:clusters` list, all in the stack's
// environment (`fleet:environment`). One stack per environment, each with its own CAST AI key and state.
import * as pulumi from "@pulumi/pulumi";
import { CastAiCluster, CastAiClusterArgs, apiKeyFromConfig, argsError, planCluster } from "../dist/components";

/**
 * One entry of `fleet:clusters`: CastAiCluster args without the environment and the Kubernetes target (a kubeconfig
 * is a credential and a provider is no YAML value), plus the resource name and where the kubeconfig is kept.
 */
type ClusterEntry = Omit<CastAiClusterArgs, "environment" | "kubeconfig" | "kubernetesProvider"> & {
    /** Resource name of the cluster, unique in the stack; prefixes every child. */
    readonly key: string;
    /**
     * Name of the secret `fleet:` config key holding the cluster's kubeconfig
     * (`pulumi config set --secret fleet:<name> < kubeconfig.yaml`); default: derived from the cloud cluster.
     */
    readonly kubeconfigSecret?: string;
};

const fleet = new pulumi.Config("fleet");
const environment = fleet.require("environment");
const entries = fleet.requireObject<ClusterEntry[]>("clusters");
// The key: from the organization stack (`fleet:apiTokenFrom`), else `castai:apiToken` as the providers read it.
const apiKey = apiKeyFromConfig(environment);

// Every entry is checked, and planned, before any cluster is created: `up` creates resources while the program still
// runs, so a mistake found at the second entry must not leave the first one half-made.
const problems = entryProblems(entries);
if (problems.length > 0) {
    throw argsError("fleet:clusters", problems, pulumi.runtime.getStackResource());
}
const resolved = entries.map(({ key, kubeconfigSecret, ...args }) => ({
    key,
    args: { ...args, environment, apiToken: apiKey?.apiToken, kubeconfig: kubeconfigSecret === undefined ? undefined : fleet.requireSecret(kubeconfigSecret) },
}));
const planProblems = resolved.flatMap(({ key, args }) => {
    const result = planCluster(key, args);
    return "problems" in result ? result.problems.map((p) => `${key}: ${p}`) : [];
});
if (planProblems.length > 0) {
    throw argsError("fleet:clusters", planProblems, pulumi.runtime.getStackResource());
}
const clusters = resolved.map(({ key, args }) => ({ key, cluster: new CastAiCluster(key, args, apiKey && { providers: [apiKey.provider] }) }));

/** Every problem with the entries that no single CastAiCluster can see: keys, inline credentials, shared targets. */
function entryProblems(list: readonly ClusterEntry[]): string[] {
    const found: string[] = [];
    const keys = new Set<string>();
    const targets = new Map<string, string>();
    list.forEach((entry, i) => {
        const raw = entry as unknown as Record<string, unknown>;
        if (!entry.key || keys.has(entry.key)) {
            found.push(`fleet:clusters[${i}].key must be set and unique in the stack (got ${JSON.stringify(entry.key)})`);
        }
        keys.add(entry.key);
        if (raw.kubeconfig !== undefined) {
            found.push(
                `fleet:clusters[${i}].kubeconfig must not be inline: a kubeconfig is a credential; store it with ` +
                    "`pulumi config set --secret fleet:<name> < kubeconfig.yaml` and set kubeconfigSecret: <name>",
            );
        }
        if (raw.kubernetesProvider !== undefined) {
            found.push(`fleet:clusters[${i}].kubernetesProvider cannot be set in stack config; set kubeconfigSecret: <name> instead`);
        }
        const target = kubeTarget(entry);
        if (target !== undefined) {
            const other = targets.get(target.id);
            if (other !== undefined) {
                found.push(`fleet:clusters entries "${other}" and "${entry.key}" would install into the same Kubernetes cluster (${target.what}): ${target.fix}`);
            } else {
                targets.set(target.id, entry.key);
            }
        }
    });
    return found;
}

/** Which API server an in-cluster entry installs into, as far as the config tells; undefined for GitOps entries. */
function kubeTarget(entry: ClusterEntry): { id: string; what: string; fix: string } | undefined {
    if (entry.inCluster === false) {
        return undefined;
    }
    if (entry.kubeconfigSecret !== undefined) {
        return {
            id: `secret:${entry.kubeconfigSecret}`,
            what: `kubeconfigSecret ${entry.kubeconfigSecret}`,
            fix: "give each cluster its own kubeconfig",
        };
    }
    const cloud = entry.eks
        ? [entry.eks.accountId, entry.eks.region, entry.eks.clusterName]
        : entry.gke
          ? [entry.gke.projectId, entry.gke.location, entry.gke.clusterName]
          : entry.aks
            ? [entry.aks.subscriptionId, entry.aks.region, entry.aks.resourceGroupName, entry.aks.clusterName]
            : undefined;
    return cloud && { id: JSON.stringify([entry.provider, ...cloud]), what: `${entry.provider} ${cloud.join("/")}`, fix: "one cluster takes one entry" };
}

/** Per cluster: CAST AI id, status, best estimated monthly saving, versions; and the GitOps values when not installed in-cluster. */
export const summary = Object.fromEntries(
    clusters.map(({ key, cluster }) => [
        key,
        {
            clusterId: cluster.clusterId,
            status: cluster.status,
            environment,
            monthlyCostUsd: cluster.savings.currentMonthlyCost,
            bestSavingsScenario: cluster.savings.bestScenario,
            estimatedMonthlySavingsUsd: cluster.savings.bestMonthlySavings,
            installedVersions: cluster.installedVersions,
        },
    ]),
);
export const gitOpsValues = Object.fromEntries(clusters.map(({ key, cluster }) => [key, cluster.gitOpsValues]));
export const totalEstimatedMonthlySavingsUsd = pulumi
    .all(clusters.map(({ cluster }) => cluster.savings.bestMonthlySavings))
    .apply((values) => Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100);
