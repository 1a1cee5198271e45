// A bounded parallel runner: at most `parallel` tasks at once, each writing its own log file, each told when the
// run is cancelled. Stacks are independent, so one failing never stops the others.
import * as fs from "node:fs";
import * as path from "node:path";

export interface TaskContext {
    /** Appends a line (or an engine output chunk) to the task's log file. */
    readonly log: (text: string) => void;
    /** Aborted when the run is cancelled (Ctrl-C): pass it on to the engine. */
    readonly signal: AbortSignal;
}

export interface PoolTask<T> {
    readonly name: string;
    readonly run: (context: TaskContext) => Promise<T>;
}

export type PoolOutcome<T> = ({ readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string }) & {
    readonly name: string;
    readonly logFile: string;
    /** Epoch milliseconds; undefined when the task never started (cancelled first). */
    readonly startedAt?: number;
    readonly endedAt?: number;
};

export type ProgressEvent = { readonly name: string; readonly state: "started" } | { readonly name: string; readonly state: "done" | "failed"; readonly ms: number; readonly detail: string };

export interface PoolOptions {
    /** How many tasks run at once (at least 1). */
    readonly parallel: number;
    /** Where `<task name>.log` files go; created if missing. */
    readonly logDir: string;
    readonly signal?: AbortSignal;
    readonly onProgress?: (event: ProgressEvent) => void;
}

/** Runs every task, at most `parallel` at a time, in the given order; resolves with one outcome per task, in order. */
export async function runPool<T>(tasks: readonly PoolTask<T>[], options: PoolOptions): Promise<PoolOutcome<T>[]> {
    const parallel = Math.max(1, Math.floor(options.parallel));
    const signal = options.signal ?? new AbortController().signal;
    fs.mkdirSync(options.logDir, { recursive: true });
    const outcomes: PoolOutcome<T>[] = new Array(tasks.length);
    let next = 0;

    const runOne = async (index: number): Promise<void> => {
        const task = tasks[index];
        const logFile = path.join(options.logDir, `${task.name}.log`);
        if (signal.aborted) {
            outcomes[index] = { name: task.name, ok: false, error: "cancelled before it started", logFile };
            return;
        }
        const fd = fs.openSync(logFile, "w");
        const log = (text: string) => fs.writeSync(fd, text.endsWith("\n") ? text : `${text}\n`);
        const startedAt = Date.now();
        log(`${new Date(startedAt).toISOString()} started ${task.name}`);
        options.onProgress?.({ name: task.name, state: "started" });
        try {
            const value = await task.run({ log, signal });
            outcomes[index] = { name: task.name, ok: true, value, logFile, startedAt, endedAt: Date.now() };
        } catch (e) {
            outcomes[index] = { name: task.name, ok: false, error: errorText(e), logFile, startedAt, endedAt: Date.now() };
        }
        const outcome = outcomes[index];
        log(`${new Date(outcome.endedAt!).toISOString()} ${outcome.ok ? "finished" : `failed: ${outcome.error}`}`);
        fs.closeSync(fd);
        options.onProgress?.({ name: task.name, state: outcome.ok ? "done" : "failed", ms: outcome.endedAt! - startedAt, detail: outcome.ok ? "" : outcome.error });
    };
    const worker = async (): Promise<void> => {
        while (next < tasks.length) {
            await runOne(next++);
        }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, tasks.length) }, worker));
    return outcomes;
}

/** The useful part of an engine error: the CLI's stderr lines that say `error:`, else the message's first lines. */
export function errorText(e: unknown): string {
    const text = e instanceof Error ? e.message : String(e);
    const errors = text.split("\n").filter((l) => /^\s*error:/.test(l)).map((l) => l.trim());
    const unique = [...new Set(errors)];
    return (unique.length > 0 ? unique : text.split("\n").slice(0, 3)).join(" ").trim();
}
