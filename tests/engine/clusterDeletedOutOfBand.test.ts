import { strict as assert } from "node:assert";
import { stringify } from "yaml";
import { Emulator, startEmulator } from "../../components/testing";
import { EngineStack, createProjectStack } from "../../scripts/engine";
import { assertNoSecretInRun, liveClusters } from "./emulatorSetup";
import { changes } from "./resourceStack";

/** One dev cluster in phase 2 (policy, spot template, hibernation), identity brought, GitOps: every CAST AI object. */
const stackFile = stringify({
    config: {
        "fleet:environment": "dev",
        "fleet:clusters": [
            {
                key: "shop",
                provider: "eks",
                inCluster: false,
                profile: { spotSharePercent: 80 },
                eks: {
                    accountId: "111111111111",
                    region: "eu-central-1",
                    clusterName: "shop",
                    existingRoleArn: "arn:aws:iam::111111111111:role/castai-shop",
                    existingInstanceProfileArn: "arn:aws:iam::111111111111:instance-profile/castai-shop-nodes",
                },
            },
        ],
    },
});

describe("engine: a cluster removed in CAST AI behind Pulumi's back is recovered by refresh and up", function () {
    this.timeout(600_000);
    let emu: Emulator;
    let engine: EngineStack;
    const output: string[] = [];
    const collect = { onOutput: (s: string) => output.push(s), color: "never" as const };

    before(async () => {
        emu = await startEmulator({ strict: true });
        engine = await createProjectStack("recovery", emu, { recovery: stackFile });
    });
    after(async () => {
        await engine?.remove();
        await emu?.stop();
    });

    it("refresh drops the cluster and everything on it; the next up registers exactly one of each again", async () => {
        await engine.stack.up(collect);
        const [first] = liveClusters(emu);
        emu.console.setClusterStatus(first.id, "archived");

        // Before any refresh, the program still runs: the savings lookup of the gone cluster warns instead of failing.
        const blind = await engine.stack.up(collect);
        assert.equal(blind.summary.result, "succeeded");
        assert.equal(blind.outputs.summary.value.shop.estimatedMonthlySavingsUsd, 0);
        assert.match(output.join(""), new RegExp(`CAST AI has no cluster ${first.id} \\(removed outside Pulumi\\?\\): savings are empty; run \`pulumi refresh\``));

        const refresh = await engine.stack.refresh(collect);
        assert.equal(refresh.summary.result, "succeeded");
        const up = await engine.stack.up(collect);
        assert.ok((changes(up).create ?? 0) >= 4, `the registration and its objects are created again: ${JSON.stringify(changes(up))}`);

        const clusters = liveClusters(emu);
        assert.equal(clusters.length, 1, "exactly one live cluster");
        const [again] = clusters;
        assert.notEqual(again.id, first.id);
        assert.equal((emu.state.policies[again.id] as { enabled?: boolean }).enabled, true, "its autoscaler policy");
        assert.deepEqual(Object.keys(emu.state.nodeTemplates[again.id] ?? {}).filter((n) => n === "dev-spot-workers"), ["dev-spot-workers"], "one spot template");
        assert.equal(Object.values(emu.state.podMutations[again.id] ?? {}).length, 1, "one pod mutation");
        assert.equal(Object.values(emu.state.hibernationSchedules).length, 1, "one hibernation schedule");
        assert.equal(up.outputs.summary.value.shop.clusterId, again.id);

        const settled = await engine.stack.up(collect);
        assert.deepEqual(changes(settled), {});
        assertNoSecretInRun(engine, output, emu);
    });
});
