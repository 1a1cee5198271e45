import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_CHART_VERSIONS } from "../../components/kubernetes/versions";
import { Emulator, startEmulator } from "../../components/testing";
import { liveClusters } from "./emulatorSetup";
import { repoRoot } from "../../scripts/engine";
import { FleetProject, engineSampler, fleetStackFile, killTree, maxOverlap } from "./fleet/fleetProject";
import { chromiumPath, headless, pngSize } from "./fleet/headlessBrowser";

const OLD_AGENT = "0.160.0";

describe("engine: the castai-fleet command over dev, staging and prod in one backend", function () {
    this.timeout(900_000);
    let emu: Emulator;
    let fleet: FleetProject;
    const logRoot = fs.mkdtempSync(path.join(os.tmpdir(), "castai-fleet-logs-"));
    const logDir = (name: string) => path.join(logRoot, name);
    const prodId = () => liveClusters(emu).find((c) => c.name === "shop-prod")!.id;

    before(async () => {
        emu = await startEmulator({ strict: true });
        fleet = await FleetProject.create(emu, {
            dev: fleetStackFile("dev", ["shop-dev"]),
            // staging's agent was pinned on its own, to an older version than the table's.
            staging: fleetStackFile("staging", ["shop-staging", "shop-staging-eu"], { "castai-agent": OLD_AGENT }),
            prod: fleetStackFile("prod", ["shop-prod"]),
        });
        await Promise.all(Object.values(fleet.stacks).map((s) => s.up({ color: "never" })));
    });
    after(async () => {
        await fleet?.remove();
        await emu?.stop();
        fs.rmSync(logRoot, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    });

    it("status lists every cluster of every stack with its CAST AI id, status, agent, environment, versions and savings", async () => {
        const run = await fleet.run(["status", "--json", "--log-dir", logDir("status")]);
        assert.equal(run.code, 0, run.stderr);
        const { clusters } = JSON.parse(run.stdout) as { clusters: Record<string, any>[] };
        assert.deepEqual(clusters.map((c) => `${c.stack}/${c.cluster}`).sort(), ["dev/shop-dev", "prod/shop-prod", "staging/shop-staging", "staging/shop-staging-eu"]);
        for (const c of clusters) {
            const live = liveClusters(emu).find((l) => l.name === c.cluster)!;
            assert.equal(c.clusterId, live.id);
            assert.equal(c.status, "ready");
            assert.equal(c.agentStatus, live.agentStatus);
            assert.equal(c.environment, c.stack);
            assert.ok(c.estimatedMonthlySavingsUsd > 0);
            assert.equal(c.versions["castware-operator"], DEFAULT_CHART_VERSIONS["castware-operator"]);
        }
        const table = await fleet.run(["status", "--log-dir", logDir("status-table")]);
        assert.equal(table.code, 0, table.stderr);
        for (const c of clusters) assert.match(table.stdout, new RegExp(`${c.stack}\\s+${c.cluster}\\s+${c.environment}\\s+${c.clusterId}\\s+ready`));
        assert.match(table.stdout, /staging\s+shop-staging\s.*component\/castai-agent 0\.160\.0/);
    });

    it("on a terminal, prints a progress line per stack as it starts and as it ends", async () => {
        const run = await fleet.runOnTerminal(["status", "--parallel", "2", "--log-dir", logDir("terminal")]);
        assert.equal(run.code, 0, run.stdout);
        for (const stack of ["dev", "staging", "prod"]) {
            assert.match(run.stdout, new RegExp(`^  ${stack}: running status\\n`, "m"));
            assert.match(run.stdout, new RegExp(`^  ${stack}: done \\(\\d+\\.\\d s\\)\\n`, "m"));
        }
        const piped = await fleet.run(["status", "--log-dir", logDir("piped")]);
        assert.doesNotMatch(piped.stderr, /running status/, "no progress lines when stderr is not a terminal");
    });

    it("versions flags the stack whose agent version was overridden, behind the package's table, and exits 1", async () => {
        const run = await fleet.run(["versions", "--json", "--log-dir", logDir("versions")]);
        assert.equal(run.code, 1, run.stderr);
        const out = JSON.parse(run.stdout) as { offTable: { stack: string; verdict: string; pins: { cluster: string; name: string; pinned: string; expected: string }[] }[] };
        assert.deepEqual(
            out.offTable.map((o) => ({ stack: o.stack, verdict: o.verdict, pins: o.pins.map((p) => `${p.cluster} ${p.name} ${p.pinned} (table ${p.expected})`) })),
            [
                {
                    stack: "staging",
                    verdict: "behind",
                    pins: [`shop-staging component/castai-agent ${OLD_AGENT} (table ${DEFAULT_CHART_VERSIONS["castai-agent"]})`, `shop-staging-eu component/castai-agent ${OLD_AGENT} (table ${DEFAULT_CHART_VERSIONS["castai-agent"]})`],
                },
            ],
        );
        const text = await fleet.run(["versions", "--log-dir", logDir("versions-text")]);
        assert.match(text.stdout, /^staging: behind the package's table/m);
        assert.doesNotMatch(text.stdout, /^(dev|prod): /m);
    });

    it("drift is clean (exit 0) and writes nothing while no one has edited anything", async () => {
        emu.clearLog();
        const run = await fleet.run(["drift", "--log-dir", logDir("clean")]);
        assert.equal(run.code, 0, run.stdout + run.stderr);
        assert.equal(run.stdout.trim(), "no drift");
        assert.deepEqual(emu.writes(), [], "a refresh preview makes no write call");
    });

    it("a console edit of prod's headroom is drift in exactly that field of prod, exit 1, with --parallel 2 running at most two engines", async () => {
        emu.console.updatePolicies(prodId(), { unschedulablePods: { headroom: { cpuPercentage: 10 } } });
        emu.clearLog();
        const engines = engineSampler(fleet.dir, "preview");
        const run = await fleet.run(["drift", "--json", "--parallel", "2", "--log-dir", logDir("drift")]);
        const seen = engines.stop();
        assert.equal(run.code, 1, run.stdout + run.stderr);
        const { stacks } = JSON.parse(run.stdout) as { stacks: { stack: string; state: string; resources: unknown[]; logFile: string; startedAt: number; endedAt: number }[] };
        assert.deepEqual(Object.fromEntries(stacks.map((s) => [s.stack, [s.state, s.resources]])), {
            dev: ["clean", []],
            staging: ["clean", []],
            prod: [
                "drift",
                [
                    {
                        resource: "shop-prod-autoscaler",
                        type: "pulumi-nodejs:dynamic/castai:AutoscalerPolicy",
                        op: "update",
                        fields: [{ path: "policies.unschedulablePods.headroom.cpuPercentage", code: 15, live: 10 }],
                    },
                ],
            ],
        });
        assert.deepEqual(emu.writes(), [], "drift writes nothing");
        assert.ok(seen >= 1 && seen <= 2, `at most two engines at once (saw ${seen})`);
        assert.equal(maxOverlap(stacks), 2, "the log timeline: two stacks overlapped, never three");
        for (const s of stacks) {
            const log = fs.readFileSync(s.logFile, "utf8");
            assert.match(log, new RegExp(`started ${s.stack}\\n`));
            assert.match(log, /finished\n$/);
        }

        const text = await fleet.run(["drift", "--log-dir", logDir("drift-text")]);
        assert.equal(text.code, 1);
        assert.equal(text.stdout.trim(), "prod / shop-prod-autoscaler / policies.unschedulablePods.headroom.cpuPercentage: 15 → 10");
    });

    it("report --html writes one page with the fleet, the drift, the versions and a savings bar per environment and cluster, which a headless browser renders", async function () {
        const out = path.join(fleet.dir, "fleet-report.html");
        const run = await fleet.run(["report", "--html", out, "--log-dir", logDir("report")]);
        assert.equal(run.code, 0, run.stdout + run.stderr);
        const chromium = chromiumPath();
        if (!chromium) {
            // scripts/setup.js installs Debian's chromium where apt-get can; elsewhere this check cannot run.
            console.log("    (skipped: no chromium on PATH; install it with `apt-get install -y chromium`)");
            this.skip();
        }
        const dom = await headless(chromium!, `file://${out}`, ["--dump-dom"]);
        const bars = [...dom.matchAll(/<g class="bar( total)?" data-label="([^"]+)" data-value="([^"]+)"/g)].map((m) => [m[2], Number(m[3])] as const);
        const savings: Record<string, number> = {};
        for (const [name, stack] of Object.entries(fleet.stacks)) {
            const summary = (await stack.outputs()).summary.value as Record<string, { estimatedMonthlySavingsUsd: number }>;
            for (const [cluster, c] of Object.entries(summary)) savings[`${name} / ${cluster}`] = c.estimatedMonthlySavingsUsd;
            savings[name] = Math.round(Object.values(summary).reduce((a, c) => a + c.estimatedMonthlySavingsUsd, 0) * 100) / 100;
        }
        assert.deepEqual(Object.fromEntries(bars), savings, "a bar per environment (its total) and per cluster, at the stacks' estimates");
        assert.deepEqual(bars.map(([label]) => label), ["dev", "dev / shop-dev", "prod", "prod / shop-prod", "staging", "staging / shop-staging", "staging / shop-staging-eu"]);
        const live = (name: string) => liveClusters(emu).find((l) => l.name === name)!;
        assert.match(dom, new RegExp(`<code>${live("shop-prod").id}</code>`));
        assert.match(dom, /shop-prod-autoscaler \/ policies\.unschedulablePods\.headroom\.cpuPercentage: 15 → 10/);
        assert.match(dom, /component\/castai-agent<\/td><td>0\.160\.0<\/td>/);
        const artifacts = path.join(repoRoot, "dist", "test-artifacts");
        fs.mkdirSync(artifacts, { recursive: true });
        const screenshot = path.join(artifacts, "fleet-report.png");
        fs.rmSync(screenshot, { force: true });
        fs.copyFileSync(out, path.join(artifacts, "fleet-report.html"));
        await headless(chromium!, `file://${out}`, [`--screenshot=${screenshot}`, "--window-size=1100,1300"]);
        assert.deepEqual(pngSize(screenshot), { width: 1100, height: 1300 }, `the screenshot is kept at ${screenshot}`);
    });

    it("drift --fix says what it will do, runs up on prod only, restores the headroom, and the next drift exits 0", async () => {
        emu.clearLog();
        const run = await fleet.run(["drift", "--fix", "--log-dir", logDir("fix")]);
        assert.equal(run.code, 0, run.stdout + run.stderr);
        assert.match(run.stderr, /will run `pulumi up --refresh` on 1 drifted stack\(s\)[^\n]*\n {2}prod: shop-prod-autoscaler\n/);
        assert.match(run.stdout, /^prod: fixed$/m);
        assert.equal((emu.state.policies[prodId()] as Record<string, any>).unschedulablePods.headroom.cpuPercentage, 15);
        assert.deepEqual(
            [...new Set(emu.writes().map((w) => `${w.method} ${w.path}`))],
            [`PUT /v1/kubernetes/clusters/${prodId()}/policies`],
            "the only write is prod's policy",
        );
        assert.deepEqual(fs.readdirSync(path.join(logDir("fix"), "fix")), ["prod.log"], "up ran on the drifted stack only");
        const again = await fleet.run(["drift", "--log-dir", logDir("after-fix")]);
        assert.equal(again.code, 0, again.stdout + again.stderr);
    });

    it("reports a stack locked by a killed run (exit 2, with how to clear it) and still reports the others, without waiting", async () => {
        const killed = spawn("pulumi", ["up", "--yes", "--refresh", "--stack", "staging", "--non-interactive"], {
            cwd: fleet.dir,
            env: { ...process.env, ...fleet.env },
            stdio: "ignore",
            detached: true,
        });
        try {
            for (let i = 0; i < 600 && fleet.lockFiles().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
            assert.equal(fleet.lockFiles().length, 1, "the update took its lock");
        } finally {
            killTree(killed.pid!);
        }
        const started = Date.now();
        const run = await fleet.run(["drift", "--json", "--log-dir", logDir("locked")], 120_000);
        assert.equal(run.code, 2, run.stdout + run.stderr);
        assert.ok(Date.now() - started < 120_000);
        const { stacks } = JSON.parse(run.stdout) as { stacks: { stack: string; state: string; error?: string }[] };
        assert.deepEqual(Object.fromEntries(stacks.map((s) => [s.stack, s.state])), { dev: "clean", staging: "error", prod: "clean" });
        assert.match(stacks.find((s) => s.stack === "staging")!.error!, /^stack staging is locked by .+ \(pid \d+\) since .+: if no run is active, clear it with `pulumi cancel --stack staging`$/);
        await fleet.stacks.staging.cancel();
        assert.deepEqual(fleet.lockFiles(), []);
    });

    it("Ctrl-C during drift --fix stops the engines, leaves no stack locked and exits 130", async () => {
        emu.console.updatePolicies(prodId(), { unschedulablePods: { headroom: { cpuPercentage: 10 } } });
        const { child, done } = fleet.start(["drift", "--fix", "--log-dir", logDir("cancel")]);
        const fixLog = path.join(logDir("cancel"), "fix", "prod.log");
        try {
            for (let i = 0; i < 1200 && fleet.lockFiles().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
            assert.ok(fs.existsSync(fixLog), "the fix of prod started");
            assert.equal(fleet.lockFiles().length, 1, "the fix's update holds prod's lock");
            // What a terminal's Ctrl-C does: SIGINT to the whole foreground process group.
            process.kill(-child.pid!, "SIGINT");
            const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 120_000);
            const run = await done;
            clearTimeout(timer);
            assert.equal(run.code, 130, run.stdout + run.stderr);
            assert.match(run.stderr, /cancelled; every stack it started was cancelled/);
        } finally {
            if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
        }
        assert.deepEqual(fleet.lockFiles(), [], "no stack left locked");
        const after = await fleet.run(["drift", "--json", "--log-dir", logDir("after-cancel")]);
        assert.notEqual(after.code, 2, after.stdout + after.stderr);
    });
});
