// Injected faults: latency, error statuses (429 with Retry-After, 5xx) and dropped connections, matched by
// method and path, optionally only for the next N calls.

import type { Schema } from "./contract/validate";
import type { FieldViolation } from "./errors";
import type { FaultRule } from "./types";

/** Shape of a fault rule sent to `POST /__emulator/faults` (the path is a string there, never a RegExp). */
export const FAULT_RULE_SCHEMA: Schema = {
  type: "object",
  required: ["kind"],
  properties: {
    method: { type: "string" },
    path: { type: "string" },
    kind: { type: "string", enum: ["latency", "status", "drop"] },
    status: { type: "integer", format: "int32" },
    retryAfterSeconds: { type: "integer", format: "int32" },
    latencyMs: { type: "integer", format: "int32" },
    times: { type: "integer", format: "int32" },
    afterHandling: { type: "boolean" },
  },
};

/** What the rules say about one request at one phase (before or after the handler ran). */
export interface FaultEffect {
  latencyMs: number;
  /** The reply that replaces the real one, if any. */
  outcome?: { kind: "status"; status: number; retryAfterSeconds?: number } | { kind: "drop" };
}

/** Problems that make a rule meaningless, by field; empty when the rule is usable. */
export function faultRuleProblems(rule: FaultRule): FieldViolation[] {
  const problems: FieldViolation[] = [];
  const problem = (field: string, description: string) => problems.push({ field, description });
  const nonNegativeInteger = (n: number | undefined) => n === undefined || (Number.isInteger(n) && n >= 0);
  if (!["latency", "status", "drop"].includes(rule.kind)) problem("kind", "must be latency, status or drop");
  if (rule.kind === "status" && !(Number.isInteger(rule.status) && rule.status! >= 400 && rule.status! <= 599)) {
    problem("status", "a status fault needs an HTTP error status (400-599)");
  }
  if (rule.kind === "latency" && !(rule.latencyMs !== undefined && nonNegativeInteger(rule.latencyMs))) {
    problem("latencyMs", "a latency fault needs a non-negative integer");
  }
  if (!nonNegativeInteger(rule.retryAfterSeconds)) problem("retryAfterSeconds", "must be a non-negative integer");
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times > 0)) problem("times", "must be a positive integer");
  return problems;
}

export class FaultBook {
  private rules: FaultRule[] = [];

  constructor(initial: readonly FaultRule[] = []) {
    initial.forEach((rule) => this.add(rule));
  }

  add(rule: FaultRule): void {
    const problems = faultRuleProblems(rule);
    if (problems.length) throw new Error(`invalid fault rule: ${problems.map((p) => `${p.field}: ${p.description}`).join("; ")}`);
    this.rules.push({ ...rule });
  }

  clear(): void {
    this.rules = [];
  }

  /** Rules as JSON (a RegExp path shows as its source), for `GET /__emulator/faults`. */
  list(): unknown[] {
    return this.rules.map((r) => ({ ...r, path: r.path instanceof RegExp ? r.path.source : r.path }));
  }

  /**
   * Applies the rules of one phase to a request: every matching latency rule adds its delay, the first
   * matching status or drop rule decides the outcome. Each applied rule uses up one of its `times`.
   */
  take(method: string, path: string, afterHandling: boolean): FaultEffect {
    const effect: FaultEffect = { latencyMs: 0 };
    for (const rule of [...this.rules]) {
      if (Boolean(rule.afterHandling) !== afterHandling || !matches(rule, method, path)) continue;
      if (rule.kind === "latency") effect.latencyMs += rule.latencyMs ?? 0;
      else if (effect.outcome) continue;
      else if (rule.kind === "drop") effect.outcome = { kind: "drop" };
      else effect.outcome = { kind: "status", status: rule.status!, retryAfterSeconds: rule.retryAfterSeconds };
      this.useOnce(rule);
    }
    return effect;
  }

  private useOnce(rule: FaultRule): void {
    if (rule.times === undefined) return;
    rule.times -= 1;
    if (rule.times <= 0) this.rules = this.rules.filter((r) => r !== rule);
  }
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method) return false;
  if (rule.path === undefined) return true;
  if (rule.path instanceof RegExp) {
    rule.path.lastIndex = 0; // a /g or /y RegExp would otherwise resume where its last match ended
    return rule.path.test(path);
  }
  return rule.path.endsWith("*") ? path.startsWith(rule.path.slice(0, -1)) : path === rule.path;
}
