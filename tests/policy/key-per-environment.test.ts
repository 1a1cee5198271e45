import * as assert from "node:assert/strict";
import { castaiKeyPerEnvironment as policy } from "../../policy-pack/policies/castai-key-per-environment";
import { externalCluster } from "./factories";
import { fixture, messages, runAtPreview, runPolicy, UNKNOWN_VALUE } from "./helpers";

/** A key provider carrying the key of `keyEnv`, as a library program may make it (no stack environment on it). */
const keyProvider = (keyEnv: string) =>
    fixture("pulumi:providers:pulumi-nodejs", "castai-api-key", { "castai:apiToken": "[secret]", "castai:apiTokenEnvironment": keyEnv });
/** The provider the fleet program makes from `fleet:apiTokenFrom`: it also names the stack's environment. */
const fleetKeyProvider = (keyEnv: string, stackEnv: string) =>
    fixture("pulumi:providers:pulumi-nodejs", "castai-api-key", { ...keyProvider(keyEnv).props, "castai:stackEnvironment": stackEnv });

describe("policy castai-key-per-environment", () => {
    it("fails the fleet program's provider at once when the key is not its stack's, before any resource uses it", async () => {
        const reports = await runPolicy(policy, [fleetKeyProvider("dev", "prod"), externalCluster({ environment: "prod" })], { stack: "prod" });
        assert.deepEqual(
            reports.map((r) => [r.phase, r.urn]),
            [["resource", "urn:pulumi:test::castai-fleet::pulumi:providers:pulumi-nodejs::castai-api-key"]],
            "reported once, by the provider",
        );
        assert.match(reports[0].message, /^the CAST AI key of this stack \(provider "castai-api-key"\) is the key of environment "dev", but the stack's environment is "prod"\./);
        assert.deepEqual(await messages(policy, [fleetKeyProvider("prod", "prod"), externalCluster({ environment: "prod" })], { stack: "prod" }), []);
        assert.deepEqual(await runAtPreview(policy, [fleetKeyProvider(UNKNOWN_VALUE, "prod")], { stack: "prod" }), []);
    });

    it("fails a prod stack whose key provider carries the dev key, judged by the stack's environment", async () => {
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
