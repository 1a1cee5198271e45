import * as assert from "node:assert/strict";
import { castaiClusterCpuLimits as policy } from "../../policy-pack/policies/castai-cluster-cpu-limits";
import { autoscalerPolicy } from "./factories";
import { messages, runAtPreview, UNKNOWN_VALUE } from "./helpers";

const limits = (l: unknown) => ({ clusterLimits: l });

describe("policy castai-cluster-cpu-limits", () => {
    it("reports maxCores above the environment's cap (dev 16, staging 50, prod 200)", async () => {
        for (const [env, cap] of [["dev", 16], ["staging", 50], ["prod", 200]] as const) {
            const msgs = await messages(policy, [autoscalerPolicy(limits({ enabled: true, cpu: { maxCores: cap + 1 } }))], { stack: env });
            assert.equal(msgs.length, 1, env);
            assert.match(msgs[0], new RegExp(`\`clusterLimits.cpu.maxCores\` is ${cap + 1}, above the cap of ${cap} for "${env}"`));
            assert.match(msgs[0], new RegExp(`To fix: set \`policies.clusterLimits\` to \`\\{ enabled: true, cpu: \\{ maxCores: at most ${cap} \\} \\}\``));
            assert.match(msgs[0], /CastAiCluster `profile.maxCpuCores` override/);
        }
    });

    it("reports disabled, unmanaged or uncapped limits", async () => {
        const off = await messages(policy, [autoscalerPolicy(limits({ enabled: false, cpu: { maxCores: 10 } }), { environment: "dev" })]);
        assert.match(off[0], /`clusterLimits.enabled` is false/);
        const unset = await messages(policy, [autoscalerPolicy(limits(undefined), { environment: "dev" })]);
        assert.match(unset[0], /`policies.clusterLimits` is not set/);
        const noMax = await messages(policy, [autoscalerPolicy(limits({ enabled: true, cpu: {} }), { environment: "dev" })]);
        assert.match(noMax[0], /`clusterLimits.cpu.maxCores` is not set/);
    });

    it("accepts limits within the cap, and environments without a cap when limits are on", async () => {
        assert.deepEqual(await messages(policy, [autoscalerPolicy({}, { environment: "prod" })]), []);
        assert.deepEqual(await messages(policy, [autoscalerPolicy(limits({ enabled: true, cpu: { maxCores: 16 } }))], { stack: "dev" }), []);
        assert.deepEqual(await messages(policy, [autoscalerPolicy(limits({ enabled: true, cpu: { maxCores: 999 } }))], { stack: "demo" }), []);
    });

    it("applies the prod cap to other production names, and laid-over configured caps", async () => {
        const big = autoscalerPolicy(limits({ enabled: true, cpu: { maxCores: 300 } }));
        assert.match((await messages(policy, [big], { stack: "production" }))[0], /above the cap of 200 for "production"/);
        const cfg = { config: { maxCoresByEnvironment: { qa: 8 } } };
        const qa = autoscalerPolicy(limits({ enabled: true, cpu: { maxCores: 10 } }));
        assert.match((await messages(policy, [qa], { stack: "qa", ...cfg }))[0], /above the cap of 8 for "qa"/);
        const dev17 = autoscalerPolicy(limits({ enabled: true, cpu: { maxCores: 17 } }));
        assert.match((await messages(policy, [dev17], { stack: "dev", ...cfg }))[0], /above the cap of 16 for "dev"/);
    });

    it("skips quietly when values are unknown at preview", async () => {
        const fs = [
            autoscalerPolicy(limits({ enabled: true, cpu: { maxCores: UNKNOWN_VALUE } }), { environment: "dev" }),
            autoscalerPolicy(limits(UNKNOWN_VALUE), { environment: "dev" }, "p2"),
        ];
        assert.deepEqual(await runAtPreview(policy, fs, { stack: "dev" }), []);
    });
});
