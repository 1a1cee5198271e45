import { strict as assert } from "node:assert";
import { Emulator, startEmulator } from "../../components/testing";
import { assertNoSecretLeaked, liveClusters } from "./emulatorSetup";
import { ResourceStack, changes, isSecretInState, stateOutputs, writeCalls } from "./resourceStack";

const eks = { accountId: "123456789012", region: "eu-central-1", clusterName: "shop-dev" };
const role = (n: string) => `arn:aws:iam::123456789012:role/castai-${n}`;
const cluster = (credentials?: Record<string, string>, extra: Record<string, unknown> = {}) => [
    { type: "ExternalCluster", name: "shop", args: { name: "shop-dev", environment: "dev", eks, ...(credentials ? { credentials } : {}), ...extra } },
];

describe("engine: ExternalCluster through pulumi up/refresh/destroy", function () {
    this.timeout(300_000);
    let emu: Emulator;
    let stack: ResourceStack;

    before(async () => {
        emu = await startEmulator({ strict: true });
    });
    after(async () => {
        await stack?.remove();
        await emu?.stop();
    });

    it("registers, is a no-op on a second up, re-applies drifted credentials, and disconnects on destroy", async () => {
        stack = await ResourceStack.create(emu, cluster({ assumeRoleArn: role("a") }));

        const first = await stack.up();
        assert.deepEqual(changes(first), { create: 2 });
        const [registered] = liveClusters(emu);
        assert.equal(registered.name, "shop-dev");
        assert.notEqual(registered.credentialsId, "", "credentials applied");
        const outputs = await stack.outputs();
        const shop = outputs.shop.value as Record<string, unknown>;
        assert.equal(shop.clusterId, registered.id);
        const state = stateOutputs(stack, "pulumi-nodejs:dynamic/castai:ExternalCluster", "shop");
        assert.ok(isSecretInState(state.clusterToken), "clusterToken is encrypted in the state");
        assert.ok(isSecretInState(state.credentials), "credentials are encrypted in the state");
        assert.equal(emu.state.clusterTokens[registered.id]?.length, 1);

        emu.clearLog();
        const second = await stack.up();
        assert.deepEqual(changes(second), {});
        assert.deepEqual(writeCalls(emu), [], "a no-op up makes no write call");

        // New role: updated in place with one credentials call, no re-registration.
        await stack.setResources(cluster({ assumeRoleArn: role("b") }));
        emu.clearLog();
        const third = await stack.up();
        assert.deepEqual(changes(third), { update: 1 });
        assert.deepEqual(writeCalls(emu), [`POST /v1/kubernetes/external-clusters/${registered.id}`]);
        assert.equal(emu.state.clusters[registered.id].eks?.assumeRoleArn, role("b"));

        // Someone re-runs onboarding in the console: refresh sees the new credentialsId, up applies ours again.
        emu.console.rotateCredentialsId(registered.id);
        const refreshed = await stack.refresh();
        assert.deepEqual(changes(refreshed), { update: 1 });
        emu.clearLog();
        const fixed = await stack.up();
        assert.deepEqual(changes(fixed), { update: 1 });
        assert.deepEqual(writeCalls(emu), [`POST /v1/kubernetes/external-clusters/${registered.id}`]);
        assert.deepEqual(changes(await stack.up()), {}, "settled after the drift was corrected");

        // The cluster is deleted in the console: refresh drops it, the next up registers it again.
        emu.clearLog();
        await stack.destroy();
        assert.deepEqual(liveClusters(emu), []);
        const calls = writeCalls(emu);
        assert.ok(calls.includes(`POST /v1/kubernetes/external-clusters/${registered.id}/disconnect`), calls.join("\n"));
        assert.ok(calls.includes(`DELETE /v1/kubernetes/external-clusters/${registered.id}`));
        const disconnect = emu.requests.find((r) => r.path.endsWith("/disconnect"));
        assert.deepEqual(disconnect?.body, { deleteProvisionedNodes: false, keepKubernetesResources: true }, "workloads and nodes stay");

        assertNoSecretLeaked(stack, emu, emu.state.clusterTokens[registered.id] ?? []);
    });

    it("a rename re-registers the cluster: the old registration goes first, one live cluster remains", async () => {
        const renamed = await ResourceStack.create(emu, cluster({ assumeRoleArn: role("a") }));
        try {
            await renamed.up();
            const [before] = liveClusters(emu);
            await renamed.setResources([{ type: "ExternalCluster", name: "shop", args: { name: "shop-dev-2", environment: "dev", eks, credentials: { assumeRoleArn: role("a") } } }]);
            const result = await renamed.up();
            assert.deepEqual(changes(result), { replace: 1 });
            const live = liveClusters(emu);
            assert.deepEqual(live.map((c) => c.name), ["shop-dev-2"]);
            assert.notEqual(live[0].id, before.id);
            assert.equal(emu.state.clusters[before.id].status, "archived", "the old registration was removed, not adopted");
            await renamed.destroy();
            assert.deepEqual(liveClusters(emu), []);
        } finally {
            await renamed.remove();
        }
    });
});
