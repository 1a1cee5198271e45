import { strict as assert } from "node:assert";
import { Emulator, startEmulator } from "../../components/testing";
import { assertNoSecretLeaked, emulatorClient, registerCluster } from "./emulatorSetup";
import { ResourceStack, changes, writeCalls } from "./resourceStack";

const instanceProfileArn = "arn:aws:iam::123456789012:instance-profile/castai-nodes";

const configurations = (clusterId: string, { name = "workers", minDiskSize = 120 } = {}) => [
    {
        type: "NodeConfiguration",
        name: "workers",
        args: {
            clusterId,
            name,
            environment: "dev",
            makeDefault: true,
            minDiskSize,
            diskCpuRatio: 5,
            subnets: ["subnet-a", "subnet-b"],
            tags: { team: "shop" },
            eks: { instanceProfileArn, securityGroups: ["sg-1"] },
        },
    },
    { type: "NodeConfiguration", name: "batch", args: { clusterId, name: "batch", drainTimeoutSec: 600 } },
];

describe("engine: NodeConfiguration through pulumi up/refresh/destroy", function () {
    this.timeout(300_000);
    let emu: Emulator;
    let stack: ResourceStack;
    let clusterId: string;
    let originalDefaultId: string;
    const base = () => `/v1/kubernetes/clusters/${clusterId}/node-configurations`;
    const byName = (name: string) => Object.values(emu.state.nodeConfigurations[clusterId]).find((c) => c.name === name);
    const names = () => Object.values(emu.state.nodeConfigurations[clusterId]).map((c) => c.name).sort();

    before(async () => {
        emu = await startEmulator({ strict: true });
        clusterId = await registerCluster(emu, "shop-dev");
        originalDefaultId = byName("default")!.id;
        stack = await ResourceStack.create(emu, configurations(clusterId));
    });
    after(async () => {
        await stack?.remove();
        await emu?.stop();
    });

    it("creates both configurations and makes one the cluster's default", async () => {
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { create: 3 });
        const workers = byName("workers")!;
        const batch = byName("batch")!;
        assert.deepEqual(writeCalls(emu).sort(), [`POST ${base()}`, `POST ${base()}`, `POST ${base()}/${workers.id}/default`]);
        const { minDiskSize, diskCpuRatio, subnets, tags, eks } = workers;
        assert.deepEqual(
            { minDiskSize, diskCpuRatio, subnets, tags, eks },
            { minDiskSize: 120, diskCpuRatio: 5, subnets: ["subnet-a", "subnet-b"], tags: { team: "shop" }, eks: { instanceProfileArn, securityGroups: ["sg-1"] } },
        );
        assert.equal(workers.default, true);
        assert.equal(emu.state.nodeConfigurations[clusterId][originalDefaultId].default, false);
        assert.equal(batch.drainTimeoutSec, 600);
        assert.equal(batch.default, false);
        const outputs = await stack.outputs();
        assert.deepEqual(
            [(outputs.workers.value as Record<string, unknown>).configurationId, (outputs.workers.value as Record<string, unknown>).isDefault],
            [workers.id, true],
        );
    });

    it("is a no-op on a second up; server defaults (minDiskSize 100, ...) are no drift", async () => {
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), {});
        assert.deepEqual(writeCalls(emu), []);
        assert.equal(byName("batch")!.minDiskSize, 100, "the server filled a default");
        assert.deepEqual(changes(await stack.refresh()), {});
    });

    it("updates in place with one POST when a field changes", async () => {
        await stack.setResources(configurations(clusterId, { minDiskSize: 150 }));
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { update: 1 });
        assert.deepEqual(writeCalls(emu), [`POST ${base()}/${byName("workers")!.id}`]);
        assert.equal(byName("workers")!.minDiskSize, 150);
        assert.deepEqual(byName("workers")!.tags, { team: "shop" });
    });

    it("shows console edits and a default moved elsewhere in refresh; the next up restores both", async () => {
        const workersId = byName("workers")!.id;
        emu.console.updateNodeConfiguration(clusterId, workersId, { minDiskSize: 500 });
        await emulatorClient(emu).postIdempotent(`${base()}/${originalDefaultId}/default`);
        assert.equal(byName("workers")!.default, false);
        assert.deepEqual(changes(await stack.refresh()), { update: 1 });
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { update: 1 });
        assert.deepEqual(writeCalls(emu), [`POST ${base()}/${workersId}`, `POST ${base()}/${workersId}/default`]);
        assert.equal(byName("workers")!.minDiskSize, 150);
        assert.equal(byName("workers")!.default, true);
        assert.equal(emu.state.nodeConfigurations[clusterId][originalDefaultId].default, false);
    });

    it("replaces on a rename: the new configuration becomes the default and the old one is deleted", async () => {
        const oldId = byName("workers")!.id;
        await stack.setResources(configurations(clusterId, { name: "workers-v2", minDiskSize: 150 }));
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { replace: 1 });
        const renamed = byName("workers-v2")!;
        assert.ok(renamed, "the new configuration exists");
        assert.equal(renamed.default, true);
        assert.deepEqual(names(), ["batch", "default", "workers-v2"], "the replaced configuration is not left behind");
        assert.deepEqual(writeCalls(emu), [`POST ${base()}`, `POST ${base()}/${renamed.id}/default`, `DELETE ${base()}/${oldId}`]);
    });

    it("destroy deletes what it can; the default configuration stays with the cluster (the API refuses to delete it)", async () => {
        emu.clearLog();
        const batchId = byName("batch")!.id;
        await stack.destroy();
        assert.deepEqual(writeCalls(emu), [`DELETE ${base()}/${batchId}`]);
        assert.deepEqual(names(), ["default", "workers-v2"]);
        assert.equal(byName("workers-v2")!.default, true);
        assertNoSecretLeaked(stack, emu);
    });
});
