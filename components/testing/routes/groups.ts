// Organization groups (RbacServiceAPI, castai-api.md §6.3): create, get, update, delete, all answering 200.
// The API has no list of groups, so clients find a group only by the id its create returned.

import type { Main } from "../../api/wire";
import { bodyAs } from "../contract/body";
import { fieldError, notFound } from "../errors";
import { newId } from "../ids";
import { clone, own } from "../merge";
import { ok, route, type RequestContext, type Route } from "../router";
import { requireOrganization, type EmulatorState, type GroupMember, type OrganizationGroup } from "../state";

const BASE = "/v1/organizations/{organizationId}/groups";

/** A create or update body (the update's schema differs only in requiring `definition.members`). */
type GroupBody = Main.CastaiRbacV1beta1CreateGroupRequestGroup;

export function requireGroup(state: EmulatorState, id: string): OrganizationGroup {
  const group = own(state.organizationGroups, id);
  if (!group) throw notFound("group not found");
  return group;
}

/**
 * Members as stored. ASSUMPTION: a service-account member must exist (users are not modelled beyond the
 * emulator's own); `addedAt` is set by the server and kept for members already in the group.
 */
function members(ctx: RequestContext, input: GroupBody, before: GroupMember[] = []): GroupMember[] {
  return (input.definition.members ?? []).map((m, i) => {
    if (m.kind === "SERVICE_ACCOUNT" && !own(ctx.core.state.serviceAccounts, m.id)) {
      throw fieldError(`definition.members[${i}].id`, `no service account with id "${m.id}"`);
    }
    const kept = before.find((b) => b.id === m.id && b.kind === m.kind);
    return { id: m.id, email: m.email, kind: m.kind, addedAt: kept?.addedAt ?? ctx.now.toISOString() };
  });
}

function write(ctx: RequestContext, input: GroupBody, group: OrganizationGroup): OrganizationGroup {
  if (input.name.trim() === "") throw fieldError("name", "must not be empty");
  group.name = input.name;
  group.description = input.description ?? "";
  group.definition.members = members(ctx, input, group.definition.members);
  if (input.labelSelector === undefined) delete group.labelSelector;
  else group.labelSelector = input.labelSelector;
  group.updatedAt = ctx.now.toISOString();
  return group;
}

function create(ctx: RequestContext) {
  const input = bodyAs<GroupBody>(ctx, "CastaiRbacV1beta1CreateGroupRequestGroup");
  const { state } = ctx.core;
  requireOrganization(state, ctx.params.organizationId);
  const now = ctx.now.toISOString();
  const group: OrganizationGroup = {
    id: newId(),
    organizationId: state.organization.id,
    name: "",
    description: "",
    definition: { author: { id: ctx.principal.id, email: ctx.principal.email }, members: [] },
    // ASSUMPTION: what the server records for a group created through the public API.
    managedBy: "api",
    createdAt: now,
    updatedAt: now,
  };
  // ASSUMPTION: names need not be unique, as for service accounts.
  state.organizationGroups[group.id] = write(ctx, input, group);
  return ok(clone(group));
}

function pathGroup(ctx: RequestContext, param: string): OrganizationGroup {
  requireOrganization(ctx.core.state, ctx.params.organizationId);
  return requireGroup(ctx.core.state, ctx.params[param]);
}

export const groupRoutes: Route[] = [
  route("POST", BASE, create),
  route("GET", `${BASE}/{id}`, (ctx) => ok(clone(pathGroup(ctx, "id")))),
  route("PATCH", `${BASE}/{group.id}`, (ctx) => {
    const input = bodyAs<GroupBody>(ctx, "GroupsIsTheGroupsToBeUpdated");
    return ok(clone(write(ctx, input, pathGroup(ctx, "group.id"))));
  }),
  route("DELETE", `${BASE}/{id}`, (ctx) => {
    // ASSUMPTION: role bindings naming the group keep the subject; the group simply grants nothing any more.
    delete ctx.core.state.organizationGroups[pathGroup(ctx, "id").id];
    return ok({});
  }),
];
