import { strict as assert } from "node:assert";
import { Emulator, startEmulator } from "../../components/testing";
import { CASTAI_ROLE_IDS } from "../../components";
import { assertNoSecretLeaked, registerCluster } from "./emulatorSetup";
import { ResourceStack, changes, writeCalls } from "./resourceStack";

const accessFor = (clusterId: string, roleId: string = CASTAI_ROLE_IDS.viewer, description = "reads dev") => [
    { type: "ServiceAccount", name: "ci", args: { name: "fleet-ci" } },
    {
        type: "OrganizationGroup",
        name: "team",
        args: { name: "dev-readers", description, members: [{ kind: "service_account", id: "ref:ci.serviceAccountId", email: "ref:ci.email" }] },
    },
    {
        type: "RoleBinding",
        name: "view",
        args: {
            name: "dev-readers-on-dev",
            roleId,
            scopes: [{ kind: "cluster", resourceId: clusterId }],
            subjects: [{ kind: "group", id: "ref:team.groupId" }],
            environment: "dev",
        },
    },
];

describe("engine: OrganizationGroup and RoleBinding through pulumi up/refresh/destroy", function () {
    this.timeout(300_000);
    let emu: Emulator;
    let stack: ResourceStack;
    let clusterId: string;
    const org = () => `/v1/organizations/${emu.organizationId}`;
    const only = <T>(record: Record<string, T>): T => {
        const all = Object.values(record);
        assert.equal(all.length, 1, "exactly one");
        return all[0];
    };

    before(async () => {
        emu = await startEmulator({ strict: true });
        clusterId = await registerCluster(emu, "dev-eu");
        stack = await ResourceStack.create(emu, accessFor(clusterId));
    });
    after(async () => {
        await stack?.remove();
        await emu?.stop();
    });

    it("creates a group with the service account and a viewer binding of the group on the cluster", async () => {
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { create: 4 });
        const account = only(emu.state.serviceAccounts);
        const group = only(emu.state.organizationGroups);
        const binding = only(emu.state.roleBindings);
        assert.deepEqual(writeCalls(emu), [`POST ${org()}/service-accounts`, `POST ${org()}/groups`, `POST ${org()}/role-bindings`]);
        assert.deepEqual(
            group.definition.members.map((m) => [m.kind, m.id, m.email]),
            [["SERVICE_ACCOUNT", account.id, account.email]],
        );
        assert.deepEqual(binding.definition, {
            roleId: CASTAI_ROLE_IDS.viewer,
            scopes: [{ cluster: { id: clusterId } }],
            subjects: [{ group: { id: group.id } }],
        });
        assert.deepEqual(emu.writes().find((r) => r.path.endsWith("/role-bindings"))?.body, [
            { name: "dev-readers-on-dev", description: "", definition: binding.definition },
        ]);
        const outputs = await stack.outputs();
        assert.equal((outputs.view.value as Record<string, string>).roleBindingId, binding.id);
        assert.equal((outputs.team.value as Record<string, string>).groupId, group.id);
    });

    it("is a no-op on a second up, and refresh finds no drift", async () => {
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), {});
        assert.deepEqual(writeCalls(emu), []);
        assert.deepEqual(changes(await stack.refresh()), {});
    });

    it("changes the role and the group description in place", async () => {
        await stack.setResources(accessFor(clusterId, CASTAI_ROLE_IDS.member, "changes dev"));
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { update: 2 });
        const group = only(emu.state.organizationGroups);
        const binding = only(emu.state.roleBindings);
        assert.deepEqual(writeCalls(emu).sort(), [`PATCH ${org()}/groups/${group.id}`, `PATCH ${org()}/role-bindings/${binding.id}`]);
        assert.deepEqual([group.description, binding.definition.roleId], ["changes dev", CASTAI_ROLE_IDS.member]);
    });

    it("refuses a binding without subjects at preview, naming the field, before any request", async () => {
        const bad = accessFor(clusterId);
        (bad[2].args as Record<string, unknown>).subjects = [];
        await stack.setResources(bad);
        emu.clearLog();
        await assert.rejects(stack.preview(), /subjects must have at least one entry/);
        assert.deepEqual(writeCalls(emu), []);
        await stack.setResources(accessFor(clusterId, CASTAI_ROLE_IDS.member, "changes dev"));
    });

    it("recreates a binding deleted behind its back, and destroy removes everything without leaking the key", async () => {
        const gone = only(emu.state.roleBindings).id;
        delete emu.state.roleBindings[gone];
        assert.deepEqual(changes(await stack.refresh()), { delete: 1 });
        assert.deepEqual(changes(await stack.up()), { create: 1 });
        assert.notEqual(only(emu.state.roleBindings).id, gone);

        await stack.destroy();
        assert.deepEqual([emu.state.roleBindings, emu.state.organizationGroups, emu.state.serviceAccounts], [{}, {}, {}]);
        assertNoSecretLeaked(stack, emu);
    });
});
