// Admin routes under /__emulator/ for tools that drive the emulator over HTTP (the `castai-emulator` bin):
// state, request log, faults, console edits, the clock and reset. They need the API key but are never faulted or recorded.

import { validate } from "../contract/validate";
import { fieldError, invalidFields, notFound } from "../errors";
import { FAULT_RULE_SCHEMA, faultRuleProblems, type FaultBook } from "../faults";
import { isObject } from "../merge";
import { noContent, ok, route, type RequestContext, type Route } from "../router";
import type { EmulatorConsole, FaultRule, RecordedRequest } from "../types";

export interface AdminHooks {
  faults: FaultBook;
  requests: RecordedRequest[];
  clearLog(): void;
  reset(): void;
  console: EmulatorConsole;
}

function addFault(faults: FaultBook, ctx: RequestContext) {
  const { value, violations } = validate({}, FAULT_RULE_SCHEMA, ctx.body ?? {}, true);
  if (violations.length) throw invalidFields(violations);
  const rule = value as FaultRule;
  const problems = faultRuleProblems(rule);
  if (problems.length) throw invalidFields(problems);
  faults.add(rule);
  return ok({});
}

/** `POST /__emulator/clock` with `{"at": "<RFC 3339>"}` or `{"advanceMs": n}` moves the API's now; answers it. */
function moveClock(ctx: RequestContext) {
  const body = isObject(ctx.body) ? ctx.body : {};
  if (typeof body.at === "string" && !Number.isNaN(Date.parse(body.at))) ctx.core.clock.set(new Date(body.at));
  else if (typeof body.advanceMs === "number" && Number.isFinite(body.advanceMs)) ctx.core.clock.advance(body.advanceMs);
  else throw fieldError("at", 'send {"at": "<RFC 3339 time>"} or {"advanceMs": <number>}');
  return ok({ now: ctx.core.clock.now().toISOString() });
}

/** `POST /__emulator/console/{edit}` with `{"args": [...]}` calls `emulator.console[edit](...args)`. */
function consoleEdit(edits: EmulatorConsole, ctx: RequestContext) {
  const name = ctx.params.edit;
  const edit = Object.prototype.hasOwnProperty.call(edits, name) ? (edits as unknown as Record<string, unknown>)[name] : undefined;
  if (typeof edit !== "function") throw notFound(`no console edit named "${name}"`);
  const args = isObject(ctx.body) ? ctx.body.args : undefined;
  if (!Array.isArray(args)) throw fieldError("args", "expected an array of the edit's arguments");
  return ok((edit as (...a: unknown[]) => unknown)(...args) ?? {});
}

export const adminRoutes = (hooks: AdminHooks): Route[] => [
  route("GET", "/__emulator/state", (ctx) => ok(ctx.core.state)),
  route("GET", "/__emulator/requests", () => ok({ items: hooks.requests })),
  route("DELETE", "/__emulator/requests", () => {
    hooks.clearLog();
    return noContent();
  }),
  route("GET", "/__emulator/faults", () => ok({ items: hooks.faults.list() })),
  route("POST", "/__emulator/faults", (ctx) => addFault(hooks.faults, ctx)),
  route("DELETE", "/__emulator/faults", () => {
    hooks.faults.clear();
    return noContent();
  }),
  route("POST", "/__emulator/console/{edit}", (ctx) => consoleEdit(hooks.console, ctx)),
  route("GET", "/__emulator/clock", (ctx) => ok({ now: ctx.core.clock.now().toISOString() })),
  route("POST", "/__emulator/clock", moveClock),
  route("POST", "/__emulator/reset", () => {
    hooks.reset();
    return noContent();
  }),
];
