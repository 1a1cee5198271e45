// Pod mutations of the patching-engine service (castai-patching-engine.reconstructed.json): per cluster,
// organization in the path, errors as google.rpc.Status. Update is PATCH, as the OpenAPI declares.

import { bodyAs } from "../contract/body";
import { ApiError, fieldError, invalidFields, notFound, type FieldViolation } from "../errors";
import { newId } from "../ids";
import { clone, own, type JsonObject } from "../merge";
import { paginate } from "../pagination";
import { ok, route, type RequestContext, type Route } from "../router";
import { requireLiveCluster, requireOrganization, type EmulatorState, type PodMutation } from "../state";

const BASE = "/patching-engine/v1beta/organizations/{organizationId}/clusters/{clusterId}/pod-mutations";

/** Fields the server owns: sent values are ignored. */
const SERVER_FIELDS = ["id", "organizationId", "clusterId", "createTime", "updateTime", "source", "mutatedPodsCount"];

interface DistributionGroup {
  name?: string;
  percentage?: number;
}

type MutationFields = JsonObject & { name?: string; distributionGroups?: DistributionGroup[]; spotDistributionPercentage?: number };

const clientFields = (input: JsonObject): MutationFields =>
  Object.fromEntries(Object.entries(clone(input)).filter(([k]) => !SERVER_FIELDS.includes(k)));

const isPercentage = (n: number | undefined): boolean => n === undefined || (n >= 0 && n <= 100);

/** The cluster of the path, after checking the organization of the path. */
function pathCluster(ctx: RequestContext): string {
  requireOrganization(ctx.core.state, ctx.params.organizationId);
  return requireLiveCluster(ctx.core.state, ctx.params.clusterId).id;
}

export function requireMutation(state: EmulatorState, clusterId: string, id: string): PodMutation {
  const mutation = own(state.podMutations[requireLiveCluster(state, clusterId).id], id);
  if (!mutation) throw notFound("pod mutation not found");
  return mutation;
}

/**
 * Rules from the OpenAPI descriptions ("enforced by service logic"): percentages within 0-100, distribution
 * group percentages summing to at most 100, unique group names. ASSUMPTION: a non-empty name, unique in the
 * cluster (409 otherwise).
 */
function checkMutation(state: EmulatorState, clusterId: string, m: MutationFields, id: string): void {
  const violations: FieldViolation[] = [];
  if (!m.name || m.name.trim() === "") violations.push({ field: "name", description: "is required" });
  if (!isPercentage(m.spotDistributionPercentage)) violations.push({ field: "spotDistributionPercentage", description: "must be between 0 and 100" });
  const groups = m.distributionGroups ?? [];
  groups.forEach((g, i) => {
    if (!isPercentage(g.percentage)) violations.push({ field: `distributionGroups[${i}].percentage`, description: "must be between 0 and 100" });
    if (groups.findIndex((other) => other.name === g.name) !== i) {
      violations.push({ field: `distributionGroups[${i}].name`, description: "must be unique within the pod mutation" });
    }
  });
  const total = groups.reduce((sum, g) => sum + (g.percentage ?? 0), 0);
  if (total > 100) violations.push({ field: "distributionGroups", description: `percentages sum to ${total}, more than 100` });
  if (violations.length) throw invalidFields(violations);
  if (Object.values(state.podMutations[clusterId]).some((other) => other.id !== id && other.name === m.name)) {
    throw new ApiError(409, `pod mutation "${m.name}" already exists`);
  }
}

function create(ctx: RequestContext) {
  const fields = clientFields(bodyAs<JsonObject>(ctx, "PodMutation"));
  const { state } = ctx.core;
  const clusterId = pathCluster(ctx);
  const id = newId();
  checkMutation(state, clusterId, fields, id);
  const now = ctx.now.toISOString();
  state.podMutations[clusterId][id] = {
    ...fields,
    id,
    organizationId: state.organization.id,
    clusterId,
    name: fields.name as string,
    // proto3: a bool not sent is false, so a mutation created without `enabled` is disabled.
    enabled: fields.enabled === true,
    source: "API",
    createTime: now,
    updateTime: now,
  };
  return ok(clone(state.podMutations[clusterId][id]));
}

/** ASSUMPTION: PATCH replaces each top-level field it carries and keeps the others (no update mask). */
function patch(ctx: RequestContext) {
  const fields = clientFields(bodyAs<JsonObject>(ctx, "PodMutation"));
  const { state } = ctx.core;
  const clusterId = pathCluster(ctx);
  const updated: PodMutation = { ...requireMutation(state, clusterId, ctx.params.id), ...fields, updateTime: ctx.now.toISOString() };
  checkMutation(state, clusterId, updated, updated.id);
  state.podMutations[clusterId][updated.id] = updated;
  return ok(clone(updated));
}

function list(ctx: RequestContext) {
  const clusterId = pathCluster(ctx);
  const enabled = ctx.query.get("enabled");
  if (enabled !== null && enabled !== "true" && enabled !== "false") {
    throw fieldError("enabled", "must be true or false");
  }
  const all = Object.values(ctx.core.state.podMutations[clusterId])
    .filter((m) => enabled === null || m.enabled === (enabled === "true"))
    .sort((a, b) => a.createTime.localeCompare(b.createTime));
  const page = paginate(all, ctx.query);
  return ok({ items: clone(page.items), nextPageCursor: page.nextCursor });
}

function remove(ctx: RequestContext) {
  const clusterId = pathCluster(ctx);
  delete ctx.core.state.podMutations[clusterId][requireMutation(ctx.core.state, clusterId, ctx.params.id).id];
  return ok({});
}

export const podMutationRoutes: Route[] = [
  route("GET", BASE, list),
  route("POST", BASE, create),
  route("GET", `${BASE}/{id}`, (ctx) => ok(clone(requireMutation(ctx.core.state, pathCluster(ctx), ctx.params.id)))),
  route("PATCH", `${BASE}/{id}`, patch),
  route("DELETE", `${BASE}/{id}`, remove),
];
