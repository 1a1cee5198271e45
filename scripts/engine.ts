// The offline Pulumi engine as the demo, the policy check and the engine tests use it: our CLI build, a file
// backend in a temporary directory, an empty passphrase, no plugin downloads.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";

/** The repository root (this file runs from dist/scripts/). */
export const repoRoot = path.resolve(__dirname, "../..");

/** The directory with `pulumi`, `pulumi-language-nodejs` and the dynamic-provider shim (written by scripts/setup.js). */
export function engineBinDir(): string {
    const file = path.join(repoRoot, "dist", "engine.json");
    if (!fs.existsSync(file)) {
        throw new Error("the Pulumi engine is not set up: run `node scripts/setup.js` (npm test, demo and bench run it) first");
    }
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { bin: string }).bin;
}

/** Environment for the CLI: offline, file backend, empty passphrase, no plugin downloads, our binaries first. */
export function engineEnv(stateDir: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
        PATH: `${engineBinDir()}${path.delimiter}${process.env.PATH ?? ""}`,
        PULUMI_BACKEND_URL: `file://${path.join(stateDir, "backend")}`,
        PULUMI_HOME: path.join(stateDir, "home"),
        PULUMI_CONFIG_PASSPHRASE: "",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
        ...extra,
    };
}

export interface EngineStack {
    readonly stack: Stack;
    readonly stateDir: string;
    /** Removes the stack, its state and any scratch copy of the project. */
    remove(): Promise<void>;
}

/** Creates a stack of the program in `workDir`, with its own state directory and extra CLI environment. */
export async function createEngineStack(workDir: string, stackName: string, extraEnv: Record<string, string> = {}, cleanup: string[] = []): Promise<EngineStack> {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "castai-fleet-engine-"));
    fs.mkdirSync(path.join(stateDir, "backend"), { recursive: true });
    const envVars = engineEnv(stateDir, extraEnv);
    const pulumiCommand = await PulumiCommand.get({ root: path.dirname(engineBinDir()), skipVersionCheck: true });
    const stack = await LocalWorkspace.createOrSelectStack({ stackName, workDir }, { envVars, pulumiHome: envVars.PULUMI_HOME, pulumiCommand });
    return {
        stack,
        stateDir,
        async remove() {
            await stack.workspace.removeStack(stackName, { force: true }).catch(() => undefined);
            for (const dir of [stateDir, ...cleanup]) {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        },
    };
}

/**
 * A scratch copy of this repository's Pulumi project (Pulumi.yaml, stacks/, tsconfig.json) with dist/ and
 * node_modules/ linked in, so stack init and config writes never touch the repository's stack files.
 * `stackFiles` adds or replaces stack files (`Pulumi.<name>.yaml` contents) in the copy.
 */
export function projectCopy(stackFiles: Record<string, string> = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "castai-fleet-project-"));
    for (const file of ["Pulumi.yaml", "tsconfig.json"]) {
        fs.copyFileSync(path.join(repoRoot, file), path.join(dir, file));
    }
    fs.cpSync(path.join(repoRoot, "stacks"), path.join(dir, "stacks"), { recursive: true });
    for (const link of ["dist", "node_modules", "package.json"]) {
        fs.symlinkSync(path.join(repoRoot, link), path.join(dir, link));
    }
    for (const [name, content] of Object.entries(stackFiles)) {
        fs.writeFileSync(path.join(dir, "stacks", `Pulumi.${name}.yaml`), content);
    }
    return dir;
}

/** The environment that points a program and its dynamic providers at a CAST AI API (the emulator, offline). */
export function castAiEnv(api: { apiKey: string; url: string }): Record<string, string> {
    return { CASTAI_API_TOKEN: api.apiKey, CASTAI_API_URL: api.url };
}

/**
 * A stack of this repository's project in a scratch copy (see `projectCopy`), talking to the given CAST AI API
 * through the environment: the key is never written to a file. `remove()` also deletes the copy.
 */
export async function createProjectStack(stackName: string, api: { apiKey: string; url: string }, stackFiles: Record<string, string> = {}): Promise<EngineStack> {
    const project = projectCopy(stackFiles);
    return createEngineStack(project, stackName, castAiEnv(api), [project]);
}
