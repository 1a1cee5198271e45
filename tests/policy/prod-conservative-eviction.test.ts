import * as assert from "node:assert/strict";
import { castaiProdConservativeEviction as policy } from "../../policy-pack/policies/castai-prod-conservative-eviction";
import { autoscalerPolicy, evictorConfig, release } from "./factories";
import { messages, runAtPreview, runPolicy, UNKNOWN_VALUE } from "./helpers";

const evictor = (aggressiveMode: boolean | string) => ({
    enabled: true,
    emptyNodes: { enabled: true, delaySeconds: 300 },
    evictor: { enabled: true, aggressiveMode },
});

describe("policy castai-prod-conservative-eviction", () => {
    it("reports aggressive mode in the production autoscaler policy", async () => {
        const reports = await runPolicy(policy, [autoscalerPolicy({ nodeDownscaler: evictor(true) }, { environment: "prod" })]);
        assert.equal(reports.length, 1);
        assert.match(reports[0].message, /^AutoscalerPolicy "prod-eks-autoscaler" \(environment "prod"\): `policies.nodeDownscaler.evictor.aggressiveMode` is true/);
        assert.match(reports[0].message, /To fix: set it to false\. .*`profile.evictorAggressive` setting to false/);
    });

    it("reports aggressive EvictorConfig rules, naming the rule", async () => {
        const rules = [
            { podSelector: { namespace: "batch" }, settings: { aggressive: { enabled: true } } },
            { podSelector: { namespace: "web" }, settings: { removalDisabled: { enabled: true } } },
        ];
        const msgs = await messages(policy, [evictorConfig(rules)], { stack: "production" });
        assert.equal(msgs.length, 1);
        assert.match(msgs[0], /EvictorConfig "prod-eks-evictor-config" \(environment "production", from the stack name\): `evictionConfig\[0\].settings.aggressive.enabled` is true \(podSelector \{"namespace":"batch"\}\)/);
        assert.match(msgs[0], /To fix: remove that rule or set `settings.aggressive.enabled` to false/);
    });

    it("reports aggressiveMode in the castai-evictor chart values (also as a --set string)", async () => {
        for (const v of [true, "true"]) {
            const msgs = await messages(policy, [release("castai-evictor", "0.35.143", { aggressiveMode: v })], { stack: "prod" });
            assert.equal(msgs.length, 1);
            assert.match(msgs[0], /Helm release "castai-evictor" .*the castai-evictor chart value `aggressiveMode` is true/);
            assert.match(msgs[0], /To fix: set `aggressiveMode: false` in the release values/);
        }
    });

    it("accepts conservative settings in production", async () => {
        const fs = [
            autoscalerPolicy({}, { environment: "prod" }),
            evictorConfig([{ settings: { removalDisabled: { enabled: true } } }], { environment: "prod" }),
            release("castai-evictor", "0.35.143", { aggressiveMode: false, replicaCount: 0 }),
        ];
        assert.deepEqual(await messages(policy, fs, { stack: "prod" }), []);
    });

    it("does not apply outside production (dev evicts aggressively)", async () => {
        const fs = [
            autoscalerPolicy({ nodeDownscaler: evictor(true) }),
            evictorConfig([{ settings: { aggressive: { enabled: true } } }]),
            release("castai-evictor", "0.35.143", { aggressiveMode: true }),
        ];
        assert.deepEqual(await messages(policy, fs, { stack: "dev" }), []);
    });

    it("skips quietly when values are unknown at preview", async () => {
        const fs = [
            autoscalerPolicy({ nodeDownscaler: { evictor: { aggressiveMode: UNKNOWN_VALUE } } }, { environment: "prod" }),
            evictorConfig(UNKNOWN_VALUE, { environment: "prod" }),
            evictorConfig([{ podSelector: UNKNOWN_VALUE, settings: { aggressive: { enabled: UNKNOWN_VALUE } } }], { environment: "prod" }, "ec2"),
            release("castai-evictor", "0.35.143", { aggressiveMode: UNKNOWN_VALUE }),
        ];
        assert.deepEqual(await runAtPreview(policy, fs, { stack: "prod" }), []);
    });

    it("still reports an aggressive rule whose selector is unknown at preview", async () => {
        const rules = [{ podSelector: { namespace: UNKNOWN_VALUE }, settings: { aggressive: { enabled: true } } }];
        const msgs = await messages(policy, [evictorConfig(rules, { environment: "prod" })]);
        assert.equal(msgs.length, 1);
        assert.match(msgs[0], /\(podSelector \{"namespace":"\(not known yet\)"\}\)/);
    });
});
