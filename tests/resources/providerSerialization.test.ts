import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { providerCode } from "../../components/resources/dynamicResource";
import { startEmulator } from "../../components/testing";
import { repoRoot } from "../../scripts/engine";

// The provider code the engine stores in `__provider` and runs in the dynamic-provider host (bundled at build time):
// checked here as that artifact, loaded back the way the host loads it.

const apiKey = "castai-test-KEY-0123456789abcdef0123456789abcdef";
const serialized: Record<string, string> = {};

type Provider = Required<pulumi.dynamic.ResourceProvider>;

function load(text: string): Provider {
    const mod = { exports: {} as Record<string, () => Provider> };
    new Function("module", "exports", "require", text)(mod, mod.exports, require);
    return mod.exports.handler();
}

describe("bundled dynamic providers", function () {
    this.timeout(60_000);

    before(async () => {
        process.env.PULUMI_CONFIG = JSON.stringify({ "castai:apiToken": apiKey });
        await pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    if (typeof args.inputs.__provider === "string") {
                        serialized[args.type.split(":").pop()!] = args.inputs.__provider;
                    }
                    return { id: `${args.name}-id`, state: args.inputs };
                },
                call: (args) => args.inputs,
            },
            "project",
            "stack",
            false,
        );
        const castai = await import("../../components");
        const cluster = "7d6c5b4a-0000-4000-8000-000000000001";
        new castai.ExternalCluster("c", { name: "c", eks: { accountId: "123456789012", region: "eu-central-1", clusterName: "c" }, credentials: { assumeRoleArn: "arn:aws:iam::123456789012:role/r" } });
        new castai.EksAssumeRolePrincipal("p", { name: "c", accountId: "123456789012", region: "eu-central-1", clusterName: "c" });
        new castai.AutoscalerPolicy("a", { clusterId: cluster, policies: { enabled: true } });
        new castai.NodeTemplate("t", { clusterId: cluster, name: "spot" });
        new castai.NodeConfiguration("n", { clusterId: cluster, name: "cfg" });
        new castai.HibernationSchedule("h", { name: "h", clusterIds: [cluster], pauseCron: "0 19 * * 1-5", resumeCron: "0 7 * * 1-5", resumeInstanceType: "m5.large" });
        new castai.EvictorConfig("e", { clusterId: cluster, evictionConfig: [] });
        new castai.PodMutation("m", { clusterId: cluster, name: "m" });
        new castai.ServiceAccount("s", { name: "s" });
        new castai.ServiceAccountKey("k", { serviceAccountId: "sa", name: "k" });
        await new Promise((resolve) => setTimeout(resolve, 500));
    });

    after(() => {
        delete process.env.PULUMI_CONFIG;
    });

    it("every resource type carries its bundled code, which holds no API key, no machine path and no package but node's and @pulumi/pulumi", () => {
        assert.deepEqual(Object.keys(serialized).sort(), [
            "AutoscalerPolicy", "EksAssumeRolePrincipal", "EvictorConfig", "ExternalCluster", "HibernationSchedule",
            "NodeConfiguration", "NodeTemplate", "PodMutation", "ServiceAccount", "ServiceAccountKey",
        ]);
        for (const [type, text] of Object.entries(serialized)) {
            assert.ok(!text.includes(apiKey), `${type} captured the API key`);
            const required = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
            assert.deepEqual(required.filter((r) => !r.startsWith("node:") && r !== "@pulumi/pulumi"), [], `${type} loads only node built-ins and the host's @pulumi/pulumi`);
            assert.ok(!text.includes(repoRoot), `${type} holds no path of the machine that built it`);
            assert.equal(text, providerCode(type), `${type} is the build's bundle, not serialized by the program`);
        }
    });

    it("diff ignores __provider and API-less local inputs decide no replacement", async () => {
        const p = load(serialized.NodeTemplate);
        const olds = { clusterId: "c1", name: "spot", constraints: { spot: true }, __provider: "old code" };
        assert.deepEqual(await p.diff("spot", olds, { clusterId: "c1", name: "spot", constraints: { spot: true }, __provider: "new code" }), { changes: false, replaces: [], deleteBeforeReplace: false });
        assert.deepEqual(await p.diff("spot", olds, { ...olds, name: "spot-2" }), { changes: true, replaces: ["name"], deleteBeforeReplace: true });
        assert.deepEqual(await p.diff("spot", olds, { ...olds, constraints: { spot: true, useSpotFallbacks: true } }), { changes: true, replaces: [], deleteBeforeReplace: false });
        assert.deepEqual(await p.diff("spot", olds, { ...olds, environment: "prod" }), { changes: true, replaces: [], deleteBeforeReplace: false });
        assert.equal((await p.diff("spot", olds, { ...olds, clusterId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" })).changes, true, "unknown at preview");
    });

    it("check refuses a missing API key at preview, naming castai:apiToken", async () => {
        const schedule = load(serialized.HibernationSchedule);
        const saved = process.env.CASTAI_API_TOKEN;
        delete process.env.CASTAI_API_TOKEN;
        try {
            const keyless = await schedule.check({}, { name: "h", clusterIds: ["00000000-0000-4000-8000-000000000001"], pauseCron: "0 19 * * 1-5", resumeCron: "0 7 * * 1-5", resumeInstanceType: "m5.large" });
            assert.deepEqual(keyless.failures, [
                { property: "", reason: "CAST AI API key is missing: set it with `pulumi config set --secret castai:apiToken <key>` or the CASTAI_API_TOKEN environment variable" },
            ]);
        } finally {
            if (saved !== undefined) {
                process.env.CASTAI_API_TOKEN = saved;
            }
        }
    });

    it("check reports each problem as one reason naming the field and the value given, fills defaults, and drops __provider", async () => {
        const schedule = load(serialized.HibernationSchedule);
        await schedule.configure({ config: { get: (key: string) => (key === "castai:apiToken" ? "test-key" : undefined) } } as never);
        const bad = await schedule.check({}, { name: "h", clusterIds: ["00000000-0000-4000-8000-000000000001"], pauseCron: "0 99 * * *", resumeCron: "0 7 * * 1-5", resumeInstanceType: "m5.large" });
        assert.deepEqual(bad.failures?.map((f) => [f.property, f.reason.split(" ")[0]]), [["", "pauseCron"]]);
        const typo = await schedule.check({}, { name: "", clusterIds: ["00000000-0000-4000-8000-000000000001"], pauseCron: "0 19 * * 1-5", resumeCron: "0 7 * * 1-5", resumeInstanceType: "m5.large", resumeCorn: "x" });
        assert.deepEqual(typo.failures?.map((f) => f.reason), [
            "resumeCorn is not a field of this resource; did you mean resumeCron?",
            'name is required and must be a non-empty string, got "" (a string)',
        ]);
        const good = await schedule.check({}, { name: "h", clusterIds: ["00000000-0000-4000-8000-000000000001"], pauseCron: "0 19 * * 1-5", resumeCron: "0 7 * * 1-5", resumeInstanceType: "m5.large", __provider: "x" });
        assert.deepEqual(good.failures, []);
        assert.equal(good.inputs?.enabled, true, "the default is stored, so it never shows as a diff");
        assert.equal("__provider" in (good.inputs ?? {}), false);
    });

    it("a change of environment or apiUrl alone updates state without calling CAST AI", async () => {
        const p = load(serialized.AutoscalerPolicy);
        await p.configure({ config: { get: () => undefined, require: () => { throw new Error("none"); } } } as never);
        const olds = { clusterId: "c1", policies: { enabled: true }, apiUrl: "http://127.0.0.1:1" };
        const result = await p.update("c1", olds, { ...olds, environment: "staging", apiUrl: "http://127.0.0.1:2" });
        assert.deepEqual(result.outs, { clusterId: "c1", policies: { enabled: true }, environment: "staging", apiUrl: "http://127.0.0.1:2" });
    });

    it("errors raised inside the loaded provider keep their message and never the key", async () => {
        const emu = await startEmulator();
        try {
            const p = load(serialized.ExternalCluster);
            await p.configure({ config: { get: (k: string) => ({ "castai:apiToken": apiKey, "castai:apiUrl": emu.url })[k] } } as never);
            const err = (await p.read("x", { clusterId: "x", name: "c", eks: { accountId: "123456789012", region: "r", clusterName: "c" } }).catch((e: unknown) => e)) as Error;
            assert.match(err.message, /^CAST AI API GET \/v1\/kubernetes\/external-clusters\/x failed with HTTP 401/);
            assert.ok(!err.message.includes(apiKey) && !String(err.stack).includes(apiKey));
        } finally {
            await emu.stop();
        }
    });
});
