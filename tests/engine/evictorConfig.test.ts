import { strict as assert } from "node:assert";
import type { EvictionRule } from "../../components/api/types";
import { Emulator, startEmulator } from "../../components/testing";
import { assertNoSecretLeaked, registerCluster } from "./emulatorSetup";
import { ResourceStack, changes, writeCalls } from "./resourceStack";

const rules = (namespace: string): EvictionRule[] => [
    { podSelector: { namespace, labelSelector: { matchLabels: { app: "jobs" } } }, settings: { aggressive: { enabled: true } } },
    {
        nodeSelector: { labelSelector: { matchExpressions: [{ key: "pool", operator: "In", values: ["critical"] }] } },
        settings: { removalDisabled: { enabled: true } },
    },
];

const evictor = (clusterId: string, namespace = "batch") => [
    { type: "EvictorConfig", name: "evictor", args: { clusterId, environment: "dev", evictionConfig: rules(namespace) } },
];

describe("engine: EvictorConfig through pulumi up/refresh/destroy", function () {
    this.timeout(300_000);
    let emu: Emulator;
    let stack: ResourceStack;
    let clusterId: string;
    let otherClusterId: string;
    const path = (id: string) => `/v1/kubernetes/clusters/${id}/evictor-advanced-config`;

    before(async () => {
        emu = await startEmulator({ strict: true });
        clusterId = await registerCluster(emu, "shop-dev");
        otherClusterId = await registerCluster(emu, "shop-dev-2");
        stack = await ResourceStack.create(emu, evictor(clusterId));
    });
    after(async () => {
        await stack?.remove();
        await emu?.stop();
    });

    it("creates the rules with one POST, exactly as declared", async () => {
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { create: 2 });
        assert.deepEqual(writeCalls(emu), [`POST ${path(clusterId)}`]);
        assert.deepEqual(emu.state.evictorConfigs[clusterId], { evictionConfig: rules("batch") });
    });

    it("is a no-op on a second up, and refresh finds no drift", async () => {
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), {});
        assert.deepEqual(writeCalls(emu), []);
        assert.deepEqual(changes(await stack.refresh()), {});
    });

    it("updates in place with one POST of the whole list", async () => {
        await stack.setResources(evictor(clusterId, "jobs"));
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { update: 1 });
        assert.deepEqual(writeCalls(emu), [`POST ${path(clusterId)}`]);
        assert.deepEqual(emu.state.evictorConfigs[clusterId], { evictionConfig: rules("jobs") });
    });

    it("shows rules changed in the console in refresh, and the next up puts the declared ones back", async () => {
        emu.console.updateEvictorConfig(clusterId, { evictionConfig: [rules("jobs")[1]] });
        assert.deepEqual(changes(await stack.refresh()), { update: 1 });
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { update: 1 });
        assert.deepEqual(writeCalls(emu), [`POST ${path(clusterId)}`]);
        assert.deepEqual(emu.state.evictorConfigs[clusterId], { evictionConfig: rules("jobs") });
    });

    it("replaces when clusterId changes: the new cluster gets the rules, the old one is emptied", async () => {
        await stack.setResources(evictor(otherClusterId, "jobs"));
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { replace: 1 });
        assert.deepEqual(writeCalls(emu), [`POST ${path(otherClusterId)}`, `POST ${path(clusterId)}`]);
        assert.deepEqual(emu.state.evictorConfigs[otherClusterId], { evictionConfig: rules("jobs") });
        assert.deepEqual(emu.state.evictorConfigs[clusterId], { evictionConfig: [] });
    });

    it("destroy empties the rules; nothing secret is printed", async () => {
        emu.clearLog();
        await stack.destroy();
        assert.deepEqual(writeCalls(emu), [`POST ${path(otherClusterId)}`]);
        assert.deepEqual(emu.state.evictorConfigs[otherClusterId], { evictionConfig: [] });
        assertNoSecretLeaked(stack, emu);
    });
});
