// What a platform engineer gets from `pulumi up --stack dev|staging|prod` (and the offline demo stack): the
// repository's program, stacks/index.ts, run under Pulumi mocks with each stack file's `config:` block, plus the
// secret API key that `pulumi config set --secret castai:apiToken` adds and `castai:apiUrl` pointing at the bundled
// CAST AI emulator.
//
// The mocked registration registers the cluster in the emulator (tests/helpers/castAiMocks.ts), so the cluster id
// every child receives is one the emulator knows and the savings in the stack outputs are fetched over HTTP, as in
// a real run. The program is transpiled and run in-process (tests/helpers/stackProgram.ts explains why).
import { strict as assert } from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { CastAiClient } from "../../components/api/client";
import type { EstimatedSavings } from "../../components/api/types";
import { RELEASE_NAMES } from "../../components/kubernetes/plan";
import { CASTAI_NAMESPACE, CHART_REPOSITORY, DEFAULT_CHART_VERSIONS, OPERATOR_COMPONENT_CHARTS } from "../../components/kubernetes/versions";
import { summarizeSavings } from "../../components/savings";
import { Emulator, startEmulator } from "../../components/testing";
import { CASTAI_PRINCIPAL_ARN, castAiMockOutputs, castaiType, cloudLookupMocks, useConfig } from "../helpers/castAiMocks";
import { RecordedResource, ResourceRecorder, isSecretValue, recordResources, revealSecrets } from "../helpers/mocks";
import { REPO_ROOT, readStackConfig, runStackProgram } from "../helpers/stackProgram";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const CLUSTER = "castai-fleet:index:CastAiCluster";
const KUBERNETES_PROVIDER = "pulumi:providers:kubernetes";

type StackName = "dev" | "staging" | "prod" | "demo";

/** One stack run: what the mock monitor saw, the stack outputs it received, and the inputs the run had. */
interface StackRun {
    readonly recorder: ResourceRecorder;
    /** Stack outputs as the engine received them (secrets wrapped). */
    readonly outputs: Record<string, any>;
    readonly config: Record<string, any>;
    readonly tokens: Map<string, string>;
    /** Status the mocked registration returned, by cluster id. */
    readonly statuses: Map<string, string>;
}

let emu: Emulator;

/** A kubeconfig as `pulumi config set --secret fleet:<name>` would hold it, with a credential to look for. */
const testKubeconfig = (cluster: string) => `apiVersion: v1\nkind: Config\nusers: [{ name: ${cluster}, user: { token: kube-token-${cluster} } }]\n`;

/**
 * Runs the program with `config` (plus the API key and the emulator's URL) as stack `stack`; `secretKeys` are
 * marked secret as `pulumi config set --secret` marks them.
 */
async function runProgram(stack: string, config: Record<string, unknown>, secretKeys: string[] = []): Promise<StackRun> {
    const firstEks = (config["fleet:clusters"] as any[]).find((c) => c.eks)?.eks;
    const state = { awsAccountId: firstEks?.accountId ?? "123456789012", tokens: new Map<string, string>(), statuses: new Map<string, string>() };
    const recorder = recordResources(castAiMockOutputs(() => emu, state), { project: "castai-fleet", stack, calls: cloudLookupMocks() });
    await recorder.setup();
    const restore = useConfig({ ...config, "castai:apiToken": emu.apiKey, "castai:apiUrl": emu.url }, ["castai:apiToken", ...secretKeys]);
    try {
        await runStackProgram();
    } finally {
        restore();
    }
    const root = recorder.resources.find((r) => r.type === "pulumi:pulumi:Stack");
    assert.ok(root, "the program ran as a stack");
    const outputs = recorder.registeredOutputs(root.urn);
    assert.ok(outputs, "the stack registered its outputs");
    return { recorder, outputs, config, tokens: state.tokens, statuses: state.statuses };
}

/** Runs a stack file, with a kubeconfig set for every `kubeconfigSecret` it names. */
async function runStack(stack: StackName): Promise<StackRun> {
    const config = readStackConfig(path.join(REPO_ROOT, "stacks", `Pulumi.${stack}.yaml`));
    const kubeconfigs = Object.fromEntries(
        (config["fleet:clusters"] as any[]).filter((c) => c.kubeconfigSecret).map((c) => [`fleet:${c.kubeconfigSecret}`, testKubeconfig(c.key)]),
    );
    return runProgram(stack, { ...config, ...kubeconfigs }, Object.keys(kubeconfigs));
}

/** The resources under `ancestor` (by parent chain), not including it. */
function descendants(recorder: ResourceRecorder, ancestor: RecordedResource): RecordedResource[] {
    const byUrn = new Map(recorder.resources.map((r) => [r.urn, r]));
    return recorder.resources.filter((r) => {
        for (let p = byUrn.get(r.parent); p; p = byUrn.get(p.parent)) {
            if (p.urn === ancestor.urn) {
                return true;
            }
        }
        return false;
    });
}

const urnsOf = (resources: RecordedResource[]) => resources.map((r) => r.urn);

function assertIncludesAll(actual: string[], expected: string[], what: string) {
    const missing = expected.filter((u) => !actual.includes(u));
    assert.deepEqual(missing, [], `${what} is missing dependencies`);
}

/** The numbers of DESIGN.md decision 6, as the stacks must apply them. */
const PROFILE_TABLE = {
    dev: { maxCores: 16, spot: 100, hibernation: true, aggressive: true, headroom: 5, delay: 60 },
    staging: { maxCores: 50, spot: 80, hibernation: false, aggressive: false, headroom: 5, delay: 60 },
    prod: { maxCores: 200, spot: 60, hibernation: false, aggressive: false, headroom: 15, delay: 300 },
} as const;

/** What each stack file declares: one cluster, its cloud, and the options the file sets. */
const STACKS = {
    dev: { key: "shop-dev", provider: "eks", identity: "EksCastAiIdentity", security: false, kube: "aws:eks/getCluster:getCluster" },
    staging: { key: "shop-staging", provider: "gke", identity: "GkeCastAiIdentity", security: false, kube: "gcp:container/getCluster:getCluster" },
    prod: { key: "shop-prod", provider: "eks", identity: "EksCastAiIdentity", security: true, kube: "kubeconfigSecret" },
} as const;

const HIBERNATION_RESUME_TYPE = { eks: "m5.large", gke: "e2-standard-4", aks: "Standard_D4s_v5" } as const;

describe("the fleet program (stacks/index.ts) per stack file", () => {
    // Hooks inside this describe, not at the file's top level: mocha would run top-level hooks for every test file.
    before(async () => {
        emu = await startEmulator({ strict: true });
    });

    after(async () => {
        await emu?.stop();
    });

    for (const stack of ["dev", "staging", "prod"] as const) {
        const expected = STACKS[stack];
        const profile = PROFILE_TABLE[stack];
        const key = expected.key;

        describe(`stack ${stack} (stacks/Pulumi.${stack}.yaml) under mocks`, () => {
            let run: StackRun;
            let recorder: ResourceRecorder;
            let cluster: RecordedResource;
            let clusterId: string;
            const named = (suffix: string) => recorder.named(`${key}-${suffix}`);
            const releases = () => recorder.ofType(RELEASE);
            const release = (releaseName: string) => {
                const found = releases().find((r) => r.inputs.name === releaseName);
                assert.ok(found, `release ${releaseName} is installed`);
                return found;
            };

            before(async () => {
                run = await runStack(stack);
                recorder = run.recorder;
                cluster = recorder.named(key);
                clusterId = run.outputs.summary[key].clusterId;
                assert.ok(emu.state.clusters[clusterId], "the cluster id is the registration the emulator holds");
            });

            it("the stack file declares the environment and the cluster this test expects", () => {
                assert.equal(run.config["fleet:environment"], stack);
                const entries = run.config["fleet:clusters"] as any[];
                assert.deepEqual(entries.map((e) => [e.key, e.provider]), [[key, expected.provider]]);
            });

            it("creates one CastAiCluster, a child of the stack, with exactly the expected children", () => {
                const root = recorder.resources.find((r) => r.type === "pulumi:pulumi:Stack")!;
                assert.deepEqual(recorder.ofType(CLUSTER).map((r) => r.name), [key]);
                assert.equal(cluster.parent, root.urn);
                const children = recorder.resources.filter((r) => r.parent === cluster.urn).map((r) => `${r.type} ${r.name}`).sort();
                const want = [
                    `castai-fleet:index:${expected.identity} ${key}-identity`,
                    `${castaiType("ExternalCluster")} ${key}-registration`,
                    `${castaiType("AutoscalerPolicy")} ${key}-autoscaler`,
                    `${castaiType("NodeTemplate")} ${key}-spot-template`,
                    `castai-fleet:index:CastAiMonitoring ${key}-monitoring`,
                    `${KUBERNETES_PROVIDER} ${key}-k8s`,
                    `${RELEASE} ${key}-castware-operator`,
                    `${RELEASE} ${key}-castware-components`,
                    `${RELEASE} ${key}-castai-evictor`,
                    `${RELEASE} ${key}-castai-pod-pinner`,
                ];
                if (expected.provider === "eks") {
                    want.push(`${castaiType("EksAssumeRolePrincipal")} ${key}-principal`);
                }
                if (profile.spot < 100) {
                    want.push(`${castaiType("PodMutation")} ${key}-spot-share`, `${RELEASE} ${key}-castai-pod-mutator`);
                }
                if (profile.hibernation) {
                    want.push(`${castaiType("HibernationSchedule")} ${key}-hibernation`);
                }
                if (expected.security) {
                    want.push(`${RELEASE} ${key}-castai-kvisor`);
                }
                assert.deepEqual(children, want.sort());
            });

            it("parents every resource of the cluster under the CastAiCluster (cloud IAM and monitoring through their components)", () => {
                const all = descendants(recorder, cluster);
                const root = recorder.resources.find((r) => r.type === "pulumi:pulumi:Stack")!;
                // Everything but the stack itself belongs to the one cluster.
                assert.equal(all.length, recorder.resources.length - 2);
                for (const r of all) {
                    assert.ok(r.name.startsWith(`${key}-`), `${r.name} is named after the cluster`);
                }
                const cloudPrefix = expected.provider === "eks" ? "aws:" : "gcp:";
                const cloud = recorder.resources.filter((r) => r.type.startsWith(cloudPrefix));
                assert.ok(cloud.length > 0, "the cloud identity is created");
                for (const r of cloud) {
                    assert.equal(r.parent, named("identity").urn, `${r.name} is a child of the identity component`);
                }
                assert.ok(!recorder.resources.some((r) => r !== root && r !== cluster && !all.includes(r)));
            });

            it(
                expected.kube === "kubeconfigSecret"
                    ? "installs with the kubeconfig read from the entry's kubeconfigSecret, kept secret"
                    : "installs into the cluster's own API server, found through the cloud (no ambient kube context)",
                () => {
                    const provider = named("k8s");
                    assert.ok(isSecretValue(provider.inputs.kubeconfig), "the kubeconfig is secret");
                    const kubeconfig = revealSecrets(provider.inputs.kubeconfig);
                    if (expected.kube === "kubeconfigSecret") {
                        assert.equal(kubeconfig, testKubeconfig(key));
                        assert.deepEqual(recorder.calls, [], "no cloud lookup");
                    } else {
                        assert.deepEqual(recorder.calls.map((c) => c.token), [expected.kube]);
                        assert.equal(JSON.parse(kubeconfig).clusters[0].name, (run.config["fleet:clusters"] as any[])[0][expected.provider].clusterName);
                    }
                    const ref = `${provider.urn}::${provider.name}_id`;
                    for (const r of [...releases(), ...recorder.resources.filter((r) => r.type.startsWith("kubernetes:monitoring.coreos.com"))]) {
                        assert.equal(r.provider, ref, `${r.name} uses the cluster's provider`);
                    }
                },
            );

            it("orders identity → registration → releases → autoscaler → node template", () => {
                const identityResources = descendants(recorder, named("identity")).filter((r) => r.custom);
                const registration = named("registration");
                assertIncludesAll(registration.dependencies, urnsOf(identityResources), "the registration");
                // Nothing but the identity comes before the registration.
                assert.deepEqual(registration.dependencies.filter((u) => !urnsOf(identityResources).includes(u)), []);
                if (expected.provider === "eks") {
                    // The role trusts the principal, so the principal comes first and the role after it.
                    assertIncludesAll(named("identity-role").dependencies, [named("principal").urn], "the CAST AI role");
                }

                const installed = releases();
                assert.deepEqual(release(RELEASE_NAMES.operator).dependencies, [registration.urn]);
                assertIncludesAll(release(RELEASE_NAMES.components).dependencies, [release(RELEASE_NAMES.operator).urn], "castware-components");
                for (const r of installed.filter((r) => ![RELEASE_NAMES.operator, RELEASE_NAMES.components].includes(r.inputs.name))) {
                    assertIncludesAll(r.dependencies, [release(RELEASE_NAMES.components).urn], r.inputs.name);
                }

                const autoscaler = named("autoscaler");
                assertIncludesAll(autoscaler.dependencies, [registration.urn, ...urnsOf(installed)], "the autoscaler policy");
                assertIncludesAll(named("spot-template").dependencies, [autoscaler.urn], "the spot node template");
                assertIncludesAll(named("monitoring").dependencies, urnsOf(installed), "the monitoring component");
                if (profile.spot < 100) {
                    assertIncludesAll(named("spot-share").dependencies, [registration.urn, release(RELEASE_NAMES.podMutator).urn], "the pod mutation");
                }
                if (profile.hibernation) {
                    assertIncludesAll(named("hibernation").dependencies, [registration.urn], "the hibernation schedule");
                }
            });

            it("pins every chart to the known-compatible version, with fixed release names in castai-agent", () => {
                const want: string[] = [RELEASE_NAMES.operator, RELEASE_NAMES.components, RELEASE_NAMES.evictor, RELEASE_NAMES.podPinner];
                if (profile.spot < 100) {
                    want.push(RELEASE_NAMES.podMutator);
                }
                if (expected.security) {
                    want.push(RELEASE_NAMES.kvisor);
                }
                assert.deepEqual(releases().map((r) => r.inputs.name).sort(), want.sort());
                for (const r of releases()) {
                    const chart = r.inputs.chart as keyof typeof DEFAULT_CHART_VERSIONS;
                    assert.equal(r.name, `${key}-${r.inputs.name}`);
                    assert.equal(r.inputs.namespace, CASTAI_NAMESPACE);
                    assert.equal(r.inputs.namespace, "castai-agent");
                    assert.equal(r.inputs.version, DEFAULT_CHART_VERSIONS[chart], `${chart} is pinned`);
                    assert.deepEqual(r.inputs.repositoryOpts, { repo: CHART_REPOSITORY });
                    assert.equal(r.inputs.createNamespace, r.inputs.name === RELEASE_NAMES.operator);
                }
                const components = revealSecrets(release(RELEASE_NAMES.components).inputs.values).components;
                assert.deepEqual(Object.keys(components).sort(), ["castai-agent", "cluster-controller", "spot-handler"]);
                for (const [component, chart] of Object.entries(OPERATOR_COMPONENT_CHARTS)) {
                    assert.equal(components[component].version, DEFAULT_CHART_VERSIONS[chart], `component ${component} is pinned`);
                }
            });

            it("installs the operator with its default components off, the IaC flag on, the stack's apiUrl and the registered cluster", () => {
                const operator = release(RELEASE_NAMES.operator);
                const values = revealSecrets(operator.inputs.values);
                assert.equal(values.defaultComponents.enabled, false);
                assert.equal(values.defaultCluster.terraform, true);
                assert.equal(values.defaultCluster.api.apiUrl, emu.url);
                assert.equal(values.defaultCluster.provider, expected.provider);
                assert.equal(values.defaultCluster.cluster.clusterID, clusterId);
                assert.equal(values.extendedPermissions, true, "phase 2 lets the operator install cluster-controller");
                assert.equal(values.apiKeySecret.apiKey, emu.apiKey);
            });

            it("keeps the API key and the cluster token secret wherever they go", () => {
                const token = run.tokens.get(clusterId)!;
                assert.ok(token, "the registration returned a cluster token");
                assert.ok(isSecretValue(release(RELEASE_NAMES.operator).inputs.values), "the operator's values (API key) are secret");
                for (const r of recorder.resources) {
                    for (const [input, value] of Object.entries(r.inputs)) {
                        const text = JSON.stringify(revealSecrets(value));
                        if (text?.includes(emu.apiKey)) {
                            assert.equal(`${r.name}.${input}`, `${key}-castware-operator.values`, "only the operator receives the API key");
                            assert.ok(isSecretValue(value), `${r.name}.${input} is secret`);
                        }
                        if (text?.includes(token)) {
                            assert.ok(isSecretValue(value), `${r.name}.${input} holds the cluster token and is secret`);
                        }
                    }
                }
                for (const name of [RELEASE_NAMES.podPinner, ...(profile.spot < 100 ? [RELEASE_NAMES.podMutator] : []), ...(expected.security ? [RELEASE_NAMES.kvisor] : [])]) {
                    const values = release(name).inputs.values;
                    assert.ok(isSecretValue(values), `${name} values are secret`);
                    assert.equal(revealSecrets(values).castai.apiKey, token, `${name} authenticates with the cluster token`);
                }
                const outputs = recorder.registeredOutputs(cluster.urn)!;
                assert.ok(isSecretValue(outputs.clusterToken), "the clusterToken output is secret");
                assert.equal(revealSecrets(outputs.clusterToken), token);
                assert.ok(!JSON.stringify(revealSecrets(run.outputs)).includes(emu.apiKey), "no stack output holds the API key");
                assert.ok(!JSON.stringify(revealSecrets(run.outputs)).includes(token), "no stack output holds the cluster token");
            });

            it(`applies the ${stack} profile to the autoscaler policy (${profile.maxCores} CPU, ${profile.headroom}% headroom, ${profile.delay} s, evictor ${profile.aggressive ? "aggressive" : "conservative"})`, () => {
                const inputs = named("autoscaler").inputs;
                assert.equal(inputs.clusterId, clusterId);
                assert.deepEqual(inputs.policies, {
                    enabled: true,
                    unschedulablePods: { enabled: true, headroom: { enabled: true, cpuPercentage: profile.headroom, memoryPercentage: profile.headroom } },
                    clusterLimits: { enabled: true, cpu: { maxCores: profile.maxCores } },
                    nodeDownscaler: {
                        enabled: true,
                        emptyNodes: { enabled: true, delaySeconds: profile.delay },
                        evictor: { enabled: true, aggressiveMode: profile.aggressive },
                    },
                });
                assert.equal(revealSecrets(release(RELEASE_NAMES.evictor).inputs.values).aggressiveMode, profile.aggressive);
            });

            it("creates the spot worker template with on-demand fallback", () => {
                const inputs = named("spot-template").inputs;
                assert.equal(inputs.clusterId, clusterId);
                assert.equal(inputs.name, `${stack}-spot-workers`);
                assert.deepEqual(inputs.constraints, { spot: true, onDemand: false, useSpotFallbacks: true, fallbackRestoreRateSeconds: 1800, architectures: ["amd64"] });
            });

            it(profile.hibernation ? "hibernates off-hours (dev only)" : "never hibernates", () => {
                const schedules = recorder.ofType(castaiType("HibernationSchedule"));
                if (!profile.hibernation) {
                    assert.deepEqual(schedules, []);
                    return;
                }
                assert.equal(schedules.length, 1);
                const inputs = schedules[0].inputs;
                assert.deepEqual(inputs.clusterIds, [clusterId]);
                assert.equal(inputs.name, `${key}-off-hours`);
                assert.equal(inputs.pauseCron, "0 19 * * 1-5");
                assert.equal(inputs.resumeCron, "0 7 * * 1-5");
                assert.equal(inputs.timeZone, "UTC");
                assert.equal(inputs.resumeInstanceType, HIBERNATION_RESUME_TYPE[expected.provider]);
            });

            it(profile.spot < 100 ? `sends ${profile.spot}% of pods to spot with a pod mutation` : "needs no pod mutation at 100% spot", () => {
                const mutations = recorder.ofType(castaiType("PodMutation"));
                if (profile.spot === 100) {
                    assert.deepEqual(mutations, []);
                    assert.ok(!releases().some((r) => r.inputs.name === RELEASE_NAMES.podMutator), "no pod-mutator chart either");
                    return;
                }
                assert.equal(mutations.length, 1);
                assert.equal(mutations[0].inputs.clusterId, clusterId);
                assert.equal(mutations[0].inputs.name, `${stack}-spot-share`);
                assert.deepEqual(mutations[0].inputs.distributionGroups, [
                    { name: "spot", percentage: profile.spot, config: { spotType: "USE_ONLY_SPOT" } },
                    { name: "on-demand", percentage: 100 - profile.spot, config: {} },
                ]);
            });

            it("gives the cloud credentials to the registration, with the environment and apiUrl on every CAST AI resource", () => {
                const registration = named("registration").inputs;
                const cfgCluster = (run.config["fleet:clusters"] as any[])[0];
                assert.equal(registration.name, cfgCluster[expected.provider].clusterName);
                assert.equal(registration.deleteNodesOnDisconnect, false);
                if (expected.provider === "eks") {
                    assert.deepEqual(registration.eks, { accountId: cfgCluster.eks.accountId, region: cfgCluster.eks.region, clusterName: cfgCluster.eks.clusterName });
                    const role = named("identity-role");
                    assert.equal(revealSecrets(registration.credentials).assumeRoleArn, `arn:aws:iam::${cfgCluster.eks.accountId}:role/${role.inputs.name}`);
                    assert.ok(JSON.stringify(role.inputs.assumeRolePolicy).includes(CASTAI_PRINCIPAL_ARN), "the role trusts CAST AI's principal");
                    assert.ok(JSON.stringify(role.inputs.assumeRolePolicy).includes(clusterId), "with the cluster id as external id");
                } else {
                    assert.deepEqual(registration.gke, { projectId: cfgCluster.gke.projectId, location: cfgCluster.gke.location, clusterName: cfgCluster.gke.clusterName });
                    assert.ok(isSecretValue(registration.credentials), "the service-account key is secret");
                    assert.equal(JSON.parse(revealSecrets(registration.credentials).serviceAccountKeyJson).type, "service_account");
                }
                const dynamic = recorder.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/castai:"));
                assert.ok(dynamic.length >= 4);
                for (const r of dynamic) {
                    assert.equal(r.inputs.environment, stack, `${r.name} carries the environment`);
                    assert.equal(r.inputs.apiUrl, emu.url, `${r.name} talks to the stack's apiUrl`);
                    assert.equal(typeof r.inputs.__provider, "string", `${r.name} carries its serialized provider`);
                    assert.ok(!r.inputs.__provider.includes(emu.apiKey), `${r.name}'s provider code does not hold the API key`);
                }
            });

            it("outputs per cluster the id, status, environment, savings and installed versions, and no GitOps values", async () => {
                const client = new CastAiClient({ apiKey: emu.apiKey, apiUrl: emu.url });
                const savings = summarizeSavings(await client.get<EstimatedSavings>(`/v1/cost-reports/clusters/${clusterId}/estimated-savings`));
                assert.ok(savings.bestMonthlySavings > 0);
                const installedVersions: Record<string, string> = {
                    "castware-operator": DEFAULT_CHART_VERSIONS["castware-operator"],
                    "castware-components": DEFAULT_CHART_VERSIONS["castware-components"],
                    "castai-evictor": DEFAULT_CHART_VERSIONS["castai-evictor"],
                    "castai-pod-pinner": DEFAULT_CHART_VERSIONS["castai-pod-pinner"],
                    "component/castai-agent": DEFAULT_CHART_VERSIONS["castai-agent"],
                    "component/spot-handler": DEFAULT_CHART_VERSIONS["castai-spot-handler"],
                    "component/cluster-controller": DEFAULT_CHART_VERSIONS["castai-cluster-controller"],
                };
                if (profile.spot < 100) {
                    installedVersions["castai-pod-mutator"] = DEFAULT_CHART_VERSIONS["castai-pod-mutator"];
                }
                if (expected.security) {
                    installedVersions["castai-kvisor"] = DEFAULT_CHART_VERSIONS["castai-kvisor"];
                }
                assert.deepEqual(Object.keys(run.outputs).sort(), ["gitOpsValues", "summary", "totalEstimatedMonthlySavingsUsd"]);
                const summary = run.outputs.summary;
                assert.deepEqual(Object.keys(summary), [key]);
                assert.deepEqual(summary[key], {
                    clusterId,
                    status: run.statuses.get(clusterId),
                    environment: stack,
                    monthlyCostUsd: savings.currentMonthlyCost,
                    bestSavingsScenario: savings.bestScenario,
                    estimatedMonthlySavingsUsd: savings.bestMonthlySavings,
                    installedVersions,
                });
                assert.equal(run.outputs.totalEstimatedMonthlySavingsUsd, savings.bestMonthlySavings);
                assert.deepEqual(run.outputs.gitOpsValues, { [key]: {} }, "installed in the cluster: nothing for a GitOps tool");
            });
        });
    }

    describe("stack demo (stacks/Pulumi.demo.yaml: inCluster false, bring-your-own identities) under mocks", () => {
        let run: StackRun;
        const keys = ["shop-eks", "shop-gke", "shop-aks"];

        before(async () => {
            run = await runStack("demo");
        });

        it("installs nothing in a cluster and creates no cloud identity", () => {
            const { recorder } = run;
            assert.deepEqual(recorder.ofType(RELEASE), []);
            assert.deepEqual(recorder.resources.filter((r) => /^(aws|gcp|azure-native|kubernetes):/.test(r.type)).map((r) => r.name), []);
            assert.deepEqual(recorder.ofType(castaiType("EksAssumeRolePrincipal")), []);
            assert.deepEqual(recorder.ofType(CLUSTER).map((r) => r.name).sort(), [...keys].sort());
        });

        it("registers each cluster with the identity the user brought", () => {
            const creds = (k: string) => revealSecrets(run.recorder.named(`${k}-registration`).inputs.credentials);
            assert.deepEqual(creds("shop-eks"), { assumeRoleArn: "arn:aws:iam::111111111111:role/castai-shop-eks" });
            assert.equal(JSON.parse(creds("shop-gke").serviceAccountKeyJson).project_id, "shop-demo-4821");
            assert.ok(isSecretValue(run.recorder.named("shop-gke-registration").inputs.credentials), "the GKE key is secret");
            assert.deepEqual(creds("shop-aks"), {
                clientId: "9d8c7b6a-5f4e-3d2c-1b0a-9f8e7d6c5b4a",
                tenantId: "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
                federationId: "3c4d5e6f-7a8b-9c0d-1e2f-3a4b5c6d7e8f",
            });
        });

        it("applies the dev profile with the GKE cluster's 80% spot override", () => {
            const { recorder } = run;
            assert.deepEqual(recorder.ofType(castaiType("PodMutation")).map((r) => [r.name, r.inputs.distributionGroups.map((g: any) => g.percentage)]), [
                ["shop-gke-spot-share", [80, 20]],
            ]);
            assert.deepEqual(recorder.ofType(castaiType("HibernationSchedule")).map((r) => r.name).sort(), keys.map((k) => `${k}-hibernation`).sort());
            for (const k of keys) {
                assert.equal(recorder.named(`${k}-autoscaler`).inputs.policies.clusterLimits.cpu.maxCores, 16);
            }
        });

        it("outputs, secret, every release with chart, exact version, namespace and values for the GitOps tool", () => {
            const gitOps = run.outputs.gitOpsValues;
            assert.ok(isSecretValue(gitOps), "the GitOps values hold the API key and cluster tokens, so the output is secret");
            const values = revealSecrets(gitOps);
            assert.deepEqual(Object.keys(values).sort(), [...keys].sort());
            for (const k of keys) {
                const clusterId = run.outputs.summary[k].clusterId;
                const token = run.tokens.get(clusterId);
                const want: string[] = [RELEASE_NAMES.operator, RELEASE_NAMES.components, RELEASE_NAMES.evictor, RELEASE_NAMES.podPinner];
                if (k === "shop-gke") {
                    want.push(RELEASE_NAMES.podMutator);
                }
                assert.deepEqual(Object.keys(values[k]).sort(), want.sort(), k);
                for (const [name, r] of Object.entries<any>(values[k])) {
                    assert.equal(r.version, DEFAULT_CHART_VERSIONS[r.chart as keyof typeof DEFAULT_CHART_VERSIONS], `${k} ${name}`);
                    assert.equal(r.namespace, "castai-agent");
                    assert.equal(r.repository, CHART_REPOSITORY);
                    assert.ok(r.values && typeof r.values === "object");
                }
                assert.equal(values[k][RELEASE_NAMES.operator].values.apiKeySecret.apiKey, emu.apiKey);
                assert.equal(values[k][RELEASE_NAMES.operator].values.defaultCluster.cluster.clusterID, clusterId);
                assert.equal(values[k][RELEASE_NAMES.podPinner].values.castai.apiKey, token);
            }
            assert.ok(!JSON.stringify(revealSecrets(run.outputs.summary)).includes(emu.apiKey));
        });
    });

    describe("fleet:clusters entries: each in-cluster entry its own Kubernetes target", () => {
        const eksEntry = (key: string, extra: Record<string, unknown> = {}) => ({
            key,
            provider: "eks",
            phase: 1,
            eks: { accountId: "111111111111", region: "eu-central-1", clusterName: key },
            ...extra,
        });

        /** Runs the program with `clusters` in a dev stack and expects it to fail before creating anything. */
        async function rejected(clusters: unknown[], extraConfig: Record<string, unknown> = {}, secretKeys: string[] = []): Promise<Error> {
            const recorder = recordResources(castAiMockOutputs(() => emu, { awsAccountId: "111111111111", tokens: new Map(), statuses: new Map() }), {
                project: "castai-fleet",
                stack: "dev",
                calls: cloudLookupMocks(),
            });
            await recorder.setup();
            const restore = useConfig(
                { "fleet:environment": "dev", "fleet:clusters": clusters, ...extraConfig, "castai:apiToken": emu.apiKey, "castai:apiUrl": emu.url },
                ["castai:apiToken", ...secretKeys],
            );
            let error: Error | undefined;
            try {
                await runStackProgram();
            } catch (err) {
                error = err as Error;
            } finally {
                restore();
            }
            assert.ok(error, "the program failed");
            assert.deepEqual(recorder.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.name), [], "nothing was created");
            return error;
        }

        it("two entries with their own kubeconfigSecret install into two API servers, each with its own provider and release names", async () => {
            const run = await runProgram(
                "dev",
                {
                    "fleet:environment": "dev",
                    "fleet:clusters": [eksEntry("shop-a", { kubeconfigSecret: "shopAKubeconfig" }), eksEntry("shop-b", { kubeconfigSecret: "shopBKubeconfig", phase: 2, eks: { accountId: "111111111111", region: "eu-central-1", clusterName: "shop-b", vpcId: "vpc-1" } })],
                    "fleet:shopAKubeconfig": testKubeconfig("shop-a"),
                    "fleet:shopBKubeconfig": testKubeconfig("shop-b"),
                },
                ["fleet:shopAKubeconfig", "fleet:shopBKubeconfig"],
            );
            const { recorder } = run;
            for (const key of ["shop-a", "shop-b"]) {
                const provider = recorder.named(`${key}-k8s`);
                assert.ok(isSecretValue(provider.inputs.kubeconfig));
                assert.equal(revealSecrets(provider.inputs.kubeconfig), testKubeconfig(key));
                const ref = `${provider.urn}::${provider.name}_id`;
                const own = recorder.ofType(RELEASE).filter((r) => r.name.startsWith(`${key}-`));
                assert.ok(own.length >= 2);
                for (const r of own) {
                    assert.equal(r.provider, ref, `${r.name} goes to ${key}'s API server`);
                }
            }
            const operators = recorder.ofType(RELEASE).filter((r) => r.inputs.name === RELEASE_NAMES.operator).map((r) => r.name).sort();
            assert.deepEqual(operators, ["shop-a-castware-operator", "shop-b-castware-operator"], "same Helm release name, one per API server");
            const clusterIds = ["shop-a", "shop-b"].map((k) => run.outputs.summary[k].clusterId);
            assert.notEqual(clusterIds[0], clusterIds[1]);
            assert.deepEqual(
                ["shop-a", "shop-b"].map((k) => revealSecrets(recorder.named(`${k}-castware-operator`).inputs.values).defaultCluster.cluster.clusterID),
                clusterIds,
                "each operator adopts its own cluster's registration",
            );
        });

        it("two in-cluster entries with the same kubeconfigSecret fail at preview with a ResourceError naming both keys", async () => {
            const error = await rejected(
                [eksEntry("shop-a", { kubeconfigSecret: "sharedKubeconfig" }), eksEntry("shop-b", { kubeconfigSecret: "sharedKubeconfig" })],
                { "fleet:sharedKubeconfig": testKubeconfig("shared") },
                ["fleet:sharedKubeconfig"],
            );
            assert.ok(pulumi.ResourceError.isInstance(error), `a ResourceError: ${error}`);
            assert.equal(
                error.message,
                'invalid fleet:clusters:\n  - fleet:clusters entries "shop-a" and "shop-b" would install into the same Kubernetes cluster (kubeconfigSecret sharedKubeconfig): give each cluster its own kubeconfig',
            );
        });

        it("two in-cluster entries derived from the same cloud cluster fail at preview naming both keys; GitOps entries do not count", async () => {
            const same = { accountId: "111111111111", region: "eu-central-1", clusterName: "shop" };
            const error = await rejected([eksEntry("shop-a", { eks: same }), eksEntry("shop-gitops", { eks: same, inCluster: false }), eksEntry("shop-b", { eks: same })]);
            assert.ok(pulumi.ResourceError.isInstance(error));
            assert.match(error.message, /fleet:clusters entries "shop-a" and "shop-b" would install into the same Kubernetes cluster \(eks 111111111111\/eu-central-1\/shop\)/);
            assert.ok(!error.message.includes("shop-gitops"));
        });

        it("an inline kubeconfig is refused naming fleet:clusters[i].kubeconfig and kubeconfigSecret, without quoting it", async () => {
            const error = await rejected([eksEntry("shop-a"), eksEntry("shop-b", { kubeconfig: testKubeconfig("inline") })]);
            assert.match(error.message, /fleet:clusters\[1\]\.kubeconfig must not be inline: a kubeconfig is a credential; .*set kubeconfigSecret: <name>/);
            assert.ok(!error.message.includes("kube-token-inline"));
        });

        it("a mistake in a later entry fails before the first cluster is created, naming the entry and every problem", async () => {
            const error = await rejected([eksEntry("shop-a"), eksEntry("shop-b", { inCluser: false, profile: { maxCpu: 8 } })]);
            assert.ok(pulumi.ResourceError.isInstance(error));
            assert.equal(
                error.message,
                "invalid fleet:clusters:\n  - shop-b: inCluser is not a field of CastAiCluster; did you mean inCluster?\n  - shop-b: profile.maxCpu is not a field of profile; did you mean profile.maxCpuCores?",
            );
        });

        it("keeps refusing a duplicate key", async () => {
            const error = await rejected([eksEntry("shop-a"), eksEntry("shop-a", { eks: { accountId: "111111111111", region: "eu-west-1", clusterName: "other" } })]);
            assert.match(error.message, /fleet:clusters\[1\]\.key must be set and unique in the stack \(got "shop-a"\)/);
        });

        it("an entry's chartRepository reaches its releases", async () => {
            const run = await runProgram("dev", { "fleet:environment": "dev", "fleet:clusters": [eksEntry("shop-a", { chartRepository: "http://127.0.0.1:8879" })] });
            const releases = run.recorder.ofType(RELEASE);
            assert.equal(releases.length, 2);
            for (const r of releases) {
                assert.deepEqual(r.inputs.repositoryOpts, { repo: "http://127.0.0.1:8879" });
            }
        });
    });

    describe("stack dev before `pulumi config set --secret castai:apiToken`", () => {
        it("fails naming the missing key and the command that sets it, and creates nothing", async () => {
            const config = readStackConfig(path.join(REPO_ROOT, "stacks", "Pulumi.dev.yaml"));
            const recorder = recordResources(castAiMockOutputs(() => emu, { awsAccountId: "111111111111", tokens: new Map(), statuses: new Map() }), { project: "castai-fleet", stack: "dev" });
            await recorder.setup();
            const savedEnv = process.env.CASTAI_API_TOKEN;
            delete process.env.CASTAI_API_TOKEN;
            const restore = useConfig({ ...config, "castai:apiUrl": emu.url });
            try {
                await assert.rejects(runStackProgram(), (err: Error) => {
                    assert.match(err.message, /invalid fleet:clusters:\n  - shop-dev: apiToken is required/);
                    assert.match(err.message, /apiToken is required to install the operator: set `pulumi config set --secret castai:apiToken <key>`/);
                    return true;
                });
            } finally {
                restore();
                if (savedEnv !== undefined) {
                    process.env.CASTAI_API_TOKEN = savedEnv;
                }
            }
            assert.deepEqual(recorder.resources.filter((r) => r.name.startsWith("shop-dev-")).map((r) => r.name), []);
        });
    });
});
