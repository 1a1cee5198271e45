// What another team gets from `new CastAiCluster(...)` in its own program, under Pulumi mocks: per cloud and per
// mode (created vs brought identity, phase 1 vs 2, in-cluster vs GitOps), and a clear ResourceError for every
// invalid combination, raised before anything is created.
//
// The mocked registration registers each cluster in the bundled CAST AI emulator (tests/helpers/castAiMocks.ts) and
// the stack config points `castai:apiUrl` / `castai:apiToken` at it, so `savings` is fetched over HTTP as in a real run.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { CastAiClient } from "../../components/api/client";
import type { EstimatedSavings } from "../../components/api/types";
import { CastAiCluster } from "../../components/cluster";
import { CastAiAksArgs, CastAiClusterArgs, CastAiEksArgs, CastAiGkeArgs } from "../../components/clusterArgs";
import { RELEASE_NAMES } from "../../components/kubernetes/plan";
import { CHART_REPOSITORY, DEFAULT_CHART_VERSIONS } from "../../components/kubernetes/versions";
import { summarizeSavings } from "../../components/savings";
import { Emulator, startEmulator } from "../../components/testing";
import { emulatorClient } from "../engine/emulatorSetup";
import {
    CASTAI_PRINCIPAL_ARN,
    MOCK_GKE_CLUSTER,
    MOCK_TENANT_ID,
    castAiMockOutputs,
    castaiType,
    cloudLookupMocks,
    mockAksKubeconfig,
    mockEksCluster,
    serviceAccountKeyJson,
    useConfig,
} from "../helpers/castAiMocks";
import { RecordedResource, assertResourceError, isSecretValue, promiseOf, recordResources, revealSecrets, waitForRegistrations } from "../helpers/mocks";

const ACCOUNT = "123456789012";
const RELEASE = "kubernetes:helm.sh/v3:Release";
const KUBERNETES_PROVIDER = "pulumi:providers:kubernetes";
const PHASE2_ONLY = ["AutoscalerPolicy", "NodeTemplate", "PodMutation", "HibernationSchedule", "EksAssumeRolePrincipal"].map(castaiType);

const state = { awsAccountId: ACCOUNT, tokens: new Map<string, string>(), statuses: new Map<string, string>() };
let emu: Emulator;
const recorder = recordResources(castAiMockOutputs(() => emu, state), { calls: cloudLookupMocks() });

// Cloud args per cluster name, so that every test registers its own cluster in the emulator.
const eks = (clusterName: string, extra: Partial<CastAiEksArgs> = {}): CastAiEksArgs => ({
    accountId: ACCOUNT,
    region: "eu-central-1",
    clusterName,
    vpcId: "vpc-0abc",
    ...extra,
});
const eksByo = (clusterName: string): CastAiEksArgs => ({
    accountId: ACCOUNT,
    region: "eu-central-1",
    clusterName,
    existingRoleArn: `arn:aws:iam::${ACCOUNT}:role/team-castai-${clusterName}`,
    existingInstanceProfileArn: `arn:aws:iam::${ACCOUNT}:instance-profile/team-castai-${clusterName}`,
});
const GKE_PROJECT = "shop-prod-4821";
const gke = (clusterName: string, extra: Partial<CastAiGkeArgs> = {}): CastAiGkeArgs => ({ projectId: GKE_PROJECT, location: "europe-west1-b", clusterName, ...extra });
const BYO_KEY = serviceAccountKeyJson(GKE_PROJECT, `team-castai@${GKE_PROJECT}.iam.gserviceaccount.com`);
const SUBSCRIPTION = "8f3c2a1e-5b6d-4e7f-9a0b-1c2d3e4f5a6b";
const aks = (clusterName: string, extra: Partial<CastAiAksArgs> = {}): CastAiAksArgs => ({
    subscriptionId: SUBSCRIPTION,
    region: "westeurope",
    resourceGroupName: `rg-${clusterName}`,
    nodeResourceGroup: `MC_rg-${clusterName}_${clusterName}_westeurope`,
    clusterName,
    castaiImpersonationServiceAccountId: "107283746590123456789",
    ...extra,
});
const AKS_BYO = {
    castaiImpersonationServiceAccountId: undefined,
    tenantId: "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
    existingClientId: "9d8c7b6a-5f4e-3d2c-1b0a-9f8e7d6c5b4a",
    existingFederationId: "3c4d5e6f-7a8b-9c0d-1e2f-3a4b5c6d7e8f",
};

const argsFor = (provider: "eks" | "gke" | "aks", clusterName: string, byo = false): CastAiClusterArgs => {
    switch (provider) {
        case "eks":
            return { environment: "prod", provider, eks: byo ? eksByo(clusterName) : eks(clusterName) };
        case "gke":
            return { environment: "prod", provider, gke: gke(clusterName, byo ? { existingServiceAccountKeyJson: BYO_KEY } : {}) };
        case "aks":
            return { environment: "prod", provider, aks: aks(clusterName, byo ? AKS_BYO : {}) };
    }
};

/** Creates the component and waits until it, its children and its outputs have reached the mock monitor. */
async function create(name: string, args: CastAiClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    const cluster = new CastAiCluster(name, args, opts);
    await waitForRegistrations();
    const urn = await promiseOf(cluster.urn);
    const all = recorder.resources.filter((r) => r.name === name || r.name.startsWith(`${name}-`));
    const children = all.filter((r) => r.parent === urn);
    const named = (suffix: string) => recorder.named(`${name}-${suffix}`);
    const releases = all.filter((r) => r.type === RELEASE);
    const release = (releaseName: string) => {
        const found = releases.find((r) => r.inputs.name === releaseName);
        assert.ok(found, `release ${releaseName} is installed`);
        return found;
    };
    const clusterId = await promiseOf(cluster.clusterId);
    return { cluster, urn, all, children, named, releases, release, clusterId, outputs: recorder.registeredOutputs(urn)! };
}

/** Asserts that constructing the cluster throws a ResourceError naming `texts`, and that nothing of it was registered. */
async function assertRejected(name: string, args: CastAiClusterArgs, ...texts: string[]): Promise<string> {
    let message = "";
    assertResourceError(() => {
        try {
            new CastAiCluster(name, args);
        } catch (err) {
            message = (err as Error).message;
            throw err;
        }
    }, `invalid CastAiCluster "${name}"`);
    for (const text of texts) {
        assert.ok(message.includes(text), `expected "${text}" in: ${message}`);
    }
    await waitForRegistrations();
    const created = recorder.resources.filter((r) => r.name.startsWith(`${name}-`));
    assert.deepEqual(created.map((r) => `${r.type} ${r.name}`), [], "an invalid cluster creates nothing");
    return message;
}

const typesOf = (rs: RecordedResource[]) => rs.map((r) => r.type);

describe("CastAiCluster", () => {
    let restoreConfig: () => void;
    const savedEnvToken = process.env.CASTAI_API_TOKEN;

    before(async () => {
        emu = await startEmulator({ strict: true });
        await recorder.setup();
        delete process.env.CASTAI_API_TOKEN;
        restoreConfig = useConfig({ "castai:apiToken": emu.apiKey, "castai:apiUrl": emu.url }, ["castai:apiToken"]);
    });

    after(async () => {
        restoreConfig?.();
        if (savedEnvToken !== undefined) {
            process.env.CASTAI_API_TOKEN = savedEnvToken;
        }
        await emu?.stop();
    });

    beforeEach(() => recorder.reset());

    describe("cloud identity, phase 2", () => {
        it("EKS, created: looks up CAST AI's principal, creates the IAM role trusting it, and registers with that role", async () => {
            const c = await create("eks-new", argsFor("eks", "eks-new"));
            const principal = c.named("principal");
            assert.equal(principal.type, castaiType("EksAssumeRolePrincipal"));
            assert.deepEqual([principal.inputs.accountId, principal.inputs.region, principal.inputs.clusterName, principal.inputs.name], [ACCOUNT, "eu-central-1", "eks-new", "eks-new"]);
            const identity = c.named("identity");
            assert.equal(identity.type, "castai-fleet:index:EksCastAiIdentity");
            const iam = c.all.filter((r) => r.parent === identity.urn);
            assert.equal(iam.length, 15);
            assert.ok(iam.every((r) => r.type.startsWith("aws:iam/")));
            const role = c.named("identity-role");
            const trust = JSON.parse(role.inputs.assumeRolePolicy);
            assert.equal(trust.Statement[0].Principal.AWS, CASTAI_PRINCIPAL_ARN);
            assert.equal(trust.Statement[0].Condition.StringEquals["sts:ExternalId"], c.clusterId);
            assert.ok(role.dependencies.includes(principal.urn));
            const registration = c.named("registration");
            assert.deepEqual(revealSecrets(registration.inputs.credentials), { assumeRoleArn: `arn:aws:iam::${ACCOUNT}:role/castai-eks-eks-new` });
            for (const r of iam) {
                assert.ok(registration.dependencies.includes(r.urn), `the registration waits for ${r.name} (and destroy removes it first)`);
            }
        });

        it("EKS, brought role: creates no IAM and no principal lookup, and registers with the given role", async () => {
            const c = await create("eks-byo", argsFor("eks", "eks-byo", true));
            assert.deepEqual(c.all.filter((r) => r.type.startsWith("aws:")), []);
            assert.ok(!c.all.some((r) => r.type === castaiType("EksAssumeRolePrincipal")));
            assert.deepEqual(revealSecrets(c.named("registration").inputs.credentials), { assumeRoleArn: eksByo("eks-byo").existingRoleArn });
        });

        it("GKE, created: creates the service account, custom role, bindings and key, and registers with the key (secret)", async () => {
            const c = await create("gke-new", argsFor("gke", "gke-new"));
            const gcp = c.all.filter((r) => r.type.startsWith("gcp:")).map((r) => r.type).sort();
            assert.deepEqual(gcp, [
                "gcp:projects/iAMCustomRole:IAMCustomRole",
                "gcp:projects/iAMMember:IAMMember",
                "gcp:projects/iAMMember:IAMMember",
                "gcp:serviceaccount/account:Account",
                "gcp:serviceaccount/key:Key",
            ]);
            const credentials = c.named("registration").inputs.credentials;
            assert.ok(isSecretValue(credentials), "the key is secret");
            const key = JSON.parse(revealSecrets(credentials).serviceAccountKeyJson);
            assert.equal(key.type, "service_account");
            assert.match(key.client_email, new RegExp(`@${GKE_PROJECT}\\.iam\\.gserviceaccount\\.com$`));
            assert.ok(!c.all.some((r) => r.type === castaiType("EksAssumeRolePrincipal")));
        });

        it("GKE, brought key: creates nothing in GCP and registers with the given key (secret)", async () => {
            const c = await create("gke-byo", argsFor("gke", "gke-byo", true));
            assert.deepEqual(c.all.filter((r) => r.type.startsWith("gcp:")), []);
            const credentials = c.named("registration").inputs.credentials;
            assert.ok(isSecretValue(credentials));
            assert.deepEqual(revealSecrets(credentials), { serviceAccountKeyJson: BYO_KEY });
        });

        it("AKS, created: creates the role, managed identity, federation and assignments, and registers secretless", async () => {
            const c = await create("aks-new", argsFor("aks", "aks-new"));
            const azure = c.all.filter((r) => r.type.startsWith("azure-native:")).map((r) => r.type).sort();
            assert.deepEqual(azure, [
                "azure-native:authorization:RoleAssignment",
                "azure-native:authorization:RoleAssignment",
                "azure-native:authorization:RoleDefinition",
                "azure-native:managedidentity:FederatedIdentityCredential",
                "azure-native:managedidentity:UserAssignedIdentity",
            ]);
            assert.deepEqual(revealSecrets(c.named("registration").inputs.credentials), {
                clientId: "c11e0000-0000-4000-8000-000000000001",
                tenantId: MOCK_TENANT_ID,
                federationId: "9a1d0000-0000-4000-8000-000000000002",
            });
            const registration = c.named("registration");
            for (const r of c.all.filter((r) => r.type.startsWith("azure-native:"))) {
                assert.ok(registration.dependencies.includes(r.urn), `the registration waits for ${r.name}`);
            }
        });

        it("AKS, created without aks.castaiImpersonationServiceAccountId: the federation subject is CAST AI's impersonation account", async () => {
            const c = await create("aks-lookup", { environment: "prod", provider: "aks", aks: aks("aks-lookup", { castaiImpersonationServiceAccountId: undefined }) });
            const federation = c.all.find((r) => r.type === "azure-native:managedidentity:FederatedIdentityCredential")!;
            const expected = await emulatorClient(emu).postIdempotent<{ id: string }>("/v1/kubernetes/external-clusters/impersonation-service-account", { provider: "aks" });
            assert.equal(federation.inputs.subject, expected.id);
            assert.ok(emu.requests.some((r) => r.path.endsWith("/impersonation-service-account") && (r.body as { provider?: string }).provider === "aks"));
        });

        it("AKS, brought identity: creates nothing in Azure; a brought client secret stays secret", async () => {
            const c = await create("aks-byo", argsFor("aks", "aks-byo", true));
            assert.deepEqual(c.all.filter((r) => r.type.startsWith("azure-native:")), []);
            assert.deepEqual(revealSecrets(c.named("registration").inputs.credentials), {
                clientId: AKS_BYO.existingClientId,
                tenantId: AKS_BYO.tenantId,
                federationId: AKS_BYO.existingFederationId,
            });
            const withSecret = await create("aks-sec", {
                environment: "prod",
                provider: "aks",
                aks: aks("aks-sec", { ...AKS_BYO, existingFederationId: undefined, existingClientSecret: "s3cr3t-client-secret" }),
            });
            const credentials = withSecret.named("registration").inputs.credentials;
            assert.ok(isSecretValue(credentials), "credentials holding a client secret are secret");
            assert.equal(revealSecrets(credentials).clientSecret, "s3cr3t-client-secret");
        });

        for (const provider of ["eks", "gke", "aks"] as const) {
            it(`${provider}: every child is parented under the component and registered under its CAST AI name`, async () => {
                const name = `${provider}-tree`;
                const c = await create(name, argsFor(provider, name));
                assert.ok(c.children.length >= 8);
                const byUrn = new Map(c.all.map((r) => [r.urn, r]));
                for (const r of c.all.filter((r) => r.urn !== c.urn)) {
                    let p = byUrn.get(r.parent);
                    while (p && p.urn !== c.urn) {
                        p = byUrn.get(p.parent);
                    }
                    assert.ok(p, `${r.name} is under the CastAiCluster`);
                }
                assert.equal(c.named("registration").inputs.name, name);
                assert.equal(c.named("registration").inputs.deleteNodesOnDisconnect, false, "nodes keep running on disconnect by default");
            });
        }
    });

    describe("phase 1 (read-only) vs phase 2 (automation)", () => {
        for (const provider of ["eks", "gke", "aks"] as const) {
            it(`${provider} phase 1: no identity, no credentials, no autoscaler, template, mutation or hibernation; agent and spot-handler only`, async () => {
                const name = `${provider}-p1`;
                const c = await create(name, { ...argsFor(provider, name), environment: "dev", phase: 1 });
                assert.deepEqual(
                    c.children.map((r) => `${r.type} ${r.name}`).sort(),
                    [
                        `${castaiType("ExternalCluster")} ${name}-registration`,
                        `${KUBERNETES_PROVIDER} ${name}-k8s`,
                        `${RELEASE} ${name}-castware-components`,
                        `${RELEASE} ${name}-castware-operator`,
                    ].sort(),
                );
                assert.ok(!c.all.some((r) => /^(aws|gcp|azure-native):/.test(r.type) || PHASE2_ONLY.includes(r.type)));
                assert.equal(c.named("registration").inputs.credentials, undefined);
                assert.deepEqual(c.named("registration").dependencies, []);
                const operator = revealSecrets(c.release(RELEASE_NAMES.operator).inputs.values);
                assert.equal(operator.extendedPermissions, false);
                const components = revealSecrets(c.release(RELEASE_NAMES.components).inputs.values).components;
                assert.deepEqual(Object.keys(components).sort(), ["castai-agent", "spot-handler"]);
                assert.deepEqual(c.cluster.installedVersions, {
                    "castware-operator": DEFAULT_CHART_VERSIONS["castware-operator"],
                    "castware-components": DEFAULT_CHART_VERSIONS["castware-components"],
                    "component/castai-agent": DEFAULT_CHART_VERSIONS["castai-agent"],
                    "component/spot-handler": DEFAULT_CHART_VERSIONS["castai-spot-handler"],
                });
            });

            it(`${provider} phase 2 (the default): identity, autoscaler, spot template, spot share, and cluster-controller`, async () => {
                const name = `${provider}-p2`;
                const c = await create(name, argsFor(provider, name));
                const types = typesOf(c.children);
                for (const t of ["AutoscalerPolicy", "NodeTemplate", "PodMutation"].map(castaiType)) {
                    assert.ok(types.includes(t), `${t} is created`);
                }
                assert.ok(types.some((t) => t.startsWith("castai-fleet:index:") && t.endsWith("CastAiIdentity")));
                assert.ok(c.named("registration").inputs.credentials);
                assert.equal(revealSecrets(c.release(RELEASE_NAMES.operator).inputs.values).extendedPermissions, true);
                assert.deepEqual(c.releases.map((r) => r.inputs.name).sort(), [
                    RELEASE_NAMES.evictor,
                    RELEASE_NAMES.podMutator,
                    RELEASE_NAMES.podPinner,
                    RELEASE_NAMES.components,
                    RELEASE_NAMES.operator,
                ].sort());
                assert.equal(c.cluster.installedVersions["component/cluster-controller"], DEFAULT_CHART_VERSIONS["castai-cluster-controller"]);
            });
        }

        it("phase 1 with the dev profile's own hibernation and a staging spot share is fine: they apply from phase 2 on", async () => {
            const dev = await create("dev-p1", { ...argsFor("eks", "dev-p1"), environment: "dev", phase: 1 });
            assert.ok(!dev.all.some((r) => PHASE2_ONLY.includes(r.type)));
            const staging = await create("stg-p1", { ...argsFor("gke", "stg-p1"), environment: "staging", phase: 1 });
            assert.ok(!staging.all.some((r) => PHASE2_ONLY.includes(r.type)));
            assert.ok(!staging.releases.some((r) => r.inputs.name === RELEASE_NAMES.podMutator));
        });

        it("phase 1 with an explicit hibernation window raises a ResourceError saying it needs phase 2", async () => {
            await assertRejected(
                "p1-hib",
                { ...argsFor("eks", "p1-hib"), environment: "staging", phase: 1, profile: { hibernation: { pauseCron: "0 19 * * *", resumeCron: "0 7 * * *" } } },
                "profile.hibernation needs phase 2",
                "no credentials to pause nodes",
            );
        });

        it("phase 1 with an explicit spot share below 100 raises a ResourceError saying it needs phase 2", async () => {
            await assertRejected("p1-spot", { ...argsFor("gke", "p1-spot"), phase: 1, profile: { spotSharePercent: 70 } }, "profile.spotSharePercent needs phase 2", "pod mutator");
        });

        it("phase 1 with an explicit spot node template raises a ResourceError saying it needs phase 2", async () => {
            await assertRejected("p1-tmpl", { ...argsFor("aks", "p1-tmpl"), phase: 1, spotNodeTemplate: true }, "spotNodeTemplate needs phase 2");
        });

        it("phase 2 without the spot template leaves it out", async () => {
            const c = await create("no-tmpl", { ...argsFor("eks", "no-tmpl", true), spotNodeTemplate: false });
            assert.ok(!c.all.some((r) => r.type === castaiType("NodeTemplate")));
        });
    });

    describe("in-cluster vs GitOps", () => {
        for (const provider of ["eks", "gke", "aks"] as const) {
            it(`${provider} inCluster false: no Helm release, and gitOpsValues holds every release with chart, version and values, secret`, async () => {
                const name = `${provider}-gitops`;
                const c = await create(name, { ...argsFor(provider, name, true), inCluster: false });
                assert.deepEqual(c.all.filter((r) => r.type.startsWith("kubernetes:") || r.type === KUBERNETES_PROVIDER), [], "no release and no Kubernetes provider");
                assert.deepEqual(recorder.calls, [], "no cloud lookup for a Kubernetes target");
                assert.equal(c.cluster.kubernetesProvider, undefined);
                assert.deepEqual(c.cluster.releases, {});
                const gitOps = c.outputs.gitOpsValues;
                assert.ok(isSecretValue(gitOps), "the GitOps values are a secret output");
                assert.ok(await pulumi.isSecret(c.cluster.gitOpsValues));
                const values = revealSecrets(gitOps);
                assert.deepEqual(Object.keys(values).sort(), [RELEASE_NAMES.operator, RELEASE_NAMES.components, RELEASE_NAMES.evictor, RELEASE_NAMES.podPinner, RELEASE_NAMES.podMutator].sort());
                for (const [releaseName, r] of Object.entries<any>(values)) {
                    assert.equal(r.chart, releaseName === RELEASE_NAMES.operator ? "castware-operator" : r.chart);
                    assert.equal(r.version, DEFAULT_CHART_VERSIONS[r.chart as keyof typeof DEFAULT_CHART_VERSIONS], releaseName);
                    assert.equal(r.repository, CHART_REPOSITORY);
                    assert.equal(r.namespace, "castai-agent");
                    assert.ok(r.values && typeof r.values === "object");
                    assert.ok(Array.isArray(r.dependsOn));
                }
                assert.equal(values[RELEASE_NAMES.operator].values.apiKeySecret.apiKey, emu.apiKey);
                assert.equal(values[RELEASE_NAMES.operator].values.defaultCluster.cluster.clusterID, c.clusterId);
                assert.equal(values[RELEASE_NAMES.operator].values.defaultCluster.provider, provider);
                assert.equal(values[RELEASE_NAMES.podPinner].values.castai.apiKey, state.tokens.get(c.clusterId));
                assert.deepEqual(values[RELEASE_NAMES.components].dependsOn, [RELEASE_NAMES.operator]);
                // The CAST AI objects do not wait for releases that are not installed.
                assert.deepEqual(c.named("autoscaler").dependencies, [c.named("registration").urn]);
            });
        }

        it("in-cluster: installs the releases and leaves gitOpsValues empty", async () => {
            const c = await create("incl", argsFor("gke", "incl", true));
            assert.equal(c.releases.length, 5);
            assert.deepEqual(revealSecrets(c.outputs.gitOpsValues), {});
        });

        it("installs every release with the given kubernetes provider", async () => {
            const provider = new k8s.Provider("target-kube", { kubeconfig: "apiVersion: v1\nkind: Config\n" });
            const ref = `${await promiseOf(provider.urn)}::${await promiseOf(provider.id)}`;
            const c = await create("kprov", { ...argsFor("eks", "kprov", true), monitoring: true, kubernetesProvider: provider });
            assert.equal(c.releases.length, 5);
            for (const r of c.releases) {
                assert.equal(r.provider, ref, `${r.name} goes to the target cluster`);
            }
            for (const r of c.all.filter((r) => r.type.startsWith("kubernetes:monitoring.coreos.com"))) {
                assert.equal(r.provider, ref, `${r.name} goes to the target cluster`);
            }
        });
    });

    describe("each cluster its own Kubernetes target", () => {
        /** The `${name}-k8s` provider the component created, its provider reference, and its kubeconfig (asserted secret). */
        function ownProvider(c: Awaited<ReturnType<typeof create>>) {
            const provider = c.named("k8s");
            assert.equal(provider.type, KUBERNETES_PROVIDER);
            assert.equal(provider.parent, c.urn, "the provider is a child of the component");
            assert.ok(isSecretValue(provider.inputs.kubeconfig), "the kubeconfig is secret");
            return { provider, ref: `${provider.urn}::${provider.name}_id`, kubeconfig: revealSecrets(provider.inputs.kubeconfig) as string };
        }

        function assertEverythingInClusterUses(c: Awaited<ReturnType<typeof create>>, ref: string) {
            const inCluster = c.all.filter((r) => r.type === RELEASE || r.type.startsWith("kubernetes:monitoring.coreos.com"));
            assert.ok(inCluster.length >= 5);
            for (const r of inCluster) {
                assert.equal(r.provider, ref, `${r.name} goes to the cluster's own API server`);
            }
        }

        it("kubeconfig: creates a kubernetes provider child named <name>-k8s with the kubeconfig as a secret, used by every release and monitoring object", async () => {
            const kubeconfig = "apiVersion: v1\nkind: Config\nusers: [{ name: u, user: { token: kube-s3cr3t } }]\n";
            const c = await create("kcfg", { ...argsFor("eks", "kcfg", true), monitoring: true, kubeconfig });
            const own = ownProvider(c);
            assert.equal(own.kubeconfig, kubeconfig);
            assertEverythingInClusterUses(c, own.ref);
            assert.equal(await promiseOf(c.cluster.kubernetesProvider!.urn), own.provider.urn);
            assert.deepEqual(recorder.calls, [], "a given kubeconfig needs no cloud lookup");
            const outside = recorder.resources.filter((r) => r !== own.provider && JSON.stringify(revealSecrets(r.inputs)).includes("kube-s3cr3t"));
            assert.deepEqual(outside.map((r) => r.name), [], "the kubeconfig goes nowhere else");
        });

        it("fullRemovalOnDestroy: a <name>-full-removal resource with the cluster's connection as a secret, which every release depends on", async () => {
            const kubeconfig = JSON.stringify({
                "current-context": "c",
                contexts: [{ name: "c", context: { cluster: "c", user: "u" } }],
                clusters: [{ name: "c", cluster: { server: "https://shop-api.example" } }],
                users: [{ name: "u", user: { token: "kube-s3cr3t" } }],
            });
            const c = await create("purge", { ...argsFor("eks", "purge", true), kubeconfig, fullRemovalOnDestroy: true });
            const removal = c.named("full-removal");
            assert.equal(removal.parent, c.urn);
            assert.ok(isSecretValue(removal.inputs.connection), "the connection (with its token) is secret");
            assert.deepEqual(revealSecrets(removal.inputs.connection), { server: "https://shop-api.example", token: "kube-s3cr3t" });
            assert.deepEqual(removal.inputs.objects, [
                "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/clusters.castware.cast.ai",
                "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/components.castware.cast.ai",
                "/api/v1/namespaces/castai-agent",
            ]);
            assert.ok(removal.dependencies.includes(c.named("registration").urn), "it goes before the registration on destroy");
            const first = c.releases.find((r) => r.inputs.name === "castware-operator")!;
            assert.ok(first.dependencies.includes(removal.urn), "the releases go before it on destroy");
            const without = await create("keep", { ...argsFor("eks", "keep", true), kubeconfig });
            assert.equal(without.all.filter((r) => r.name.endsWith("-full-removal")).length, 0, "nothing is removed beyond the releases by default");
        });

        it("kubeconfig given as a plain string is made secret; one given as a secret Output stays secret", async () => {
            const c = await create("kcfg-out", { ...argsFor("gke", "kcfg-out", true), kubeconfig: pulumi.secret("apiVersion: v1\nkind: Config\n") });
            assert.equal(ownProvider(c).kubeconfig, "apiVersion: v1\nkind: Config\n");
        });

        it("EKS without kubeconfig: looks the cluster up and builds a kubeconfig whose token comes from `aws eks get-token`", async () => {
            const c = await create("eks-kube", { ...argsFor("eks", "eks-kube", true), monitoring: true });
            assert.deepEqual(recorder.calls.map((call) => [call.token, call.inputs]), [["aws:eks/getCluster:getCluster", { name: "eks-kube", region: "eu-central-1" }]]);
            const own = ownProvider(c);
            const { endpoint, certificateAuthorities } = mockEksCluster("eks-kube", "eu-central-1");
            assert.deepEqual(JSON.parse(own.kubeconfig), {
                apiVersion: "v1",
                kind: "Config",
                clusters: [{ name: "eks-kube", cluster: { server: endpoint, "certificate-authority-data": certificateAuthorities[0].data } }],
                users: [
                    {
                        name: "eks-kube",
                        user: {
                            exec: {
                                apiVersion: "client.authentication.k8s.io/v1beta1",
                                command: "aws",
                                args: ["eks", "get-token", "--cluster-name", "eks-kube", "--region", "eu-central-1"],
                                installHint: "Install the AWS CLI (v2) and sign in to the cluster's account (aws configure / AWS_PROFILE).",
                            },
                        },
                    },
                ],
                contexts: [{ name: "eks-kube", context: { cluster: "eks-kube", user: "eks-kube" } }],
                "current-context": "eks-kube",
            });
            assertEverythingInClusterUses(c, own.ref);
        });

        it("GKE without kubeconfig: looks the cluster up and builds a kubeconfig that runs gke-gcloud-auth-plugin", async () => {
            const c = await create("gke-kube", argsFor("gke", "gke-kube", true));
            assert.deepEqual(recorder.calls.map((call) => [call.token, call.inputs]), [
                ["gcp:container/getCluster:getCluster", { name: "gke-kube", location: "europe-west1-b", project: GKE_PROJECT }],
            ]);
            const own = ownProvider(c);
            assert.deepEqual(JSON.parse(own.kubeconfig), {
                apiVersion: "v1",
                kind: "Config",
                clusters: [{ name: "gke-kube", cluster: { server: `https://${MOCK_GKE_CLUSTER.endpoint}`, "certificate-authority-data": MOCK_GKE_CLUSTER.clusterCaCertificate } }],
                users: [
                    {
                        name: "gke-kube",
                        user: {
                            exec: {
                                apiVersion: "client.authentication.k8s.io/v1beta1",
                                command: "gke-gcloud-auth-plugin",
                                installHint: "Install gke-gcloud-auth-plugin (gcloud components install gke-gcloud-auth-plugin) and run gcloud auth login.",
                                provideClusterInfo: true,
                            },
                        },
                    },
                ],
                contexts: [{ name: "gke-kube", context: { cluster: "gke-kube", user: "gke-kube" } }],
                "current-context": "gke-kube",
            });
            assertEverythingInClusterUses(c, own.ref);
        });

        it("AKS without kubeconfig: takes the cluster's user credentials (exec format for Entra ID clusters), decoded, as a secret", async () => {
            const c = await create("aks-kube", argsFor("aks", "aks-kube", true));
            assert.deepEqual(recorder.calls.map((call) => [call.token, call.inputs]), [
                ["azure-native:containerservice:listManagedClusterUserCredentials", { resourceGroupName: "rg-aks-kube", resourceName: "aks-kube", format: "exec" }],
            ]);
            const own = ownProvider(c);
            assert.equal(own.kubeconfig, mockAksKubeconfig("aks-kube"));
            assertEverythingInClusterUses(c, own.ref);
        });

        it("kubernetesProvider: uses the given provider and creates none of its own", async () => {
            const provider = new k8s.Provider("given-kube", { kubeconfig: "apiVersion: v1\nkind: Config\n" });
            const c = await create("kgiven", { ...argsFor("aks", "kgiven", true), kubernetesProvider: provider });
            assert.ok(!c.all.some((r) => r.type === KUBERNETES_PROVIDER));
            assert.equal(c.cluster.kubernetesProvider, provider);
            assertEverythingInClusterUses(c, `${await promiseOf(provider.urn)}::${await promiseOf(provider.id)}`);
        });

        it("kubeconfig and kubernetesProvider together raise a ResourceError naming both", async () => {
            const provider = new k8s.Provider("both-kube", { kubeconfig: "apiVersion: v1\nkind: Config\n" });
            await assertRejected("bad-both", { ...argsFor("eks", "bad-both"), kubeconfig: "apiVersion: v1", kubernetesProvider: provider }, "kubeconfig and kubernetesProvider exclude each other");
        });

        it("kubeconfig with inCluster false raises a ResourceError, without quoting the kubeconfig", async () => {
            const message = await assertRejected("bad-kcfg", { ...argsFor("eks", "bad-kcfg"), inCluster: false, kubeconfig: "token: kube-s3cr3t" }, "kubeconfig is set but inCluster is false");
            assert.ok(!message.includes("kube-s3cr3t"));
        });
    });

    describe("composable args: the outputs of a cluster created in the same program", () => {
        it("EKS identity args given as Outputs reach the registration, the principal, the identity, the IMDS-less env and the kubeconfig", async () => {
            const aws = require("@pulumi/aws") as typeof import("@pulumi/aws");
            const eksCluster = new aws.eks.Cluster("shop-eks-cluster", { name: "shop-eks", roleArn: `arn:aws:iam::${ACCOUNT}:role/eks`, vpcConfig: { subnetIds: ["subnet-1"] } });
            const c = await create("composed", {
                environment: "prod",
                provider: "eks",
                eks: { accountId: pulumi.output(ACCOUNT), region: pulumi.output("eu-central-1"), clusterName: eksCluster.name, vpcId: pulumi.output("vpc-0abc") },
            });
            const clusterUrn = recorder.named("shop-eks-cluster").urn;
            const registration = c.named("registration");
            assert.deepEqual(registration.inputs.eks, { accountId: ACCOUNT, region: "eu-central-1", clusterName: "shop-eks" });
            assert.equal(registration.inputs.name, "shop-eks", "the CAST AI name defaults to the cluster's, an Output too");
            assert.ok(registration.dependencies.includes(clusterUrn), "the registration waits for the EKS cluster");
            assert.deepEqual([c.named("principal").inputs.clusterName, c.named("identity-role").inputs.name], ["shop-eks", "castai-eks-shop-eks"]);
            const operator = revealSecrets(c.release(RELEASE_NAMES.operator).inputs.values);
            assert.deepEqual(operator.webhook.env, { EKS_ACCOUNT_ID: ACCOUNT, EKS_REGION: "eu-central-1", EKS_CLUSTER_NAME: "shop-eks" });
            assert.deepEqual(recorder.calls.map((call) => call.inputs), [{ name: "shop-eks", region: "eu-central-1" }]);
            assert.ok(JSON.parse(revealSecrets(c.named("k8s").inputs.kubeconfig)).users[0].user.exec.args.includes("shop-eks"));
        });

        it("a CAST AI name given as an Output names the registration and the hibernation schedule", async () => {
            const c = await create("named-out", { ...argsFor("gke", "named-out", true), environment: "dev", name: pulumi.output("shop-gke-eu") });
            assert.equal(c.named("registration").inputs.name, "shop-gke-eu");
            assert.equal(c.named("hibernation").inputs.name, "shop-gke-eu-off-hours");
        });
    });

    describe("chart repository and operator environment", () => {
        it("chartRepository reaches every Helm release's repositoryOpts", async () => {
            const c = await create("mirror", { ...argsFor("eks", "mirror", true), chartRepository: "http://127.0.0.1:8879" });
            assert.equal(c.releases.length, 5);
            for (const r of c.releases) {
                assert.deepEqual(r.inputs.repositoryOpts, { repo: "http://127.0.0.1:8879" }, r.name);
            }
        });

        it("chartRepository reaches every GitOps value's repository", async () => {
            const c = await create("mirror-gitops", { ...argsFor("gke", "mirror-gitops", true), inCluster: false, chartRepository: "https://charts.mirror.example.com/castai" });
            for (const [releaseName, r] of Object.entries<any>(revealSecrets(c.outputs.gitOpsValues))) {
                assert.equal(r.repository, "https://charts.mirror.example.com/castai", releaseName);
            }
        });

        it("a chartRepository that is not an http(s) URL raises a ResourceError naming chartRepository", async () => {
            await assertRejected("bad-repo", { ...argsFor("eks", "bad-repo"), chartRepository: "castai.github.io/helm-charts" }, "chartRepository: must be the http(s) URL of a Helm chart repository");
        });

        it("EKS: the operator gets the cluster's metadata under webhook.env, which additionalEnv extends and overrides", async () => {
            const c = await create("imds", { ...argsFor("eks", "imds", true), additionalEnv: { EKS_REGION: "eu-west-1", HTTPS_PROXY: "http://proxy:3128" } });
            const operator = revealSecrets(c.release(RELEASE_NAMES.operator).inputs.values);
            assert.deepEqual(operator.webhook, { env: { EKS_ACCOUNT_ID: ACCOUNT, EKS_REGION: "eu-west-1", EKS_CLUSTER_NAME: "imds", HTTPS_PROXY: "http://proxy:3128" } });
            assert.equal(operator.additionalEnv, undefined, "the pinned operator chart has no additionalEnv value");
            const agent = revealSecrets(c.release(RELEASE_NAMES.components).inputs.values).components["castai-agent"];
            assert.deepEqual(agent.overrides.additionalEnv, { EKS_REGION: "eu-west-1", HTTPS_PROXY: "http://proxy:3128", STATIC_CLUSTER_ID: c.clusterId });
        });

        it("GKE and AKS: no operator environment unless additionalEnv gives one", async () => {
            for (const provider of ["gke", "aks"] as const) {
                const c = await create(`noenv-${provider}`, argsFor(provider, `noenv-${provider}`, true));
                assert.equal(revealSecrets(c.release(RELEASE_NAMES.operator).inputs.values).webhook, undefined, provider);
            }
        });
    });

    describe("the children a program needs, as properties", () => {
        it("phase 2 in-cluster: identity, registration, autoscaler policy, spot template, spot share, releases by name and the provider", async () => {
            const c = await create("props", { ...argsFor("eks", "props"), monitoring: true });
            const urnOf = (r: pulumi.Resource | undefined) => (r ? promiseOf(r.urn) : Promise.resolve(undefined));
            assert.equal(await urnOf(c.cluster.identity), c.named("identity").urn);
            assert.equal(await urnOf(c.cluster.registration), c.named("registration").urn);
            assert.equal(await urnOf(c.cluster.autoscalerPolicy), c.named("autoscaler").urn);
            assert.equal(await urnOf(c.cluster.spotTemplate), c.named("spot-template").urn);
            assert.equal(await urnOf(c.cluster.spotShare), c.named("spot-share").urn);
            assert.equal(await urnOf(c.cluster.monitoring), c.named("monitoring").urn);
            assert.equal(await urnOf(c.cluster.kubernetesProvider), c.named("k8s").urn);
            assert.equal(c.cluster.hibernation, undefined, "prod never hibernates");
            assert.deepEqual(Object.keys(c.cluster.releases), [RELEASE_NAMES.operator, RELEASE_NAMES.components, RELEASE_NAMES.evictor, RELEASE_NAMES.podPinner, RELEASE_NAMES.podMutator]);
            for (const [releaseName, release] of Object.entries(c.cluster.releases)) {
                assert.equal(await promiseOf(release.urn), c.release(releaseName).urn);
            }
        });

        it("phase 1: no identity, autoscaler policy or spot template", async () => {
            const c = await create("props-p1", { ...argsFor("gke", "props-p1"), phase: 1 });
            assert.deepEqual([c.cluster.identity, c.cluster.autoscalerPolicy, c.cluster.spotTemplate, c.cluster.spotShare], [undefined, undefined, undefined, undefined]);
            assert.deepEqual(Object.keys(c.cluster.releases), [RELEASE_NAMES.operator, RELEASE_NAMES.components]);
        });
    });

    describe("profile, options and outputs", () => {
        it("waitForConnected: waits for the agent after the releases (600 s by default, or the seconds given); none without it", async () => {
            const c = await create("waits", { ...argsFor("eks", "waits", true), waitForConnected: true });
            const wait = c.named("connected");
            assert.equal(wait.type, castaiType("AgentConnection"));
            assert.deepEqual([wait.inputs.clusterId, wait.inputs.timeoutSeconds], [c.clusterId, undefined]);
            const releases = c.all.filter((r) => r.type.startsWith("kubernetes:helm.sh/")).map((r) => r.urn);
            assert.ok(releases.length > 0);
            assert.deepEqual([...wait.dependencies].sort(), [c.named("registration").urn, ...releases].sort());
            const timed = await create("waits-90", { ...argsFor("eks", "waits-90", true), waitForConnected: 90 });
            assert.equal(timed.named("connected").inputs.timeoutSeconds, 90);
            const plain = await create("no-wait", argsFor("eks", "no-wait", true));
            assert.equal(plain.all.some((r) => r.type === castaiType("AgentConnection")), false);
        });

        it("applies overrides on top of the environment's profile", async () => {
            const c = await create("override", { ...argsFor("eks", "override", true), environment: "staging", profile: { maxCpuCores: 80, emptyNodeDelaySeconds: 120 } });
            const policies = c.named("autoscaler").inputs.policies;
            assert.equal(policies.clusterLimits.cpu.maxCores, 80);
            assert.equal(policies.nodeDownscaler.emptyNodes.delaySeconds, 120);
            assert.equal(policies.unschedulablePods.headroom.cpuPercentage, 5);
            assert.equal(c.cluster.profile.spotSharePercent, 80);
        });

        it("takes a custom environment with a full profile, and tags every CAST AI resource with it", async () => {
            const profile = { maxCpuCores: 32, spotSharePercent: 90, hibernation: false as const, evictorAggressive: true, headroomPercent: 10, emptyNodeDelaySeconds: 120 };
            const c = await create("qa", { ...argsFor("aks", "qa", true), environment: "qa", profile });
            assert.deepEqual(c.cluster.profile, profile);
            assert.deepEqual(c.named("autoscaler").inputs.policies.nodeDownscaler.evictor, { enabled: true, aggressiveMode: true });
            assert.equal(c.named("spot-template").inputs.name, "qa-spot-workers");
            assert.deepEqual(c.named("spot-share").inputs.distributionGroups.map((g: any) => g.percentage), [90, 10]);
            for (const r of c.all.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/castai:"))) {
                assert.equal(r.inputs.environment, "qa", r.name);
            }
        });

        for (const [spot, mutation] of [[0, false], [1, true], [99, true], [100, false]] as const) {
            it(`spot share ${spot}%: ${mutation ? "a pod mutation and the pod-mutator chart" : "no pod mutation and no pod-mutator chart"}`, async () => {
                const name = `spot${spot}`;
                const c = await create(name, { ...argsFor("eks", name, true), profile: { spotSharePercent: spot } });
                assert.equal(c.all.some((r) => r.type === castaiType("PodMutation")), mutation);
                assert.equal(c.releases.some((r) => r.inputs.name === RELEASE_NAMES.podMutator), mutation);
                if (mutation) {
                    const groups = c.named("spot-share").inputs.distributionGroups;
                    assert.deepEqual(groups.map((g: any) => g.percentage), [spot, 100 - spot]);
                }
            });
        }

        it("creates the off-hours hibernation schedule for a dev cluster, with its cloud's resume instance type", async () => {
            for (const [provider, type] of [["eks", "m5.large"], ["gke", "e2-standard-4"], ["aks", "Standard_D4s_v5"]] as const) {
                const name = `hib-${provider}`;
                const c = await create(name, { ...argsFor(provider, name, true), environment: "dev" });
                const inputs = c.named("hibernation").inputs;
                assert.deepEqual(inputs.clusterIds, [c.clusterId]);
                assert.equal(inputs.resumeInstanceType, type);
                assert.equal(inputs.name, `${name}-off-hours`);
            }
        });

        it("uses `name` as the CAST AI name, and passes deleteNodesOnDisconnect, security and monitoring through", async () => {
            const c = await create("opts", { ...argsFor("eks", "opts", true), name: "shop-eu-1", deleteNodesOnDisconnect: true, security: true, monitoring: { labels: { release: "kube-prometheus" } } });
            assert.equal(c.named("registration").inputs.name, "shop-eu-1");
            assert.equal(c.named("registration").inputs.deleteNodesOnDisconnect, true);
            assert.ok(c.releases.some((r) => r.inputs.name === RELEASE_NAMES.kvisor));
            assert.equal(c.named("monitoring").type, "castai-fleet:index:CastAiMonitoring");
            assert.ok(c.all.some((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule"));
        });

        it("an apiUrl argument wins over castai:apiUrl, for the CAST AI resources, every chart and the savings lookup", async () => {
            const localhost = emu.url.replace("127.0.0.1", "localhost");
            const c = await create("url", { ...argsFor("gke", "url", true), apiUrl: localhost });
            assert.equal(revealSecrets(c.release(RELEASE_NAMES.operator).inputs.values).defaultCluster.api.apiUrl, localhost);
            assert.equal(revealSecrets(c.release(RELEASE_NAMES.podPinner).inputs.values).castai.apiURL, localhost);
            for (const r of c.all.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/castai:"))) {
                assert.equal(r.inputs.apiUrl, localhost, r.name);
            }
            assert.ok((await promiseOf(c.cluster.savings)).currentMonthlyCost > 0);
        });

        it("takes the operator's API key from the apiToken argument over the stack config, and keeps it secret", async () => {
            const c = await create("tokarg", { ...argsFor("eks", "tokarg", true), apiToken: pulumi.secret(emu.apiKey) });
            const values = c.release(RELEASE_NAMES.operator).inputs.values;
            assert.ok(isSecretValue(values));
            assert.equal(revealSecrets(values).apiKeySecret.apiKey, emu.apiKey);
        });

        it("outputs clusterId, status, the cluster token (secret), savings, installed versions and GitOps values", async () => {
            const c = await create("outs", argsFor("aks", "outs", true));
            assert.ok(emu.state.clusters[c.clusterId], "the cluster id is the registered cluster");
            assert.equal(await promiseOf(c.cluster.status), state.statuses.get(c.clusterId));
            assert.ok(await pulumi.isSecret(c.cluster.clusterToken));
            assert.equal(await promiseOf(c.cluster.clusterToken), state.tokens.get(c.clusterId));
            const client = new CastAiClient({ apiKey: emu.apiKey, apiUrl: emu.url });
            const expected = summarizeSavings(await client.get<EstimatedSavings>(`/v1/cost-reports/clusters/${c.clusterId}/estimated-savings`));
            assert.deepEqual(await promiseOf(c.cluster.savings), expected);
            assert.equal(await pulumi.isSecret(c.cluster.savings), false, "savings figures are not secret");
            assert.deepEqual(Object.keys(c.outputs).sort(), ["clusterId", "clusterToken", "gitOpsValues", "installedVersions", "savings", "status"]);
            assert.ok(isSecretValue(c.outputs.clusterToken));
            assert.equal(c.outputs.clusterId, c.clusterId);
            assert.deepEqual(c.outputs.installedVersions, c.cluster.installedVersions);
            assert.equal(c.cluster.installedVersions["castware-operator"], DEFAULT_CHART_VERSIONS["castware-operator"]);
        });

        it("takes exact chart version overrides", async () => {
            const c = await create("pin", { ...argsFor("eks", "pin", true), chartVersions: { "castai-evictor": "0.35.100" } });
            assert.equal(c.release(RELEASE_NAMES.evictor).inputs.version, "0.35.100");
            assert.equal(c.cluster.installedVersions["castai-evictor"], "0.35.100");
        });
    });

    describe("invalid arguments raise a ResourceError naming the field, before anything is created", () => {
        it("missing eks.accountId", async () => {
            const { accountId: _omitted, ...rest } = eks("bad-acct");
            await assertRejected("bad-acct", { environment: "prod", provider: "eks", eks: rest as CastAiEksArgs }, "eks.accountId is required");
        });

        it("a malformed eks.accountId", async () => {
            await assertRejected("bad-acct2", { environment: "prod", provider: "eks", eks: eks("bad-acct2", { accountId: "1234" }) }, "eks.accountId");
        });

        it("no eks block at all", async () => {
            await assertRejected("bad-noeks", { environment: "prod", provider: "eks" }, "eks is required when provider is \"eks\"");
        });

        it("provider \"gcp\"", async () => {
            await assertRejected("bad-prov", { environment: "prod", provider: "gcp" as "gke", gke: gke("bad-prov") }, 'provider must be "eks", "gke" or "aks", got "gcp"');
        });

        it("gke args with provider eks", async () => {
            await assertRejected("bad-mix", { environment: "prod", provider: "eks", eks: eks("bad-mix"), gke: gke("bad-mix") }, 'gke is set but provider is "eks"');
        });

        it("an unknown environment without a full profile", async () => {
            await assertRejected(
                "bad-env",
                { ...argsFor("eks", "bad-env"), environment: "qa", profile: { maxCpuCores: 8 } },
                'environment "qa" has no built-in profile',
                "profile.spotSharePercent",
                "profile.hibernation",
            );
        });

        it("profile.spotSharePercent 150", async () => {
            await assertRejected("bad-spot", { ...argsFor("gke", "bad-spot"), profile: { spotSharePercent: 150 } }, "profile.spotSharePercent must be a whole number from 0 to 100");
        });

        it('a chart version range like "^0.10.0"', async () => {
            await assertRejected(
                "bad-ver",
                { ...argsFor("eks", "bad-ver"), chartVersions: { "castware-operator": "^0.10.0" } },
                "chartVersions.castware-operator",
                '"^0.10.0" is not an exact version',
            );
        });

        it("an unknown chart name in chartVersions", async () => {
            await assertRejected("bad-chart", { ...argsFor("eks", "bad-chart"), chartVersions: { "castai-agnet": "1.0.0" } as CastAiClusterArgs["chartVersions"] }, "chartVersions.castai-agnet");
        });

        it("inCluster false with a kubernetesProvider", async () => {
            const provider = new k8s.Provider("unused-kube", { kubeconfig: "apiVersion: v1\nkind: Config\n" });
            await assertRejected("bad-kube", { ...argsFor("eks", "bad-kube"), inCluster: false, kubernetesProvider: provider }, "kubernetesProvider is set but inCluster is false");
        });

        it("inCluster false with monitoring", async () => {
            await assertRejected("bad-mon", { ...argsFor("eks", "bad-mon"), inCluster: false, monitoring: true }, "monitoring is set but inCluster is false");
        });

        it("in-cluster without any API token (no argument, no castai:apiToken, no CASTAI_API_TOKEN)", async () => {
            const restore = useConfig({ "castai:apiUrl": emu.url });
            try {
                await assertRejected("bad-tok", argsFor("eks", "bad-tok"), "apiToken is required to install the operator", "castai:apiToken");
            } finally {
                restore();
            }
        });

        it("an EKS role to create without eks.vpcId", async () => {
            const { vpcId: _omitted, ...rest } = eks("bad-vpc");
            await assertRejected("bad-vpc", { environment: "prod", provider: "eks", eks: rest }, "eks.vpcId is required");
        });

        it("an existing instance profile without an existing role", async () => {
            await assertRejected(
                "bad-ip",
                { environment: "prod", provider: "eks", eks: eks("bad-ip", { existingInstanceProfileArn: `arn:aws:iam::${ACCOUNT}:instance-profile/x` }) },
                "eks.existingInstanceProfileArn needs eks.existingRoleArn",
            );
        });

        it("a brought GKE key that is not a service-account key", async () => {
            await assertRejected("bad-key", { environment: "prod", provider: "gke", gke: gke("bad-key", { existingServiceAccountKeyJson: "not json" }) }, "gke.existingServiceAccountKeyJson must be a service-account key JSON document");
        });

        it("an additionalEnv that would override STATIC_CLUSTER_ID, and an unsupported migrationMode", async () => {
            await assertRejected(
                "bad-env2",
                { ...argsFor("eks", "bad-env2"), additionalEnv: { STATIC_CLUSTER_ID: "x" }, migrationMode: "autoUpgrade" as "write" },
                "additionalEnv.STATIC_CLUSTER_ID",
                "migrationMode",
            );
        });

        it("reports every problem at once, one per line", async () => {
            const message = await assertRejected(
                "bad-many",
                { environment: "prod", provider: "eks", eks: eks("bad-many"), gke: gke("bad-many"), phase: 3 as 2, profile: { headroomPercent: -1 } },
                'gke is set but provider is "eks"',
                "phase must be 1 (read-only monitoring) or 2 (automation), got 3",
                "profile.headroomPercent",
            );
            assert.equal(message.split("\n  - ").length - 1, 3, message);
        });
    });
});
