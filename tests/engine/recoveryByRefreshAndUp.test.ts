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

/** What the emulator holds for the stack's one cluster, counted: every object must exist exactly once. */
function inventory(emu: Emulator) {
    const clusters = liveClusters(emu);
    const id = clusters[0]?.id ?? "";
    return {
        clusters: clusters.length,
        policyEnabled: (emu.state.policies[id] as { enabled?: boolean } | undefined)?.enabled === true,
        spotTemplates: Object.keys(emu.state.nodeTemplates[id] ?? {}).filter((n) => n === "dev-spot-workers").length,
        podMutations: Object.values(emu.state.podMutations[id] ?? {}).length,
        schedules: Object.values(emu.state.hibernationSchedules).length,
    };
}
const once = { clusters: 1, policyEnabled: true, spotTemplates: 1, podMutations: 1, schedules: 1 };

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

        assert.deepEqual(inventory(emu), once);
        const [again] = liveClusters(emu);
        assert.notEqual(again.id, first.id);
        assert.equal(up.outputs.summary.value.shop.clusterId, again.id);

        const settled = await engine.stack.up(collect);
        assert.deepEqual(changes(settled), {});
        assertNoSecretInRun(engine, output, emu);
    });
});

describe("engine: a stack whose state was lost is recovered by refresh and up, adopting what exists", function () {
    this.timeout(600_000);
    let emu: Emulator;
    let first: EngineStack | undefined;
    let second: EngineStack | undefined;
    const output: string[] = [];
    const collect = { onOutput: (s: string) => output.push(s), color: "never" as const };

    before(async () => {
        emu = await startEmulator({ strict: true });
    });
    after(async () => {
        await first?.remove();
        await second?.remove();
        await emu?.stop();
    });

    it("the same stack in an empty backend refreshes clean and its up adopts every object: exactly one of each", async () => {
        first = await createProjectStack("recovery", emu, { recovery: stackFile });
        await first.stack.up(collect);
        assert.deepEqual(inventory(emu), once);
        const [cluster] = liveClusters(emu);

        // The state is gone (a new backend, a deleted state file): the same project and stack, nothing recorded.
        second = await createProjectStack("recovery", emu, { recovery: stackFile });
        assert.equal((await second.stack.refresh(collect)).summary.result, "succeeded");
        const up = await second.stack.up(collect);
        assert.equal(up.summary.result, "succeeded");
        assert.deepEqual(inventory(emu), once, "adopted, not duplicated");
        assert.equal(liveClusters(emu)[0].id, cluster.id, "the same registration");
        assert.equal(up.outputs.summary.value.shop.clusterId, cluster.id);

        assert.deepEqual(changes(await second.stack.up(collect)), {}, "and then settled");
        assertNoSecretInRun(second, output, emu);
    });
});

