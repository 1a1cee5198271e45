import { strict as assert } from "node:assert";
import { Emulator, startEmulator } from "../../components/testing";
import { EngineStack, createProjectStack } from "../../scripts/engine";
import { assertNoSecretIn, liveClusters } from "./emulatorSetup";
import { changes, storedFiles } from "./resourceStack";

describe("engine: the demo stack (stacks/Pulumi.demo.yaml) against the emulator", function () {
    this.timeout(600_000);
    let emu: Emulator;
    let engine: EngineStack;

    before(async () => {
        emu = await startEmulator({ strict: true });
        engine = await createProjectStack("demo", emu);
    });
    after(async () => {
        await engine?.remove();
        await emu?.stop();
    });

    it("onboards three clusters, settles, and leaves nothing connected after destroy", async () => {
        const output: string[] = [];
        const collect = { onOutput: (s: string) => output.push(s), color: "never" as const };

        const up = await engine.stack.up(collect);
        const live = liveClusters(emu);
        assert.deepEqual(live.map((c) => c.name).sort(), ["shop-aks", "shop-eks", "shop-gke"]);
        for (const c of live) {
            assert.notEqual(c.credentialsId, "", `${c.name} got its phase-2 credentials`);
            const p = emu.state.policies[c.id] as Record<string, any>;
            assert.equal(p.enabled, true);
            assert.equal(p.clusterLimits.cpu.maxCores, 16, "dev profile: 16 CPU");
            assert.equal(p.unschedulablePods.headroom.cpuPercentage, 5);
            assert.equal(p.nodeDownscaler.emptyNodes.delaySeconds, 60);
            assert.equal(p.nodeDownscaler.evictor.aggressiveMode, true, "dev profile: aggressive evictor");
            assert.ok(emu.state.nodeTemplates[c.id]["dev-spot-workers"], "spot worker template");
        }
        const gke = live.find((c) => c.name === "shop-gke")!;
        const mutations = Object.values(emu.state.podMutations[gke.id] ?? {});
        assert.deepEqual(
            mutations.map((m) => ((m.distributionGroups ?? []) as { percentage: number }[]).map((g) => g.percentage)),
            [[80, 20]],
            "the 80% spot override of shop-gke is a pod mutation",
        );
        const eks = live.find((c) => c.name === "shop-eks")!;
        assert.deepEqual(Object.values(emu.state.podMutations[eks.id] ?? {}), [], "100% spot needs no split");
        const schedules = Object.values(emu.state.hibernationSchedules);
        assert.equal(schedules.length, 3, "dev hibernates off-hours: one schedule per cluster");

        const summary = up.outputs.summary.value as Record<string, { clusterId: string; status: string; estimatedMonthlySavingsUsd: number }>;
        assert.deepEqual(Object.keys(summary).sort(), ["shop-aks", "shop-eks", "shop-gke"]);
        for (const s of Object.values(summary)) {
            assert.equal(s.status, "ready");
            assert.ok(s.estimatedMonthlySavingsUsd > 0);
        }
        assert.equal(up.outputs.summary.secret, false, "savings and ids are plain outputs");

        emu.clearLog();
        const again = await engine.stack.up(collect);
        assert.deepEqual(changes(again), {});
        assert.deepEqual(emu.writes(), [], "a no-op up makes no write call");

        await engine.stack.destroy(collect);
        assert.deepEqual(liveClusters(emu), []);
        assert.deepEqual(emu.state.hibernationSchedules, {}, "organization-level schedules deleted");

        const everything = [storedFiles(engine.stateDir), output.join(""), JSON.stringify(emu.requests)].join("\n");
        assertNoSecretIn(everything, emu, Object.values(emu.state.clusterTokens).flat());
    });
});
