import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXIT, parseArgs, statusTable } from "../../components/fleet/cli";
import { driftFromEvents, driftLines, fieldChanges } from "../../components/fleet/drift";
import { errorText, runPool } from "../../components/fleet/pool";
import type { ClusterStatus } from "../../components/fleet/status";
import { offTable, pinnedVersions } from "../../components/fleet/versions";
import { DEFAULT_CHART_VERSIONS } from "../../components/kubernetes/versions";

describe("castai-fleet command: parsing, drift fields, versions, the pool", () => {
    it("parses the options of each command, with --parallel 4 by default", () => {
        const operator = { branch: "main", repoDir: "", namespace: "castai-fleet", resyncSeconds: 3600 };
        assert.deepEqual(parseArgs(["drift"]), { command: "drift", json: false, parallel: 4, fix: false, operator });
        assert.deepEqual(parseArgs(["drift", "--fix", "--json", "--parallel=2", "--stack", "dev,prod", "--stack", "staging", "--cwd", "p", "--log-dir", "l"]), {
            command: "drift",
            json: true,
            parallel: 2,
            fix: true,
            stacks: ["dev", "prod", "staging"],
            cwd: "p",
            logDir: "l",
            operator,
        });
        const manifests = parseArgs(["operator-manifests", "--repo", "https://github.com/acme/fleet.git", "--repo-dir", "infra", "--resync", "600", "--passphrase-secret", "fleet-secrets", "--access-token-secret=tok:token"]);
        assert.deepEqual("error" in manifests ? manifests : manifests.operator, {
            ...operator,
            repo: "https://github.com/acme/fleet.git",
            repoDir: "infra",
            resyncSeconds: 600,
            passphrase: { name: "fleet-secrets", key: "passphrase" },
            accessToken: { name: "tok", key: "token" },
        });
    });

    it("refuses what it does not know, saying what is allowed", () => {
        assert.deepEqual(parseArgs([]), { error: "a command is required" });
        assert.deepEqual(parseArgs(["drfit"]), { error: 'unknown command "drfit" (commands: status, drift, versions, report, operator-manifests)' });
        assert.deepEqual(parseArgs(["operator-manifests"]), { error: "operator-manifests needs --repo <git URL>: the operator clones the project from it" });
        assert.deepEqual(parseArgs(["drift", "--repo", "x"]), { error: "--repo applies to operator-manifests only" });
        assert.deepEqual(parseArgs(["operator-manifests", "--repo", "x", "--resync", "30"]), { error: '--resync takes whole seconds from 60 to 86400 (got "30")' });
        assert.match((parseArgs(["operator-manifests", "--repo", "x", "--passphrase-secret", "Bad_Name"]) as { error: string }).error, /^--passphrase-secret: a Secret reference is <secret name>\[:<key>\]/);
        assert.deepEqual(parseArgs(["status", "--fix"]), { error: "--fix applies to drift only" });
        assert.deepEqual(parseArgs(["drift", "--parallel", "0"]), { error: '--parallel takes a whole number from 1 to 64 (got "0")' });
        assert.deepEqual(parseArgs(["drift", "--parallel"]), { error: '--parallel takes a whole number from 1 to 64 (got "")' });
        assert.deepEqual(parseArgs(["drift", "--force"]), { error: 'unknown option "--force"' });
        assert.deepEqual(EXIT, { ok: 0, differs: 1, error: 2, cancelled: 130 });
    });

    it("a drifted field is a leaf the code sets whose live value differs; fields CAST AI fills and the provider are not compared", () => {
        const code = { __provider: "js", clusterId: "c", policies: { enabled: true, unschedulablePods: { headroom: { cpuPercentage: 15, memoryPercentage: 15 } } }, list: [1, 2] };
        const live = { __provider: "other", clusterId: "c", policies: { enabled: true, isScopedMode: true, unschedulablePods: { headroom: { cpuPercentage: 10, memoryPercentage: 15 } } }, list: [1, 3] };
        assert.deepEqual(fieldChanges(code, live), [
            { path: "policies.unschedulablePods.headroom.cpuPercentage", code: 15, live: 10 },
            { path: "list[1]", code: 2, live: 3 },
        ]);
        assert.deepEqual(fieldChanges({ a: { b: 1 } }, {}), [{ path: "a", code: { b: 1 }, live: undefined }]);
        const secret = (c: string) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: c });
        assert.deepEqual(fieldChanges({ token: secret("x") }, { token: secret("y") }), [{ path: "token", code: "[secret]", live: "[secret]" }], "secrets by type only");
    });

    it("reads drift from the preview's steps and prints one line per field as stack / resource / path: code → live", () => {
        const step = (op: string, name: string, inputs = {}, outputs = {}) => ({
            sequence: 1,
            timestamp: 1,
            resourcePreEvent: { metadata: { op, urn: `urn:pulumi:prod::castai-fleet::a$b::${name}`, type: "t", provider: "", old: { outputs }, new: { inputs } } },
        });
        const drift = driftFromEvents("prod", [
            step("refresh", "x"),
            step("same", "y"),
            step("update", "shop-prod-autoscaler", { policies: { headroom: 15, name: "a" } }, { policies: { headroom: 10, name: "a" } }),
            step("create", "shop-prod-spot-template"),
        ] as never);
        assert.deepEqual(driftLines(drift), [
            "prod / shop-prod-autoscaler / policies.headroom: 15 → 10",
            "prod / shop-prod-spot-template / missing: in the code, not in the state or gone from CAST AI (up creates it)",
        ]);
    });

    const cluster = (stack: string, versions: Record<string, string>): ClusterStatus => ({
        stack,
        cluster: `shop-${stack}`,
        clusterId: "id",
        status: "ready",
        agentStatus: "online",
        environment: stack,
        versions,
        estimatedMonthlySavingsUsd: 1962.15,
    });

    it("judges each pinned version against the package's table: behind, ahead, current, unknown", () => {
        const pins = pinnedVersions([
            cluster("dev", { "castware-operator": DEFAULT_CHART_VERSIONS["castware-operator"], "component/castai-agent": "0.160.0" }),
            cluster("staging", { "castai-evictor": "9.0.0", "component/spot-handler": DEFAULT_CHART_VERSIONS["castai-spot-handler"] }),
            cluster("prod", { "castai-kvisor": "1.164.6", "castai-evictor": "9.0.0" }),
        ]);
        assert.deepEqual(
            pins.map((p) => `${p.stack} ${p.name}→${p.chart} ${p.verdict}`),
            [
                "dev castware-operator→castware-operator current",
                "dev component/castai-agent→castai-agent behind",
                "staging castai-evictor→castai-evictor ahead",
                "staging component/spot-handler→castai-spot-handler current",
                "prod castai-kvisor→castai-kvisor behind",
                "prod castai-evictor→castai-evictor ahead",
            ],
        );
        assert.deepEqual(
            offTable(pins).map((o) => [o.stack, o.verdict, o.pins.length]),
            [
                ["dev", "behind", 1],
                ["staging", "ahead", 1],
                ["prod", "mixed", 2],
            ],
        );
    });

    it("the status table has one row per cluster and names only the versions off the table", () => {
        const table = statusTable([cluster("dev", { "component/castai-agent": "0.160.0" }), cluster("prod", { "castware-operator": DEFAULT_CHART_VERSIONS["castware-operator"] })]);
        assert.deepEqual(table.split("\n"), [
            "STACK  CLUSTER    ENV   CAST AI ID  STATUS  AGENT   SAVINGS/MONTH  VERSIONS",
            "dev    shop-dev   dev   id          ready   online  $1,962.15      component/castai-agent 0.160.0",
            "prod   shop-prod  prod  id          ready   online  $1,962.15      as the table",
        ]);
    });

    it("the pool runs at most N tasks at once, in order, one log file each, and one failure does not stop the others", async () => {
        const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-pool-"));
        let running = 0;
        let most = 0;
        const tasks = ["a", "b", "c", "d", "e"].map((name) => ({
            name,
            run: async ({ log }: { log: (t: string) => void }) => {
                running++;
                most = Math.max(most, running);
                log(`working on ${name}`);
                await new Promise((r) => setTimeout(r, 20));
                running--;
                if (name === "c") throw new Error("Command failed\nerror: the stack is currently locked\nmore");
                return name.toUpperCase();
            },
        }));
        const outcomes = await runPool(tasks, { parallel: 2, logDir });
        assert.equal(most, 2);
        assert.deepEqual(
            outcomes.map((o) => (o.ok ? o.value : o.error)),
            ["A", "B", "error: the stack is currently locked", "D", "E"],
        );
        assert.match(fs.readFileSync(path.join(logDir, "c.log"), "utf8"), /started c\nworking on c\n.*failed: error: the stack is currently locked\n$/);
        fs.rmSync(logDir, { recursive: true, force: true });
    });

    it("a cancelled pool starts nothing more", async () => {
        const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-pool-"));
        const controller = new AbortController();
        const ran: string[] = [];
        const tasks = ["a", "b", "c"].map((name) => ({
            name,
            run: async () => {
                ran.push(name);
                controller.abort();
            },
        }));
        const outcomes = await runPool(tasks, { parallel: 1, logDir, signal: controller.signal });
        assert.deepEqual(ran, ["a"]);
        assert.deepEqual(outcomes.map((o) => (o.ok ? "ok" : o.error)), ["ok", "cancelled before it started", "cancelled before it started"]);
        assert.equal(errorText(new Error("one\ntwo\nthree\nfour")), "one two three");
        fs.rmSync(logDir, { recursive: true, force: true });
    });
});
