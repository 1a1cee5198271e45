import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";

/** The repository root (tests run from dist/tests/...). */
export const repoRoot = path.resolve(__dirname, "../../..");

/** The directory holding `pulumi`, `pulumi-language-nodejs` and the dynamic-provider shim (written by scripts/setup.js). */
export function engineBinDir(): string {
    const file = path.join(repoRoot, "dist", "engine.json");
    if (!fs.existsSync(file)) {
        throw new Error("the Pulumi engine is not set up: run `npm test` (or `node scripts/setup.js`) first");
    }
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { bin: string }).bin;
}

/** Environment for the CLI: offline, file backend, empty passphrase, no plugin downloads, our binaries first. */
export function engineEnv(stateDir: string): Record<string, string> {
    return {
        PATH: `${engineBinDir()}${path.delimiter}${process.env.PATH ?? ""}`,
        PULUMI_BACKEND_URL: `file://${path.join(stateDir, "backend")}`,
        PULUMI_HOME: path.join(stateDir, "home"),
        PULUMI_CONFIG_PASSPHRASE: "",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    };
}

export interface TestStack {
    stack: Stack;
    stateDir: string;
    /** Everything the engine printed in this test, for secret scanning. */
    output: string[];
    remove(): Promise<void>;
}

export interface ConfigEntry {
    value: string;
    secret?: boolean;
}

/** Creates a stack of a local program directory with its own state directory. */
export async function createTestStack(programDir: string, stackName: string, config: Record<string, ConfigEntry>): Promise<TestStack> {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "castai-fleet-engine-"));
    const envVars = engineEnv(stateDir);
    fs.mkdirSync(path.join(stateDir, "backend"), { recursive: true });
    const pulumiCommand = await PulumiCommand.get({ root: path.dirname(engineBinDir()), skipVersionCheck: true });
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName, workDir: programDir },
        { envVars, pulumiHome: envVars.PULUMI_HOME, pulumiCommand },
    );
    await stack.setAllConfig(config);
    const output: string[] = [];
    return {
        stack,
        stateDir,
        output,
        async remove() {
            await stack.workspace.removeStack(stackName, { force: true }).catch(() => undefined);
            fs.rmSync(stateDir, { recursive: true, force: true });
            // Stack config files land in the program directory; keep the tree clean.
            fs.rmSync(path.join(programDir, `Pulumi.${stackName}.yaml`), { force: true });
        },
    };
}

/** Options that collect the engine's output into the test stack's log. */
export function collect(t: TestStack): { onOutput: (s: string) => void; color: "never" } {
    return { onOutput: (s: string) => t.output.push(s), color: "never" };
}
