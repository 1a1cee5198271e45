// The `castai-fleet` command line: arguments in, exit code out. Parsing is a pure function; each command reads
// the project's stacks through the Automation API, a bounded number at once, each with its own log file.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_CHART_VERSIONS } from "../kubernetes/versions";
import { StackDrift, driftLines, fixDrift, previewDrift } from "./drift";
import { PoolOutcome, PoolTask, ProgressEvent, runPool } from "./pool";
import { renderReport } from "./report";
import { SecretKeyRef, manifestsYaml, operatorManifests, parseSecretRef } from "./operatorManifests";
import { Fleet, FleetStack, openFleet, stackLock } from "./stacks";
import { ClusterStatus, clusterStatuses } from "./status";
import { textTable, usd } from "./table";
import { PinnedVersion, offTable, pinnedVersions } from "./versions";

/** Exit codes: drift and versions exit 1 when something differs, so a nightly CI job fails on it. */
export const EXIT = { ok: 0, differs: 1, error: 2, cancelled: 130 } as const;

export const COMMANDS = ["status", "drift", "versions", "report", "operator-manifests"] as const;
export type Command = (typeof COMMANDS)[number];

export interface CliArgs {
    readonly command: Command;
    readonly json: boolean;
    readonly parallel: number;
    readonly fix: boolean;
    readonly stacks?: readonly string[];
    readonly cwd?: string;
    readonly logDir?: string;
    /** report: the HTML file to write. */
    readonly html?: string;
    /** operator-manifests: where the objects come from and go. */
    readonly operator: OperatorArgs;
}

export interface OperatorArgs {
    readonly repo?: string;
    readonly branch: string;
    readonly repoDir: string;
    readonly namespace: string;
    readonly resyncSeconds: number;
    readonly organization?: string;
    readonly backend?: string;
    readonly accessToken?: SecretKeyRef;
    readonly passphrase?: SecretKeyRef;
    readonly out?: string;
}

export const USAGE = `usage: castai-fleet <command> [options]

commands:
  status      per stack and cluster: CAST AI cluster id, status, agent status, environment, pinned versions,
              estimated monthly savings (as of each stack's last update)
  drift       a refresh preview of every stack (nothing is written): each field the live objects differ in
              from the code; exit 0 clean, 1 drift, 2 error; --fix runs \`up\` on the drifted stacks only
  versions    chart and component versions each environment pins against this package's table;
              exit 0 all on the table, 1 any behind or ahead, 2 error
  report      --html FILE: one page with the fleet table, drift, versions and a bar chart of estimated monthly
              savings per environment and cluster; exit 0 written, 2 a stack failed (the page says which)
  operator-manifests
              the Pulumi Kubernetes Operator's objects for every stack: a Stack each (refresh and resync on,
              re-applying the code when the live objects drift), its workspace's ServiceAccount and binding

options:
  --json            machine-readable output on stdout
  --parallel N      stacks run at once (default 4)
  --stack NAME      only this stack (repeatable, or comma-separated)
  --cwd DIR         the Pulumi project directory (default: the current one)
  --log-dir DIR     where each stack's <stack>.log goes (default: a new directory under the system temp dir)
  --fix             drift: run \`up\` (with refresh) on the drifted stacks, after printing what it will do

operator-manifests options:
  --repo URL                  the git repository the operator clones the project from (required)
  --branch NAME               default main
  --repo-dir DIR              directory of Pulumi.yaml in the repository (default: its root)
  --namespace NAME            namespace of the Stack objects (default castai-fleet)
  --resync SECONDS            seconds between resyncs, 60 to 86400 (default 3600)
  --org NAME                  organization of the stacks (default: on Pulumi Cloud the logged-in user's first
                              organization, on a self-managed backend "organization")
  --backend URL               the state backend the operator uses (default: the one you are logged into;
                              a local file:// backend is refused, no cluster can read it)
  --access-token-secret S[:K] Secret and key of PULUMI_ACCESS_TOKEN (default pulumi-api-secret:accessToken)
  --passphrase-secret S[:K]   Secret and key of PULUMI_CONFIG_PASSPHRASE, for passphrase-encrypted stacks
  --out FILE                  write the YAML there (default: stdout)`;

/** Parses the command line; an `error` says what is wrong in the user's terms. */
export function parseArgs(argv: readonly string[]): CliArgs | { readonly error: string } {
    const [command, ...rest] = argv;
    if (!command || command === "--help" || command === "-h") {
        return { error: "a command is required" };
    }
    if (!(COMMANDS as readonly string[]).includes(command)) {
        return { error: `unknown command "${command}" (commands: ${COMMANDS.join(", ")})` };
    }
    const out: { json: boolean; parallel: number; fix: boolean; stacks?: string[]; cwd?: string; logDir?: string; html?: string } = { json: false, parallel: 4, fix: false };
    const operator: { -readonly [K in keyof OperatorArgs]: OperatorArgs[K] } = { branch: "main", repoDir: "", namespace: "castai-fleet", resyncSeconds: 3600 };
    const onlyOperator = new Set(["--repo", "--branch", "--repo-dir", "--namespace", "--resync", "--org", "--backend", "--access-token-secret", "--passphrase-secret", "--out"]);
    for (let i = 0; i < rest.length; i++) {
        const [flag, inline] = rest[i].startsWith("--") && rest[i].includes("=") ? [rest[i].slice(0, rest[i].indexOf("=")), rest[i].slice(rest[i].indexOf("=") + 1)] : [rest[i], undefined];
        const value = (): string | undefined => inline ?? rest[++i];
        if (onlyOperator.has(flag) && command !== "operator-manifests") {
            return { error: `${flag} applies to operator-manifests only` };
        }
        switch (flag) {
            case "--json":
                out.json = true;
                break;
            case "--fix":
                if (command !== "drift") return { error: "--fix applies to drift only" };
                out.fix = true;
                break;
            case "--parallel": {
                const v = value();
                const n = Number(v);
                if (!Number.isInteger(n) || n < 1 || n > 64) return { error: `--parallel takes a whole number from 1 to 64 (got ${JSON.stringify(v ?? "")})` };
                out.parallel = n;
                break;
            }
            case "--stack": {
                const v = value();
                if (!v) return { error: "--stack takes a stack name" };
                out.stacks = [...(out.stacks ?? []), ...v.split(",").map((s) => s.trim()).filter(Boolean)];
                break;
            }
            case "--html": {
                if (command !== "report") return { error: "--html applies to report only" };
                const v = value();
                if (!v) return { error: "--html takes a file name" };
                out.html = v;
                break;
            }
            case "--cwd":
            case "--log-dir": {
                const v = value();
                if (!v) return { error: `${flag} takes a directory` };
                out[flag === "--cwd" ? "cwd" : "logDir"] = v;
                break;
            }
            case "--repo":
            case "--branch":
            case "--repo-dir":
            case "--namespace":
            case "--org":
            case "--backend":
            case "--out": {
                const v = value();
                if (v === undefined || (v === "" && flag !== "--repo-dir")) return { error: `${flag} takes a value` };
                const field = ({ "--repo": "repo", "--branch": "branch", "--repo-dir": "repoDir", "--namespace": "namespace", "--org": "organization", "--backend": "backend", "--out": "out" } as const)[flag];
                operator[field] = v;
                break;
            }
            case "--resync": {
                const v = value();
                const n = Number(v);
                if (!Number.isInteger(n) || n < 60 || n > 86400) return { error: `--resync takes whole seconds from 60 to 86400 (got ${JSON.stringify(v ?? "")})` };
                operator.resyncSeconds = n;
                break;
            }
            case "--access-token-secret":
            case "--passphrase-secret": {
                const ref = parseSecretRef(value() ?? "", flag === "--passphrase-secret" ? "passphrase" : "accessToken");
                if ("error" in ref) return { error: `${flag}: ${ref.error}` };
                operator[flag === "--passphrase-secret" ? "passphrase" : "accessToken"] = ref;
                break;
            }
            default:
                return { error: `unknown option "${rest[i]}"` };
        }
    }
    if (command === "report" && !out.html) {
        return { error: "report needs --html <file>" };
    }
    if (command === "operator-manifests" && !operator.repo) {
        return { error: "operator-manifests needs --repo <git URL>: the operator clones the project from it" };
    }
    return { command: command as Command, ...out, operator };
}

export interface CliIo {
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
    /** Progress lines (one per stack start and end) go to stderr when it is a terminal. */
    readonly progress: boolean;
    /** Aborted on Ctrl-C. */
    readonly signal: AbortSignal;
    readonly cwd: string;
}

/** How long a cancelled run waits for the engines to stop before it clears the locks anyway. */
const CANCEL_GRACE_MS = 60_000;

/** Runs one command; resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv);
    if ("error" in args) {
        io.stderr(`castai-fleet: ${args.error}\n\n${USAGE}\n`);
        return EXIT.error;
    }
    let fleet: Fleet;
    try {
        fleet = await openFleet({ workDir: path.resolve(io.cwd, args.cwd ?? "."), stackNames: args.stacks });
    } catch (e) {
        io.stderr(`castai-fleet: ${e instanceof Error ? e.message : String(e)}\n`);
        return EXIT.error;
    }
    const logDir = path.resolve(io.cwd, args.logDir ?? path.join(os.tmpdir(), "castai-fleet", `${args.command}-${new Date().toISOString().replace(/[:.]/g, "-")}`));
    const runner = new Runner(fleet, args, io, logDir);
    const code = await runner.run();
    if (io.signal.aborted) {
        await runner.releaseLocks();
        io.stderr("castai-fleet: cancelled; every stack it started was cancelled (`pulumi cancel`) and is unlocked\n");
        return EXIT.cancelled;
    }
    return code;
}

/** One command over the fleet: the pool, the stacks it started, the output. */
class Runner {
    private readonly started = new Set<FleetStack>();

    constructor(
        private readonly fleet: Fleet,
        private readonly args: CliArgs,
        private readonly io: CliIo,
        private readonly logDir: string,
    ) {}

    async run(): Promise<number> {
        if (!this.args.json && this.args.command !== "operator-manifests") {
            this.io.stderr(`castai-fleet ${this.args.command}: ${this.fleet.stacks.length} stack(s), ${this.args.parallel} at once; logs in ${this.logDir}\n`);
        }
        switch (this.args.command) {
            case "status":
                return this.status();
            case "drift":
                return this.drift();
            case "versions":
                return this.versions();
            case "report":
                return this.report();
            case "operator-manifests":
                return this.operatorManifests();
        }
    }

    /** Runs `work` on every stack in the pool; a locked stack fails at once with why and how to clear it. */
    private pool<T>(stacks: readonly FleetStack[], work: (s: FleetStack, log: (t: string) => void, signal: AbortSignal) => Promise<T>, dir = this.logDir): Promise<PoolOutcome<T>[]> {
        const tasks: PoolTask<T>[] = stacks.map((s) => ({
            name: s.name,
            run: async ({ log, signal }) => {
                const lock = await stackLock(this.fleet, s.name);
                if (lock) {
                    throw new Error(`stack ${s.name} is ${lock}: if no run is active, clear it with \`pulumi cancel --stack ${s.name}\``);
                }
                this.started.add(s);
                return work(s, log, signal);
            },
        }));
        const done = runPool(tasks, { parallel: this.args.parallel, logDir: dir, signal: this.io.signal, onProgress: (e) => this.progress(e) });
        // Cancelled engines get SIGINT and stop on their own; the wait for them is bounded.
        const grace = new Promise<PoolOutcome<T>[]>((resolve) => {
            const onAbort = () => setTimeout(() => resolve(stacks.map((s) => ({ name: s.name, ok: false, error: "cancelled", logFile: path.join(dir, `${s.name}.log`) }))), CANCEL_GRACE_MS).unref();
            this.io.signal.aborted ? onAbort() : this.io.signal.addEventListener("abort", onAbort, { once: true });
        });
        return Promise.race([done, grace]);
    }

    private progress(e: ProgressEvent): void {
        if (!this.io.progress) return;
        const line = e.state === "started" ? `${e.name}: running ${this.args.command}` : `${e.name}: ${e.state === "done" ? "done" : `failed: ${e.detail}`} (${(e.ms / 1000).toFixed(1)} s)`;
        this.io.stderr(`  ${line}\n`);
    }

    /** `pulumi cancel` on every stack this run started: an engine stopped mid-update leaves its lock behind. */
    async releaseLocks(): Promise<void> {
        await Promise.all([...this.started].map((s) => s.stack.cancel().catch(() => undefined)));
    }

    private async status(): Promise<number> {
        const outcomes = await this.pool(this.fleet.stacks, async (s) => clusterStatuses(s.name, await s.stack.exportStack()));
        const clusters = outcomes.flatMap((o) => (o.ok ? o.value : []));
        const errors = failures(outcomes);
        if (this.args.json) {
            this.io.stdout(`${JSON.stringify({ clusters, errors }, null, 2)}\n`);
        } else {
            this.io.stdout(`${statusTable(clusters)}\n`);
            this.printErrors(errors);
        }
        return errors.length > 0 ? EXIT.error : EXIT.ok;
    }

    private async drift(): Promise<number> {
        const outcomes = await this.pool(this.fleet.stacks, (s, log, signal) => previewDrift(s.name, s.stack, log, signal));
        const stacks = outcomes.map((o) => ({
            stack: o.name,
            state: !o.ok ? "error" : o.value.resources.length > 0 ? "drift" : "clean",
            resources: o.ok ? o.value.resources : [],
            ...(o.ok ? {} : { error: o.error }),
            logFile: o.logFile,
            startedAt: o.startedAt,
            endedAt: o.endedAt,
        }));
        const drifted = outcomes.filter((o): o is PoolOutcome<StackDrift> & { ok: true } => o.ok && o.value.resources.length > 0);
        const errors = failures(outcomes);
        if (!this.args.json) {
            const lines = drifted.flatMap((o) => driftLines(o.value));
            this.io.stdout(`${lines.length > 0 ? lines.join("\n") : "no drift"}\n`);
            this.printErrors(errors);
        }
        if (!this.args.fix || drifted.length === 0 || this.io.signal.aborted) {
            if (this.args.json) this.io.stdout(`${JSON.stringify({ stacks }, null, 2)}\n`);
            return errors.length > 0 ? EXIT.error : drifted.length > 0 ? EXIT.differs : EXIT.ok;
        }
        const targets = this.fleet.stacks.filter((s) => drifted.some((o) => o.name === s.name));
        this.io.stderr(`castai-fleet drift --fix: will run \`pulumi up --refresh\` on ${targets.length} drifted stack(s), to put back what the code says:\n`);
        for (const o of drifted) this.io.stderr(`  ${o.name}: ${o.value.resources.map((r) => r.resource).join(", ")}\n`);
        const fixes = await this.pool(targets, (s, log, signal) => fixDrift(s.stack, log, signal), path.join(this.logDir, "fix"));
        const fixErrors = failures(fixes);
        if (this.args.json) {
            this.io.stdout(`${JSON.stringify({ stacks, fixed: fixes.filter((f) => f.ok).map((f) => f.name), fixErrors }, null, 2)}\n`);
        } else {
            for (const f of fixes) this.io.stdout(`${f.name}: ${f.ok ? "fixed" : `fix failed: ${f.error} (log: ${f.logFile})`}\n`);
        }
        return errors.length > 0 || fixErrors.length > 0 ? EXIT.error : EXIT.ok;
    }

    private async versions(): Promise<number> {
        const outcomes = await this.pool(this.fleet.stacks, async (s) => clusterStatuses(s.name, await s.stack.exportStack()));
        const pins = pinnedVersions(outcomes.flatMap((o) => (o.ok ? o.value : [])));
        const off = offTable(pins);
        const errors = failures(outcomes);
        if (this.args.json) {
            this.io.stdout(`${JSON.stringify({ table: DEFAULT_CHART_VERSIONS, pins, offTable: off, errors }, null, 2)}\n`);
        } else {
            this.io.stdout(`${versionsTable(pins)}\n`);
            for (const o of off) this.io.stdout(`${o.stack}: ${o.verdict} the package's table (${o.pins.map((p) => `${p.name} ${p.pinned}, table ${p.expected ?? "none"}`).join("; ")})\n`);
            this.printErrors(errors);
        }
        return errors.length > 0 ? EXIT.error : off.length > 0 ? EXIT.differs : EXIT.ok;
    }

    private async report(): Promise<number> {
        const outcomes = await this.pool(this.fleet.stacks, async (s, log, signal) => ({
            clusters: clusterStatuses(s.name, await s.stack.exportStack()),
            drift: await previewDrift(s.name, s.stack, log, signal),
        }));
        const clusters = outcomes.flatMap((o) => (o.ok ? o.value.clusters : []));
        const drift = outcomes.map((o) =>
            o.ok
                ? { stack: o.name, state: o.value.drift.resources.length > 0 ? ("drift" as const) : ("clean" as const), resources: o.value.drift.resources }
                : { stack: o.name, state: "error" as const, resources: [], error: o.error },
        );
        const file = path.resolve(this.io.cwd, this.args.html!);
        fs.writeFileSync(file, renderReport({ generatedAt: new Date().toISOString(), clusters, drift, pins: pinnedVersions(clusters) }));
        this.io.stderr(`castai-fleet: wrote the report to ${file}\n`);
        const errors = failures(outcomes);
        this.printErrors(errors);
        return errors.length > 0 ? EXIT.error : EXIT.ok;
    }

    private async operatorManifests(): Promise<number> {
        const o = this.args.operator;
        const cloud = /^https:\/\/(api|app)\.pulumi\.com/.test(this.fleet.backendUrl);
        const backend = o.backend ?? (cloud ? undefined : this.fleet.backendUrl);
        if (backend?.startsWith("file://")) {
            this.io.stderr(`castai-fleet: the stacks' backend is a local directory (${backend}) no cluster can read; pass --backend <url> of a shared state store\n`);
            return EXIT.error;
        }
        const who = this.fleet.who;
        const stacks = [];
        for (const s of this.fleet.stacks) {
            const environment = await s.stack.getConfig("fleet:environment").then((c) => c.value, () => undefined);
            stacks.push({ name: s.name, environment });
        }
        const objects = operatorManifests({
            project: this.fleet.project,
            stacks,
            organization: o.organization ?? (backend ? "organization" : (who.organizations?.[0] ?? who.user)),
            repo: o.repo!,
            branch: o.branch,
            repoDir: o.repoDir,
            namespace: o.namespace,
            resyncSeconds: o.resyncSeconds,
            backend,
            accessToken: o.accessToken ?? (backend ? undefined : { name: "pulumi-api-secret", key: "accessToken" }),
            passphrase: o.passphrase,
        });
        const yaml = manifestsYaml(objects);
        if (o.out) {
            fs.writeFileSync(path.resolve(this.io.cwd, o.out), yaml);
            this.io.stderr(`castai-fleet: wrote ${objects.length} objects (${stacks.length} Stack) to ${o.out}\n`);
        } else {
            this.io.stdout(yaml);
        }
        return EXIT.ok;
    }

    private printErrors(errors: readonly { stack: string; error: string; logFile: string }[]): void {
        for (const e of errors) this.io.stdout(`${e.stack}: error: ${e.error} (log: ${e.logFile})\n`);
    }
}

function failures(outcomes: readonly PoolOutcome<unknown>[]): { stack: string; error: string; logFile: string }[] {
    return outcomes.flatMap((o) => (o.ok ? [] : [{ stack: o.name, error: o.error, logFile: o.logFile }]));
}

/** The status table: one row per cluster. */
export function statusTable(clusters: readonly ClusterStatus[]): string {
    if (clusters.length === 0) return "no clusters (no stack has been deployed)";
    const pins = pinnedVersions(clusters);
    const rows = clusters.map((c) => {
        const off = pins.filter((p) => p.stack === c.stack && p.cluster === c.cluster && p.verdict !== "current");
        const versions = off.length === 0 ? "as the table" : off.map((p) => `${p.name} ${p.pinned}`).join(", ");
        return [c.stack, c.cluster, c.environment, c.clusterId, c.status, c.agentStatus, usd(c.estimatedMonthlySavingsUsd), versions];
    });
    return textTable(["STACK", "CLUSTER", "ENV", "CAST AI ID", "STATUS", "AGENT", "SAVINGS/MONTH", "VERSIONS"], rows);
}

/** The versions table: one row per stack and pinned name whose version is off the table, or one line saying none is. */
export function versionsTable(pins: readonly PinnedVersion[]): string {
    const rows = pins.map((p) => [p.stack, p.environment, p.cluster, p.name, p.pinned, p.expected ?? "-", p.verdict]);
    return rows.length === 0 ? "no pinned versions (no stack has been deployed)" : textTable(["STACK", "ENV", "CLUSTER", "NAME", "PINNED", "TABLE", ""], rows);
}
