import { strict as assert } from "node:assert";
import * as path from "node:path";
import { stringify } from "yaml";
import { Emulator, startEmulator } from "../../components/testing";
import { createProjectStack } from "../../scripts/engine";
import { CRON_ALLOWED, cronProblem } from "../../components/resources/cron";
import { storedFiles } from "./resourceStack";

// `up` without a preview (as the Automation API and `--skip-preview` run it) of a fleet stack with bad entries:
// every problem is reported, naming the entry and the field, before any CAST AI request and with nothing in state.

const eks = (clusterName: string) => ({
    accountId: "111111111111",
    region: "eu-central-1",
    clusterName,
    existingRoleArn: "arn:aws:iam::111111111111:role/castai",
    existingInstanceProfileArn: "arn:aws:iam::111111111111:instance-profile/castai-nodes",
});
const entry = (key: string, extra: Record<string, unknown> = {}) => ({ key, provider: "eks", inCluster: false, eks: eks(key), ...extra });

const cases: { what: string; clusters: unknown[]; lines: string[] }[] = [
    {
        what: "a profile hibernation window the schedule would refuse, on the second entry",
        clusters: [entry("shop"), entry("cart", { profile: { hibernation: { pauseCron: "0 25 * * 1-5", resumeCron: "0 7 * * 1-5" } } })],
        lines: [`cart: profile.hibernation.pauseCron "0 25 * * 1-5" is not a valid cron expression: ${cronProblem("0 25 * * 1-5")}; allowed: ${CRON_ALLOWED}`],
    },
    {
        what: "two entries with one key",
        clusters: [entry("shop"), { ...entry("shop"), eks: eks("shop-2") }],
        lines: ['fleet:clusters[1].key must be set and unique in the stack (got "shop")'],
    },
    {
        what: "an unknown region and a misspelled profile field, reported together",
        clusters: [entry("shop", { eks: { ...eks("shop"), region: "mars-north-9" }, profile: { maxCpu: 8 } })],
        lines: ["shop: eks.region", "mars-north-9", "shop: profile.maxCpu is not a field of profile; did you mean profile.maxCpuCores?"],
    },
];

describe("engine: a fleet stack with bad entries fails up before anything exists", function () {
    this.timeout(600_000);
    let emu: Emulator;

    before(async () => {
        emu = await startEmulator({ strict: true });
    });
    after(() => emu.stop());

    for (const c of cases) {
        it(`${c.what}: one line per problem, no request, nothing in state`, async () => {
            const engine = await createProjectStack("bad", emu, { bad: stringify({ config: { "fleet:environment": "dev", "fleet:clusters": c.clusters } }) });
            try {
                emu.clearLog();
                const text = await engine.stack.up({ color: "never" }).then(
                    () => assert.fail("up succeeded"),
                    (err: Error) => err.message,
                );
                for (const line of c.lines) {
                    assert.ok(text.includes(line), `the error says: ${line}\n${text}`);
                }
                assert.ok(!/__pulumiResource|OutputImpl|at .*\.js:\d+/.test(text), `no SDK internals or stack trace:\n${text}`);
                assert.deepEqual(emu.requests, [], "CAST AI received no request");
                assert.ok(!storedFiles(path.join(engine.stateDir, "backend")).includes("pulumi-nodejs:dynamic/castai:"), "no CAST AI resource in the state");
            } finally {
                await engine.remove();
            }
        });
    }
});
