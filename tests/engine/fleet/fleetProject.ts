// A scratch project with several environment stacks in one file backend, and the `castai-fleet` command run on it
// as a user runs it: its own process, the project's directory, the backend in the environment.
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { stringify } from "yaml";
import { castAiEnv, engineBinDir, engineEnv, projectCopy, repoRoot } from "../../../scripts/engine";

/** An environment stack file: EKS clusters with brought identities, nothing installed in a cluster. */
export function fleetStackFile(environment: string, clusters: readonly string[], chartVersions?: Record<string, string>): string {
    const account = { dev: "111111111111", staging: "333333333333", prod: "222222222222" }[environment] ?? "444444444444";
    return stringify({
        config: {
            "fleet:environment": environment,
            "fleet:clusters": clusters.map((name) => ({
                key: name,
                provider: "eks",
                inCluster: false,
                ...(chartVersions ? { chartVersions } : {}),
                eks: {
                    accountId: account,
                    region: "eu-central-1",
                    clusterName: name,
                    existingRoleArn: `arn:aws:iam::${account}:role/castai-${name}`,
                    existingInstanceProfileArn: `arn:aws:iam::${account}:instance-profile/castai-${name}-nodes`,
                },
            })),
        },
    });
}

export interface CliRun {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

export class FleetProject {
    private constructor(
        readonly dir: string,
        readonly stateDir: string,
        readonly env: Record<string, string>,
        readonly stacks: Record<string, Stack>,
    ) {}

    /** Copies the project with the given stack files, and creates each stack in one shared file backend. */
    static async create(api: { apiKey: string; url: string }, stackFiles: Record<string, string>): Promise<FleetProject> {
        const dir = projectCopy(stackFiles);
        const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "castai-fleet-fleet-"));
        fs.mkdirSync(path.join(stateDir, "backend"), { recursive: true });
        const env = engineEnv(stateDir, castAiEnv(api));
        const pulumiCommand = await PulumiCommand.get({ root: path.dirname(engineBinDir()), skipVersionCheck: true });
        const stacks: Record<string, Stack> = {};
        for (const name of Object.keys(stackFiles)) {
            stacks[name] = await LocalWorkspace.createOrSelectStack({ stackName: name, workDir: dir }, { envVars: env, pulumiHome: env.PULUMI_HOME, pulumiCommand });
        }
        return new FleetProject(dir, stateDir, env, stacks);
    }

    /** The backend's lock files (a run in progress, or one killed mid-update). */
    lockFiles(): string[] {
        const root = path.join(this.stateDir, "backend", ".pulumi", "locks");
        const walk = (d: string): string[] =>
            fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)])) : [];
        return walk(root).filter((f) => f.endsWith(".json"));
    }

    /** Starts `castai-fleet <args>` in the project directory, in its own process group. */
    start(args: readonly string[]): { child: ChildProcess; done: Promise<CliRun> } {
        const child = spawn(process.execPath, [path.join(repoRoot, "dist", "components", "fleet", "bin.js"), ...args], {
            cwd: this.dir,
            env: { ...process.env, ...this.env },
            stdio: ["ignore", "pipe", "pipe"],
            detached: true,
        });
        let stdout = "";
        let stderr = "";
        child.stdout!.on("data", (d) => (stdout += d));
        child.stderr!.on("data", (d) => (stderr += d));
        const done = new Promise<CliRun>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
        return { child, done };
    }

    /** Runs `castai-fleet <args>` to its end, killed after `timeoutMs`. */
    async run(args: readonly string[], timeoutMs = 300_000): Promise<CliRun> {
        const { child, done } = this.start(args);
        const timer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), timeoutMs);
        try {
            return await done;
        } finally {
            clearTimeout(timer);
        }
    }

    /**
     * Runs `castai-fleet <args>` on a pseudo-terminal (util-linux `script`), as a user at a terminal does; stdout
     * and stderr arrive mixed, as on a terminal.
     */
    async runOnTerminal(args: readonly string[], timeoutMs = 300_000): Promise<CliRun> {
        const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
        const command = [process.execPath, path.join(repoRoot, "dist", "components", "fleet", "bin.js"), ...args].map(quote).join(" ");
        const child = spawn("script", ["-q", "-e", "-c", command, "/dev/null"], { cwd: this.dir, env: { ...process.env, ...this.env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
        let stdout = "";
        child.stdout!.on("data", (d) => (stdout += d));
        const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), timeoutMs);
        const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
        clearTimeout(timer);
        return { code, stdout: stdout.replace(/\r\n/g, "\n"), stderr: "" };
    }

    async remove(): Promise<void> {
        for (const [name, stack] of Object.entries(this.stacks)) {
            await stack.workspace.removeStack(name, { force: true }).catch(() => undefined);
        }
        // Retried: a plugin of a cancelled engine may still be writing its last files while the tree goes.
        fs.rmSync(this.stateDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
        fs.rmSync(this.dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    }
}

/**
 * Samples, until stopped, how many `pulumi <verb>` engine processes run in `dir` at once (from /proc: the CLI's
 * command line and working directory). Returns the largest number seen. A process whose parent is such an engine is
 * not counted: between fork and exec, a plugin the engine starts still shows the engine's command line.
 */
export function engineSampler(dir: string, verb: string, everyMs = 50): { stop(): number } {
    const real = fs.realpathSync(dir);
    let max = 0;
    const sample = () => {
        const engines = new Map<string, string>();
        for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
            try {
                const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
                if (path.basename(argv[0]) === "pulumi" && argv[1] === verb && fs.readlinkSync(`/proc/${pid}/cwd`) === real) {
                    // The parent pid is the field after the parenthesized command name in /proc/<pid>/stat.
                    engines.set(pid, fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1]);
                }
            } catch {
                // The process ended between the listing and the read.
            }
        }
        max = Math.max(max, [...engines.values()].filter((ppid) => !engines.has(ppid)).length);
    };
    const timer = setInterval(sample, everyMs);
    return {
        stop() {
            clearInterval(timer);
            return max;
        },
    };
}

/**
 * SIGKILLs a process and every descendant, as a crash or `kill -9` of a whole session would. The engine starts its
 * plugins in their own process groups, so killing its group alone would leave them running.
 */
export function killTree(pid: number): void {
    const children = new Map<number, number[]>();
    for (const p of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
        try {
            const ppid = Number(fs.readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ")[1]);
            children.set(ppid, [...(children.get(ppid) ?? []), Number(p)]);
        } catch {
            // The process ended between the listing and the read.
        }
    }
    const tree: number[] = [];
    const visit = (p: number) => {
        tree.push(p);
        for (const c of children.get(p) ?? []) visit(c);
    };
    visit(pid);
    for (const p of tree) {
        try {
            process.kill(p, "SIGKILL");
        } catch {
            // Already gone.
        }
    }
}

/** The largest number of [start, end] intervals that overlap at one instant. */
export function maxOverlap(intervals: readonly { startedAt?: number; endedAt?: number }[]): number {
    const points = intervals.flatMap((i) => (i.startedAt === undefined || i.endedAt === undefined ? [] : [[i.startedAt, 1] as const, [i.endedAt, -1] as const]));
    points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let now = 0;
    let max = 0;
    for (const [, d] of points) {
        now += d;
        max = Math.max(max, now);
    }
    return max;
}
