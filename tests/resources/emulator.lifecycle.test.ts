// External cluster lifecycle in the emulator: register → connecting → ready, tokens, credentials,
// disconnect → deleting → deleted, delete → archived, and the objects the server creates by itself.

import assert from "node:assert/strict";
import { CLUSTERS, EKS_ROLE, REGISTER, emulatorPerTest, register, registerConnected, sleep } from "./emulator.helpers";

describe("emulator: external cluster lifecycle", () => {
  describe("with instant transitions", () => {
    const t = emulatorPerTest();

    it("registers an EKS cluster as connecting, waiting for its agent, without credentials", async () => {
      const res = await t.api.post(CLUSTERS, REGISTER.eks);
      assert.equal(res.status, 200);
      assert.match(res.body.id, /^[0-9a-f-]{36}$/);
      assert.equal(res.body.status, "connecting");
      assert.equal(res.body.agentStatus, "waiting-connection");
      assert.equal(res.body.credentialsId, "");
      assert.equal(res.body.providerType, "eks");
      assert.equal(res.body.providerNamespaceId, "123456789012");
      assert.deepEqual(res.body.region, { name: "eu-central-1", displayName: "eu-central-1" });
      assert.equal(res.body.organizationId, t.emu.organizationId);
      assert.equal(res.body.deletedAt, null);
      assert.equal(res.body.eks.clusterName, "prod-eu");
    });

    it("derives GKE and AKS identity: project or subscription, region from a zonal location", async () => {
      const gke = (await t.api.post(CLUSTERS, REGISTER.gke)).body;
      assert.deepEqual([gke.providerType, gke.providerNamespaceId, gke.region.name], ["gke", "my-project", "europe-central2"]);
      const aks = (await t.api.post(CLUSTERS, REGISTER.aks)).body;
      assert.deepEqual([aks.providerType, aks.providerNamespaceId, aks.region.name], ["aks", REGISTER.aks.aks.subscriptionId, "westeurope"]);
    });

    it("refuses a registration without a cloud block or without the cloud identity, naming the field", async () => {
      const none = await t.api.post(CLUSTERS, { name: "x" });
      assert.equal(none.status, 400);
      const partial = await t.api.post(CLUSTERS, { name: "x", eks: { accountId: "123456789012", region: "eu-west-1" } });
      assert.equal(partial.status, 400);
      assert.deepEqual(partial.body.fieldViolations, [{ field: "eks.clusterName", description: "is required" }]);
      assert.equal(Object.keys(t.emu.state.clusters).length, 0);
    });

    it("answers a repeated registration of the same cluster with the existing one", async () => {
      const first = await register(t.api);
      const again = await t.api.post(CLUSTERS, REGISTER.eks);
      assert.equal(again.body.id, first);
      assert.equal(Object.keys(t.emu.state.clusters).length, 1);
    });

    it("becomes ready (agent online) once clusterReadyMs has passed, on the next read", async () => {
      const id = await register(t.api);
      const res = await t.api.get(`${CLUSTERS}/${id}`);
      assert.equal(res.body.status, "ready");
      assert.equal(res.body.agentStatus, "online");
      assert.ok(res.body.agentSnapshotReceivedAt);
    });

    it("issues a fresh 64-hex cluster token per call and keeps every one in the state", async () => {
      const id = await register(t.api);
      const a = await t.api.post(`${CLUSTERS}/${id}/token`);
      const b = await t.api.post(`${CLUSTERS}/${id}/token`);
      assert.equal(a.status, 200);
      assert.match(a.body.token, /^[0-9a-f]{64}$/);
      assert.notEqual(a.body.token, b.body.token);
      assert.deepEqual(t.emu.state.clusterTokens[id], [a.body.token, b.body.token]);
    });

    it("gives a new credentialsId on every credentials update and makes the cluster phase 2", async () => {
      const id = await register(t.api);
      const first = await t.api.post(`${CLUSTERS}/${id}`, { eks: { assumeRoleArn: EKS_ROLE } });
      assert.equal(first.status, 200);
      assert.match(first.body.credentialsId, /^[0-9a-f-]{36}$/);
      assert.equal(first.body.isPhase2, true);
      assert.equal(first.body.eks.assumeRoleArn, EKS_ROLE);
      assert.equal(first.body.status, "connecting", "a new first reconcile is pending");
      const second = await t.api.post(`${CLUSTERS}/${id}`, { eks: { assumeRoleArn: EKS_ROLE } });
      assert.notEqual(second.body.credentialsId, first.body.credentialsId);
    });

    it("answers bad credentials with the API's credentials error (400 Forbidden on `credentials`)", async () => {
      const eks = await register(t.api);
      const gke = await register(t.api, "gke");
      const aks = await register(t.api, "aks");
      const cases: [string, unknown][] = [
        [eks, { eks: { assumeRoleArn: "not-an-arn" } }],
        [gke, { credentials: "{not json" }],
        [gke, { credentials: JSON.stringify({ type: "authorized_user" }) }],
        [aks, { credentials: JSON.stringify({ clientId: "c", tenantId: "t", subscriptionId: "s" }) }],
        [aks, { credentials: JSON.stringify({ clientId: "c", tenantId: "t", subscriptionId: "s", clientSecret: "x", federationId: "y" }) }],
      ];
      for (const [id, body] of cases) {
        const res = await t.api.post(`${CLUSTERS}/${id}`, body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(res.body.message, "Forbidden");
        assert.equal(res.body.fieldViolations[0].field, "credentials");
        assert.ok(!JSON.stringify(res.body).includes("not json"), "the error does not echo the credentials");
      }
      assert.equal(t.emu.state.clusters[aks].credentialsId, "", "nothing was applied");
    });

    it("accepts GKE service-account keys and AKS secret or federated credentials", async () => {
      const gke = await register(t.api, "gke");
      const key = JSON.stringify({ type: "service_account", client_email: "castai@my-project.iam.gserviceaccount.com" });
      assert.equal((await t.api.post(`${CLUSTERS}/${gke}`, { credentials: key })).status, 200);
      const aks = await register(t.api, "aks");
      const federated = JSON.stringify({ clientId: "c", tenantId: "t", subscriptionId: "s", federationId: "f" });
      const proxy = { httpProxy: "http://proxy:3128", noProxy: ["10.0.0.0/8"] };
      const res = await t.api.post(`${CLUSTERS}/${aks}`, { credentials: federated, aks: { httpProxyConfig: proxy } });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.aks.httpProxyConfig, proxy);
    });

    it("refuses a cloud block of another cloud in a credentials update", async () => {
      const gke = await register(t.api, "gke");
      const res = await t.api.post(`${CLUSTERS}/${gke}`, { eks: { assumeRoleArn: EKS_ROLE } });
      assert.equal(res.status, 400);
      assert.equal(res.body.fieldViolations[0].field, "eks");
    });

    it("refuses DELETE while connected, and allows it after disconnect; GET then answers 200 archived", async () => {
      const id = await registerConnected(t.api);
      const refused = await t.api.del(`${CLUSTERS}/${id}`);
      assert.equal(refused.status, 400);
      assert.equal(refused.body.message, "cluster can be removed only if it was disconnected or is in failed state");

      const disconnect = await t.api.post(`${CLUSTERS}/${id}/disconnect`, { deleteProvisionedNodes: false, keepKubernetesResources: true });
      assert.equal(disconnect.status, 200);
      assert.deepEqual([disconnect.body.status, disconnect.body.agentStatus], ["deleting", "disconnecting"]);
      const deleted = (await t.api.get(`${CLUSTERS}/${id}`)).body;
      assert.deepEqual([deleted.status, deleted.agentStatus], ["deleted", "disconnected"]);

      const removed = await t.api.del(`${CLUSTERS}/${id}`);
      assert.equal(removed.status, 204);
      assert.equal(removed.body, undefined);
      const archived = await t.api.get(`${CLUSTERS}/${id}`);
      assert.equal(archived.status, 200);
      assert.equal(archived.body.status, "archived");
      assert.ok(Date.parse(archived.body.deletedAt) > 0);
      assert.deepEqual((await t.api.get(CLUSTERS)).body.items, [], "archived clusters leave the list");
      assert.equal((await t.api.get(`/v1/kubernetes/clusters/${id}/policies`)).status, 404, "its objects are gone");
    });

    it("allows DELETE at once for a cluster that never got credentials, and for a failed one", async () => {
      const bare = await register(t.api);
      assert.equal((await t.api.del(`${CLUSTERS}/${bare}`)).status, 204);
      const failed = await registerConnected(t.api);
      t.emu.console.setClusterStatus(failed, "failed");
      assert.equal((await t.api.del(`${CLUSTERS}/${failed}`)).status, 204);
    });

    it("creates by itself the default node template, the default node configuration, policies and an empty evictor config", async () => {
      const id = await register(t.api);
      const base = `/v1/kubernetes/clusters/${id}`;
      const templates = (await t.api.get(`${base}/node-templates?includeDefault=true`)).body.items;
      assert.deepEqual(templates.map((i: { template: { name: string; isDefault: boolean } }) => [i.template.name, i.template.isDefault]), [["default-by-castai", true]]);
      const configurations = (await t.api.get(`${base}/node-configurations`)).body.items;
      assert.deepEqual(configurations.map((c: { name: string; default: boolean }) => [c.name, c.default]), [["default", true]]);
      assert.equal(templates[0].template.configurationId, configurations[0].id);
      assert.equal(templates[0].template.configurationName, "default");
      const policies = await t.api.get(`${base}/policies`);
      assert.equal(policies.status, 200);
      assert.equal(policies.body.enabled, false);
      assert.equal(policies.body.defaultNodeTemplateVersion, templates[0].template.version);
      assert.deepEqual((await t.api.get(`${base}/evictor-advanced-config`)).body, { evictionConfig: [] });
    });

    it("creates, reads and deletes the assume-role principal", async () => {
      const id = await register(t.api);
      const path = `${CLUSTERS}/${id}/assume-role-principal`;
      assert.deepEqual((await t.api.get(path)).body, { arn: "" });
      const created = (await t.api.post(path)).body.arn;
      assert.match(created, new RegExp(`^arn:aws:iam::\\d{12}:user/castai-${id.slice(0, 8)}$`));
      assert.deepEqual((await t.api.get(path)).body, { arn: created });
      assert.deepEqual((await t.api.post(path)).body, { arn: created }, "creating again keeps the same principal");
      assert.deepEqual((await t.api.get(`${CLUSTERS}/${id}/assume-role-user`)).body, { arn: created });
      assert.deepEqual((await t.api.del(path)).body, {});
      assert.deepEqual((await t.api.get(path)).body, { arn: "" });
    });
  });

  describe("with slow transitions", () => {
    const t = emulatorPerTest({ delays: { clusterReadyMs: 150, disconnectMs: 150, defaultTemplateMs: 150 } });

    it("stays connecting until clusterReadyMs has passed", async () => {
      const id = await register(t.api);
      assert.equal((await t.api.get(`${CLUSTERS}/${id}`)).body.status, "connecting");
      await sleep(200);
      assert.equal((await t.api.get(`${CLUSTERS}/${id}`)).body.status, "ready");
    });

    it("restarts the readiness clock on a credentials update", async () => {
      const id = await register(t.api);
      await sleep(100);
      await t.api.post(`${CLUSTERS}/${id}`, { eks: { assumeRoleArn: EKS_ROLE } });
      await sleep(100);
      assert.equal((await t.api.get(`${CLUSTERS}/${id}`)).body.status, "connecting", "150 ms since the update have not passed");
      await sleep(100);
      assert.equal((await t.api.get(`${CLUSTERS}/${id}`)).body.status, "ready");
    });

    it("stays deleting until disconnectMs has passed, and refuses DELETE meanwhile", async () => {
      const id = await registerConnected(t.api);
      await t.api.post(`${CLUSTERS}/${id}/disconnect`, {});
      assert.equal((await t.api.get(`${CLUSTERS}/${id}`)).body.status, "deleting");
      assert.equal((await t.api.del(`${CLUSTERS}/${id}`)).status, 400);
      await sleep(200);
      assert.equal((await t.api.get(`${CLUSTERS}/${id}`)).body.status, "deleted");
      assert.equal((await t.api.del(`${CLUSTERS}/${id}`)).status, 204);
    });

    it("answers `node template not found` for the default template until it appears", async () => {
      const id = await register(t.api);
      const path = `/v1/kubernetes/clusters/${id}/node-templates/default-by-castai`;
      const early = await t.api.put(path, { constraints: { spot: true } });
      assert.equal(early.status, 404);
      assert.equal(early.body.message, "node template not found");
      assert.equal((await t.api.get(`/v1/kubernetes/clusters/${id}/policies`)).body.defaultNodeTemplateVersion, "");
      await sleep(200);
      assert.equal((await t.api.put(path, { constraints: { spot: true } })).status, 200);
    });
  });

  describe("stuck clusters", () => {
    const t = emulatorPerTest({ delays: { clusterReadyMs: Infinity } });

    it("never leave connecting with clusterReadyMs = Infinity", async () => {
      const id = await register(t.api);
      await sleep(50);
      assert.equal((await t.api.get(`${CLUSTERS}/${id}`)).body.status, "connecting");
      assert.equal(t.emu.state.clusters[id].status, "connecting");
    });
  });
});
