// Service accounts and their keys (castai-api.md §6.2): creates answer 201, deletes 204, some bodies are
// wrapped ({serviceAccount: ...}, {key: ...}) and some not, exactly as documented. A key's token is shown
// once, in the create response; the state keeps only its hash.

import { bodyAs } from "../contract/body";
import { fieldError, notFound } from "../errors";
import { newId, randomHex, sha256 } from "../ids";
import { clone, own } from "../merge";
import { paginate } from "../pagination";
import { noContent, ok, route, type RequestContext, type Route } from "../router";
import { requireOrganization, type EmulatorState, type ServiceAccount, type ServiceAccountKey } from "../state";

const BASE = "/v1/organizations/{organizationId}/service-accounts";
const ONE = `${BASE}/{serviceAccountId}`;

/** ASSUMPTION: how many token characters the key's `prefix` shows. */
const PREFIX_LENGTH = 8;

export function requireServiceAccount(state: EmulatorState, id: string): ServiceAccount {
  const account = own(state.serviceAccounts, id);
  if (!account) throw notFound("service account not found");
  return account;
}

export function requireKey(state: EmulatorState, serviceAccountId: string, keyId: string): ServiceAccountKey {
  const key = own(state.serviceAccountKeys[requireServiceAccount(state, serviceAccountId).id], keyId);
  if (!key) throw notFound("service account key not found");
  return key;
}

/** The path's organization and service account. */
function pathAccount(ctx: RequestContext): ServiceAccount {
  requireOrganization(ctx.core.state, ctx.params.organizationId);
  return requireServiceAccount(ctx.core.state, ctx.params.serviceAccountId);
}

const keyView = ({ tokenSha256: _hash, createdAt: _created, ...key }: ServiceAccountKey) => clone(key);

/** The long form GET, PATCH and list return. */
function accountView(state: EmulatorState, account: ServiceAccount) {
  const keys = Object.values(state.serviceAccountKeys[account.id]).map(keyView);
  return { ...clone(account), keysCount: keys.length, keys };
}

export function deleteServiceAccount(state: EmulatorState, id: string): void {
  delete state.serviceAccounts[id];
  delete state.serviceAccountKeys[id];
}

function create(ctx: RequestContext) {
  const input = bodyAs<{ name: string; description?: string }>(ctx, "CastaiServiceaccountsV1beta1CreateServiceAccountRequestServiceAccount");
  const { state } = ctx.core;
  requireOrganization(state, ctx.params.organizationId);
  if (input.name.trim() === "") throw fieldError("name", "must not be empty");
  // ASSUMPTION: names need not be unique (accounts are addressed by id), so a retried POST makes a second one.
  const id = newId();
  const slug = input.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  const account: ServiceAccount = {
    id,
    organizationId: state.organization.id,
    name: input.name,
    description: input.description ?? "",
    // ASSUMPTION: the address format; the emulator's own domain, to never look like a real account.
    email: `${slug || "service-account"}-${id.slice(0, 8)}@serviceaccounts.castai-emulator.local`,
    createdAt: ctx.now.toISOString(),
    author: { ...ctx.principal },
  };
  state.serviceAccounts[id] = account;
  state.serviceAccountKeys[id] = {};
  const { organizationId: _org, author, ...created } = clone(account);
  return { status: 201, body: { ...created, author: { id: author.id, email: author.email } } };
}

function update(ctx: RequestContext) {
  const input = bodyAs<{ serviceAccount: { name: string; description?: string } }>(ctx, "ServiceAccountsAPIUpdateServiceAccountRequest");
  const account = pathAccount(ctx);
  account.name = input.serviceAccount.name;
  account.description = input.serviceAccount.description ?? "";
  return ok({ serviceAccount: accountView(ctx.core.state, account) });
}

function list(ctx: RequestContext) {
  const { state } = ctx.core;
  requireOrganization(state, ctx.params.organizationId);
  const all = Object.values(state.serviceAccounts).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const page = paginate(all, ctx.query);
  return ok({
    serviceAccounts: page.items.map((a) => accountView(state, a)),
    nextPage: { cursor: page.nextCursor, limit: page.limit },
    totalCount: String(all.length),
  });
}

/** `DELETE …/service-accounts?serviceAccountIds=a&serviceAccountIds=b`. ASSUMPTION: all or nothing, 404 on an unknown id. */
function removeMany(ctx: RequestContext) {
  const { state } = ctx.core;
  requireOrganization(state, ctx.params.organizationId);
  const ids = ctx.query.getAll("serviceAccountIds");
  ids.forEach((id) => requireServiceAccount(state, id));
  ids.forEach((id) => deleteServiceAccount(state, id));
  return noContent();
}

function createKey(ctx: RequestContext) {
  const { key: input } = bodyAs<{ key: { name: string; active?: boolean; expiresAt?: string } }>(ctx, "ServiceAccountsAPICreateServiceAccountKeyRequest");
  const account = pathAccount(ctx);
  // ASSUMPTION: a key that would already be expired is refused.
  if (input.expiresAt !== undefined && Date.parse(input.expiresAt) <= ctx.now.getTime()) {
    throw fieldError("key.expiresAt", "must be in the future");
  }
  const token = randomHex(32);
  const key: ServiceAccountKey = {
    id: newId(),
    name: input.name,
    prefix: token.slice(0, PREFIX_LENGTH),
    active: input.active ?? true,
    createdAt: ctx.now.toISOString(),
    ...(input.expiresAt !== undefined ? { expiresAt: input.expiresAt } : {}),
    tokenSha256: sha256(token),
  };
  ctx.core.state.serviceAccountKeys[account.id][key.id] = key;
  const { id, name, active, createdAt, expiresAt } = key;
  return { status: 201, body: { id, name, active, createdAt, ...(expiresAt ? { expiresAt } : {}), token } };
}

function updateKey(ctx: RequestContext) {
  const { active } = bodyAs<{ active: boolean }>(ctx, "KeyIsTheServiceAccountKeyToUpdate");
  const account = pathAccount(ctx);
  const key = requireKey(ctx.core.state, account.id, ctx.params["key.id"]);
  key.active = active;
  return ok(keyView(key));
}

function listKeys(ctx: RequestContext) {
  const account = pathAccount(ctx);
  const all = Object.values(ctx.core.state.serviceAccountKeys[account.id]);
  const page = paginate(all, ctx.query);
  return ok({ keys: page.items.map(keyView), nextPage: { cursor: page.nextCursor, limit: page.limit }, totalCount: String(all.length) });
}

export const serviceAccountRoutes: Route[] = [
  route("GET", BASE, list),
  route("POST", BASE, create),
  route("DELETE", BASE, removeMany),
  route("GET", ONE, (ctx) => ok({ serviceAccount: accountView(ctx.core.state, pathAccount(ctx)) })),
  route("PATCH", ONE, update),
  route("DELETE", ONE, (ctx) => {
    deleteServiceAccount(ctx.core.state, pathAccount(ctx).id);
    return noContent();
  }),
  route("GET", `${ONE}/keys`, listKeys),
  route("POST", `${ONE}/keys`, createKey),
  route("GET", `${ONE}/keys/{keyId}`, (ctx) => ok({ key: keyView(requireKey(ctx.core.state, pathAccount(ctx).id, ctx.params.keyId)) })),
  route("PATCH", `${ONE}/keys/{key.id}`, updateKey),
  route("DELETE", `${ONE}/keys/{keyId}`, (ctx) => {
    const account = pathAccount(ctx);
    delete ctx.core.state.serviceAccountKeys[account.id][requireKey(ctx.core.state, account.id, ctx.params.keyId).id];
    return noContent();
  }),
];
