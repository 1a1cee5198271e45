import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { Emulator, FaultRule, startEmulator } from "../../components/testing";
import { assertNoSecretLeaked, emulatorClient, registerCluster } from "./emulatorSetup";
import { FixtureResource, ResourceStack, changes } from "./resourceStack";

const eks = { accountId: "123456789012", region: "eu-central-1", clusterName: "shop-dev" };
const cron = { pauseCron: "0 19 * * 1-5", resumeCron: "0 7 * * 1-5", resumeInstanceType: "m5.large" };

/** A cluster with a node template and a hibernation schedule, and a service account with a key. */
const fleet = (keyAccount = "ref:ci.serviceAccountId"): FixtureResource[] => [
    { type: "ExternalCluster", name: "shop", args: { name: "shop-dev", eks } },
    { type: "NodeTemplate", name: "spot", args: { clusterId: "ref:shop.clusterId", name: "spot-workers", constraints: { spot: true } } },
    { type: "HibernationSchedule", name: "offhours", args: { name: "dev-off-hours", clusterIds: ["ref:shop.clusterId"], ...cron } },
    { type: "ServiceAccount", name: "ci", args: { name: "fleet-ci" } },
    { type: "ServiceAccountKey", name: "cikey", args: { serviceAccountId: keyAccount, name: "deploy" } },
];

/** The create POST of each object type, as fault paths. */
const createPaths = (emu: Emulator) => ({
    cluster: "/v1/kubernetes/external-clusters",
    template: /^\/v1\/kubernetes\/clusters\/[^/]+\/node-templates$/,
    schedule: `/cluster-autoscaler/v1beta/organizations/${emu.organizationId}/hibernation-schedules`,
    account: `/v1/organizations/${emu.organizationId}/service-accounts`,
    key: /^\/v1\/organizations\/[^/]+\/service-accounts\/[^/]+\/keys$/,
});

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** What the emulator holds: every live object of the fleet's kinds, counted. */
function inventory(emu: Emulator) {
    const s = emu.state;
    const live = Object.values(s.clusters).filter((c) => c.status !== "archived");
    return {
        clusters: live.length,
        templates: live.flatMap((c) => Object.values(s.nodeTemplates[c.id]).filter((t) => !t.isDefault)).length,
        schedules: Object.keys(s.hibernationSchedules).length,
        accounts: Object.keys(s.serviceAccounts).length,
        keys: Object.values(s.serviceAccountKeys).flatMap((keys) => Object.values(keys)).length,
    };
}

const one = { clusters: 1, templates: 1, schedules: 1, accounts: 1, keys: 1 };
const none = { clusters: 0, templates: 0, schedules: 0, accounts: 0, keys: 0 };

/** The key's token as the program sees it must be the one the single stored key was issued with. */
async function checkKeyToken(stack: ResourceStack, emu: Emulator, accountId?: string): Promise<string> {
    const { token, keyId } = (await stack.outputs()).cikey.value as Record<string, string>;
    const keys = Object.values(emu.state.serviceAccountKeys).flatMap((k) => Object.values(k));
    const key = keys.find((k) => k.id === keyId);
    assert.ok(key, "the key in the state is the one in the emulator");
    assert.equal(sha256(token), key.tokenSha256, "the token output belongs to the stored key");
    if (accountId) {
        assert.ok(emu.state.serviceAccountKeys[accountId][keyId]);
    }
    return token;
}

function statusesOf(emu: Emulator, method: string, path: string | RegExp): number[] {
    return emu.requests.filter((r) => r.method === method && (typeof path === "string" ? r.path === path : path.test(r.path))).map((r) => r.status);
}

describe("engine: faults during create converge with exactly one object", function () {
    this.timeout(300_000);

    describe("a 429 storm with Retry-After", () => {
        let emu: Emulator;
        let stack: ResourceStack;

        before(async () => {
            emu = await startEmulator({ strict: true });
            stack = await ResourceStack.create(emu, fleet());
        });
        after(async () => {
            await stack?.remove();
            await emu?.stop();
        });

        it("waits as told, repeats each create POST and makes no duplicate; destroy leaves nothing", async () => {
            const paths = createPaths(emu);
            // The first reads of the run are throttled too, and each create POST eight times: more answers than the
            // attempts allowed for other failures, waited out because the waits fit the throttling budget.
            emu.addFault({ method: "GET", kind: "status", status: 429, retryAfterSeconds: 1, times: 3 });
            for (const path of Object.values(paths)) {
                emu.addFault({ method: "POST", path, kind: "status", status: 429, retryAfterSeconds: 1, times: 8 });
            }
            assert.deepEqual(changes(await stack.up()), { create: 6 });
            assert.deepEqual(inventory(emu), one);
            // Each wait shows in the update's output, where the user watches an update that seems to hang.
            const printed = stack.test.output.join("");
            for (const line of ["CAST AI POST /v1/kubernetes/external-clusters: rate limited, retrying in 1000 ms", "CAST AI GET "]) {
                assert.ok(printed.includes(line), `the output says: ${line}\n${printed}`);
            }
            for (const [what, path] of Object.entries(paths)) {
                const posts = emu.requests.filter((r) => r.method === "POST" && (typeof path === "string" ? r.path === path : path.test(r.path)));
                assert.deepEqual(posts.map((r) => r.status).slice(0, 8), Array(8).fill(429), what);
                assert.equal(posts.length, 9, `${what}: created on the ninth attempt`);
                assert.ok(posts[8].status < 300, what);
                for (let i = 1; i < posts.length; i++) {
                    assert.ok(posts[i].at - posts[i - 1].at >= 950, `${what}: attempt ${i + 1} waited the Retry-After second`);
                }
            }
            const token = await checkKeyToken(stack, emu);

            await stack.destroy();
            assert.deepEqual(inventory(emu), none);
            assertNoSecretLeaked(stack, emu, [token, ...Object.values(emu.state.clusterTokens).flat()]);
        });
    });

    describe("a lost response (5xx or dropped connection after the server did the work)", () => {
        let emu: Emulator;
        let stack: ResourceStack;
        let sharedAccount: string;
        let foreignKey: string;

        before(async () => {
            emu = await startEmulator({ strict: true });
            // An account shared with another stack, which already has a key of the same name.
            const client = emulatorClient(emu);
            const base = `/v1/organizations/${emu.organizationId}/service-accounts`;
            sharedAccount = (await client.post<{ id: string }>(base, { name: "shared-ci" })).id;
            foreignKey = (await client.post<{ id: string }>(`${base}/${sharedAccount}/keys`, { key: { name: "deploy" } })).id;
            stack = await ResourceStack.create(emu, fleet(sharedAccount));
        });
        after(async () => {
            await stack?.remove();
            await emu?.stop();
        });

        it("finds what the lost POST created instead of creating it again, on the same up", async () => {
            const paths = createPaths(emu);
            const lost: [keyof typeof paths, Partial<FaultRule>][] = [
                ["cluster", { kind: "drop" }],
                ["template", { kind: "status", status: 500 }],
                ["schedule", { kind: "drop" }],
                ["account", { kind: "status", status: 502 }],
                ["key", { kind: "status", status: 503 }],
            ];
            for (const [what, fault] of lost) {
                emu.addFault({ method: "POST", path: paths[what], afterHandling: true, times: 1, kind: "drop", ...fault });
            }
            assert.deepEqual(changes(await stack.up()), { create: 6 });
            for (const [what] of lost) {
                const statuses = statusesOf(emu, "POST", paths[what]);
                assert.notEqual(statuses[0], 200, `${what}: the first POST's answer was lost`);
            }
            const keysOfShared = Object.values(emu.state.serviceAccountKeys[sharedAccount]);
            const names = keysOfShared.map((k) => k.name);
            assert.equal(names.length, 2, "one key of ours next to the other stack's");
            assert.equal(names[0], "deploy", "the other stack's key stays");
            assert.match(names[1], /^deploy-[0-9a-f]{8}$/, "ours, with this resource's suffix");
            assert.ok(emu.state.serviceAccountKeys[sharedAccount][foreignKey], "the other stack's key of the same name is left alone");
            const { clusters, templates, schedules, accounts } = inventory(emu);
            assert.deepEqual({ clusters, templates, schedules, accounts }, { clusters: 1, templates: 1, schedules: 1, accounts: 2 });
            const token = await checkKeyToken(stack, emu, sharedAccount);
            assert.deepEqual(changes(await stack.up()), {}, "settled");

            await stack.destroy();
            assert.deepEqual(Object.keys(emu.state.serviceAccounts), [sharedAccount]);
            assert.deepEqual(Object.keys(emu.state.serviceAccountKeys[sharedAccount]), [foreignKey]);
            assertNoSecretLeaked(stack, emu, [token, ...Object.values(emu.state.clusterTokens).flat()]);
        });
    });

    describe("a create that fails after the server made the object", () => {
        let emu: Emulator;
        let stack: ResourceStack;
        let scheduleCluster: string;

        before(async () => {
            emu = await startEmulator({ strict: true });
            scheduleCluster = await registerCluster(emu, "shop-staging");
            stack = await ResourceStack.create(emu, [
                { type: "ExternalCluster", name: "shop", args: { name: "shop-dev", eks } },
                { type: "HibernationSchedule", name: "offhours", args: { name: "dev-off-hours", clusterIds: [scheduleCluster], ...cron } },
            ]);
        });
        after(async () => {
            await stack?.remove();
            await emu?.stop();
        });

        it("fails that up, and the next up adopts the object instead of creating a second one", async () => {
            const schedules = `/cluster-autoscaler/v1beta/organizations/${emu.organizationId}/hibernation-schedules`;
            // Registered, but the cluster token cannot be issued; created, but the read-back keeps failing.
            emu.addFault({ method: "POST", path: /\/external-clusters\/[^/]+\/token$/, kind: "status", status: 500, times: 6 });
            emu.addFault({ method: "GET", path: new RegExp(`^${schedules}/[^/]+$`), kind: "status", status: 503, times: 6 });
            await assert.rejects(stack.up());
            const liveClusters = () => Object.values(emu.state.clusters).filter((c) => c.status !== "archived" && c.id !== scheduleCluster);
            assert.equal(liveClusters().length, 1, "the server registered the cluster");
            assert.equal(Object.keys(emu.state.hibernationSchedules).length, 1, "the server created the schedule");

            emu.clearFaults();
            emu.clearLog();
            assert.deepEqual(changes(await stack.up()), { create: 2 });
            assert.equal(liveClusters().length, 1, "one cluster");
            assert.equal(Object.keys(emu.state.hibernationSchedules).length, 1, "one schedule");
            assert.deepEqual(statusesOf(emu, "POST", "/v1/kubernetes/external-clusters"), [], "not registered again");
            assert.deepEqual(statusesOf(emu, "POST", schedules), [], "not created again");

            await stack.destroy();
            assert.deepEqual(liveClusters(), []);
            assert.deepEqual(emu.state.hibernationSchedules, {});
            assertNoSecretLeaked(stack, emu, Object.values(emu.state.clusterTokens).flat());
        });
    });
});
