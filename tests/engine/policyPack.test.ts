import { strict as assert } from "node:assert";
import type { PreviewResult } from "@pulumi/pulumi/automation";
import { Emulator, startEmulator } from "../../components/testing";
import { EngineStack, createProjectStack } from "../../scripts/engine";
import { policyPackDir } from "../../scripts/policyCheck";

/** A production stack the engine can run offline: emulator API, identity brought by the user, GitOps mode. */
function prodStack(profileOverrides: string): string {
    return `config:
  fleet:environment: prod
  fleet:clusters:
    - key: shop-prod
      provider: eks
      inCluster: false
      eks:
        accountId: "222222222222"
        region: eu-central-1
        clusterName: shop-prod
        existingRoleArn: arn:aws:iam::222222222222:role/castai-shop-prod
        existingInstanceProfileArn: arn:aws:iam::222222222222:instance-profile/castai-shop-prod-nodes
${profileOverrides ? `      profile:\n${profileOverrides}` : ""}`;
}

const hibernation = `        hibernation:
          pauseCron: "0 19 * * 1-5"
          resumeCron: "0 7 * * 1-5"
`;
const aggressive = `        evictorAggressive: true
`;

describe("engine: policy pack through pulumi preview --policy-pack", function () {
    this.timeout(600_000);
    let emu: Emulator;
    const stacks: EngineStack[] = [];

    before(async () => {
        emu = await startEmulator({ strict: true });
    });
    after(async () => {
        for (const s of stacks) {
            await s.remove();
        }
        await emu.stop();
    });

    async function preview(name: string, overrides: string): Promise<{ ok: boolean; text: string }> {
        const engine = await createProjectStack(name, emu, { [name]: prodStack(overrides) });
        stacks.push(engine);
        const out: string[] = [];
        try {
            const result: PreviewResult = await engine.stack.preview({ policyPacks: [policyPackDir], onOutput: (s) => out.push(s), color: "never" });
            return { ok: true, text: out.join("") + result.stdout };
        } catch (err) {
            return { ok: false, text: out.join("") + String((err as Error).message) };
        }
    }

    it("passes a compliant production stack (the prod profile as it is)", async () => {
        const good = await preview("prodok", "");
        assert.equal(good.ok, true, good.text);
        assert.doesNotMatch(good.text, /\[mandatory\]/);
        assert.equal(emu.requests.length, 0, "preview made no CAST AI call");
    });

    it("fails a production stack with hibernation, naming castai-prod-no-hibernation and what to change", async () => {
        const bad = await preview("prodhib", hibernation);
        assert.equal(bad.ok, false);
        assert.match(bad.text, /\[mandatory\].*castai-prod-no-hibernation/);
        assert.match(bad.text, /profile\.hibernation/);
        assert.doesNotMatch(bad.text, /castai-prod-conservative-eviction/, "only the hibernation rule is broken");
    });

    it("fails a production stack with an aggressive evictor, naming castai-prod-conservative-eviction", async () => {
        const bad = await preview("prodevict", aggressive);
        assert.equal(bad.ok, false);
        assert.match(bad.text, /\[mandatory\].*castai-prod-conservative-eviction/);
        assert.match(bad.text, /profile\.evictorAggressive/);
        assert.doesNotMatch(bad.text, /castai-prod-no-hibernation/, "only the evictor rule is broken");
    });
});
