// Runs this repository's Pulumi program (stacks/index.ts) in-process under Pulumi mocks, the way the Node.js
// language host runs it for `pulumi up`: the TypeScript is transpiled without type checking (as Pulumi's
// ts-node does), the module runs inside `runInPulumiStack`, and its exports become the stack outputs.
//
// Why in-process and not ts-node or a child process: tsconfig.json excludes stacks/ (it is not compiled to dist/),
// a child process could not hand back the recorded resource graph without serializing it, and
// `require("ts-node").register()` would install a .ts require hook for the rest of the mocha process. Transpiling
// with the TypeScript compiler API compiles only this file; its `import "../dist/components"` resolves to the same
// compiled package (and module instances) the test itself uses. Each run gets a fresh module, so the program's
// top-level code runs again for every stack.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import { waitForRegistrations } from "./mocks";

/** The repository root (tests run from dist/tests/..., programs live in stacks/). */
export const REPO_ROOT = path.resolve(__dirname, "../../..");
export const PROGRAM_FILE = path.join(REPO_ROOT, "stacks", "index.ts");

interface NodeModule {
    exports: Record<string, unknown>;
    filename: string;
    paths: string[];
    _compile(code: string, filename: string): void;
}
interface ModuleClass {
    new (id: string, parent?: unknown): NodeModule;
    _nodeModulePaths(dir: string): string[];
}

/** Loads `file` as a fresh CommonJS module (transpiled, not type-checked) and returns its exports. */
export function loadTypeScriptModule(file: string): Record<string, unknown> {
    const source = fs.readFileSync(file, "utf8");
    const { outputText } = ts.transpileModule(source, {
        fileName: file,
        compilerOptions: {
            module: ts.ModuleKind.CommonJS,
            target: ts.ScriptTarget.ES2022,
            esModuleInterop: true,
            sourceMap: false,
        },
    });
    const Module = require("module") as ModuleClass;
    const mod = new Module(file, module);
    mod.filename = file;
    mod.paths = Module._nodeModulePaths(path.dirname(file));
    mod._compile(outputText, file);
    return mod.exports;
}

/**
 * Runs the program as the root `pulumi:pulumi:Stack` and resolves once every resource registration and output
 * (the stack's included) has reached the (mock) monitor. Returns the program's exports, unresolved.
 */
export async function runStackProgram(file: string = PROGRAM_FILE): Promise<Record<string, unknown>> {
    let exported: Record<string, unknown> = {};
    await pulumi.runtime.runInPulumiStack(async () => {
        exported = loadTypeScriptModule(file);
        return exported;
    });
    await waitForRegistrations();
    return exported;
}

/**
 * The `config:` block of a stack file. js-yaml is the YAML parser @pulumi/pulumi itself depends on (no new
 * dependency); the core schema reads plain YAML the way Pulumi does for these files (strings, numbers, booleans).
 */
export function readStackConfig(file: string): Record<string, unknown> {
    const yamlPath = require.resolve("js-yaml", { paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))] });
    const yaml = require(yamlPath) as { load(text: string, opts?: object): unknown; CORE_SCHEMA: unknown };
    const doc = yaml.load(fs.readFileSync(file, "utf8"), { schema: yaml.CORE_SCHEMA }) as { config?: Record<string, unknown> };
    if (!doc || typeof doc !== "object" || !doc.config) {
        throw new Error(`${file} has no config: block`);
    }
    return doc.config;
}
