import * as assert from "node:assert/strict";
import { castaiProdStackEnvironment as policy } from "../../policy-pack/policies/castai-prod-stack-environment";
import { externalCluster, hibernationSchedule, release } from "./factories";
import { messages, runAtPreview, runPolicy, UNKNOWN_VALUE } from "./helpers";

describe("policy castai-prod-stack-environment", () => {
    it("reports a resource that opts out of production inside the prod stack", async () => {
        const reports = await runPolicy(policy, [hibernationSchedule({ environment: "dev" })], { stack: "prod" });
        assert.equal(reports.length, 1);
        assert.equal(reports[0].phase, "resource");
        assert.match(reports[0].message, /^HibernationSchedule "dev-off-hours" declares environment "dev" in the production stack "prod", which would exempt it from the production rules/);
        assert.match(reports[0].message, /To fix: A production stack holds production clusters only: remove the `environment` override/);
    });

    it("accepts production or unset environments in the prod stack", async () => {
        const fs = [externalCluster({ environment: "production" }), externalCluster({}, "b"), release("castai-agent", "0.161.1")];
        assert.deepEqual(await messages(policy, fs, { stack: "prod" }), []);
    });

    it("does not apply to non-production stacks", async () => {
        assert.deepEqual(await messages(policy, [externalCluster({ environment: "dev" })], { stack: "staging" }), []);
        assert.deepEqual(await messages(policy, [externalCluster({ environment: "dev" })]), []);
    });

    it("skips quietly when the environment is unknown at preview", async () => {
        assert.deepEqual(await runAtPreview(policy, [externalCluster({ environment: UNKNOWN_VALUE })], { stack: "prod" }), []);
    });
});
