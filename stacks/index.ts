// The fleet program: one CastAiCluster per entry of the stack's `fleet:clusters` list, all in the stack's
// environment (`fleet:environment`). One stack per environment, each with its own CAST AI key and state.
import * as pulumi from "@pulumi/pulumi";
import { CastAiCluster, CastAiClusterArgs } from "../dist/components";

/** One entry of `fleet:clusters`: CastAiCluster args without the environment, plus the resource name. */
type ClusterEntry = Omit<CastAiClusterArgs, "environment"> & { readonly key: string };

const fleet = new pulumi.Config("fleet");
const environment = fleet.require("environment");
const entries = fleet.requireObject<ClusterEntry[]>("clusters");

const seen = new Set<string>();
const clusters = entries.map(({ key, ...args }, i) => {
    if (!key || seen.has(key)) {
        throw new Error(`fleet:clusters[${i}].key must be set and unique in the stack (got ${JSON.stringify(key)})`);
    }
    seen.add(key);
    return { key, cluster: new CastAiCluster(key, { ...args, environment }) };
});

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
