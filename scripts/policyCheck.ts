// `npm run policy:check -- --stack <name> [--config <policy-config.json>] [--emulator]`: the CI check of a team.
// Runs `pulumi preview --policy-pack policy-pack` on the stack and exits with the CLI's code: 0 when every
// mandatory policy passes, non-zero with the violations printed when one fails.
//   Without --emulator the stack is previewed as it is, with the caller's backend and credentials
//   (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, cloud credentials), as a team's CI job does.
//   With --emulator the stack's file (stacks/Pulumi.<name>.yaml) is previewed offline against the bundled CAST AI
//   emulator in a scratch copy of the project; this works for stacks whose clusters need no cloud or cluster
//   plugin (inCluster: false and identities brought by the user), such as `demo`.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { startEmulator } from "../components/testing";
import { createProjectStack, engineBinDir, repoRoot } from "./engine";

export const policyPackDir = path.join(repoRoot, "policy-pack");

interface Options {
    stack: string;
    config?: string;
    emulator: boolean;
}

function parseArgs(argv: string[]): Options {
    const options: Partial<Options> = { emulator: false };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--stack") {
            options.stack = argv[++i];
        } else if (arg === "--config") {
            options.config = argv[++i];
        } else if (arg === "--emulator") {
            options.emulator = true;
        } else {
            throw new Error(`unknown argument "${arg}"; usage: npm run policy:check -- --stack <name> [--config <file>] [--emulator]`);
        }
    }
    if (!options.stack) {
        throw new Error("--stack <name> is required, e.g. npm run policy:check -- --stack prod");
    }
    return options as Options;
}

async function offline(options: Options): Promise<number> {
    const emulator = await startEmulator();
    const engine = await createProjectStack(options.stack, emulator);
    try {
        await engine.stack.preview({
            policyPacks: [policyPackDir],
            policyPackConfigs: options.config ? [path.resolve(options.config)] : undefined,
            onOutput: (s) => process.stdout.write(s),
            color: "never",
        });
        return 0;
    } catch {
        return 1;
    } finally {
        await engine.remove();
        await emulator.stop();
    }
}

function online(options: Options): number {
    const args = ["preview", "--stack", options.stack, "--policy-pack", policyPackDir, "--non-interactive"];
    if (options.config) {
        args.push("--policy-pack-config", path.resolve(options.config));
    }
    const result = spawnSync("pulumi", args, {
        cwd: repoRoot,
        stdio: "inherit",
        env: { ...process.env, PATH: `${engineBinDir()}${path.delimiter}${process.env.PATH ?? ""}` },
    });
    return result.status ?? 1;
}

async function main(): Promise<void> {
    const options = parseArgs(process.argv.slice(2));
    process.exitCode = options.emulator ? await offline(options) : online(options);
}

if (require.main === module) {
    main().catch((err: unknown) => {
        console.error(err instanceof Error ? err.message : err);
        process.exit(2);
    });
}
