import * as assert from "node:assert/strict";
import { castaiProdNoDeleteNodesOnDisconnect as policy } from "../../policy-pack/policies/castai-prod-no-delete-nodes-on-disconnect";
import { externalCluster } from "./factories";
import { messages, runAtPreview, UNKNOWN_VALUE } from "./helpers";

describe("policy castai-prod-no-delete-nodes-on-disconnect", () => {
    it("reports deleteNodesOnDisconnect in production", async () => {
        const msgs = await messages(policy, [externalCluster({ environment: "prod", deleteNodesOnDisconnect: true })]);
        assert.equal(msgs.length, 1);
        assert.match(msgs[0], /^ExternalCluster "prod-eks" \(environment "prod"\): `deleteNodesOnDisconnect` is true/);
        assert.match(msgs[0], /To fix: Set `deleteNodesOnDisconnect` to false \(or leave it unset\)/);
    });

    it("accepts false or unset in production", async () => {
        assert.deepEqual(await messages(policy, [externalCluster({ environment: "prod" })]), []);
        assert.deepEqual(await messages(policy, [externalCluster({ deleteNodesOnDisconnect: undefined })], { stack: "prod" }), []);
    });

    it("does not apply outside production", async () => {
        assert.deepEqual(await messages(policy, [externalCluster({ deleteNodesOnDisconnect: true })], { stack: "dev" }), []);
    });

    it("skips quietly when values are unknown at preview", async () => {
        const fs = [externalCluster({ environment: "prod", deleteNodesOnDisconnect: UNKNOWN_VALUE })];
        assert.deepEqual(await runAtPreview(policy, fs), []);
    });
});
