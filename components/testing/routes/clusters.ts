// External clusters (castai-api.md §2): registration, the status lifecycle, credentials, cluster tokens,
// disconnect and delete, and the AWS principal CAST AI assumes roles with.

import type { Main } from "../../api/wire";
import { bodyAs } from "../contract/body";
import { badRequest, fieldError, invalidFields } from "../errors";
import { newId, randomHex, unitFromSeed } from "../ids";
import { clone, own, type JsonObject } from "../merge";
import { noContent, ok, route, type Core, type RequestContext, type Route } from "../router";
import { requireCluster, requireLiveCluster, type Cluster, type EmulatorState, type ProviderType } from "../state";
import { MODELLED_CLOUDS, cloudBlocksIn } from "./clouds";
import { credentialChange, type ClusterUpdate } from "./credentials";
import { emptyEvictorConfig } from "./evictor";
import { createDefaultNodeConfiguration } from "./nodeConfigurations";
import { createDefaultNodeTemplate } from "./nodeTemplates";
import { defaultPolicies } from "./policies";

const BASE = "/v1/kubernetes/external-clusters";

interface RegisterClusterRequest {
  name: string;
  eks?: JsonObject;
  gke?: JsonObject;
  aks?: JsonObject;
  [field: string]: unknown;
}

/**
 * ASSUMPTION: the fields that identify a cluster in its cloud are required (the reference only marks `name`);
 * they are what the Terraform provider always sends, and what finding an existing registration relies on.
 */
const IDENTITY_FIELDS: Record<ProviderType, readonly string[]> = {
  eks: ["accountId", "region", "clusterName"],
  gke: ["projectId", "location"],
  aks: ["subscriptionId", "region", "nodeResourceGroup"],
};

/** The key of the one pending status transition of a cluster (readiness or disconnect). */
export const statusTransitionKey = (clusterId: string): string => `cluster/${clusterId}/status`;
const defaultTemplateKey = (clusterId: string): string => `cluster/${clusterId}/default-template`;

export const clusterView = (cluster: Cluster): Cluster => clone(cluster);

/**
 * "connecting" becomes "ready" after `delays.clusterReadyMs`, once the agent has reported. ASSUMPTION: "ready" implies
 * a snapshot in the real service. With `agentConnects: "onReady"` the emulator's stand-in agent reports then.
 */
function scheduleReadiness(core: Core, clusterId: string): void {
  const standIn = core.agentConnects === "onReady";
  if (!standIn && core.state.clusters[clusterId].agentStatus !== "online") return;
  core.timeline.schedule(statusTransitionKey(clusterId), core.delays.clusterReadyMs, (dueAt) => {
    const cluster = core.state.clusters[clusterId];
    if (cluster.status !== "connecting") return;
    cluster.status = "ready";
    if (standIn && cluster.agentStatus !== "online") {
      cluster.agentStatus = "online";
      cluster.agentSnapshotReceivedAt = dueAt.toISOString();
    }
  });
}

/** The agent's first snapshot. A stand-in agent's readiness is already pending; a real one's starts now. */
export function connectAgent(core: Core, cluster: Cluster, now: Date): void {
  cluster.agentStatus = "online";
  cluster.agentSnapshotReceivedAt = now.toISOString();
  if (core.agentConnects === "onConsoleAction" && cluster.status === "connecting") scheduleReadiness(core, cluster.id);
}

function providerOf(body: RegisterClusterRequest): ProviderType {
  const given = cloudBlocksIn(body);
  const unmodelled = given.find((block) => !MODELLED_CLOUDS.includes(block));
  if (unmodelled) throw fieldError(unmodelled, "not supported by the emulator, which models eks, gke and aks clusters");
  if (given.length !== 1) throw fieldError(given[1] ?? "eks", "exactly one of eks, gke or aks is required");
  const provider = given[0] as ProviderType;
  const block = body[provider] as JsonObject;
  const missing = IDENTITY_FIELDS[provider].filter((f) => typeof block[f] !== "string" || block[f] === "");
  if (missing.length) {
    throw invalidFields(missing.map((f) => ({ field: `${provider}.${f}`, description: "is required" })));
  }
  return provider;
}

/** GKE regions are derived from a zonal location like the Terraform provider does: europe-central2-a → europe-central2. */
const gkeRegion = (location: string): string => location.split("-").slice(0, 2).join("-");

function newCluster(core: Core, body: RegisterClusterRequest, provider: ProviderType, now: Date): Cluster {
  const id = newId();
  const block = clone(body[provider] as JsonObject);
  if (provider === "gke") block.region ??= gkeRegion(block.location as string);
  const region = block.region as string;
  return {
    id,
    name: body.name,
    organizationId: core.state.organization.id,
    credentialsId: "",
    createdAt: now.toISOString(),
    deletedAt: null,
    // ASSUMPTION: the display name is the region name (the real API uses names like "EU (Frankfurt)").
    region: { name: region, displayName: region },
    status: "connecting",
    agentStatus: "waiting-connection",
    providerType: provider,
    providerNamespaceId: String(block.accountId ?? block.projectId ?? block.subscriptionId),
    clusterNameId: `${body.name}-${id.slice(0, 8)}`,
    isPhase2: false,
    [provider]: block,
  };
}

/**
 * Where a cluster is in its cloud. A GKE cluster's name is unique per location, a zone or a region (the Terraform
 * provider's `location` forces a new cluster), so two zones of one region hold two clusters of the same name.
 */
const identityOf = (c: Cluster): string => {
  const block = c[c.providerType] as JsonObject | undefined;
  const where = c.providerType === "gke" ? String(block?.location) : c.region.name;
  return [c.providerType, c.providerNamespaceId, where, (block?.clusterName as string | undefined) ?? c.name].join("/");
};

/**
 * What CAST AI creates with a cluster, server-side, except `default-by-castai`, which appears later: policies, the
 * default node configuration, an empty evictor config, and empty token, template and mutation lists. What is
 * already there (a seed's) stays.
 */
export function completeClusterObjects(state: EmulatorState, cluster: Cluster, now: Date): void {
  const id = cluster.id;
  state.clusterTokens[id] ??= [];
  state.policies[id] ??= defaultPolicies();
  if (!own(state.nodeConfigurations, id)) {
    state.nodeConfigurations[id] = {};
    createDefaultNodeConfiguration(state, cluster, now);
  }
  state.nodeTemplates[id] ??= {};
  state.evictorConfigs[id] ??= emptyEvictorConfig();
  state.podMutations[id] ??= {};
}

/** Registration creates the cluster's server-side objects, and `default-by-castai` after `delays.defaultTemplateMs`. */
function register(ctx: RequestContext) {
  const body = bodyAs<RegisterClusterRequest>(ctx, "ExternalclusterV1RegisterClusterRequest");
  if (body.name.trim() === "") throw fieldError("name", "must not be empty");
  const { core, now } = ctx;
  const { state } = core;
  const cluster = newCluster(core, body, providerOf(body), now);
  // ASSUMPTION: registering a cluster that is already registered (same cloud identity, not archived)
  // returns the existing registration, as re-running CAST AI's onboarding script does.
  const existing = Object.values(state.clusters).find((c) => c.status !== "archived" && identityOf(c) === identityOf(cluster));
  if (existing) return ok(clusterView(existing));

  const id = cluster.id;
  state.clusters[id] = cluster;
  completeClusterObjects(state, cluster, now);
  core.timeline.schedule(defaultTemplateKey(id), core.delays.defaultTemplateMs, () => createDefaultNodeTemplate(state, id));
  scheduleReadiness(core, id);
  return ok(clusterView(cluster));
}

/** ASSUMPTION: the list leaves archived clusters out (they are gone from the console). */
const list = (ctx: RequestContext) =>
  ok({
    items: Object.values(ctx.core.state.clusters)
      .filter((c) => c.status !== "archived")
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map(clusterView),
  });

function updateCredentials(ctx: RequestContext) {
  const update = bodyAs<ClusterUpdate>(ctx, "ExternalclusterV1ClusterUpdate");
  const cluster = requireLiveCluster(ctx.core.state, ctx.params.clusterId);
  // ASSUMPTION: a disconnecting or disconnected cluster takes no new credentials; it is registered again instead.
  if (cluster.status === "deleting" || cluster.status === "deleted") {
    throw badRequest(`cluster is ${cluster.status === "deleting" ? "being disconnected" : "disconnected"}`);
  }
  const change = credentialChange(cluster.providerType, update);
  if (change === undefined) return ok(clusterView(cluster));
  cluster[cluster.providerType] = { ...cluster[cluster.providerType], ...change };
  cluster.credentialsId = newId();
  cluster.isPhase2 = true;
  // New credentials mean a new first reconcile: "connecting" until it is done (castai-api.md §2.6).
  cluster.status = "connecting";
  scheduleReadiness(ctx.core, cluster.id);
  return ok(clusterView(cluster));
}

function createToken(ctx: RequestContext) {
  const cluster = requireLiveCluster(ctx.core.state, ctx.params.clusterId);
  const token = randomHex(32);
  ctx.core.state.clusterTokens[cluster.id].push(token);
  return ok({ token });
}

/**
 * "deleting"/"disconnecting" now, "deleted"/"disconnected" after `delays.disconnectMs`. ASSUMPTION: repeating
 * it answers the cluster unchanged (the provider's delete loop may call it again while waiting).
 */
function disconnect(ctx: RequestContext) {
  bodyAs<Main.ExternalclusterV1DisconnectConfig>(ctx, "ExternalclusterV1DisconnectConfig");
  const { core } = ctx;
  const cluster = requireLiveCluster(core.state, ctx.params.clusterId);
  if (cluster.status === "deleting" || cluster.status === "deleted") return ok(clusterView(cluster));
  cluster.status = "deleting";
  cluster.agentStatus = "disconnecting";
  const id = cluster.id;
  core.timeline.schedule(statusTransitionKey(id), core.delays.disconnectMs, () => {
    const current = core.state.clusters[id];
    if (current.status !== "deleting") return;
    current.status = "deleted";
    current.agentStatus = "disconnected";
  });
  return ok(clusterView(cluster));
}

/** 204 only once the cluster is disconnected, failed or never got credentials; then it answers GET as "archived". */
function remove(ctx: RequestContext) {
  const { core, now } = ctx;
  const cluster = requireCluster(core.state, ctx.params.clusterId);
  // ASSUMPTION: deleting an archived cluster again is a no-op 204.
  if (cluster.status === "archived") return noContent();
  const removable = cluster.agentStatus === "disconnected" || cluster.status === "deleted" || cluster.status === "failed" || cluster.credentialsId === "";
  if (!removable) throw badRequest("cluster can be removed only if it was disconnected or is in failed state");
  archive(core, cluster, now);
  return noContent();
}

/** Archives a cluster: no pending transition (readiness, disconnect, default template) survives it. */
export function archive(core: Core, cluster: Cluster, now: Date): void {
  core.timeline.cancel(statusTransitionKey(cluster.id));
  core.timeline.cancel(defaultTemplateKey(cluster.id));
  cluster.status = "archived";
  cluster.deletedAt = now.toISOString();
}

/**
 * ASSUMPTION: the principal is an IAM user in a CAST AI-owned AWS account, named after the cluster; the
 * emulator derives a stable 12-digit account id from the organization id.
 */
function principalArn(core: Core, clusterId: string): string {
  const account = String(Math.floor(unitFromSeed(core.state.organization.id, "aws-account") * 1e12)).padStart(12, "0");
  return `arn:aws:iam::${account}:user/castai-${clusterId.slice(0, 8)}`;
}

/** ASSUMPTION: GET answers 200 with `arn: ""` until one is created (the provider creates one when it reads ""). */
const getPrincipal = (ctx: RequestContext) => {
  const cluster = requireLiveCluster(ctx.core.state, ctx.params.clusterId);
  return ok({ arn: own(ctx.core.state.assumeRolePrincipals, cluster.id) ?? "" });
};

function createPrincipal(ctx: RequestContext) {
  const { state } = ctx.core;
  const cluster = requireLiveCluster(state, ctx.params.clusterId);
  state.assumeRolePrincipals[cluster.id] ??= principalArn(ctx.core, cluster.id);
  return ok({ arn: state.assumeRolePrincipals[cluster.id] });
}

/**
 * Also 200 for an archived cluster: the Terraform provider's acceptance tests destroy the cluster before its
 * `castai_eks_user_arn`, whose delete requires a 200.
 */
function deletePrincipal(ctx: RequestContext) {
  const cluster = requireCluster(ctx.core.state, ctx.params.clusterId);
  delete ctx.core.state.assumeRolePrincipals[cluster.id];
  return ok({});
}

/**
 * CAST AI's own service account that impersonates into a customer's cloud: the subject of an AKS federated
 * identity credential. ASSUMPTION: one per organization and provider, stable across calls (the reference gives only
 * the `{provider}` → `{id, email}` shapes); the numeric id looks like a Google service account's unique id.
 */
function impersonationServiceAccount(ctx: RequestContext) {
  const body = bodyAs<{ provider?: string }>(ctx, "ExternalclusterV1ImpersonationServiceAccountRequest");
  const provider = body.provider ?? "";
  if (!MODELLED_CLOUDS.includes(provider)) throw fieldError("provider", `must be one of ${MODELLED_CLOUDS.join(", ")}`);
  const seed = `${ctx.core.state.organization.id}/${provider}`;
  const id = String(Math.floor(unitFromSeed(seed, "impersonation") * 1e15)).padStart(15, "1") + String(Math.floor(unitFromSeed(seed, "suffix") * 1e6)).padStart(6, "0");
  return ok({ id, email: `castai-${provider}-impersonation@castai-emulator.iam.gserviceaccount.com` });
}

export const clusterRoutes: Route[] = [
  // Before `${BASE}/{clusterId}`, which would otherwise take "impersonation-service-account" for a cluster id.
  route("POST", `${BASE}/impersonation-service-account`, impersonationServiceAccount),
  route("POST", BASE, register),
  route("GET", BASE, list),
  route("GET", `${BASE}/{clusterId}`, (ctx) => ok(clusterView(requireCluster(ctx.core.state, ctx.params.clusterId)))),
  route("POST", `${BASE}/{clusterId}`, updateCredentials),
  route("DELETE", `${BASE}/{clusterId}`, remove),
  route("POST", `${BASE}/{clusterId}/token`, createToken),
  route("POST", `${BASE}/{clusterId}/disconnect`, disconnect),
  route("GET", `${BASE}/{clusterId}/assume-role-principal`, getPrincipal),
  route("POST", `${BASE}/{clusterId}/assume-role-principal`, createPrincipal),
  route("DELETE", `${BASE}/{clusterId}/assume-role-principal`, deletePrincipal),
  // ASSUMPTION: the assume-role user is the same principal (the reference gives only its `{arn}` shape).
  route("GET", `${BASE}/{clusterId}/assume-role-user`, getPrincipal),
];
