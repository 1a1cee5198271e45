import * as assert from "assert/strict";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { castaiAlertRules } from "../../components/kubernetes/monitoring";
import { renderRulesFile, RULES_FILE, RULES_TEST_FILE } from "../../scripts/generateRules";

const ROOT = path.resolve(__dirname, "../../..");

function run(promtool: string, args: string[], cwd = ROOT): { status: number | null; output: string } {
    const result = spawnSync(promtool, args, { cwd, encoding: "utf8" });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("CAST AI alert rules under promtool", function () {
    let promtool: string;

    before(function () {
        // scripts/promtool.sh may have to install Debian's prometheus package first.
        this.timeout(600_000);
        promtool = execFileSync("bash", [path.join(ROOT, "scripts/promtool.sh")], { encoding: "utf8" }).trim();
    });

    it("promtool check rules accepts the rules file", () => {
        const { status, output } = run(promtool, ["check", "rules", RULES_FILE]);
        const count = castaiAlertRules().flatMap((g) => g.rules).length;
        assert.equal(status, 0, output);
        assert.match(output, new RegExp(`SUCCESS: ${count} rules found`));
    });

    it("promtool test rules passes: each alert fires on a failing series and stays quiet on a healthy cluster", () => {
        const { status, output } = run(promtool, ["test", "rules", RULES_TEST_FILE]);
        assert.equal(status, 0, output);
        assert.match(output, /SUCCESS/);
    });

    it("the same tests fail the seed's CastAIAgentDown rule, which fires on a healthy cluster", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "castai-rules-"));
        try {
            const seeded = castaiAlertRules().map((group) => ({
                ...group,
                rules: group.rules.map((rule) =>
                    rule.alert === "CastAIAgentDown"
                        ? { ...rule, expr: 'kube_pod_status_ready{namespace="castai-agent", pod=~"castai-agent.*"} == 0' }
                        : rule,
                ),
            }));
            fs.writeFileSync(path.join(dir, path.basename(RULES_FILE)), renderRulesFile(seeded));
            fs.copyFileSync(path.join(ROOT, RULES_TEST_FILE), path.join(dir, path.basename(RULES_TEST_FILE)));
            const { status, output } = run(promtool, ["test", "rules", path.basename(RULES_TEST_FILE)], dir);
            assert.notEqual(status, 0, output);
            assert.match(output, /healthy cluster[\s\S]*alertname: CastAIAgentDown/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
