import { strict as assert } from "node:assert";
import { Emulator, startEmulator } from "../../components/testing";
import { assertNoSecretLeaked, registerCluster } from "./emulatorSetup";
import { ResourceStack, changes, writeCalls } from "./resourceStack";

const groups = (spot: number) => [
    { name: "spot", percentage: spot, config: { spotType: "USE_ONLY_SPOT" } },
    { name: "on-demand", percentage: 100 - spot, config: { labels: { lifecycle: "on-demand" } } },
];

const mutation = (clusterId: string, { name = "spot-share", spot = 60 } = {}) => [
    {
        type: "PodMutation",
        name: "spotshare",
        // `enabled` is left to its default (true).
        args: { clusterId, name, environment: "dev", objectFilter: { namespaces: ["shop"] }, distributionGroups: groups(spot), labels: { "fleet/managed": "true" } },
    },
];

describe("engine: PodMutation through pulumi up/refresh/destroy", function () {
    this.timeout(300_000);
    let emu: Emulator;
    let stack: ResourceStack;
    let clusterId: string;
    const base = () => `/patching-engine/v1beta/organizations/${emu.organizationId}/clusters/${clusterId}/pod-mutations`;
    const mutations = () => Object.values(emu.state.podMutations[clusterId]);
    const only = () => {
        assert.equal(mutations().length, 1, "exactly one pod mutation");
        return mutations()[0];
    };
    const written = () => {
        const { name, enabled, objectFilter, objectFilterV2, distributionGroups, labels, spotType } = only();
        return { name, enabled, objectFilter, objectFilterV2, distributionGroups, labels, spotType };
    };
    const declared = (name: string, spot: number) => ({
        name,
        enabled: true,
        // The plain filter the program gives travels as the API's objectFilterV2.
        objectFilter: undefined,
        objectFilterV2: { namespaces: [{ type: "EXACT", value: "shop" }] },
        distributionGroups: groups(spot),
        labels: { "fleet/managed": "true" },
        spotType: undefined,
    });

    before(async () => {
        emu = await startEmulator({ strict: true });
        clusterId = await registerCluster(emu, "shop-dev");
        stack = await ResourceStack.create(emu, mutation(clusterId));
    });
    after(async () => {
        await stack?.remove();
        await emu?.stop();
    });

    it("creates one enabled mutation with the declared distribution groups", async () => {
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { create: 2 });
        assert.deepEqual(writeCalls(emu), [`POST ${base()}`]);
        assert.deepEqual(written(), declared("spot-share", 60));
        const outputs = await stack.outputs();
        assert.equal((outputs.spotshare.value as Record<string, unknown>).mutationId, only().id);
    });

    it("is a no-op on a second up, and what the server fills in (source, times) is no drift", async () => {
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), {});
        assert.deepEqual(writeCalls(emu), []);
        assert.equal(only().source, "API");
        assert.deepEqual(changes(await stack.refresh()), {});
    });

    it("updates in place with one PATCH", async () => {
        const id = only().id;
        await stack.setResources(mutation(clusterId, { spot: 70 }));
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { update: 1 });
        assert.deepEqual(writeCalls(emu), [`PATCH ${base()}/${id}`]);
        assert.deepEqual(written(), declared("spot-share", 70));
    });

    it("shows a console edit in refresh, and the next up puts the declared mutation back", async () => {
        const id = only().id;
        emu.console.updatePodMutation(clusterId, id, { enabled: false, distributionGroups: groups(10) });
        assert.deepEqual(changes(await stack.refresh()), { update: 1 });
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { update: 1 });
        assert.deepEqual(writeCalls(emu), [`PATCH ${base()}/${id}`]);
        assert.deepEqual(written(), declared("spot-share", 70));
    });

    it("replaces on a rename: the old mutation is deleted before the new one is created", async () => {
        const oldId = only().id;
        await stack.setResources(mutation(clusterId, { name: "spot-split", spot: 70 }));
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { replace: 1 });
        assert.deepEqual(writeCalls(emu), [`DELETE ${base()}/${oldId}`, `POST ${base()}`]);
        assert.deepEqual(written(), declared("spot-split", 70));
    });

    it("destroy deletes the mutation; nothing secret is printed", async () => {
        const id = only().id;
        emu.clearLog();
        await stack.destroy();
        assert.deepEqual(writeCalls(emu), [`DELETE ${base()}/${id}`]);
        assert.deepEqual(mutations(), []);
        assertNoSecretLeaked(stack, emu);
    });
});
