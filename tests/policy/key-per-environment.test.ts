import * as assert from "node:assert/strict";
import { castaiKeyPerEnvironment as policy } from "../../policy-pack/policies/castai-key-per-environment";
import { externalCluster } from "./factories";
import { fixture, messages, runAtPreview, runPolicy, UNKNOWN_VALUE } from "./helpers";

/** The provider an environment stack gets from `fleet:apiTokenFrom`, carrying the key of `keyEnv`. */
const keyProvider = (keyEnv: string) =>
    fixture("pulumi:providers:pulumi-nodejs", "castai-api-key", { "castai:apiToken": "[secret]", "castai:apiTokenEnvironment": keyEnv });

describe("policy castai-key-per-environment", () => {
    it("fails a prod stack that reads the dev key from the organization stack", async () => {
        const reports = await runPolicy(policy, [keyProvider("dev"), externalCluster({ environment: "prod" })], { stack: "prod" });
        assert.equal(reports.length, 1);
        assert.equal(reports[0].phase, "stack");
        assert.equal(reports[0].urn, "urn:pulumi:test::castai-fleet::pulumi:providers:pulumi-nodejs::castai-api-key");
        assert.match(reports[0].message, /^the CAST AI key of this stack \(provider "castai-api-key"\) is the key of environment "dev", but the stack's environment is "prod"\./);
        assert.match(reports[0].message, /To fix: Every environment uses its own CAST AI key, from its own service account: set `fleet:apiTokenFrom` to the organization stack alone/);
    });

    it("takes the stack's environment from its CAST AI resources before the stack name", async () => {
        assert.equal((await messages(policy, [keyProvider("dev"), externalCluster({ environment: "prod" })], { stack: "dev" })).length, 1);
        assert.deepEqual(await messages(policy, [keyProvider("prod"), externalCluster({ environment: "prod" })], { stack: "shop-dev" }), []);
        assert.equal((await messages(policy, [keyProvider("dev")], { stack: "prod" })).length, 1, "the stack name when no resource says");
    });

    it("accepts the stack's own key (names compared case-insensitively) and stacks whose key comes from config", async () => {
        assert.deepEqual(await messages(policy, [keyProvider("Prod"), externalCluster({ environment: "prod" })], { stack: "prod" }), []);
        assert.deepEqual(await messages(policy, [externalCluster({ environment: "prod" })], { stack: "prod" }), []);
        const plainProvider = fixture("pulumi:providers:pulumi-nodejs", "other", {});
        assert.deepEqual(await messages(policy, [plainProvider, externalCluster({ environment: "prod" })], { stack: "prod" }), []);
    });

    it("skips quietly while the key's environment or the stack's is unknown at preview", async () => {
        assert.deepEqual(await runAtPreview(policy, [keyProvider(UNKNOWN_VALUE), externalCluster({ environment: "prod" })], { stack: "prod" }), []);
        assert.deepEqual(await runAtPreview(policy, [keyProvider("dev"), externalCluster({ environment: UNKNOWN_VALUE })], { stack: "prod" }), []);
        assert.deepEqual(await messages(policy, [keyProvider("dev")]), [], "nothing resolves the stack's environment");
    });
});
