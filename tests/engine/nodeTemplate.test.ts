import { strict as assert } from "node:assert";
import { Emulator, startEmulator } from "../../components/testing";
import { assertNoSecretLeaked, registerCluster } from "./emulatorSetup";
import { ResourceStack, changes, writeCalls } from "./resourceStack";

const DEFAULT = "default-by-castai";

interface Options {
    name?: string;
    team?: string;
    defaultMaxCpu?: number;
}

const templates = (clusterId: string, { name = "spot-workers", team = "shop", defaultMaxCpu = 32 }: Options = {}) => [
    {
        type: "NodeTemplate",
        name: "spot",
        args: {
            clusterId,
            name,
            environment: "dev",
            shouldTaint: true,
            customTaints: [{ key: "workload", value: "spot", effect: "NoSchedule" }],
            customLabels: { team },
            constraints: { spot: true, onDemand: false, useSpotFallbacks: true, fallbackRestoreRateSeconds: 1800, minCpu: 2, maxCpu: 16 },
        },
    },
    { type: "NodeTemplate", name: "default", args: { clusterId, name: DEFAULT, constraints: { spot: false, onDemand: true, maxCpu: defaultMaxCpu } } },
];

describe("engine: NodeTemplate through pulumi up/refresh/destroy", function () {
    this.timeout(300_000);
    let emu: Emulator;
    let stack: ResourceStack;
    let clusterId: string;
    const base = () => `/v1/kubernetes/clusters/${clusterId}/node-templates`;
    const stored = (name: string) => emu.state.nodeTemplates[clusterId][name];
    /** Successful writes only: while the server has not created the default template yet, the provider's PUT is answered 404 and repeated. */
    const okWrites = () => emu.writes().filter((r) => r.status < 300).map((r) => `${r.method} ${r.path}`).sort();

    before(async () => {
        // The server creates `default-by-castai` a few seconds after registration: the provider waits for it.
        emu = await startEmulator({ strict: true, delays: { defaultTemplateMs: 3000 } });
        clusterId = await registerCluster(emu, "shop-dev");
        stack = await ResourceStack.create(emu, templates(clusterId));
    });
    after(async () => {
        await stack?.remove();
        await emu?.stop();
    });

    it("creates the custom template and takes over default-by-castai with a PUT, never a POST", async () => {
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { create: 3 });
        assert.deepEqual(okWrites(), [`POST ${base()}`, `PUT ${base()}/${DEFAULT}`]);
        assert.ok(
            emu.writes().every((r) => !(r.method === "POST" && (r.body as { name?: string })?.name === DEFAULT)),
            "the default template is never created",
        );
        const spot = stored("spot-workers");
        assert.equal(spot.isDefault, false);
        assert.equal(spot.shouldTaint, true);
        assert.deepEqual(spot.customTaints, [{ key: "workload", value: "spot", effect: "NoSchedule" }]);
        assert.deepEqual(spot.customLabels, { team: "shop" });
        const { spot: s, onDemand, useSpotFallbacks, fallbackRestoreRateSeconds, minCpu, maxCpu } = spot.constraints;
        assert.deepEqual({ s, onDemand, useSpotFallbacks, fallbackRestoreRateSeconds, minCpu, maxCpu }, { s: true, onDemand: false, useSpotFallbacks: true, fallbackRestoreRateSeconds: 1800, minCpu: 2, maxCpu: 16 });
        const def = stored(DEFAULT);
        assert.equal(def.isDefault, true);
        assert.deepEqual([def.constraints.spot, def.constraints.onDemand, def.constraints.maxCpu], [false, true, 32]);
        const outputs = await stack.outputs();
        assert.equal((outputs.default.value as Record<string, unknown>).isDefault, true);
        assert.equal((outputs.spot.value as Record<string, unknown>).version, spot.version);
    });

    it("is a no-op on a second up, and what the server fills in (constraint defaults, configurationId, versions) is no drift", async () => {
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), {});
        assert.deepEqual(writeCalls(emu), []);
        assert.ok(stored("spot-workers").constraints.architectures, "the server filled constraint defaults");
        assert.ok(stored("spot-workers").configurationId, "the server filled the default configuration");
        // A field the resource does not manage, changed in the console, is not drift either.
        emu.console.updateNodeTemplate(clusterId, "spot-workers", { isEnabled: false });
        assert.deepEqual(changes(await stack.refresh()), {});
    });

    it("updates in place with one PUT per changed template", async () => {
        await stack.setResources(templates(clusterId, { team: "checkout", defaultMaxCpu: 64 }));
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { update: 2 });
        assert.deepEqual(writeCalls(emu).sort(), [`PUT ${base()}/${DEFAULT}`, `PUT ${base()}/spot-workers`]);
        assert.deepEqual(stored("spot-workers").customLabels, { team: "checkout" });
        assert.equal(stored(DEFAULT).constraints.maxCpu, 64);
    });

    it("shows console edits in refresh, and the next up puts the declared values back", async () => {
        emu.console.updateNodeTemplate(clusterId, "spot-workers", { customLabels: { team: "someone-else" }, constraints: { minCpu: 8 } });
        emu.console.updateNodeTemplate(clusterId, DEFAULT, { constraints: { spot: true } });
        assert.deepEqual(changes(await stack.refresh()), { update: 2 });
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { update: 2 });
        assert.deepEqual(writeCalls(emu).sort(), [`PUT ${base()}/${DEFAULT}`, `PUT ${base()}/spot-workers`]);
        assert.deepEqual(stored("spot-workers").customLabels, { team: "checkout" });
        assert.equal(stored("spot-workers").constraints.minCpu, 2);
        assert.equal(stored(DEFAULT).constraints.spot, false);
    });

    it("replaces on a rename: the old template is deleted before the new one is created", async () => {
        await stack.setResources(templates(clusterId, { name: "spot-pool", team: "checkout", defaultMaxCpu: 64 }));
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { replace: 1 });
        assert.deepEqual(writeCalls(emu), [`DELETE ${base()}/spot-workers`, `POST ${base()}`]);
        assert.deepEqual(Object.keys(emu.state.nodeTemplates[clusterId]).sort(), [DEFAULT, "spot-pool"]);
    });

    it("destroy deletes the custom template and leaves default-by-castai as last written; nothing secret is printed", async () => {
        emu.clearLog();
        await stack.destroy();
        assert.deepEqual(writeCalls(emu), [`DELETE ${base()}/spot-pool`]);
        assert.deepEqual(Object.keys(emu.state.nodeTemplates[clusterId]), [DEFAULT]);
        assert.equal(stored(DEFAULT).constraints.maxCpu, 64);
        assertNoSecretLeaked(stack, emu);
    });
});
