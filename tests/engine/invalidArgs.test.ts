import { strict as assert } from "node:assert";
import { Emulator, startEmulator } from "../../components/testing";
import { FixtureResource, ResourceStack } from "./resourceStack";

// The cluster id is never looked up: check runs before any API call, so any id will do.
const clusterId = "00000000-0000-4000-8000-000000000001";

interface Case {
    what: string;
    resource: FixtureResource;
    /** Property paths the error must name. */
    properties: string[];
    /** A value the error must not print (a secret). */
    hidden?: string;
    /** Whole problem lines the error must carry. */
    lines?: string[];
}

const privateKey = "-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASC";

const cases: Case[] = [
    {
        what: "NodeTemplate whose apiUrl is plain http to a remote host (the key would travel in clear text)",
        resource: { type: "NodeTemplate", name: "plain-http", args: { clusterId, name: "workers", apiUrl: "http://api.cast.ai" } },
        properties: ["apiUrl"],
    },
    {
        what: "AutoscalerPolicy with a negative empty-node delay",
        resource: { type: "AutoscalerPolicy", name: "policy", args: { clusterId, policies: { nodeDownscaler: { emptyNodes: { enabled: true, delaySeconds: -60 } } } } },
        properties: ["policies.nodeDownscaler.emptyNodes.delaySeconds"],
    },
    {
        what: "HibernationSchedule with an impossible hour and an unknown time zone",
        resource: {
            type: "HibernationSchedule",
            name: "offhours",
            args: { name: "off", clusterIds: [clusterId], pauseCron: "0 25 * * 1-5", resumeCron: "0 7 * * 1-5", timeZone: "Mars/Olympus_Mons", resumeInstanceType: "m5.large" },
        },
        properties: ["pauseCron", "timeZone"],
    },
    {
        what: "PodMutation whose distribution groups add up to more than 100%",
        resource: {
            type: "PodMutation",
            name: "spotshare",
            args: {
                clusterId,
                name: "spot-share",
                distributionGroups: [
                    { name: "spot", percentage: 80, config: { spotType: "USE_ONLY_SPOT" } },
                    { name: "on-demand", percentage: 50, config: {} },
                ],
            },
        },
        properties: ["distributionGroups"],
    },
    {
        what: "ExternalCluster with a credentials role that is not an IAM role ARN",
        resource: {
            type: "ExternalCluster",
            name: "shop",
            args: { name: "shop-dev", eks: { accountId: "123456789012", region: "eu-central-1", clusterName: "shop-dev" }, credentials: { assumeRoleArn: "castai-role" } },
        },
        properties: ["credentials.assumeRoleArn"],
    },
    {
        what: "ExternalCluster given a key as a string where the credentials object belongs",
        resource: {
            type: "ExternalCluster",
            name: "shopgke",
            args: { name: "shop-gke", gke: { projectId: "shop-dev", location: "europe-west1", clusterName: "shop" }, credentials: privateKey },
        },
        properties: ["credentials"],
        hidden: privateKey,
    },
    {
        what: "NodeTemplate with minCpu above maxCpu and a taint without shouldTaint",
        resource: {
            type: "NodeTemplate",
            name: "spot",
            args: { clusterId, name: "spot-workers", customTaints: [{ key: "workload" }], constraints: { minCpu: 32, maxCpu: 8 } },
        },
        properties: ["constraints.minCpu", "shouldTaint"],
    },
    {
        what: "ServiceAccountKey with an expiry that is not an RFC 3339 time",
        resource: { type: "ServiceAccountKey", name: "key", args: { serviceAccountId: "00000000-0000-4000-8000-000000000002", name: "deploy", expiresAt: "next tuesday" } },
        properties: ["expiresAt"],
    },
    {
        what: "NodeTemplate with a misspelled constraint (it would be dropped and the template created with defaults)",
        resource: { type: "NodeTemplate", name: "typo", args: { clusterId, name: "typo", constraints: { minCPU: 4 } } },
        properties: ["constraints.minCPU"],
        lines: ["constraints.minCPU is not a field of constraints; did you mean constraints.minCpu?"],
    },
    {
        what: "NodeConfiguration given a number as a string (as YAML quotes it) and a disk below the API's minimum",
        resource: { type: "NodeConfiguration", name: "quoted", args: { clusterId, name: "quoted", minDiskSize: 10, diskCpuRatio: "2" } },
        properties: ["minDiskSize", "diskCpuRatio"],
        lines: ["minDiskSize must be a whole number from 30 to 65536 GiB, got 10", 'diskCpuRatio must be a whole number from 0 to 1000 GiB per CPU, got "2" (a string)'],
    },
    {
        what: "ExternalCluster with a YAML-quoted boolean (a string, which would count as true)",
        resource: {
            type: "ExternalCluster",
            name: "quotedbool",
            args: { name: "shop-q", eks: { accountId: "123456789012", region: "eu-central-1", clusterName: "shop-q" }, deleteNodesOnDisconnect: "false" },
        },
        properties: ["deleteNodesOnDisconnect"],
        lines: ['deleteNodesOnDisconnect must be true or false, got "false" (a string)'],
    },
    {
        what: "ServiceAccount whose apiUrl is plain http to a private address",
        resource: { type: "ServiceAccount", name: "plainsa", args: { name: "fleet-ci", apiUrl: "http://10.0.0.5:8080" } },
        properties: ["apiUrl"],
    },
    {
        what: "HibernationSchedule whose apiUrl is CAST AI's EU API over plain http",
        resource: {
            type: "HibernationSchedule",
            name: "plaineu",
            args: { name: "off", clusterIds: [clusterId], pauseCron: "0 19 * * 1-5", resumeCron: "0 7 * * 1-5", resumeInstanceType: "m5.large", apiUrl: "http://api.eu.cast.ai" },
        },
        properties: ["apiUrl"],
    },
    {
        what: "AutoscalerPolicy with a misspelled top-level input",
        resource: { type: "AutoscalerPolicy", name: "misspelled", args: { clusterID: clusterId, policies: { enabled: true } } },
        properties: ["clusterID", "clusterId"],
        lines: ["clusterID is not a field of this resource; did you mean clusterId?", "clusterId is required and must be a non-empty string, got undefined"],
    },
    {
        what: "ExternalCluster in an AWS region that does not exist",
        resource: { type: "ExternalCluster", name: "mars", args: { name: "mars", eks: { accountId: "123456789012", region: "mars-north-9", clusterName: "mars" } } },
        properties: ["eks.region"],
        lines: ['eks.region must be an AWS region (commercial, GovCloud, China or European Sovereign Cloud) such as eu-central-1, got "mars-north-9" (a string)'],
    },
    {
        what: "ExternalCluster with a GCP project name where the project id belongs",
        resource: { type: "ExternalCluster", name: "projectname", args: { name: "shop-gke", gke: { projectId: "My Project!", location: "europe-west1", clusterName: "shop" } } },
        properties: ["gke.projectId"],
        lines: ['gke.projectId must be a GCP project id: 6 to 30 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen, got "My Project!" (a string)'],
    },
    {
        what: "AutoscalerPolicy whose clusterId is not a CAST AI id",
        resource: { type: "AutoscalerPolicy", name: "notuuid", args: { clusterId: "not-a-uuid", policies: { enabled: true } } },
        properties: ["clusterId"],
        lines: ['clusterId must be a CAST AI id, an RFC 4122 UUID such as 3f2c8a91-5b7e-4d0a-9c6f-1e8b2d4a7c35, got "not-a-uuid" (a string)'],
    },
];

/** The text of a failed engine command: its message carries the CLI's stdout and stderr. */
async function failure(run: () => Promise<unknown>): Promise<string> {
    try {
        await run();
    } catch (err) {
        return err instanceof Error ? err.message : String(err);
    }
    assert.fail("the engine command succeeded with invalid args");
}

describe("engine: invalid args fail at preview, before any CAST AI call", function () {
    this.timeout(300_000);
    let emu: Emulator;
    let stack: ResourceStack;

    before(async () => {
        emu = await startEmulator({ strict: true });
        stack = await ResourceStack.create(emu, []);
    });
    after(async () => {
        await stack?.remove();
        await emu?.stop();
    });

    for (const c of cases) {
        it(`${c.what}: preview names ${c.properties.join(", ")}`, async () => {
            await stack.setResources([c.resource]);
            emu.clearLog();
            const text = await failure(() => stack.preview());
            assert.match(text, /has a problem/, "the engine reports check failures");
            for (const property of c.properties) {
                assert.ok(text.includes(property), `the error names ${property}:\n${text}`);
            }
            for (const line of c.lines ?? []) {
                assert.ok(text.includes(`has a problem: ${line}\n`), `one line per problem, ending the engine's line: ${line}\n${text}`);
            }
            assert.ok(!/value \{/.test(text), `no engine rendering of a value such as {<nil>}:\n${text}`);
            if (c.hidden) {
                assert.ok(!text.includes(c.hidden) && !stack.everythingPrinted().includes(c.hidden), "the secret value is not printed");
            }
            assert.deepEqual(emu.requests, [], "CAST AI received no request");
        });
    }

    for (const keyless of [
        { type: "NodeTemplate", name: "keyless", args: { clusterId, name: "workers" } },
        { type: "ServiceAccount", name: "keylesssa", args: { name: "fleet-ci" } },
        { type: "EvictorConfig", name: "keylessev", args: { clusterId, evictionConfig: [] } },
    ]) {
        it(`a missing API key fails the preview of a ${keyless.type} naming castai:apiToken and how to set it, before any request`, async () => {
            await stack.setResources([keyless]);
            await stack.test.stack.removeConfig("castai:apiToken");
            try {
                emu.clearLog();
                const text = await failure(() => stack.preview());
                assert.ok(
                    text.includes(`resource '${keyless.name}' has a problem: CAST AI API key is missing: set it with \`pulumi config set --secret castai:apiToken <key>\` or the CASTAI_API_TOKEN environment variable\n`),
                    text,
                );
                assert.deepEqual(emu.requests, [], "CAST AI received no request");
            } finally {
                await stack.test.stack.setConfig("castai:apiToken", { value: emu.apiKey, secret: true });
            }
        });
    }

    it("up with all of them fails before any request and creates nothing", async () => {
        await stack.setResources(cases.map((c) => c.resource));
        emu.clearLog();
        // The engine stops at the first resource that fails its check, so only that one is reported here.
        const text = await failure(() => stack.up());
        assert.match(text, /has a problem/);
        assert.ok(cases.some((c) => c.properties.every((p) => text.includes(p))), text);
        assert.deepEqual(emu.requests, [], "CAST AI received no request");
        const state = await stack.test.stack.exportStack();
        const resources = (state.deployment as { resources?: { type: string }[] }).resources ?? [];
        assert.deepEqual(resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/")), [], "no resource in the state");
        assert.ok(!stack.everythingPrinted().includes(emu.apiKey));
    });
});
