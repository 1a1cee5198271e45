// Autoscaler policies (castai-api.md §3): one document per cluster, PUT deep-merges the fields it carries,
// `defaultNodeTemplateVersion` is an optimistic-concurrency token, and some fields are filled on read.

import { bodyAs } from "../contract/body";
import { badRequest } from "../errors";
import { isObject, mergePatch, own, type JsonObject } from "../merge";
import { ok, route, type RequestContext, type Route } from "../router";
import { requireLiveCluster, type EmulatorState, type Policies } from "../state";
import { DEFAULT_TEMPLATE_NAME } from "./nodeTemplates";

const PATH = "/v1/kubernetes/clusters/{clusterId}/policies";

/**
 * What a new cluster gets. ASSUMPTION: autoscaling is off and the values are the Terraform provider's
 * block defaults (castai-api.md §3.3), the example GET body of §3.2 for headroom and node constraints.
 */
export function defaultPolicies(): Policies {
  const headroom = { enabled: true, cpuPercentage: 10, memoryPercentage: 10 };
  return {
    enabled: false,
    isScopedMode: false,
    nodeTemplatesPartialMatchingEnabled: false,
    unschedulablePods: {
      enabled: false,
      headroom: { ...headroom },
      headroomSpot: { ...headroom },
      nodeConstraints: { enabled: false, minCpuCores: 2, maxCpuCores: 32, minRamMib: 4096, maxRamMib: 262144 },
      customInstancesEnabled: false,
      podPinner: { enabled: true },
    },
    clusterLimits: { enabled: false, cpu: { minCores: 1, maxCores: 20 } },
    spotInstances: {
      enabled: false,
      maxReclaimRate: 0,
      spotBackups: { enabled: false, spotBackupRestoreRateSeconds: 1800 },
      spotDiversityEnabled: false,
      spotDiversityPriceIncreaseLimitPercent: 20,
      spotInterruptionPredictions: { enabled: false, type: "CASTAIInterruptionPredictions" },
    },
    nodeDownscaler: {
      enabled: true,
      emptyNodes: { enabled: false, delaySeconds: 300 },
      evictor: {
        enabled: false,
        dryRun: false,
        aggressiveMode: false,
        scopedMode: false,
        cycleInterval: "1m",
        nodeGracePeriodMinutes: 5,
        podEvictionFailureBackOffInterval: "5s",
        ignorePodDisruptionBudgets: false,
        softTainting: false,
        cleanupKarpenterNodes: false,
      },
    },
  };
}

/** The version policies must be written against: the default template's, "" until it exists. */
const defaultTemplateVersion = (state: EmulatorState, clusterId: string): string =>
  own(state.nodeTemplates[clusterId], DEFAULT_TEMPLATE_NAME)?.version ?? "";

/**
 * The document as GET returns it: what was written, plus the fields the server fills on read.
 * ASSUMPTION: statuses are "Compatible" once the agent is online and "Unknown" before; the fields synced
 * with the default node template (castai-api.md §3.3) mirror the template, not what was PUT.
 */
export function policiesView(state: EmulatorState, clusterId: string): Policies {
  const online = state.clusters[clusterId].agentStatus === "online";
  const template = own(state.nodeTemplates[clusterId], DEFAULT_TEMPLATE_NAME);
  const filled: JsonObject = {
    defaultNodeTemplateVersion: defaultTemplateVersion(state, clusterId),
    unschedulablePods: { podPinner: { status: online ? "PodPinnerStatus_Compatible" : "PodPinnerStatus_Unknown" } },
    nodeDownscaler: { evictor: { status: online ? "Compatible" : "Unknown" } },
  };
  const synced: JsonObject = template
    ? {
        unschedulablePods: { customInstancesEnabled: template.customInstancesEnabled === true },
        spotInstances: { enabled: template.constraints.spot === true },
      }
    : {};
  return mergePatch(mergePatch(state.policies[clusterId], synced), filled);
}

/** Fields a PUT may carry that are never stored: read-only statuses, and input-only or ignored values. */
const UNSTORED_FIELDS = [
  ["defaultNodeTemplateVersion"],
  ["unschedulablePods", "diskGibToCpuRatio"],
  ["unschedulablePods", "podPinner", "status"],
  ["nodeDownscaler", "evictor", "status"],
];

function dropUnstoredFields<T extends object>(body: T): T {
  for (const path of UNSTORED_FIELDS) {
    const parent = path.slice(0, -1).reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), body);
    if (isObject(parent)) delete parent[path[path.length - 1]];
  }
  return body;
}

function put(ctx: RequestContext) {
  const body = bodyAs<Policies>(ctx, "PoliciesV1Policies");
  const { state } = ctx.core;
  const clusterId = requireLiveCluster(state, ctx.params.clusterId).id;
  const sentVersion = body.defaultNodeTemplateVersion;
  // ASSUMPTION: the conflict is a 400 (the reference gives the message, not the status).
  if (sentVersion !== undefined && sentVersion !== defaultTemplateVersion(state, clusterId)) {
    throw badRequest("default node template has changed, refetch the policies");
  }
  // Absent (and null) fields are left unchanged, so `{"enabled": false}` only switches the policies off.
  state.policies[clusterId] = mergePatch(state.policies[clusterId], dropUnstoredFields(body));
  return ok(policiesView(state, clusterId));
}

export const policiesRoutes: Route[] = [
  route("GET", PATH, (ctx) => ok(policiesView(ctx.core.state, requireLiveCluster(ctx.core.state, ctx.params.clusterId).id))),
  route("PUT", PATH, put),
];
