import { strict as assert } from "node:assert";
import { Emulator, startEmulator } from "../../components/testing";
import { waitFor } from "./kube/waitFor";
import { assertNoSecretLeaked, registerCluster } from "./emulatorSetup";
import { ResourceStack, changes } from "./resourceStack";

// The agent reports only when something installed it: here a console action stands in for it, as the emulator's
// "onConsoleAction" mode keeps a registration connecting until then.

describe("engine: AgentConnection waits for the agent's first report", function () {
    this.timeout(300_000);
    let emu: Emulator;
    let stack: ResourceStack | undefined;

    beforeEach(async () => {
        emu = await startEmulator({ strict: true, agentConnects: "onConsoleAction" });
    });
    afterEach(async () => {
        await stack?.remove();
        stack = undefined;
        await emu.stop();
    });

    it("up ends once the agent has connected, and a second up does not wait again", async () => {
        const clusterId = await registerCluster(emu, "shop-dev");
        stack = await ResourceStack.create(emu, [{ type: "AgentConnection", name: "connected", args: { clusterId, timeoutSeconds: 120 } }]);
        const up = stack.up();
        // Connect the agent only once the resource is polling for it.
        await waitFor("the AgentConnection to poll the cluster", 60_000, async () => emu.requests.some((r) => r.method === "GET" && r.path.endsWith(clusterId)));
        assert.equal(emu.state.clusters[clusterId].agentStatus, "waiting-connection");
        emu.console.connectAgent(clusterId);
        assert.deepEqual(changes(await up), { create: 2 });
        const outputs = await stack.outputs();
        assert.equal((outputs.connected.value as Record<string, unknown>).agentStatus, "online");
        assert.deepEqual(changes(await stack.up()), {}, "a no-op");
        assertNoSecretLeaked(stack, emu);
    });

    it("an agent that never reports fails up after the timeout with the checks for a cluster stuck in Connecting", async () => {
        const clusterId = await registerCluster(emu, "shop-stuck");
        stack = await ResourceStack.create(emu, [{ type: "AgentConnection", name: "connected", args: { clusterId, timeoutSeconds: 10 } }]);
        const text = await stack.up().then(
            () => assert.fail("up succeeded without an agent"),
            (err: Error) => err.message,
        );
        assert.match(text, new RegExp(`cluster ${clusterId} did not connect within 10 s \\(status connecting, agent waiting-connection\\)`));
        assert.match(text, /kubectl get pods -n castai-agent/);
        assert.match(text, /kubectl logs -l app\.kubernetes\.io\/name=castware-operator -n castai-agent/);
        assert.match(text, /kubectl get component castai-agent -n castai-agent -o yaml/);
    });
});
