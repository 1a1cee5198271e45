import { strict as assert } from "node:assert";
import { Emulator, startEmulator } from "../../components/testing";
import { assertNoSecretLeaked, registerCluster } from "./emulatorSetup";
import { ResourceStack, changes, writeCalls } from "./resourceStack";

const policies = (delaySeconds: number) => ({
    enabled: true,
    unschedulablePods: { enabled: true, headroom: { cpuPercentage: 15, memoryPercentage: 15 } },
    clusterLimits: { enabled: true, cpu: { minCores: 2, maxCores: 16 } },
    nodeDownscaler: { enabled: true, emptyNodes: { enabled: true, delaySeconds } },
});

const policy = (clusterId: string, delaySeconds = 60) => [
    { type: "AutoscalerPolicy", name: "autoscaler", args: { clusterId, environment: "dev", policies: policies(delaySeconds) } },
];

const policiesPath = (clusterId: string) => `/v1/kubernetes/clusters/${clusterId}/policies`;

describe("engine: AutoscalerPolicy through pulumi up/refresh/destroy", function () {
    this.timeout(300_000);
    let emu: Emulator;
    let stack: ResourceStack;
    let clusterId: string;
    let otherClusterId: string;

    /** The fields the resource manages, as the emulator stores them. */
    const managed = (id: string) => {
        const p = emu.state.policies[id];
        return {
            enabled: p.enabled,
            unschedulablePods: { enabled: p.unschedulablePods?.enabled, headroom: p.unschedulablePods?.headroom },
            clusterLimits: p.clusterLimits,
            nodeDownscaler: { enabled: p.nodeDownscaler?.enabled, emptyNodes: p.nodeDownscaler?.emptyNodes },
        };
    };

    before(async () => {
        emu = await startEmulator({ strict: true });
        clusterId = await registerCluster(emu, "shop-dev");
        otherClusterId = await registerCluster(emu, "shop-dev-2");
        stack = await ResourceStack.create(emu, policy(clusterId));
    });
    after(async () => {
        await stack?.remove();
        await emu?.stop();
    });

    it("creates with one PUT of the merged document and writes exactly the declared fields", async () => {
        emu.clearLog();
        const first = await stack.up();
        assert.deepEqual(changes(first), { create: 2 });
        assert.deepEqual(writeCalls(emu), [`PUT ${policiesPath(clusterId)}`]);
        assert.deepEqual(managed(clusterId), {
            enabled: true,
            // headroom.enabled is not managed: the server's default stays.
            unschedulablePods: { enabled: true, headroom: { enabled: true, cpuPercentage: 15, memoryPercentage: 15 } },
            clusterLimits: { enabled: true, cpu: { minCores: 2, maxCores: 16 } },
            nodeDownscaler: { enabled: true, emptyNodes: { enabled: true, delaySeconds: 60 } },
        });
        const outputs = await stack.outputs();
        assert.equal((outputs.autoscaler.value as Record<string, unknown>).clusterId, clusterId);
    });

    it("is a no-op on a second up, with no write call", async () => {
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), {});
        assert.deepEqual(writeCalls(emu), []);
    });

    it("ignores what the server fills or changes by itself and fields it does not manage", async () => {
        // The default template changes (the server bumps defaultNodeTemplateVersion) and someone edits a field
        // this resource does not manage: neither is drift.
        emu.console.updateNodeTemplate(clusterId, "default-by-castai", { constraints: { spot: true } });
        emu.console.updatePolicies(clusterId, { isScopedMode: true, unschedulablePods: { headroom: { enabled: false } } });
        assert.deepEqual(changes(await stack.refresh()), {});
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), {});
        assert.deepEqual(writeCalls(emu), []);
        assert.equal(emu.state.policies[clusterId].isScopedMode, true, "the unmanaged field is left alone");
    });

    it("updates in place with one PUT when a managed field changes", async () => {
        await stack.setResources(policy(clusterId, 120));
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { update: 1 });
        assert.deepEqual(writeCalls(emu), [`PUT ${policiesPath(clusterId)}`]);
        assert.deepEqual(emu.state.policies[clusterId].nodeDownscaler?.emptyNodes, { enabled: true, delaySeconds: 120 });
        assert.equal(emu.state.policies[clusterId].isScopedMode, true, "a merge, not a reset of the other fields");
    });

    it("shows a console edit of a managed field in refresh, and the next up puts it back", async () => {
        emu.console.updatePolicies(clusterId, { enabled: false, nodeDownscaler: { emptyNodes: { delaySeconds: 999 } } });
        assert.deepEqual(changes(await stack.refresh()), { update: 1 });
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { update: 1 });
        assert.deepEqual(writeCalls(emu), [`PUT ${policiesPath(clusterId)}`]);
        assert.equal(emu.state.policies[clusterId].enabled, true);
        assert.deepEqual(emu.state.policies[clusterId].nodeDownscaler?.emptyNodes, { enabled: true, delaySeconds: 120 });
    });

    it("replaces when clusterId changes: the new cluster gets the policies, the old one is switched off", async () => {
        await stack.setResources(policy(otherClusterId, 120));
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { replace: 1 });
        assert.deepEqual(writeCalls(emu), [`PUT ${policiesPath(otherClusterId)}`, `PUT ${policiesPath(clusterId)}`]);
        assert.deepEqual(emu.writes()[1].body, { enabled: false }, "the old cluster is only switched off");
        assert.equal(emu.state.policies[clusterId].enabled, false);
        assert.deepEqual(managed(otherClusterId).nodeDownscaler, { enabled: true, emptyNodes: { enabled: true, delaySeconds: 120 } });
        assert.equal(emu.state.policies[otherClusterId].enabled, true);
    });

    it("destroy switches the policies off and leaves the other settings; nothing secret is printed", async () => {
        emu.clearLog();
        await stack.destroy();
        assert.deepEqual(writeCalls(emu), [`PUT ${policiesPath(otherClusterId)}`]);
        assert.deepEqual(emu.writes()[0].body, { enabled: false });
        assert.equal(emu.state.policies[otherClusterId].enabled, false);
        assert.equal(emu.state.policies[clusterId].enabled, false);
        assert.deepEqual(emu.state.policies[otherClusterId].clusterLimits, { enabled: true, cpu: { minCores: 2, maxCores: 16 } });
        assertNoSecretLeaked(stack, emu);
    });
});
