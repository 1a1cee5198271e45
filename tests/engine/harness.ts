import * as fs from "node:fs";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { createEngineStack, repoRoot } from "../../scripts/engine";

export { repoRoot };

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
    const engine = await createEngineStack(programDir, stackName);
    await engine.stack.setAllConfig(config);
    const output: string[] = [];
    return {
        stack: engine.stack,
        stateDir: engine.stateDir,
        output,
        async remove() {
            await engine.remove();
            // Stack config files land in the program directory; keep the tree clean.
            fs.rmSync(path.join(programDir, `Pulumi.${stackName}.yaml`), { force: true });
        },
    };
}

/** Options that collect the engine's output into the test stack's log. */
export function collect(t: TestStack): { onOutput: (s: string) => void; color: "never" } {
    return { onOutput: (s: string) => t.output.push(s), color: "never" };
}
