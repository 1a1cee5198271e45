// The emulator against the reconstructed OpenAPI of CAST AI (../shared/reference/data/castai-openapi):
// the request schemas it bundles are exactly the spec's, and what it answers has only the spec's fields,
// of the spec's types, with the spec's required fields present.
//
// Regenerate components/testing/contract/openapi.ts after a spec update with
//   UPDATE_EMULATOR_SCHEMAS=1 npx mocha dist/tests/resources/emulator.contract.test.js

import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { ROOTS, SCHEMAS } from "../../components/testing/contract/openapi";
import { validate, type Schema, type SchemaMap } from "../../components/testing/contract/validate";
import { CLUSTERS, EKS_ROLE, REGISTER, emulatorPerTest, register, type ApiResponse } from "./emulator.helpers";

const SPEC_DIR = path.resolve(__dirname, "../../../../shared/reference/data/castai-openapi");
const GENERATED = path.resolve(__dirname, "../../../components/testing/contract/openapi.ts");

const MAIN = "castai-main.reconstructed.json";
const AUTOSCALER = "castai-cluster-autoscaler.reconstructed.json";
const PATCHING = "castai-patching-engine.reconstructed.json";

/** The request bodies the emulator validates, by spec file. */
const REQUEST_SCHEMAS: Record<string, string[]> = {
  [MAIN]: [
    "CastaiEvictorV1AdvancedConfig",
    "CastaiRbacV1beta1CreateGroupRequestGroup",
    "CastaiServiceaccountsV1beta1CreateServiceAccountRequestServiceAccount",
    "ExternalclusterV1ClusterUpdate",
    "ExternalclusterV1DisconnectConfig",
    "ExternalclusterV1ImpersonationServiceAccountRequest",
    "ExternalclusterV1RegisterClusterRequest",
    "GroupsIsTheGroupsToBeUpdated",
    "KeyIsTheServiceAccountKeyToUpdate",
    "NodeconfigV1NewNodeConfiguration",
    "NodeconfigV1NodeConfigurationUpdate",
    "NodetemplatesV1NewNodeTemplate",
    "NodetemplatesV1UpdateNodeTemplate",
    "PoliciesV1Policies",
    "RbacServiceAPICreateRoleBindingsJSONBody",
    "RoleBindingIsTheRoleBindingToBeUpdated",
    "ServiceAccountsAPICreateServiceAccountKeyRequest",
    "ServiceAccountsAPIUpdateServiceAccountRequest",
  ],
  [AUTOSCALER]: ["HibernationSchedule", "HibernationScheduleUpdate"],
  [PATCHING]: ["PodMutation"],
};

// The parts of an OpenAPI document these tests read.
interface OpenApi {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: RawSchema }> }> }>>;
  components: { schemas: Record<string, RawSchema> };
}
type RawSchema = Record<string, unknown>;

const specs = new Map<string, OpenApi>();
const spec = (file: string): OpenApi => {
  if (!specs.has(file)) specs.set(file, JSON.parse(readFileSync(path.join(SPEC_DIR, file), "utf8")) as OpenApi);
  return specs.get(file)!;
};

const refName = (ref: unknown): string => String(ref).replace("#/components/schemas/", "");

/** The API group of a spec file, which prefixes its schema names in the bundle ("patching-engine/NodeAffinity"). */
const groupOf = (file: string): string => file.replace(/^castai-/, "").replace(/\.reconstructed\.json$/, "");

/** An OpenAPI schema reduced to what the validator reads (descriptions and vendor keys go); `$ref`s get `prefix`. */
function compact(raw: RawSchema, prefix = ""): Schema {
  if (raw.$ref) return { $ref: prefix + refName(raw.$ref) };
  const allOf = raw.allOf as RawSchema[] | undefined;
  if (allOf) {
    assert.equal(allOf.length, 1, "only single-element allOf (a described $ref) is expected");
    return compact(allOf[0], prefix);
  }
  const out: Record<string, unknown> = {};
  for (const key of ["type", "format", "enum", "nullable"]) if (raw[key] !== undefined) out[key] = raw[key];
  if (raw.properties) {
    out.properties = Object.fromEntries(Object.entries(raw.properties as Record<string, RawSchema>).map(([k, v]) => [k, compact(v, prefix)]));
  }
  if (Array.isArray(raw.required) && raw.required.length) out.required = raw.required;
  if (raw.items) out.items = compact(raw.items as RawSchema, prefix);
  const extra = raw.additionalProperties;
  if (extra !== undefined) out.additionalProperties = typeof extra === "object" ? compact(extra as RawSchema, prefix) : extra;
  return out as Schema;
}

const compactAll = (file: string, prefix = ""): SchemaMap =>
  Object.fromEntries(Object.entries(spec(file).components.schemas).map(([name, raw]) => [prefix + name, compact(raw, prefix)]));

/** Every `$ref` in `schema`, nested ones included. */
function refsOf(schema: Schema): string[] {
  const refs: string[] = [];
  JSON.stringify(schema, (key, value) => (key === "$ref" && refs.push(value), value));
  return refs;
}

/**
 * The request schemas and every schema they reference, one map keyed `<API group>/<schema name>`: services name
 * schemas independently (the autoscaler's NodeAffinity is not the patching engine's), so each group keeps its own.
 */
function requestBundle(): Record<string, Schema> {
  const bundle: Record<string, Schema> = {};
  for (const [file, roots] of Object.entries(REQUEST_SCHEMAS)) {
    const all = compactAll(file, `${groupOf(file)}/`);
    const visit = (name: string) => {
      if (bundle[name] !== undefined) return;
      bundle[name] = all[name];
      refsOf(all[name]).forEach(visit);
    };
    roots.forEach((root) => visit(`${groupOf(file)}/${root}`));
  }
  return Object.fromEntries(Object.entries(bundle).sort(([a], [b]) => a.localeCompare(b)));
}

/** Each request body by its bare name (unique across groups), for `bodyAs`. */
function rootKeys(): Record<string, string> {
  const roots = Object.entries(REQUEST_SCHEMAS).flatMap(([file, names]) => names.map((n) => [n, `${groupOf(file)}/${n}`] as const));
  for (const [name] of roots) assert.equal(roots.filter(([n]) => n === name).length, 1, `request body ${name} is in two API groups`);
  return Object.fromEntries(roots.sort(([a], [b]) => a.localeCompare(b)));
}

function renderBundle(): string {
  const roots = rootKeys();
  return [
    "// GENERATED by tests/resources/emulator.contract.test.ts from the reconstructed CAST AI OpenAPI",
    "// (../shared/reference/data/castai-openapi): the request bodies the emulator validates and the schemas",
    "// they reference, reduced to what the validator reads, keyed by API group and name. Do not edit; regenerate with",
    "//   UPDATE_EMULATOR_SCHEMAS=1 npx mocha dist/tests/resources/emulator.contract.test.js",
    'import type { SchemaMap } from "./validate";',
    "",
    "/** The operations' request bodies, by OpenAPI schema name. */",
    `export type SchemaName =\n${Object.keys(roots).map((r) => `  | ${JSON.stringify(r)}`).join("\n")};`,
    "",
    "/** The bundle key of each request body. */",
    `export const ROOTS: Readonly<Record<SchemaName, string>> = ${JSON.stringify(roots, null, 1)};`,
    "",
    `export const SCHEMAS: SchemaMap = ${JSON.stringify(requestBundle(), null, 1)};`,
    "",
  ].join("\n");
}

describe("emulator contract: bundled request schemas", () => {
  it("are exactly the reconstructed OpenAPI's (regenerate with UPDATE_EMULATOR_SCHEMAS=1)", () => {
    const expected = renderBundle();
    if (process.env.UPDATE_EMULATOR_SCHEMAS === "1") writeFileSync(GENERATED, expected);
    assert.ok(readFileSync(GENERATED, "utf8") === expected, "components/testing/contract/openapi.ts is stale: regenerate it");
  });

  it("keep same-named schemas of different API groups apart, down to every referenced schema", () => {
    const bundle = SCHEMAS;
    for (const [root, key] of Object.entries(ROOTS)) assert.ok(bundle[key], `request body ${root} is bundled as ${key}`);
    // The specs do reuse names: NodeAffinity is the hibernation node's dedicated-host rule in the autoscaler and
    // a pod's Kubernetes node affinity in the patching engine.
    assert.notDeepEqual(bundle["cluster-autoscaler/NodeAffinity"], bundle["patching-engine/NodeAffinity"]);
    for (const [name, schema] of Object.entries(bundle)) {
      const [group, bare] = name.split("/");
      const file = Object.keys(REQUEST_SCHEMAS).find((f) => groupOf(f) === group)!;
      assert.deepEqual(schema, compact(spec(file).components.schemas[bare], `${group}/`), `${name} is its own group's schema`);
      for (const ref of refsOf(schema)) {
        assert.ok(ref.startsWith(`${group}/`) && bundle[ref] !== undefined, `${name} refers to ${ref}, not bundled from ${group}`);
      }
    }
  });
});

describe("emulator contract: responses conform to the OpenAPI response schemas", () => {
  const t = emulatorPerTest();
  const schemasByFile = new Map<string, SchemaMap>();

  /** Asserts `res` is the documented success of `method template` in `file`, and returns its body. */
  function conforms(file: string, method: string, template: string, res: ApiResponse, status = 200) {
    assert.equal(res.status, status, `${method} ${template}: ${JSON.stringify(res.body)}`);
    assert.match(res.headers.get("content-type") ?? "", /application\/json/);
    const raw = spec(file).paths[template]?.[method.toLowerCase()]?.responses[String(status)]?.content?.["application/json"]?.schema;
    assert.ok(raw, `the spec documents no JSON ${status} for ${method} ${template}`);
    if (!schemasByFile.has(file)) schemasByFile.set(file, compactAll(file));
    const { violations } = validate(schemasByFile.get(file)!, compact(raw), res.body, true);
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
