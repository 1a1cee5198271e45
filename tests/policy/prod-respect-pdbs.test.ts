import * as assert from "node:assert/strict";
import { castaiProdRespectPdbs as policy } from "../../policy-pack/policies/castai-prod-respect-pdbs";
import { autoscalerPolicy, release } from "./factories";
import { messages, runAtPreview, UNKNOWN_VALUE } from "./helpers";

const ignorePdbs = (v: unknown) => ({ nodeDownscaler: { enabled: true, evictor: { enabled: true, ignorePodDisruptionBudgets: v } } });

describe("policy castai-prod-respect-pdbs", () => {
    it("reports PDB-ignoring eviction in the autoscaler policy and the evictor chart in production", async () => {
        const fs = [autoscalerPolicy(ignorePdbs(true)), release("castai-evictor", "0.35.143", { ignorePodDisruptionBudgets: true })];
        const msgs = await messages(policy, fs, { stack: "prod" });
        assert.equal(msgs.length, 2);
        assert.match(msgs[0], /AutoscalerPolicy "prod-eks-autoscaler" .*`policies.nodeDownscaler.evictor.ignorePodDisruptionBudgets` is true/);
        assert.match(msgs[1], /Helm release "castai-evictor" .*the castai-evictor chart value `ignorePodDisruptionBudgets` is true/);
        assert.match(msgs[0], /To fix: Let the Evictor honour PodDisruptionBudgets in production/);
    });

    it("accepts respected PDBs in production", async () => {
        const fs = [autoscalerPolicy(ignorePdbs(false)), release("castai-evictor", "0.35.143", {})];
        assert.deepEqual(await messages(policy, fs, { stack: "prod" }), []);
    });

    it("does not apply outside production", async () => {
        assert.deepEqual(await messages(policy, [autoscalerPolicy(ignorePdbs(true))], { stack: "dev" }), []);
    });

    it("skips quietly when values are unknown at preview", async () => {
        const fs = [autoscalerPolicy(ignorePdbs(UNKNOWN_VALUE)), release("castai-evictor", "0.35.143", UNKNOWN_VALUE)];
        assert.deepEqual(await runAtPreview(policy, fs, { stack: "prod" }), []);
    });
});
