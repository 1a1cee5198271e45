import { strict as assert } from "node:assert";
import type * as pulumi from "@pulumi/pulumi";
import { CastAiClient } from "../../components/api/client";
import { provider as hibernation } from "../../components/resources/hibernationSchedule";
import { objectFilterV2, provider as podMutation } from "../../components/resources/podMutation";
import { Emulator, startEmulator } from "../../components/testing";

// Pod mutations (with their id) and hibernation schedules are PATCHed whole, as the official provider does (what a
// partial PATCH keeps is not documented); a pod mutation's filter goes as objectFilterV2 (the API deprecates
// objectFilter).

type Provider = Required<pulumi.dynamic.ResourceProvider>;

async function configured(p: Provider, emu: Emulator): Promise<Provider> {
    await p.configure({ config: { get: (k: string) => ({ "castai:apiToken": emu.apiKey, "castai:apiUrl": emu.url })[k] } } as never);
    return p;
}

describe("whole-object writes of pod mutations and hibernation schedules", function () {
    this.timeout(60_000);
    let emu: Emulator;
    let clusterId: string;

    beforeEach(async () => {
        emu = await startEmulator({ strict: true });
        const client = new CastAiClient({ apiKey: emu.apiKey, apiUrl: emu.url });
        clusterId = (await client.post<{ id: string }>("/v1/kubernetes/external-clusters", { name: "w", eks: { accountId: "123456789012", region: "eu-west-1", clusterName: "w" } })).id;
    });
    afterEach(() => emu.stop());

    it("turns a plain objectFilter into objectFilterV2 exact matchers, labels with their operator", () => {
        assert.deepEqual(objectFilterV2({ namespaces: ["shop"], excludeKinds: ["Job"], labelsFilter: [{ label: "tier", value: "web" }], labelsOperator: "AND" }), {
            namespaces: [{ type: "EXACT", value: "shop" }],
            excludeKinds: [{ type: "EXACT", value: "Job" }],
            labels: { matchers: [{ key: { type: "EXACT", value: "tier" }, value: { type: "EXACT", value: "web" } }], operator: "AND" },
        });
    });

    it("a pod mutation sends objectFilterV2, and an update PATCHes the whole mutation with its id, clearing labels no longer given", async () => {
        const p = await configured(podMutation as unknown as Provider, emu);
        const checked = await p.check({}, { clusterId, name: "spot", objectFilter: { namespaces: ["shop"] }, labels: { team: "shop" } });
        assert.deepEqual(checked.failures, []);
        assert.equal("objectFilter" in checked.inputs, false, "stored as the V2 filter it is sent as");
        const { id, outs } = await p.create(checked.inputs);
        const created = emu.requests.find((r) => r.method === "POST" && r.path.endsWith("/pod-mutations"));
        assert.deepEqual((created?.body as Record<string, unknown>).objectFilterV2, { namespaces: [{ type: "EXACT", value: "shop" }] });
        assert.equal("objectFilter" in (created?.body as object), false);

        emu.clearLog();
        const news = (await p.check(outs, { clusterId, name: "spot", objectFilter: { namespaces: ["shop"] } })).inputs;
        await p.update(id, outs, news);
        const patch = emu.requests.find((r) => r.method === "PATCH");
        const body = patch?.body as Record<string, unknown>;
        assert.equal(body.id, id, "the id travels in the body");
        assert.deepEqual(body.labels, {}, "a map no longer given is sent empty");
        assert.deepEqual(body.distributionGroups, []);
        assert.equal(body.enabled, true);
        assert.deepEqual(Object.values(emu.state.podMutations[clusterId]).map((m) => m.labels ?? {}), [{}]);
    });

    it("both filters at once are refused, naming objectFilterV2", async () => {
        const p = await configured(podMutation as unknown as Provider, emu);
        const checked = await p.check({}, { clusterId, name: "spot", objectFilter: { namespaces: ["a"] }, objectFilterV2: {} });
        assert.deepEqual(checked.failures?.map((f) => f.reason), ["set objectFilter or objectFilterV2, not both"]);
    });

    it("a hibernation schedule update PATCHes the whole schedule (the update schema has no id)", async () => {
        const p = await configured(hibernation as unknown as Provider, emu);
        const inputs = { name: "off", clusterIds: [clusterId], pauseCron: "0 19 * * 1-5", resumeCron: "0 7 * * 1-5", resumeInstanceType: "m5.large" };
        const { id, outs } = await p.create((await p.check({}, inputs)).inputs);
        emu.clearLog();
        await p.update(id, outs, (await p.check(outs, { ...inputs, resumeCron: "0 6 * * 1-5" })).inputs);
        const body = emu.requests.find((r) => r.method === "PATCH")?.body as Record<string, unknown>;
        assert.deepEqual(Object.keys(body).sort(), ["clusterAssignments", "enabled", "name", "pauseConfig", "resumeConfig"]);
    });
});
