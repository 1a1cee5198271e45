import * as assert from "node:assert/strict";
import { castaiProdEmptyNodeDelay as policy } from "../../policy-pack/policies/castai-prod-empty-node-delay";
import { autoscalerPolicy } from "./factories";
import { messages, runAtPreview, UNKNOWN_VALUE } from "./helpers";

const downscaler = (emptyNodes: unknown, enabled = true) => ({ nodeDownscaler: { enabled, ...(emptyNodes === undefined ? {} : { emptyNodes }) } });
const prod = { environment: "prod" };

describe("policy castai-prod-empty-node-delay", () => {
    it("reports a delay under 300 s in production", async () => {
        const msgs = await messages(policy, [autoscalerPolicy(downscaler({ enabled: true, delaySeconds: 60 }), prod)]);
        assert.equal(msgs.length, 1);
        assert.match(msgs[0], /^AutoscalerPolicy "prod-eks-autoscaler" \(environment "prod"\): `emptyNodes.delaySeconds` is 60, below the minimum of 300 s/);
        assert.match(msgs[0], /To fix: set `policies.nodeDownscaler.emptyNodes` to `\{ enabled: true, delaySeconds: >= 300 \}`.*`profile.emptyNodeDelaySeconds` override/);
    });

    it("reports an unset delay or an unmanaged emptyNodes block", async () => {
        const noDelay = await messages(policy, [autoscalerPolicy(downscaler({ enabled: true }), prod)]);
        assert.match(noDelay[0], /`emptyNodes.delaySeconds` is not set \(must be at least 300\)/);
        const unmanaged = await messages(policy, [autoscalerPolicy(downscaler(undefined), prod)]);
        assert.match(unmanaged[0], /`policies.nodeDownscaler.emptyNodes` is not set/);
    });

    it("accepts 300 s, disabled empty-node removal, and a configured minimum", async () => {
        assert.deepEqual(await messages(policy, [autoscalerPolicy({}, prod)]), []);
        assert.deepEqual(await messages(policy, [autoscalerPolicy(downscaler({ enabled: false, delaySeconds: 0 }), prod)]), []);
        assert.deepEqual(await messages(policy, [autoscalerPolicy(downscaler({ enabled: true, delaySeconds: 0 }, false), prod)]), []);
        const cfg = { config: { minDelaySeconds: 600 } };
        assert.match((await messages(policy, [autoscalerPolicy({}, prod)], cfg))[0], /is 300, below the minimum of 600 s/);
    });

    it("does not apply outside production (dev removes empty nodes after 60 s)", async () => {
        assert.deepEqual(await messages(policy, [autoscalerPolicy(downscaler({ enabled: true, delaySeconds: 60 }))], { stack: "dev" }), []);
    });

    it("skips quietly when values are unknown at preview", async () => {
        const fs = [
            autoscalerPolicy(downscaler({ enabled: true, delaySeconds: UNKNOWN_VALUE }), prod),
            autoscalerPolicy(downscaler(UNKNOWN_VALUE), prod, "p2"),
        ];
        assert.deepEqual(await runAtPreview(policy, fs, { stack: "prod" }), []);
    });
});
