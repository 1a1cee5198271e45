// The engine's floor, measured beside our resources in the same run: an empty program's `pulumi up`, and the same
// number of trivial dynamic resources (a provider that does nothing, its code passed as text like ours) whose no-op
// `up` is the least any dynamic resource can cost. Ratios against these, not wall-clock figures, are what the
// benchmark reports.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createEngineStack, EngineStack, repoRoot } from "../../scripts/engine";

const TRIVIAL_PROVIDER =
    "exports.handler = () => ({ async check(_o, n) { return { inputs: n }; }, async diff() { return { changes: false }; }, " +
    'async create(i) { return { id: "x", outs: i }; }, async read(id, props) { return { id, props }; }, async update(_id, _o, n) { return { outs: n }; } });';

function program(name: string, body: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `castai-fleet-${name}-`));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n`);
    fs.writeFileSync(path.join(dir, "index.js"), body);
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"));
    return dir;
}

/** A program whose `pulumi up` is timed. */
export interface TimedProgram {
    up(): Promise<number>;
    remove(): Promise<void>;
}

async function timed(dir: string, name: string): Promise<TimedProgram> {
    const engine: EngineStack = await createEngineStack(dir, name, {}, [dir]);
    return {
        async up() {
            const started = Date.now();
            await engine.stack.up();
            return Date.now() - started;
        },
        remove: () => engine.remove(),
    };
}

/** A program with no resources. */
export function emptyProgram(): Promise<TimedProgram> {
    return timed(program("empty", 'require("@pulumi/pulumi");\n'), "empty");
}

/** `count` trivial dynamic resources: the first `up` creates them, later ones are no-ops. */
export function trivialDynamicProgram(count: number): Promise<TimedProgram> {
    const body =
        `const pulumi = require("@pulumi/pulumi");\nconst code = ${JSON.stringify(TRIVIAL_PROVIDER)};\n` +
        `for (let i = 0; i < ${count}; i++) new pulumi.CustomResource("pulumi-nodejs:dynamic:Resource", "r" + i, { i, __provider: code });\n`;
    return timed(program("trivial", body), "trivial");
}
