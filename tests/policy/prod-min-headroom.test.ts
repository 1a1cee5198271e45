import * as assert from "node:assert/strict";
import { castaiProdMinHeadroom as policy } from "../../policy-pack/policies/castai-prod-min-headroom";
import { autoscalerPolicy } from "./factories";
import { messages, runAtPreview, UNKNOWN_VALUE } from "./helpers";

const headroom = (h: Record<string, any> | undefined, enabled: boolean | undefined = true) => ({
    unschedulablePods: { ...(enabled === undefined ? {} : { enabled }), ...(h === undefined ? {} : { headroom: h }) },
});
const prod = { environment: "prod" };

describe("policy castai-prod-min-headroom", () => {
    it("reports headroom below 15% CPU or memory in production", async () => {
        const msgs = await messages(policy, [autoscalerPolicy(headroom({ enabled: true, cpuPercentage: 5, memoryPercentage: 10 }), prod)]);
        assert.equal(msgs.length, 1);
        assert.match(msgs[0], /^AutoscalerPolicy "prod-eks-autoscaler" \(environment "prod"\): `headroom.cpuPercentage` is 5, below the minimum of 15; `headroom.memoryPercentage` is 10, below the minimum of 15/);
        assert.match(msgs[0], /To fix: set `policies.unschedulablePods` to `\{ enabled: true, headroom: \{ enabled: true, cpuPercentage: >= 15, memoryPercentage: >= 15 \} \}`/);
        assert.match(msgs[0], /CastAiCluster `profile.headroomPercent` override .* stacks\/Pulumi.<stack>.yaml/);
    });

    it("counts disabled headroom, or disabled unschedulable-pods scaling, as 0%", async () => {
        const off = await messages(policy, [autoscalerPolicy(headroom({ enabled: false, cpuPercentage: 20, memoryPercentage: 20 }), prod)]);
        assert.match(off[0], /headroom is disabled \(`headroom.enabled: false` counts as 0%/);
        const unsched = await messages(policy, [autoscalerPolicy(headroom({ enabled: true, cpuPercentage: 20, memoryPercentage: 20 }, false), prod)]);
        assert.match(unsched[0], /`policies.unschedulablePods.enabled` is false, so there is no headroom \(counts as 0%/);
    });

    it("reports headroom the document does not manage (the server keeps its 10% default)", async () => {
        const msgs = await messages(policy, [autoscalerPolicy(headroom(undefined), prod)]);
        assert.match(msgs[0], /`policies.unschedulablePods.headroom` is not set/);
        const noEnabled = await messages(policy, [autoscalerPolicy(headroom({ cpuPercentage: 20, memoryPercentage: 20 }), prod)]);
        assert.match(noEnabled[0], /`headroom.enabled` is not set to true/);
    });

    it("accepts 15% and more, and uses configured minimums", async () => {
        assert.deepEqual(await messages(policy, [autoscalerPolicy({}, prod)]), []);
        const h20 = autoscalerPolicy(headroom({ enabled: true, cpuPercentage: 20, memoryPercentage: 25 }), prod);
        assert.deepEqual(await messages(policy, [h20], { config: { minCpuPercentage: 20, minMemoryPercentage: 25 } }), []);
        const msgs = await messages(policy, [autoscalerPolicy({}, prod)], { config: { minCpuPercentage: 20 } });
        assert.match(msgs[0], /`headroom.cpuPercentage` is 15, below the minimum of 20/);
    });

    it("does not apply outside production (dev and staging run 5%)", async () => {
        const h5 = headroom({ enabled: true, cpuPercentage: 5, memoryPercentage: 5 });
        assert.deepEqual(await messages(policy, [autoscalerPolicy(h5)], { stack: "staging" }), []);
        assert.deepEqual(await messages(policy, [autoscalerPolicy(h5, { environment: "dev" })], { stack: "prod" }), []);
    });

    it("skips quietly when values are unknown at preview", async () => {
        const fs = [
            autoscalerPolicy(headroom({ enabled: true, cpuPercentage: UNKNOWN_VALUE, memoryPercentage: UNKNOWN_VALUE }), prod),
            autoscalerPolicy({ unschedulablePods: UNKNOWN_VALUE }, prod, "p2"),
            autoscalerPolicy(UNKNOWN_VALUE as any, prod, "p3"),
        ];
        assert.deepEqual(await runAtPreview(policy, fs, { stack: "prod" }), []);
    });
});
