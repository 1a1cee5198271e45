import { strict as assert } from "node:assert";
import { Emulator, startEmulator } from "../../components/testing";
import { assertNoSecretLeaked, registerCluster } from "./emulatorSetup";
import { ResourceStack, changes, writeCalls } from "./resourceStack";

interface Options {
    name?: string;
    pauseCron?: string;
    organizationId?: string;
}

const schedule = (clusterId: string, { name = "dev-off-hours", pauseCron = "0 19 * * 1-5", organizationId }: Options = {}) => [
    {
        type: "HibernationSchedule",
        name: "offhours",
        // `enabled` is left to its default (true).
        args: {
            name,
            environment: "dev",
            clusterIds: [clusterId],
            pauseCron,
            resumeCron: "0 7 * * 1-5",
            timeZone: "Europe/Vilnius",
            resumeInstanceType: "m5.large",
            ...(organizationId ? { organizationId } : {}),
        },
    },
];

describe("engine: HibernationSchedule through pulumi up/refresh/destroy", function () {
    this.timeout(300_000);
    let emu: Emulator;
    let stack: ResourceStack;
    let clusterId: string;
    const base = () => `/cluster-autoscaler/v1beta/organizations/${emu.organizationId}/hibernation-schedules`;
    const schedules = () => Object.values(emu.state.hibernationSchedules);
    const only = () => {
        assert.equal(schedules().length, 1, "exactly one schedule");
        return schedules()[0];
    };
    const document = (name: string, pause: string) => ({
        name,
        enabled: true,
        pauseConfig: { enabled: true, schedule: { cronExpression: `CRON_TZ=Europe/Vilnius ${pause}` } },
        resumeConfig: {
            enabled: true,
            schedule: { cronExpression: "CRON_TZ=Europe/Vilnius 0 7 * * 1-5" },
            jobConfig: { nodeConfig: { instanceType: "m5.large" } },
        },
        clusterAssignments: { items: [{ clusterId }] },
    });
    const written = () => {
        const { name, enabled, pauseConfig, resumeConfig, clusterAssignments } = only();
        return { name, enabled, pauseConfig, resumeConfig, clusterAssignments };
    };

    before(async () => {
        emu = await startEmulator({ strict: true });
        clusterId = await registerCluster(emu, "shop-dev");
        stack = await ResourceStack.create(emu, schedule(clusterId));
    });
    after(async () => {
        await stack?.remove();
        await emu?.stop();
    });

    it("creates one schedule with the time zone as a CRON_TZ prefix and enabled by default", async () => {
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { create: 2 });
        assert.deepEqual(writeCalls(emu), [`POST ${base()}`]);
        assert.deepEqual(written(), document("dev-off-hours", "0 19 * * 1-5"));
        const outputs = await stack.outputs();
        assert.equal((outputs.offhours.value as Record<string, unknown>).scheduleId, only().id);
    });

    it("is a no-op on a second up, and refresh finds no drift (defaults and the zone prefix read back as declared)", async () => {
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), {});
        assert.deepEqual(writeCalls(emu), []);
        assert.deepEqual(changes(await stack.refresh()), {});
    });

    it("updates in place with one PATCH, a rename included", async () => {
        const id = only().id;
        await stack.setResources(schedule(clusterId, { name: "dev-nights", pauseCron: "30 20 * * 1-5" }));
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { update: 1 });
        assert.deepEqual(writeCalls(emu), [`PATCH ${base()}/${id}`]);
        assert.equal(only().id, id);
        assert.deepEqual(written(), document("dev-nights", "30 20 * * 1-5"));
    });

    it("shows a console edit in refresh, and the next up puts the declared schedule back", async () => {
        const id = only().id;
        emu.console.updateHibernationSchedule(id, { enabled: false, pauseConfig: { schedule: { cronExpression: "0 22 * * *" } } });
        assert.deepEqual(changes(await stack.refresh()), { update: 1 });
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { update: 1 });
        assert.deepEqual(writeCalls(emu), [`PATCH ${base()}/${id}`]);
        assert.deepEqual(written(), document("dev-nights", "30 20 * * 1-5"));
    });

    it("replaces when organizationId changes, leaving exactly one schedule", async () => {
        const oldId = only().id;
        // The same organization, now named explicitly: the replacement has the same name in the same organization.
        await stack.setResources(schedule(clusterId, { name: "dev-nights", pauseCron: "30 20 * * 1-5", organizationId: emu.organizationId }));
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { replace: 1 });
        assert.deepEqual(writeCalls(emu), [`DELETE ${base()}/${oldId}`, `POST ${base()}`]);
        assert.deepEqual(written(), document("dev-nights", "30 20 * * 1-5"));
        const outputs = await stack.outputs();
        assert.equal((outputs.offhours.value as Record<string, unknown>).scheduleId, only().id);
        assert.deepEqual(changes(await stack.up()), {}, "settled");
    });

    it("destroy deletes the schedule; nothing secret is printed", async () => {
        const id = only().id;
        emu.clearLog();
        await stack.destroy();
        assert.deepEqual(writeCalls(emu), [`DELETE ${base()}/${id}`]);
        assert.deepEqual(schedules(), []);
        assertNoSecretLeaked(stack, emu);
    });
});
