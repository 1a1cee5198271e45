import * as assert from "assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { planReleases } from "../../components/kubernetes/plan";
import { gitOpsValues } from "../../components/kubernetes/releases";
import { API_KEY, CLUSTER_TOKEN, resolved, secretPaths, settings } from "./installSettingsFixture";

describe("GitOps values (inCluster: false)", () => {
    it("describes each planned release under its release name, in install order", () => {
        const plan = planReleases(settings());
        assert.deepEqual(Object.keys(gitOpsValues(plan)), plan.map((r) => r.name));
    });

    it("gives chart, exact version, repository, namespace, values and install order of each release", () => {
        const plan = planReleases(settings());
        const gitOps = gitOpsValues(plan);
        for (const release of plan) {
            assert.deepEqual(gitOps[release.name], {
                chart: release.chart,
                version: release.version,
                repository: "https://castai.github.io/helm-charts",
                namespace: "castai-agent",
                values: release.values,
                dependsOn: release.dependsOn,
            });
        }
        assert.deepEqual(gitOps["castware-components"].dependsOn, ["castware-operator"]);
    });

    it("carries the same values a cluster install would get", async () => {
        const gitOps = gitOpsValues(planReleases(settings({ evictorAggressive: true })));
        assert.deepEqual(await resolved(gitOps["castai-evictor"].values), { managedByCASTAI: false, aggressiveMode: true });
        const operator = (await resolved(gitOps["castware-operator"].values)) as { apiKeySecret: { apiKey: string } };
        assert.equal(operator.apiKeySecret.apiKey, API_KEY);
    });

    it("keeps the API key and the cluster token secret when exported as a stack output", async () => {
        const gitOps = gitOpsValues(planReleases(settings()));
        assert.deepEqual(await secretPaths(gitOps), [
            "castai-kvisor.values.castai.apiKey",
            "castai-pod-mutator.values.castai.apiKey",
            "castai-pod-pinner.values.castai.apiKey",
            "castware-operator.values.apiKeySecret.apiKey",
        ]);
        assert.equal(await pulumi.isSecret(pulumi.output(gitOps)), true);
        assert.ok(JSON.stringify(await resolved(gitOps)).includes(CLUSTER_TOKEN));
    });

    it("describes only the read-only releases in phase 1", () => {
        assert.deepEqual(Object.keys(gitOpsValues(planReleases(settings({ phase: 1, security: false })))), [
            "castware-operator",
            "castware-components",
        ]);
    });
});
