import { strict as assert } from "node:assert";
import { Emulator, startEmulator } from "../../components/testing";
import { assertNoSecretLeaked, emulatorClient, liveClusters, registerCluster } from "./emulatorSetup";
import { ResourceStack, changes, writeCalls } from "./resourceStack";

const principal = ({ name = "shop-dev", environment = "dev" } = {}) => [
    { type: "EksAssumeRolePrincipal", name: "principal", args: { name, accountId: "123456789012", region: "eu-central-1", clusterName: "shop-dev", environment } },
];

describe("engine: EksAssumeRolePrincipal through pulumi up/refresh/destroy", function () {
    this.timeout(300_000);
    let emu: Emulator;
    let stack: ResourceStack;
    let clusterId: string;
    const clustersPath = "/v1/kubernetes/external-clusters";
    const path = () => `${clustersPath}/${clusterId}/assume-role-principal`;
    const outputs = async () => (await stack.outputs()).principal.value as Record<string, string>;

    before(async () => {
        emu = await startEmulator({ strict: true });
        clusterId = await registerCluster(emu, "shop-dev");
        stack = await ResourceStack.create(emu, principal());
    });
    after(async () => {
        await stack?.remove();
        await emu?.stop();
    });

    it("adopts the registered cluster and creates its principal", async () => {
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { create: 2 });
        assert.deepEqual(writeCalls(emu), [`POST ${path()}`], "the cluster is found, not registered again");
        const arn = emu.state.assumeRolePrincipals[clusterId];
        assert.match(arn, /^arn:aws:iam::\d{12}:user\//);
        assert.deepEqual([(await outputs()).arn, (await outputs()).clusterId], [arn, clusterId]);
    });

    it("is a no-op on a second up, and refresh finds no drift", async () => {
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), {});
        assert.deepEqual(writeCalls(emu), []);
        assert.deepEqual(changes(await stack.refresh()), {});
    });

    it("updates environment in place without calling CAST AI", async () => {
        await stack.setResources(principal({ environment: "staging" }));
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { update: 1 });
        assert.deepEqual(writeCalls(emu), []);
    });

    it("shows a principal deleted behind its back in refresh, and the next up creates it again", async () => {
        await emulatorClient(emu).delete(path());
        assert.deepEqual(changes(await stack.refresh()), { delete: 1 });
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { create: 1 });
        assert.deepEqual(writeCalls(emu), [`POST ${path()}`]);
        assert.equal((await outputs()).arn, emu.state.assumeRolePrincipals[clusterId]);
    });

    it("replaces on a rename of the same EKS cluster, leaving its principal in place", async () => {
        await stack.setResources(principal({ name: "shop-dev-renamed", environment: "staging" }));
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { replace: 1 });
        assert.equal(liveClusters(emu).length, 1, "the same cloud identity is the same registration");
        const arn = emu.state.assumeRolePrincipals[clusterId];
        assert.ok(arn, "the principal exists after the replacement");
        assert.deepEqual([(await outputs()).arn, (await outputs()).clusterId], [arn, clusterId]);
        assert.deepEqual(writeCalls(emu), [`DELETE ${path()}`, `POST ${clustersPath}`, `POST ${path()}`]);
    });

    it("destroy deletes the principal and leaves the cluster registration; nothing secret is printed", async () => {
        emu.clearLog();
        await stack.destroy();
        assert.deepEqual(writeCalls(emu), [`DELETE ${path()}`]);
        assert.deepEqual(emu.state.assumeRolePrincipals, {});
        assert.deepEqual(liveClusters(emu).map((c) => c.id), [clusterId]);
        assertNoSecretLeaked(stack, emu);
    });
});
