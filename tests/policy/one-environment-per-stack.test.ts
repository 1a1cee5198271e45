import * as assert from "node:assert/strict";
import { castaiOneEnvironmentPerStack as policy } from "../../policy-pack/policies/castai-one-environment-per-stack";
import { autoscalerPolicy, externalCluster, nodeTemplate, release } from "./factories";
import { messages, runAtPreview, runPolicy, UNKNOWN_VALUE } from "./helpers";

describe("policy castai-one-environment-per-stack", () => {
    it("reports CAST AI resources of several environments in one stack", async () => {
        const fs = [
            externalCluster({ environment: "prod" }),
            autoscalerPolicy({}, { environment: "prod" }),
            externalCluster({ environment: "dev", name: "dev-eks" }, "dev-eks-castai-cluster"),
        ];
        const reports = await runPolicy(policy, fs, { stack: "prod" });
        assert.equal(reports.length, 1);
        assert.equal(reports[0].urn, undefined); // a stack-wide violation
        assert.match(reports[0].message, /^CAST AI resources of this stack belong to 2 environments: "prod" \(prod-eks-castai-cluster, prod-eks-autoscaler\); "dev" \(dev-eks-castai-cluster\)/);
        assert.match(reports[0].message, /To fix: Keep one environment per stack, each with its own state and its own CAST AI API key/);
    });

    it("treats environment names case-insensitively", async () => {
        const fs = [externalCluster({ environment: "Prod" }), autoscalerPolicy({}, { environment: "prod" })];
        assert.deepEqual(await messages(policy, fs), []);
    });

    it("accepts one environment, or none set when the stack name resolves it", async () => {
        assert.deepEqual(await messages(policy, [externalCluster({ environment: "dev" }), nodeTemplate({}, { environment: "dev" })]), []);
        assert.deepEqual(await messages(policy, [externalCluster(), release("castai-agent", "0.161.1")], { stack: "dev" }), []);
    });

    it("reports a stack whose environment cannot be resolved, unless configured to allow it", async () => {
        const fs = [externalCluster(), release("castai-agent", "0.161.1")];
        const msgs = await messages(policy, fs);
        assert.equal(msgs.length, 1);
        assert.match(msgs[0], /cannot be resolved: none sets `environment` and the policy pack got no stack name/);
        assert.deepEqual(await messages(policy, fs, { config: { allowUnresolved: true } }), []);
        assert.deepEqual(await messages(policy, [release("ingress-nginx", "4.0.0", {}, { repositoryOpts: {} })]), []);
    });

    it("ignores environments not known yet at preview", async () => {
        const fs = [externalCluster({ environment: UNKNOWN_VALUE }), autoscalerPolicy({}, { environment: "prod" })];
        assert.deepEqual(await runAtPreview(policy, fs), []);
        assert.deepEqual(await runAtPreview(policy, [externalCluster({ environment: UNKNOWN_VALUE })]), []);
    });
});
