// Role bindings and roles (RbacServiceAPI, castai-api.md §6.3): a binding gives one role to subjects (users,
// groups, service accounts) on scopes (the organization, a cluster, a resource). Create takes and answers an
// array; every success is a 200.

import type { Main } from "../../api/wire";
import { bodyAs } from "../contract/body";
import { fieldError, invalidFields, notFound, type FieldViolation } from "../errors";
import { newId } from "../ids";
import { clone, own } from "../merge";
import { paginate } from "../pagination";
import { ok, route, type RequestContext, type Route } from "../router";
import { requireOrganization, type EmulatorState, type RoleBinding } from "../state";

const BASE = "/v1/organizations/{organizationId}/role-bindings";

/**
 * The organization's built-in roles. The ids are the constants of CAST AI's Terraform provider
 * (`OwnerRoleID`, `MemberRoleID`, `ViewerRoleID`); ASSUMPTION: descriptions and empty permission lists.
 */
export const BUILT_IN_ROLES = [
  { id: "3e1050c7-6593-4298-94bb-154637911d78", name: "Owner", description: "Full access, members and billing included." },
  { id: "8c60bd8e-21de-402a-969f-add07fd22c1b", name: "Member", description: "Changes clusters and their settings." },
  { id: "6fc95bd7-6049-4735-80b0-ce5ccde71cb1", name: "Viewer", description: "Reads everything, changes nothing." },
] as const;

/** A create body's element, or an update body (same schema). */
type BindingBody = Main.CastaiRbacV1beta1CreateRoleBindingsRequestRoleBinding;

const SCOPE_KINDS = ["organization", "cluster", "resource"] as const;
const SUBJECT_KINDS = ["user", "group", "serviceAccount"] as const;

/** The one kind a scope or subject sets. ASSUMPTION: none or several is a 400 (the API's oneof). */
function oneKind<K extends string>(entry: Partial<Record<K, unknown>>, kinds: readonly K[]): K | undefined {
  const set = kinds.filter((k) => entry[k] !== undefined);
  return set.length === 1 ? set[0] : undefined;
}

/**
 * Every problem of a binding's definition, each naming its field under `at`. ASSUMPTION: the referenced role,
 * organization, cluster, group and service account must exist (users are not modelled, so any user id passes).
 */
function definitionProblems(state: EmulatorState, at: string, def: BindingBody["definition"]): FieldViolation[] {
  const problems: FieldViolation[] = [];
  const fail = (field: string, description: string) => problems.push({ field: `${at}${field}`, description });
  if (!BUILT_IN_ROLES.some((r) => r.id === def.roleId)) fail("definition.roleId", `no role with id "${def.roleId}"`);
  (def.scopes ?? []).forEach((scope, i) => {
    const kind = oneKind(scope, SCOPE_KINDS);
    const field = `definition.scopes[${i}]`;
    if (!kind) {
      fail(field, `set exactly one of ${SCOPE_KINDS.join(", ")}`);
      return;
    }
    const id = scope[kind]!.id;
    if (kind === "organization" && id !== state.organization.id) fail(`${field}.organization.id`, `not this organization's id`);
    const cluster = own(state.clusters, id);
    if (kind === "cluster" && (!cluster || cluster.status === "archived")) fail(`${field}.cluster.id`, `no cluster with id "${id}"`);
  });
  (def.subjects ?? []).forEach((subject, i) => {
    const kind = oneKind(subject, SUBJECT_KINDS);
    const field = `definition.subjects[${i}]`;
    if (!kind) {
      fail(field, `set exactly one of ${SUBJECT_KINDS.join(", ")}`);
      return;
    }
    const id = subject[kind]!.id;
    if (kind === "group" && !own(state.organizationGroups, id)) fail(`${field}.group.id`, `no group with id "${id}"`);
    if (kind === "serviceAccount" && !own(state.serviceAccounts, id)) fail(`${field}.serviceAccount.id`, `no service account with id "${id}"`);
  });
  return problems;
}

function write(ctx: RequestContext, input: BindingBody, binding: RoleBinding): RoleBinding {
  const now = ctx.now.toISOString();
  binding.name = input.name;
  binding.description = input.description ?? "";
  binding.definition = { roleId: input.definition.roleId, scopes: input.definition.scopes ?? [], subjects: input.definition.subjects ?? [] };
  binding.updatedAt = now;
  // ASSUMPTION: the policies behind a binding are generated at once (the real server may report ACCEPTED first).
  binding.status = [{ state: "CREATED", message: "", updatedAt: now }];
  return binding;
}

function create(ctx: RequestContext) {
  const inputs = bodyAs<BindingBody[]>(ctx, "RbacServiceAPICreateRoleBindingsJSONBody");
  const { state } = ctx.core;
  requireOrganization(state, ctx.params.organizationId);
  // All or nothing: one bad binding refuses the whole request.
  const problems = inputs.flatMap((input, i) => [
    ...(input.name.trim() === "" ? [{ field: `[${i}].name`, description: "must not be empty" }] : []),
    ...definitionProblems(state, `[${i}].`, input.definition),
  ]);
  if (problems.length) throw invalidFields(problems);
  const created = inputs.map((input) => {
    const binding = write(ctx, input, {
      id: newId(),
      organizationId: state.organization.id,
      name: "",
      description: "",
      definition: { roleId: "", scopes: [], subjects: [] },
      // ASSUMPTION: what the server records for a binding created through the public API.
      managedBy: "api",
      createdAt: ctx.now.toISOString(),
      updatedAt: "",
      status: [],
    });
    state.roleBindings[binding.id] = binding;
    return clone(binding);
  });
  return ok(created);
}

function update(ctx: RequestContext) {
  const input = bodyAs<BindingBody>(ctx, "RoleBindingIsTheRoleBindingToBeUpdated");
  const binding = pathBinding(ctx, "roleBinding.id");
  if (input.name.trim() === "") throw fieldError("name", "must not be empty");
  const problems = definitionProblems(ctx.core.state, "", input.definition);
  if (problems.length) throw invalidFields(problems);
  return ok(clone(write(ctx, input, binding)));
}

/** Does `binding` pass every filter of the list's query? Repeated keys match any of their values. */
function matches(binding: RoleBinding, query: URLSearchParams): boolean {
  const any = (key: string, values: string[]) => query.getAll(key).length === 0 || query.getAll(key).some((q) => values.includes(q));
  const { roleId, scopes, subjects } = binding.definition;
  const scopeTypes = scopes.flatMap((s) => (s.organization ? ["ORGANIZATION"] : s.cluster ? ["CLUSTER"] : []));
  const subjectTypes = subjects.map((s) => (s.user ? "SUBJECT_USER" : s.group ? "SUBJECT_GROUP" : "SUBJECT_SERVICE_ACCOUNT"));
  const subjectIds = subjects.map((s) => (s.user ?? s.group ?? s.serviceAccount)!.id);
  return (
    any("roleId", [roleId]) &&
    any("groupId", subjects.flatMap((s) => (s.group ? [s.group.id] : []))) &&
    any("scopeId", scopes.map((s) => (s.organization ?? s.cluster ?? s.resource)!.id)) &&
    any("scopeType", scopeTypes) &&
    any("subjectType", subjectTypes) &&
    any("subjectId", subjectIds)
  );
}

function list(ctx: RequestContext) {
  const { state } = ctx.core;
  requireOrganization(state, ctx.params.organizationId);
  const all = Object.values(state.roleBindings)
    .filter((b) => matches(b, ctx.query))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const page = paginate(all, ctx.query);
  return ok({ roleBindings: page.items.map(clone), nextPage: { cursor: page.nextCursor, limit: page.limit }, totalCount: String(all.length) });
}

function pathBinding(ctx: RequestContext, param: string): RoleBinding {
  requireOrganization(ctx.core.state, ctx.params.organizationId);
  const binding = own(ctx.core.state.roleBindings, ctx.params[param]);
  if (!binding) throw notFound("role binding not found");
  return binding;
}

function listRoles(ctx: RequestContext) {
  const { state } = ctx.core;
  requireOrganization(state, ctx.params.organizationId);
  const roles = BUILT_IN_ROLES.map((r) => ({
    ...r,
    organizationId: state.organization.id,
    default: true,
    definition: { permissions: [] },
    createdAt: state.organization.createdAt,
    updatedAt: state.organization.createdAt,
  }));
  const page = paginate(roles, ctx.query);
  return ok({ roles: page.items, nextPage: { cursor: page.nextCursor, limit: page.limit }, totalCount: String(roles.length) });
}

export const roleBindingRoutes: Route[] = [
  route("GET", BASE, list),
  route("POST", BASE, create),
  route("GET", `${BASE}/{id}`, (ctx) => ok(clone(pathBinding(ctx, "id")))),
  route("PATCH", `${BASE}/{roleBinding.id}`, update),
  route("DELETE", `${BASE}/{id}`, (ctx) => {
    delete ctx.core.state.roleBindings[pathBinding(ctx, "id").id];
    return ok({});
  }),
  route("GET", "/v1/organizations/{organizationId}/roles", listRoles),
];
