// Hibernation schedules (castai-api.md §5.2): organization-scoped objects of the cluster-autoscaler service,
// which answers errors as google.rpc.Status.

import { CRON_ALLOWED, cronProblem } from "../../resources/cron";
import { bodyAs } from "../contract/body";
import { ApiError, invalidFields, notFound, type FieldViolation } from "../errors";
import { newId } from "../ids";
import { clone, own } from "../merge";
import { paginate } from "../pagination";
import { ok, route, type RequestContext, type Route } from "../router";
import { requireOrganization, type EmulatorState, type HibernationSchedule } from "../state";

const BASE = "/cluster-autoscaler/v1beta/organizations/{organizationId}/hibernation-schedules";

/** The writable part of a schedule, as both the create and the PATCH bodies carry it. */
type ScheduleFields = Pick<HibernationSchedule, "name" | "enabled" | "pauseConfig" | "resumeConfig" | "clusterAssignments">;

const WRITABLE: readonly (keyof ScheduleFields)[] = ["name", "enabled", "pauseConfig", "resumeConfig", "clusterAssignments"];

export function requireSchedule(state: EmulatorState, id: string): HibernationSchedule {
  const schedule = own(state.hibernationSchedules, id);
  if (!schedule) throw notFound("hibernation schedule not found");
  return schedule;
}

/**
 * Rules the service enforces beyond the schema. Cron syntax is robfig/cron's standard parser, the rule the resource's
 * check applies too. ASSUMPTION: the other three (names, known clusters, unique names).
 */
function checkSchedule(state: EmulatorState, schedule: ScheduleFields, id: string): void {
  const violations: FieldViolation[] = [];
  if (schedule.name.trim() === "") violations.push({ field: "name", description: "must not be empty" });
  for (const part of ["pauseConfig", "resumeConfig"] as const) {
    const cron = (schedule[part].schedule as { cronExpression: string }).cronExpression;
    const problem = cronProblem(cron);
    if (problem) violations.push({ field: `${part}.schedule.cronExpression`, description: `${problem}; allowed: ${CRON_ALLOWED}` });
  }
  schedule.clusterAssignments.items.forEach(({ clusterId }, i) => {
    const cluster = own(state.clusters, clusterId);
    if (!cluster || cluster.status === "archived") {
      violations.push({ field: `clusterAssignments.items[${i}].clusterId`, description: "no such cluster in the organization" });
    }
  });
  if (violations.length) throw invalidFields(violations);
  if (Object.values(state.hibernationSchedules).some((s) => s.id !== id && s.name === schedule.name)) {
    throw new ApiError(409, `hibernation schedule "${schedule.name}" already exists`);
  }
}

const pickWritable = (input: Partial<ScheduleFields>): Partial<ScheduleFields> =>
  Object.fromEntries(WRITABLE.filter((k) => input[k] !== undefined).map((k) => [k, clone(input[k])]));

function create(ctx: RequestContext) {
  const input = bodyAs<ScheduleFields>(ctx, "HibernationSchedule");
  const { state } = ctx.core;
  requireOrganization(state, ctx.params.organizationId);
  const id = newId();
  const fields = pickWritable(input) as ScheduleFields;
  checkSchedule(state, fields, id);
  const now = ctx.now.toISOString();
  state.hibernationSchedules[id] = { id, organizationId: state.organization.id, ...fields, createTime: now, updateTime: now };
  return ok(clone(state.hibernationSchedules[id]));
}

/** ASSUMPTION: PATCH replaces each top-level field it carries and keeps the others (there is no update mask). */
function patch(ctx: RequestContext) {
  const input = bodyAs<Partial<ScheduleFields>>(ctx, "HibernationScheduleUpdate");
  const { state } = ctx.core;
  requireOrganization(state, ctx.params.organizationId);
  const updated = { ...requireSchedule(state, ctx.params.id), ...pickWritable(input), updateTime: ctx.now.toISOString() };
  checkSchedule(state, updated, updated.id);
  state.hibernationSchedules[updated.id] = updated;
  return ok(clone(updated));
}

function list(ctx: RequestContext) {
  const { state } = ctx.core;
  requireOrganization(state, ctx.params.organizationId);
  const all = Object.values(state.hibernationSchedules).sort((a, b) => a.createTime.localeCompare(b.createTime));
  const page = paginate(all, ctx.query);
  return ok({ items: clone(page.items), nextPageCursor: page.nextCursor, totalCount: all.length });
}

function remove(ctx: RequestContext) {
  const { state } = ctx.core;
  requireOrganization(state, ctx.params.organizationId);
  delete state.hibernationSchedules[requireSchedule(state, ctx.params.id).id];
  return ok({});
}

export const hibernationRoutes: Route[] = [
  route("GET", BASE, list),
  route("POST", BASE, create),
  route("GET", `${BASE}/{id}`, (ctx) => {
    requireOrganization(ctx.core.state, ctx.params.organizationId);
    return ok(clone(requireSchedule(ctx.core.state, ctx.params.id)));
  }),
  route("PATCH", `${BASE}/{id}`, patch),
  route("DELETE", `${BASE}/{id}`, remove),
];
