// Node configurations (castai-api.md §4.2), addressed by id. A default configuration exists from
// registration on; exactly one configuration of a cluster is the default.

import { bodyAs } from "../contract/body";
import { badRequest, fieldError, notFound } from "../errors";
import { newId } from "../ids";
import { clone, own, type JsonObject } from "../merge";
import { ok, route, type RequestContext, type Route } from "../router";
import { requireLiveCluster, type Cluster, type EmulatorState, type NodeConfiguration, type ProviderType } from "../state";
import { rejectOtherClouds } from "./clouds";

const BASE = "/v1/kubernetes/clusters/{clusterId}/node-configurations";

type ConfigurationInput = Partial<NodeConfiguration> & JsonObject;

/**
 * Documented defaults of the cloud block (castai-api.md §4.2) that the server writes into it. EKS's gp3 is applied
 * when nodes are provisioned but not echoed: the Terraform provider's `volume_type` is optional and not computed, and
 * its EKS acceptance test applies a configuration without it and expects no diff.
 */
const BLOCK_DEFAULTS: Record<ProviderType, JsonObject> = {
  eks: {},
  gke: { maxPodsPerNode: 110 },
  aks: { maxPodsPerNode: 30 },
};

export const defaultConfigurationId = (state: EmulatorState, clusterId: string): string =>
  Object.values(state.nodeConfigurations[clusterId]).find((c) => c.default)?.id ?? "";

export function requireConfiguration(state: EmulatorState, clusterId: string, id: string): NodeConfiguration {
  const configuration = own(state.nodeConfigurations[requireLiveCluster(state, clusterId).id], id);
  if (!configuration) throw notFound("node configuration not found");
  return configuration;
}

function cloudBlock(cluster: Cluster, input: ConfigurationInput): JsonObject | undefined {
  const provider = cluster.providerType;
  rejectOtherClouds(provider, input);
  const given = input[provider] as JsonObject | undefined;
  if (given === undefined) return undefined;
  const block = { ...BLOCK_DEFAULTS[provider], ...given };
  const maxPods = block.maxPodsPerNode as number;
  if (provider === "aks" && (maxPods < 10 || maxPods > 250)) {
    throw fieldError("aks.maxPodsPerNode", "must be between 10 and 250");
  }
  return block;
}

/**
 * Stores a configuration. Creating and updating both send every field, so a write replaces the configuration;
 * the update keeps id, name, default flag and creation time and bumps `version`. ASSUMPTION: unset fields
 * take the documented create defaults (minDiskSize 100) or empty values.
 */
export function writeConfiguration(state: EmulatorState, cluster: Cluster, id: string, input: ConfigurationInput, now: Date): NodeConfiguration {
  const previous = own(state.nodeConfigurations[cluster.id], id);
  const block = cloudBlock(cluster, input);
  const configuration: NodeConfiguration = {
    ...clone(input),
    diskCpuRatio: input.diskCpuRatio ?? 0,
    minDiskSize: input.minDiskSize ?? 100,
    drainTimeoutSec: input.drainTimeoutSec ?? 0,
    subnets: input.subnets ?? [],
    tags: input.tags ?? {},
    ...(block ? { [cluster.providerType]: block } : {}),
    id,
    name: previous?.name ?? String(input.name),
    default: previous?.default ?? false,
    version: (previous?.version ?? 0) + 1,
    createdAt: previous?.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
  };
  state.nodeConfigurations[cluster.id][id] = configuration;
  return clone(configuration);
}

/**
 * The configuration CAST AI creates with the cluster. ASSUMPTION: named "default", with the cloud block's
 * documented defaults for GKE and AKS; none for EKS, whose block needs an instance profile nobody gave yet.
 */
export function createDefaultNodeConfiguration(state: EmulatorState, cluster: Cluster, now: Date): void {
  const id = newId();
  const input = cluster.providerType === "eks" ? {} : { [cluster.providerType]: {} };
  writeConfiguration(state, cluster, id, { ...input, name: "default" }, now);
  state.nodeConfigurations[cluster.id][id].default = true;
}

function create(ctx: RequestContext) {
  const input = bodyAs<ConfigurationInput>(ctx, "NodeconfigV1NewNodeConfiguration");
  const { state } = ctx.core;
  const cluster = requireLiveCluster(state, ctx.params.clusterId);
  // ASSUMPTION: names are unique within a cluster (templates show a configuration by name); a duplicate is a 400.
  if (input.name === "") throw fieldError("name", "must not be empty");
  if (Object.values(state.nodeConfigurations[cluster.id]).some((c) => c.name === input.name)) {
    throw fieldError("name", `a node configuration named "${input.name}" already exists`);
  }
  return ok(writeConfiguration(state, cluster, newId(), input, ctx.now));
}

function update(ctx: RequestContext) {
  const input = bodyAs<ConfigurationInput>(ctx, "NodeconfigV1NodeConfigurationUpdate");
  const { state } = ctx.core;
  const { clusterId, id } = ctx.params;
  requireConfiguration(state, clusterId, id);
  return ok(writeConfiguration(state, state.clusters[clusterId], id, input, ctx.now));
}

function remove(ctx: RequestContext) {
  const { state } = ctx.core;
  const { clusterId, id } = ctx.params;
  const configuration = requireConfiguration(state, clusterId, id);
  // ASSUMPTION (both rules and messages): the default, and a configuration templates use, cannot be deleted.
  if (configuration.default) throw badRequest("default node configuration cannot be deleted");
  const users = Object.values(state.nodeTemplates[clusterId]).filter((t) => t.configurationId === id).map((t) => t.name);
  if (users.length) throw badRequest(`node configuration is used by node templates: ${users.join(", ")}`);
  delete state.nodeConfigurations[clusterId][id];
  return ok({});
}

function setDefault(ctx: RequestContext) {
  const { state } = ctx.core;
  const { clusterId, id } = ctx.params;
  requireConfiguration(state, clusterId, id);
  for (const configuration of Object.values(state.nodeConfigurations[clusterId])) configuration.default = configuration.id === id;
  return ok(clone(state.nodeConfigurations[clusterId][id]));
}

export const nodeConfigurationRoutes: Route[] = [
  route("GET", BASE, (ctx) => {
    const { state } = ctx.core;
    const clusterId = requireLiveCluster(state, ctx.params.clusterId).id;
    const items = Object.values(state.nodeConfigurations[clusterId]).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return ok({ items: clone(items) });
  }),
  route("POST", BASE, create),
  route("GET", `${BASE}/{id}`, (ctx) => ok(clone(requireConfiguration(ctx.core.state, ctx.params.clusterId, ctx.params.id)))),
  route("POST", `${BASE}/{id}`, update),
  route("DELETE", `${BASE}/{id}`, remove),
  route("POST", `${BASE}/{id}/default`, setDefault),
];
