// Clouds and Kubernetes are optional peers (DESIGN.md decision 7), checked at the level users meet them: importing
// the package, and a CastAiCluster program. Each case runs in a fresh Node process, whose module cache starts empty.
// (tests/unit/cloudSdkLoading.test.ts checks the same for the identity components on their own.)
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as path from "path";

const REPO_ROOT = path.resolve(__dirname, "../../..");
const DIST = path.resolve(__dirname, "../..");
const OPTIONAL_PEERS = ["aws", "gcp", "azure-native", "kubernetes"];
const MARKER = "@@loaded@@";

interface Report {
    /** Optional peers (`@pulumi/<name>`) in the module cache once the body has run. */
    loaded: string[];
    /** Type tokens the program registered, when it ran one. */
    types: string[];
}

/** Runs `body` (async JavaScript) in a fresh Node process from the repository root and reports what it loaded. */
function run(body: string): Report {
    const script = `
        const MARKER = ${JSON.stringify(MARKER)};
        const report = (types) => {
            const keys = Object.keys(require.cache).map((k) => k.split(require("path").sep).join("/"));
            const loaded = ${JSON.stringify(OPTIONAL_PEERS)}.filter((peer) => keys.some((k) => k.includes("/node_modules/@pulumi/" + peer + "/")));
            process.stdout.write("\\n" + MARKER + JSON.stringify({ loaded, types }) + "\\n");
        };
        (async () => { let types = []; ${body}; report(types); })().then(
            () => process.exit(0),
            (err) => { console.error(err); process.exit(1); },
        );
    `;
    // stderr is piped (not shown) unless the process fails; stdout may also carry the program's log lines.
    const out = execFileSync(process.execPath, ["-e", script], { cwd: REPO_ROOT, encoding: "utf8", timeout: 120_000, stdio: ["ignore", "pipe", "pipe"] });
    const line = out.split("\n").find((l) => l.startsWith(MARKER));
    assert.ok(line, `the child reported: ${out}`);
    return JSON.parse(line.slice(MARKER.length));
}

/**
 * A program creating one CastAiCluster with `args` under Pulumi mocks, against the bundled emulator (the mocked
 * registration registers the cluster there; see tests/helpers/castAiMocks.ts). It requires the package only after
 * the mocks are in place, as a user's program would import it at the top: what loads is what the program needs.
 */
function clusterProgram(args: object): string {
    const dist = (p: string) => JSON.stringify(path.join(DIST, p));
    return `
        const pulumi = require("@pulumi/pulumi");
        const { startEmulator } = require(${dist("components/testing/index.js")});
        const { recordResources } = require(${dist("tests/helpers/mocks.js")});
        const { castAiMockOutputs, cloudLookupMocks, useConfig } = require(${dist("tests/helpers/castAiMocks.js")});
        const emu = await startEmulator({ strict: true });
        const state = { awsAccountId: "123456789012", tokens: new Map(), statuses: new Map() };
        const recorder = recordResources(castAiMockOutputs(() => emu, state), { calls: cloudLookupMocks() });
        await recorder.setup();
        useConfig({ "castai:apiToken": emu.apiKey, "castai:apiUrl": emu.url }, ["castai:apiToken"]);
        const castai = require("@castai-fleet/pulumi");
        const cluster = new castai.CastAiCluster("c", ${JSON.stringify(args)});
        await new Promise((resolve) => cluster.savings.apply(resolve));
        await require(${dist("tests/helpers/mocks.js")}).waitForRegistrations();
        types = [...new Set(recorder.resources.map((r) => r.type))].sort();
        await emu.stop();
    `;
}

const EKS = { accountId: "123456789012", region: "eu-central-1", clusterName: "c", vpcId: "vpc-1" };
const GKE = { projectId: "shop-1", location: "europe-west1", clusterName: "c" };
const AKS = { subscriptionId: "8f3c2a1e-5b6d-4e7f-9a0b-1c2d3e4f5a6b", region: "westeurope", resourceGroupName: "rg", nodeResourceGroup: "mc", clusterName: "c", castaiImpersonationServiceAccountId: "1072" };

describe("optional peers at the package and component level", () => {
    it("importing the package (@castai-fleet/pulumi) loads no cloud SDK and not @pulumi/kubernetes", () => {
        const report = run(`
            const resolved = require.resolve("@castai-fleet/pulumi");
            if (resolved !== ${JSON.stringify(path.join(DIST, "components/index.js"))}) throw new Error("resolved " + resolved);
            const castai = require("@castai-fleet/pulumi");
            // Touch the public surface, as a consumer's program does at load time.
            castai.CastAiCluster; castai.EksCastAiIdentity; castai.planReleases; castai.resolveProfile("prod");
        `);
        assert.deepEqual(report.loaded, []);
    });

    it("importing @castai-fleet/pulumi/testing (the emulator) loads no cloud SDK and not @pulumi/kubernetes", () => {
        assert.deepEqual(run(`require("@castai-fleet/pulumi/testing").startEmulator;`).loaded, []);
    });

    it("an EKS-only CastAiCluster program loads @pulumi/aws and @pulumi/kubernetes, never @pulumi/gcp or @pulumi/azure-native", () => {
        const report = run(clusterProgram({ environment: "prod", provider: "eks", eks: EKS }));
        assert.ok(report.types.includes("aws:iam/role:Role"), `the program created the IAM role: ${report.types}`);
        assert.ok(report.types.includes("pulumi:providers:kubernetes"), "and the cluster's own Kubernetes provider");
        assert.ok(report.types.includes("kubernetes:helm.sh/v3:Release"), "and the Helm releases");
        assert.deepEqual(report.loaded, ["aws", "kubernetes"]);
    });

    it("a GKE-only CastAiCluster program loads @pulumi/gcp and @pulumi/kubernetes only", () => {
        const report = run(clusterProgram({ environment: "staging", provider: "gke", gke: GKE }));
        assert.ok(report.types.includes("gcp:serviceaccount/key:Key"), `${report.types}`);
        assert.deepEqual(report.loaded, ["gcp", "kubernetes"]);
    });

    it("an AKS-only CastAiCluster program loads @pulumi/azure-native and @pulumi/kubernetes only", () => {
        const report = run(clusterProgram({ environment: "dev", provider: "aks", aks: AKS }));
        assert.ok(report.types.includes("azure-native:managedidentity:UserAssignedIdentity"), `${report.types}`);
        assert.deepEqual(report.loaded, ["azure-native", "kubernetes"]);
    });

    it("a phase-1 EKS program with its own kubeconfig loads @pulumi/kubernetes only: no cloud lookup is needed", () => {
        const report = run(clusterProgram({ environment: "prod", provider: "eks", eks: EKS, phase: 1, kubeconfig: "apiVersion: v1\\nkind: Config\\n" }));
        assert.ok(report.types.includes("kubernetes:helm.sh/v3:Release"), `${report.types}`);
        assert.deepEqual(report.loaded, ["kubernetes"]);
    });

    it("a phase-1 EKS program (no identity) in GitOps mode loads no optional peer at all", () => {
        const report = run(clusterProgram({ environment: "prod", provider: "eks", eks: EKS, phase: 1, inCluster: false }));
        assert.ok(report.types.includes("pulumi-nodejs:dynamic/castai:ExternalCluster"), `${report.types}`);
        assert.deepEqual(report.loaded, []);
    });

    it("a program bringing its own AKS identity, in GitOps mode, loads no optional peer at all", () => {
        const aks = { ...AKS, castaiImpersonationServiceAccountId: undefined, tenantId: "2b7d4c9e-1a3f-4e5b-8c6d-7e8f9a0b1c2d", existingClientId: "c", existingFederationId: "f" };
        const report = run(clusterProgram({ environment: "prod", provider: "aks", aks, inCluster: false }));
        assert.ok(report.types.includes("pulumi-nodejs:dynamic/castai:AutoscalerPolicy"), `${report.types}`);
        assert.deepEqual(report.loaded, []);
    });
});
