// The emulator against the CAST AI OpenAPI subset in the repository (components/api/castai-openapi.json, cut from
// the reconstructed specs): the request schemas it bundles keep each API group's schemas apart, and what it answers
// has only the spec's fields, of the spec's types, with the spec's required fields present.
// scripts/castaiSchema.ts generates the bundle; tests/unit/castaiSchemaGenerated.test.ts keeps it current.

import assert from "node:assert/strict";
import { ROOTS, SCHEMAS } from "../../components/testing/contract/openapi";
import { validate, type SchemaMap } from "../../components/testing/contract/validate";
import { readSubset, refsIn } from "../../scripts/castaiSchema/subset";
import { compact, compactGroup } from "../../scripts/castaiSchema/validatorSchemas";
import { CLUSTERS, EKS_ROLE, REGISTER, emulatorPerTest, register, type ApiResponse } from "./emulator.helpers";

const MAIN = "main";
const AUTOSCALER = "cluster-autoscaler";
const PATCHING = "patching-engine";

const subset = readSubset();

describe("emulator contract: bundled request schemas", () => {
  it("keep same-named schemas of different API groups apart, down to every referenced schema", () => {
    const bundle = SCHEMAS;
    for (const [root, key] of Object.entries(ROOTS)) assert.ok(bundle[key], `request body ${root} is bundled as ${key}`);
    // The specs do reuse names: NodeAffinity is the hibernation node's dedicated-host rule in the autoscaler and
    // a pod's Kubernetes node affinity in the patching engine.
    assert.notDeepEqual(bundle["cluster-autoscaler/NodeAffinity"], bundle["patching-engine/NodeAffinity"]);
    for (const [name, schema] of Object.entries(bundle)) {
      const [group, bare] = name.split("/");
      assert.deepEqual(schema, compact(subset.groups[group].schemas[bare], `${group}/`), `${name} is its own group's schema`);
      for (const ref of refsIn(schema)) {
        assert.ok(ref.startsWith(`${group}/`) && bundle[ref] !== undefined, `${name} refers to ${ref}, not bundled from ${group}`);
      }
    }
  });
});

describe("emulator contract: responses conform to the OpenAPI response schemas", () => {
  const t = emulatorPerTest();
  const schemasByGroup = new Map<string, SchemaMap>();

  /** Asserts `res` is the documented success of `method template` in API `group`, and returns its body. */
  function conforms(group: string, method: string, template: string, res: ApiResponse, status = 200) {
    assert.equal(res.status, status, `${method} ${template}: ${JSON.stringify(res.body)}`);
    assert.match(res.headers.get("content-type") ?? "", /application\/json/);
    const raw = subset.groups[group].paths[template]?.[method.toLowerCase()]?.responses[String(status)]?.content?.["application/json"]?.schema;
    assert.ok(raw, `the spec documents no JSON ${status} for ${method} ${template}`);
    if (!schemasByGroup.has(group)) schemasByGroup.set(group, compactGroup(subset, group));
    const { violations } = validate(schemasByGroup.get(group)!, compact(raw), res.body, true);
    assert.deepEqual(violations, [], `${method} ${template} answered fields or types the spec does not have`);
    return res.body;
  }

  it("organization reads", async () => {
    const { api, emu } = t;
    conforms(MAIN, "GET", "/v1/auth/tokens", await api.get("/v1/auth/tokens"));
    conforms(MAIN, "GET", "/v1/organizations", await api.get("/v1/organizations"));
    conforms(MAIN, "GET", "/v1/organizations/{id}", await api.get(`/v1/organizations/${emu.organizationId}`));
    conforms(MAIN, "GET", "/v1/time-zones", await api.get("/v1/time-zones"));
  });

  it("the external cluster lifecycle, for each cloud", async () => {
    const { api } = t;
    const one = `${CLUSTERS}/{clusterId}`;
    for (const provider of ["eks", "gke", "aks"] as const) {
      const id = conforms(MAIN, "POST", CLUSTERS, await api.post(CLUSTERS, REGISTER[provider])).id;
      conforms(MAIN, "GET", one, await api.get(`${CLUSTERS}/${id}`));
      conforms(MAIN, "POST", `${one}/token`, await api.post(`${CLUSTERS}/${id}/token`));
      const credentials = {
        eks: { eks: { assumeRoleArn: EKS_ROLE } },
        gke: { credentials: JSON.stringify({ type: "service_account", client_email: "castai@my-project.iam.gserviceaccount.com" }) },
        aks: {
          credentials: JSON.stringify({ clientId: "c", clientSecret: "s", tenantId: "t", subscriptionId: "8d4c4f07-1111-2222-3333-444455556666" }),
          aks: { httpProxyConfig: { httpProxy: "http://proxy:3128", noProxy: ["10.0.0.0/8"] } },
        },
      }[provider];
      conforms(MAIN, "POST", one, await api.post(`${CLUSTERS}/${id}`, credentials));
      conforms(MAIN, "POST", `${one}/disconnect`, await api.post(`${CLUSTERS}/${id}/disconnect`, { deleteProvisionedNodes: false, keepKubernetesResources: true }));
      assert.equal((await api.del(`${CLUSTERS}/${id}`)).status, 204);
      conforms(MAIN, "GET", one, await api.get(`${CLUSTERS}/${id}`));
    }
    conforms(MAIN, "GET", CLUSTERS, await api.get(CLUSTERS));
  });

  it("assume-role principal and user", async () => {
    const { api } = t;
    const id = await register(api);
    const base = `${CLUSTERS}/{clusterId}`;
    conforms(MAIN, "GET", `${base}/assume-role-principal`, await api.get(`${CLUSTERS}/${id}/assume-role-principal`));
    conforms(MAIN, "POST", `${base}/assume-role-principal`, await api.post(`${CLUSTERS}/${id}/assume-role-principal`));
    conforms(MAIN, "GET", `${base}/assume-role-user`, await api.get(`${CLUSTERS}/${id}/assume-role-user`));
    conforms(MAIN, "DELETE", `${base}/assume-role-principal`, await api.del(`${CLUSTERS}/${id}/assume-role-principal`));
  });

  it("policies, node templates, node configurations and the evictor config", async () => {
    const { api } = t;
    const id = await register(api, "gke");
    const c = "/v1/kubernetes/clusters/{clusterId}";
    const base = `/v1/kubernetes/clusters/${id}`;
    conforms(MAIN, "GET", `${c}/policies`, await api.get(`${base}/policies`));
    conforms(MAIN, "PUT", `${c}/policies`, await api.put(`${base}/policies`, { enabled: true, unschedulablePods: { enabled: true } }));

    const config = conforms(MAIN, "POST", `${c}/node-configurations`, await api.post(`${base}/node-configurations`, { name: "gpu", gke: { diskType: "pd-ssd" }, tags: { team: "ml" } }));
    conforms(MAIN, "GET", `${c}/node-configurations`, await api.get(`${base}/node-configurations`));
    conforms(MAIN, "GET", `${c}/node-configurations/{id}`, await api.get(`${base}/node-configurations/${config.id}`));
    conforms(MAIN, "POST", `${c}/node-configurations/{id}`, await api.post(`${base}/node-configurations/${config.id}`, { minDiskSize: 120 }));
    conforms(MAIN, "POST", `${c}/node-configurations/{id}/default`, await api.post(`${base}/node-configurations/${config.id}/default`));

    const template = { constraints: { spot: true, minCpu: 2 }, customTaints: [{ key: "gpu", effect: "NoSchedule" }], shouldTaint: true };
    conforms(MAIN, "POST", `${c}/node-templates`, await api.post(`${base}/node-templates`, { name: "gpu", ...template }));
    conforms(MAIN, "GET", `${c}/node-templates`, await api.get(`${base}/node-templates?includeDefault=true`));
    conforms(MAIN, "PUT", `${c}/node-templates/{nodeTemplateName}`, await api.put(`${base}/node-templates/gpu`, template));
    conforms(MAIN, "DELETE", `${c}/node-templates/{nodeTemplateName}`, await api.del(`${base}/node-templates/gpu`));
    const spare = (await api.post(`${base}/node-configurations`, { name: "spare" })).body;
    conforms(MAIN, "DELETE", `${c}/node-configurations/{id}`, await api.del(`${base}/node-configurations/${spare.id}`));

    conforms(MAIN, "GET", `${c}/evictor-advanced-config`, await api.get(`${base}/evictor-advanced-config`));
    const evictor = { evictionConfig: [{ podSelector: { namespace: "batch" }, settings: { removalDisabled: { enabled: true } } }] };
    conforms(MAIN, "POST", `${c}/evictor-advanced-config`, await api.post(`${base}/evictor-advanced-config`, evictor));
  });

  it("hibernation schedules and pod mutations", async () => {
    const { api, emu } = t;
    const clusterId = await register(api);
    const h = "/cluster-autoscaler/v1beta/organizations/{organizationId}/hibernation-schedules";
    const hibernation = `/cluster-autoscaler/v1beta/organizations/${emu.organizationId}/hibernation-schedules`;
    const schedule = conforms(AUTOSCALER, "POST", h, await api.post(hibernation, {
      name: "nights",
      enabled: true,
      pauseConfig: { enabled: true, schedule: { cronExpression: "0 19 * * 1-5" } },
      resumeConfig: { enabled: true, schedule: { cronExpression: "0 7 * * 1-5" }, jobConfig: { nodeConfig: { instanceType: "m5.large" } } },
      clusterAssignments: { items: [{ clusterId }] },
    }));
    conforms(AUTOSCALER, "GET", h, await api.get(hibernation));
    conforms(AUTOSCALER, "GET", `${h}/{id}`, await api.get(`${hibernation}/${schedule.id}`));
    conforms(AUTOSCALER, "PATCH", `${h}/{id}`, await api.patch(`${hibernation}/${schedule.id}`, { enabled: false }));

    const p = "/patching-engine/v1beta/organizations/{organizationId}/clusters/{clusterId}/pod-mutations";
    const mutations = `/patching-engine/v1beta/organizations/${emu.organizationId}/clusters/${clusterId}/pod-mutations`;
    const mutation = conforms(PATCHING, "POST", p, await api.post(mutations, {
      name: "spot-share",
      enabled: true,
      objectFilterV2: { namespaces: [{ type: "EXACT", value: "default" }] },
      distributionGroups: [
        { name: "spot", percentage: 60, config: { spotType: "PREFERRED_SPOT" } },
        { name: "on-demand", percentage: 40, config: {} },
      ],
    }));
    conforms(PATCHING, "GET", p, await api.get(mutations));
    conforms(PATCHING, "GET", `${p}/{id}`, await api.get(`${mutations}/${mutation.id}`));
    conforms(PATCHING, "PATCH", `${p}/{id}`, await api.patch(`${mutations}/${mutation.id}`, { enabled: false }));
  });

  it("service accounts and keys", async () => {
    const { api, emu } = t;
    const s = "/v1/organizations/{organizationId}/service-accounts";
    const accounts = `/v1/organizations/${emu.organizationId}/service-accounts`;
    const account = conforms(MAIN, "POST", s, await api.post(accounts, { name: "ci", description: "pipelines" }), 201);
    conforms(MAIN, "GET", s, await api.get(accounts));
    conforms(MAIN, "GET", `${s}/{serviceAccountId}`, await api.get(`${accounts}/${account.id}`));
    conforms(MAIN, "PATCH", `${s}/{serviceAccountId}`, await api.patch(`${accounts}/${account.id}`, { serviceAccount: { name: "ci", description: "CI" } }));
    const keys = `${accounts}/${account.id}/keys`;
    const key = conforms(MAIN, "POST", `${s}/{serviceAccountId}/keys`, await api.post(keys, { key: { name: "k1", expiresAt: "2999-01-01T00:00:00Z" } }), 201);
    conforms(MAIN, "GET", `${s}/{serviceAccountId}/keys`, await api.get(keys));
    conforms(MAIN, "GET", `${s}/{serviceAccountId}/keys/{keyId}`, await api.get(`${keys}/${key.id}`));
    conforms(MAIN, "PATCH", `${s}/{serviceAccountId}/keys/{key.id}`, await api.patch(`${keys}/${key.id}`, { active: false }));
  });

  it("groups, role bindings and roles", async () => {
    const { api, emu } = t;
    const o = "/v1/organizations/{organizationId}";
    const org = `/v1/organizations/${emu.organizationId}`;
    const group = conforms(MAIN, "POST", `${o}/groups`, await api.post(`${org}/groups`, { name: "team", definition: { members: [] } }));
    conforms(MAIN, "GET", `${o}/groups/{id}`, await api.get(`${org}/groups/${group.id}`));
    conforms(MAIN, "PATCH", `${o}/groups/{group.id}`, await api.patch(`${org}/groups/${group.id}`, { name: "team", definition: { members: [] } }));
    const definition = { roleId: "6fc95bd7-6049-4735-80b0-ce5ccde71cb1", scopes: [{ organization: { id: emu.organizationId } }], subjects: [{ group: { id: group.id } }] };
    const [binding] = conforms(MAIN, "POST", `${o}/role-bindings`, await api.post(`${org}/role-bindings`, [{ name: "b", definition }]));
    conforms(MAIN, "GET", `${o}/role-bindings`, await api.get(`${org}/role-bindings`));
    conforms(MAIN, "GET", `${o}/role-bindings/{id}`, await api.get(`${org}/role-bindings/${binding.id}`));
    conforms(MAIN, "PATCH", `${o}/role-bindings/{roleBinding.id}`, await api.patch(`${org}/role-bindings/${binding.id}`, { name: "b2", definition }));
    conforms(MAIN, "GET", `${o}/roles`, await api.get(`${org}/roles`));
    conforms(MAIN, "DELETE", `${o}/role-bindings/{id}`, await api.del(`${org}/role-bindings/${binding.id}`));
    conforms(MAIN, "DELETE", `${o}/groups/{id}`, await api.del(`${org}/groups/${group.id}`));
  });
});
