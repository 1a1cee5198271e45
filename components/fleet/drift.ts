// Drift: what the live objects differ in from the code, found by a refresh preview (reads only, no state written).
// The engine's update step after the refresh compares the refreshed state (what CAST AI has now) with the program's
// inputs (the code); every input leaf that differs is one drifted field.
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";

/** One field that differs: `code` is what the program sets, `live` what the refreshed state holds. */
export interface DriftField {
    readonly path: string;
    readonly code: unknown;
    readonly live: unknown;
}

export interface DriftedResource {
    /** The resource's name (the last part of its URN). */
    readonly resource: string;
    readonly type: string;
    /** The step the next `up` would take: update, replace, create (gone from CAST AI) or delete. */
    readonly op: string;
    readonly fields: readonly DriftField[];
}

export interface StackDrift {
    readonly stack: string;
    readonly resources: readonly DriftedResource[];
}

const DRIFT_OPS = new Set(["update", "replace", "create", "delete"]);
// Pulumi's marker of a secret value in engine events and state.
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** The drifted resources of one stack from its refresh preview's engine events. */
export function driftFromEvents(stack: string, events: readonly EngineEvent[]): StackDrift {
    const resources: DriftedResource[] = [];
    for (const event of events) {
        const step = event.resourcePreEvent?.metadata;
        if (!step || !DRIFT_OPS.has(step.op)) {
            continue;
        }
        const fields = step.op === "update" || step.op === "replace" ? fieldChanges(step.new?.inputs ?? {}, step.old?.outputs ?? {}) : [];
        resources.push({ resource: step.urn.split("::").pop() ?? step.urn, type: step.type, op: step.op, fields });
    }
    return { stack, resources };
}

/**
 * Every leaf of `code` (the program's inputs) whose value differs from `live` at the same path. Fields the code
 * does not set are not compared (CAST AI fills many on its own); the serialized provider is not a field.
 */
export function fieldChanges(code: Record<string, unknown>, live: Record<string, unknown>): DriftField[] {
    const out: DriftField[] = [];
    const walk = (c: unknown, l: unknown, at: string): void => {
        if (isSecret(c) || isSecret(l)) {
            if (JSON.stringify(c) !== JSON.stringify(l)) out.push({ path: at, code: "[secret]", live: "[secret]" });
            return;
        }
        if (isObject(c) && isObject(l)) {
            for (const [key, value] of Object.entries(c)) walk(value, l[key], at ? `${at}.${key}` : key);
            return;
        }
        if (Array.isArray(c) && Array.isArray(l) && c.length === l.length) {
            c.forEach((value, i) => walk(value, l[i], `${at}[${i}]`));
            return;
        }
        if (JSON.stringify(c) !== JSON.stringify(l)) out.push({ path: at, code: c, live: l });
    };
    for (const [key, value] of Object.entries(code)) {
        if (key !== "__provider") walk(value, live[key], key);
    }
    return out;
}

/** `prod / shop-prod-autoscaler / policies.unschedulablePods.headroom.cpuPercentage: 15 → 10`, one line per field. */
export function driftLines(drift: StackDrift): string[] {
    return drift.resources.flatMap((r) => {
        if (r.fields.length === 0) {
            return [`${drift.stack} / ${r.resource} / ${opText(r.op)}`];
        }
        return r.fields.map((f) => `${drift.stack} / ${r.resource} / ${f.path}: ${show(f.code)} → ${show(f.live)}`);
    });
}

function opText(op: string): string {
    switch (op) {
        case "create":
            return "missing: in the code, not in the state or gone from CAST AI (up creates it)";
        case "delete":
            return "not in the code any more (up deletes it)";
        default:
            return `${op} (no input field differs: the provider asked for it)`;
    }
}

function show(value: unknown): string {
    return value === undefined ? "(unset)" : typeof value === "string" ? value : JSON.stringify(value);
}

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isSecret(v: unknown): boolean {
    return isObject(v) && SECRET_SIG in v;
}

/** Runs one stack's refresh preview and returns its drift. Nothing is written: a preview keeps the state as it is. */
export async function previewDrift(name: string, stack: Stack, log: (text: string) => void, signal: AbortSignal): Promise<StackDrift> {
    const events: EngineEvent[] = [];
    await stack.preview({ refresh: true, diff: true, color: "never", onOutput: log, onEvent: (e) => events.push(e), signal });
    return driftFromEvents(name, events);
}

/** `up` with a refresh first, so the engine compares the live objects (not the last saved state) with the code. */
export async function fixDrift(stack: Stack, log: (text: string) => void, signal: AbortSignal): Promise<void> {
    await stack.up({ refresh: true, color: "never", onOutput: log, signal });
}
