import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { CastAiClient } from "../../components/api/client";
import type { FieldChange } from "../../components/resources/provider";
import { Emulator, startEmulator } from "../../components/testing";
import { providerModules } from "../../scripts/bundleProviders";
import { repoRoot } from "../../scripts/engine";

// Each resource declares its inputs once (`fields`); this checks that every declared input that is not local
// reaches CAST AI: each value of a full sample appears in a request of its create or delete. Sample values are
// distinctive so that a match cannot be an accident.

type Provider = Required<pulumi.dynamic.ResourceProvider> & { fields: Record<string, FieldChange> };
type Ids = { clusterId: string; gkeClusterId: string; aksClusterId: string; configurationId: string; serviceAccountId: string; organizationId: string };

const EKS = { accountId: "210987654321", region: "eu-west-3", clusterName: "sample-eks" };
const ROLE = "arn:aws:iam::210987654321:role/sample-castai";

/** Full samples per kind; together they set every declared input. */
const SAMPLES: Record<string, (ids: Ids) => Record<string, unknown>[]> = {
    ExternalCluster: () => [
        { name: "sample-eks", eks: EKS, credentials: { assumeRoleArn: ROLE } },
        { name: "sample-gke", gke: { projectId: "sample-project-4711", location: "europe-west3-b", clusterName: "sample-gke" } },
        {
            name: "sample-aks",
            aks: { subscriptionId: "8f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b", region: "westeurope", nodeResourceGroup: "sample-nodes-rg", clusterResourceGroup: "sample-cluster-rg" },
            credentials: { clientId: "0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d", tenantId: "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", federationId: "sample-federation-77" },
            deleteNodesOnDisconnect: true,
            deleteTimeoutSeconds: 120,
        },
    ],
    AgentConnection: (ids) => [{ clusterId: ids.clusterId, timeoutSeconds: 30 }],
    EksAssumeRolePrincipal: () => [{ name: "sample-principal", accountId: "210987654322", region: "eu-north-1", clusterName: "sample-principal" }],
    AutoscalerPolicy: (ids) => [{ clusterId: ids.clusterId, policies: { enabled: true, clusterLimits: { enabled: true, cpu: { maxCores: 137 } } } }],
    NodeTemplate: (ids) => [
        {
            clusterId: ids.clusterId,
            name: "sample-template",
            isEnabled: false,
            configurationId: ids.configurationId,
            shouldTaint: true,
            customLabels: { "sample-label": "sample-value" },
            customTaints: [{ key: "sample-taint", value: "sample-taint-value", effect: "NoSchedule" }],
            customInstancesEnabled: true,
            constraints: { spot: true, maxCpu: 96, fallbackRestoreRateSeconds: 1234, useSpotFallbacks: true },
        },
    ],
    NodeConfiguration: (ids) => [
        {
            clusterId: ids.clusterId,
            name: "sample-config",
            makeDefault: true,
            diskCpuRatio: 7,
            minDiskSize: 131,
            drainTimeoutSec: 777,
            subnets: ["subnet-sample1"],
            tags: { "sample-tag": "sample-tag-value" },
            image: "ami-sample0001",
            containerRuntime: "CONTAINERD",
            eks: { instanceProfileArn: "arn:aws:iam::210987654321:instance-profile/sample-nodes", securityGroups: ["sg-sample01"] },
        },
        { clusterId: ids.gkeClusterId, name: "sample-gke-config", gke: { maxPodsPerNode: 61 } },
        { clusterId: ids.aksClusterId, name: "sample-aks-config", aks: { maxPodsPerNode: 53 } },
    ],
    HibernationSchedule: (ids) => [
        {
            name: "sample-schedule",
            enabled: false,
            clusterIds: [ids.clusterId],
            pauseCron: "5 21 * * 1-5",
            resumeCron: "10 6 * * 1-5",
            timeZone: "Europe/Vilnius",
            resumeInstanceType: "m6i.xlarge",
            organizationId: ids.organizationId,
        },
    ],
    EvictorConfig: (ids) => [{ clusterId: ids.clusterId, evictionConfig: [{ podSelector: { namespace: "sample-ns", kind: "Job" }, settings: { aggressive: { enabled: true } } }] }],
    PodMutation: (ids) => [
        {
            clusterId: ids.clusterId,
            name: "sample-mutation",
            enabled: false,
            objectFilter: { namespaces: ["sample-mutation-ns"] },
            distributionGroups: [{ name: "sample-group", percentage: 100, config: { spotType: "USE_ONLY_SPOT" } }],
            labels: { "sample-mutation-label": "sample-mutation-value" },
            organizationId: ids.organizationId,
        },
        { clusterId: ids.clusterId, name: "sample-mutation-2", spotType: "PREFERRED_SPOT", objectFilterV2: { names: [{ type: "REGEX", value: "sample-v2-.*" }] } },
    ],
    OrganizationGroup: (ids) => [
        {
            name: "sample-group",
            description: "sample group description",
            members: [{ kind: "service_account", id: ids.serviceAccountId, email: "sample-owner@sample.example" }],
            organizationId: ids.organizationId,
        },
    ],
    RoleBinding: (ids) => [
        {
            name: "sample-binding",
            description: "sample binding description",
            roleId: "6fc95bd7-6049-4735-80b0-ce5ccde71cb1",
            scopes: [{ kind: "cluster", resourceId: ids.clusterId }],
            subjects: [{ kind: "service_account", id: ids.serviceAccountId }],
            organizationId: ids.organizationId,
        },
    ],
    ServiceAccount: (ids) => [{ name: "sample-account", description: "sample description", organizationId: ids.organizationId }],
    ServiceAccountKey: (ids) => [
        { serviceAccountId: ids.serviceAccountId, name: "sample-key", active: false, expiresAt: "2031-03-04T05:06:07Z", organizationId: ids.organizationId },
    ],
};

/** Inputs sent as an action rather than a value: the request that carries each. */
const SENT_AS: Record<string, RegExp> = {
    "NodeConfiguration.makeDefault": /^POST \S+\/node-configurations\/[^/\s]+\/default /m,
};

/** Every primitive value inside `value`, as it would appear in a JSON body or a URL. */
function leaves(value: unknown): string[] {
    if (Array.isArray(value)) {
        return value.flatMap(leaves);
    }
    if (value !== null && typeof value === "object") {
        return Object.values(value).flatMap(leaves);
    }
    return [typeof value === "string" ? value : JSON.stringify(value)];
}

function sent(emu: Emulator): string {
    return emu.requests.map((r) => `${r.method} ${decodeURIComponent(r.path)} ${JSON.stringify(r.query)} ${JSON.stringify(r.body ?? null)}`).join("\n");
}

/** Compared as the API may spell an enum: `service_account`, `SERVICE_ACCOUNT` and `serviceAccount` are one. */
const spelling = (text: string) => text.toLowerCase().replace(/_/g, "");

describe("every declared input reaches CAST AI", function () {
    this.timeout(120_000);
    const kinds = Object.entries(providerModules()).filter(([, file]) => file.includes(`${path.sep}resources${path.sep}`));

    it("has a full sample for every resource kind", () => {
        assert.deepEqual(kinds.map(([kind]) => kind).filter((kind) => !(kind in SAMPLES)), []);
    });

    for (const [kind, file] of kinds) {
        if (!(kind in SAMPLES)) {
            continue;
        }
        it(`${kind}: each declared field is set by a sample and its values are sent`, async () => {
            const emu = await startEmulator({ strict: true });
            try {
                const client = new CastAiClient({ apiKey: emu.apiKey, apiUrl: emu.url });
                const register = async (name: string, cloud: Record<string, unknown>) => (await client.post<{ id: string }>("/v1/kubernetes/external-clusters", { name, ...cloud })).id;
                const ids: Ids = {
                    clusterId: await register("sample-target", { eks: { accountId: "210987654399", region: "eu-west-1", clusterName: "sample-target" } }),
                    gkeClusterId: await register("sample-target-gke", { gke: { projectId: "sample-target-9", location: "europe-west1", clusterName: "sample-target-gke" } }),
                    aksClusterId: await register("sample-target-aks", {
                        aks: { subscriptionId: "8f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a99", region: "northeurope", nodeResourceGroup: "sample-target-rg" },
                    }),
                    configurationId: "",
                    serviceAccountId: (await client.post<{ id: string }>(`/v1/organizations/${emu.organizationId}/service-accounts`, { name: "sample-owner", description: "" })).id,
                    organizationId: emu.organizationId,
                };
                ids.configurationId = (await client.post<{ id: string }>(`/v1/kubernetes/clusters/${ids.clusterId}/node-configurations`, { name: "sample-existing" })).id;
                const compiled = path.join(repoRoot, "dist", path.relative(repoRoot, file).replace(/\.ts$/, ".js"));
                assert.ok(fs.existsSync(compiled), compiled);
                const provider = (require(compiled) as { provider: Provider }).provider;
                await provider.configure({ config: { get: (k: string) => ({ "castai:apiToken": emu.apiKey, "castai:apiUrl": emu.url })[k] } } as never);
                const samples = SAMPLES[kind](ids);
                const declared = Object.entries(provider.fields).filter(([, change]) => change !== "local").map(([field]) => field);
                assert.deepEqual(declared.filter((field) => !samples.some((s) => s[field] !== undefined)), [], "declared fields no sample sets");
                for (const sample of samples) {
                    emu.clearLog();
                    const checked = await provider.check({}, sample);
                    assert.deepEqual(checked.failures, [], JSON.stringify(sample));
                    const { id, outs } = await provider.create(checked.inputs);
                    await provider.delete(id, outs);
                    const log = sent(emu);
                    for (const field of declared.filter((f) => sample[f] !== undefined)) {
                        const action = SENT_AS[`${kind}.${field}`];
                        if (action) {
                            assert.match(log, action, `${kind}.${field} was never sent`);
                            continue;
                        }
                        for (const leaf of leaves(sample[field])) {
                            assert.ok(spelling(log).includes(spelling(leaf)), `${kind}.${field}: ${leaf} was never sent\n${log}`);
                        }
                    }
                }
            } finally {
                await emu.stop();
            }
        });
    }
});
