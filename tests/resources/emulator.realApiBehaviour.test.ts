// Where the emulator answers as the real CAST AI API does although a simpler model would differ. Each test names its
// evidence: the official Terraform provider's requests and acceptance tests (castai/terraform-provider-castai) or
// the SDK types generated from the API (its castai/sdk/api.gen.go).

import assert from "node:assert/strict";
import { CLUSTERS, REGISTER, emulatorPerTest, register } from "./emulator.helpers";

describe("emulator: behaviour of the real API", () => {
  const t = emulatorPerTest();

  // Evidence: resource_node_template.go creates with `ConfigurationId: lo.ToPtr(d.Get(FieldNodeTemplateConfigurationId).(string))`,
  // so a template without a configuration is sent with `configurationId: ""`.
  it('creates and updates a node template sent with configurationId "" on the default configuration', async () => {
    const id = await register(t.api, "gke");
    const base = `/v1/kubernetes/clusters/${id}/node-templates`;
    const defaultId = Object.values(t.emu.state.nodeConfigurations[id]).find((c) => c.default)!.id;
    const created = await t.api.post(base, { name: "spot", configurationId: "", shouldTaint: true, constraints: { spot: true } });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.deepEqual([created.body.configurationId, created.body.configurationName], [defaultId, "default"]);
    const updated = await t.api.put(`${base}/spot`, { configurationId: "", shouldTaint: true, constraints: { spot: true } });
    assert.deepEqual([updated.status, updated.body.configurationId], [200, defaultId]);
    const unknown = await t.api.post(base, { name: "other", configurationId: "no-such-id" });
    assert.deepEqual([unknown.status, unknown.body.fieldViolations[0].field], [400, "configurationId"]);
  });

  // Evidence: the patching engine's PodMutation.affinity.nodeAffinity is its own NodeAffinity
  // (preferredDuringSchedulingIgnoredDuringExecution), not the cluster-autoscaler's hibernation NodeAffinity
  // (dedicatedGroup, affinity) of the same name.
  it("keeps a pod mutation's preferred node affinity (strict mode refuses unknown fields)", async () => {
    const id = await register(t.api);
    const base = `/patching-engine/v1beta/organizations/${t.emu.organizationId}/clusters/${id}/pod-mutations`;
    const affinity = {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 50, preference: { matchExpressions: [{ key: "scheduling.cast.ai/spot", operator: "Exists", values: [] }] } },
        ],
      },
    };
    const created = await t.api.post(base, { name: "prefer-spot", enabled: true, affinity });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.deepEqual(created.body.affinity, affinity);
    const autoscalerShape = await t.api.post(base, { name: "other", enabled: true, affinity: { nodeAffinity: { dedicatedGroup: "g" } } });
    assert.equal(autoscalerShape.status, 400);
    assert.equal(autoscalerShape.body.details[0].fieldViolations[0].field, "affinity.nodeAffinity.dedicatedGroup");
  });

  // Evidence: castai_gke_cluster's `location` ("GCP cluster zone in case of zonal or region in case of regional
  // cluster") forces a new cluster; the provider sends both location and the region derived from it.
  it("registers GKE clusters of one name in two zones of one region as two clusters", async () => {
    const zone = (location: string) => ({ ...REGISTER.gke, gke: { ...REGISTER.gke.gke, location } });
    const a = await t.api.post(CLUSTERS, zone("europe-central2-a"));
    const b = await t.api.post(CLUSTERS, zone("europe-central2-b"));
    assert.notEqual(a.body.id, b.body.id);
    assert.deepEqual([a.body.region.name, b.body.region.name], ["europe-central2", "europe-central2"]);
    assert.equal((await t.api.post(CLUSTERS, zone("europe-central2-a"))).body.id, a.body.id, "the same zone is the same cluster");
  });

  // Evidence: resource_node_configuration_eks_test.go applies an EKS configuration without `volume_type` (an optional,
  // not computed attribute that read sets from `VolumeType` when present) and expects an empty plan afterwards.
  it("does not echo a volumeType that an EKS node configuration was created without", async () => {
    const id = await register(t.api);
    const base = `/v1/kubernetes/clusters/${id}/node-configurations`;
    const eks = { instanceProfileArn: "arn:aws:iam::123456789012:instance-profile/castai", securityGroups: ["sg-1"] };
    const created = await t.api.post(base, { name: "workers", eks });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.deepEqual(created.body.eks, eks);
    assert.deepEqual((await t.api.get(`${base}/${created.body.id}`)).body.eks, eks);
    const gp2 = await t.api.post(base, { name: "gp2", eks: { ...eks, volumeType: "gp2" } });
    assert.equal(gp2.body.eks.volumeType, "gp2");
  });

  // Evidence: the provider's EKS acceptance configuration makes castai_eks_user_arn a dependency of the IAM role that
  // castai_eks_cluster uses, so destroy removes the cluster first, then the principal, whose delete needs a 200.
  it("deletes the EKS assume-role principal of an archived cluster with 200", async () => {
    const id = await register(t.api);
    const principal = `${CLUSTERS}/${id}/assume-role-principal`;
    assert.match((await t.api.post(principal)).body.arn, /^arn:aws:iam::\d{12}:user\//);
    assert.equal((await t.api.del(`${CLUSTERS}/${id}`)).status, 204);
    assert.equal((await t.api.get(`${CLUSTERS}/${id}`)).body.status, "archived");
    const deleted = await t.api.del(principal);
    assert.deepEqual([deleted.status, deleted.body], [200, {}]);
    assert.equal(t.emu.state.assumeRolePrincipals[id], undefined);
    assert.equal((await t.api.del(`${CLUSTERS}/no-such-cluster/assume-role-principal`)).status, 404);
  });
});
