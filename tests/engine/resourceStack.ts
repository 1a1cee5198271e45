import * as fs from "node:fs";
import * as path from "node:path";
import type { DestroyResult, OutputMap, PreviewResult, RefreshResult, UpResult } from "@pulumi/pulumi/automation";
import type { Emulator } from "../../components/testing";
import { TestStack, collect, createTestStack, repoRoot } from "./harness";

/** One resource of the fixture program: a class exported by the package, its name and args. */
export interface FixtureResource {
    type: string;
    name: string;
    args: Record<string, unknown>;
    dependsOn?: string[];
}

const fixtureDir = path.join(repoRoot, "tests", "engine", "fixtures", "resources");

let counter = 0;

/** A stack of the fixture program, pointed at an emulator with its key as a secret in stack config. */
export class ResourceStack {
    private constructor(readonly test: TestStack, readonly emulator: Emulator) {}

    static async create(emulator: Emulator, resources: FixtureResource[]): Promise<ResourceStack> {
        const test = await createTestStack(fixtureDir, `t${process.pid}x${++counter}`, {
            "castai:apiToken": { value: emulator.apiKey, secret: true },
            "castai:apiUrl": { value: emulator.url },
            "fixture:resources": { value: JSON.stringify(resources) },
        });
        return new ResourceStack(test, emulator);
    }

    async setResources(resources: FixtureResource[]): Promise<void> {
        await this.test.stack.setConfig("fixture:resources", { value: JSON.stringify(resources) });
    }

    up(): Promise<UpResult> {
        return this.test.stack.up(collect(this.test));
    }

    preview(): Promise<PreviewResult> {
        return this.test.stack.preview(collect(this.test));
    }

    refresh(): Promise<RefreshResult> {
        return this.test.stack.refresh(collect(this.test));
    }

    destroy(): Promise<DestroyResult> {
        return this.test.stack.destroy(collect(this.test));
    }

    outputs(): Promise<OutputMap> {
        return this.test.stack.outputs();
    }

    /** Every file the file backend wrote (checkpoints, history, backups), as stored on disk: secrets encrypted. */
    storedState(): string {
        return storedFiles(path.join(this.test.stateDir, "backend"));
    }

    /** Everything that may hold a secret: the stored state, the engine's output, the emulator's request log. */
    everythingPrinted(): string {
        return [this.storedState(), this.test.output.join(""), JSON.stringify(this.emulator.requests)].join("\n");
    }

    remove(): Promise<void> {
        return this.test.remove();
    }
}

/** Counts of the engine's step kinds in an update summary, e.g. { same: 2, update: 1 }. */
export function changes(result: { summary: { resourceChanges?: Record<string, number> } }): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [kind, n] of Object.entries(result.summary.resourceChanges ?? {})) {
        if (n > 0 && kind !== "same") {
            out[kind] = n;
        }
    }
    return out;
}

/** Writes (non-GET requests) the emulator received since the log was last cleared. */
export function writeCalls(emulator: Emulator): string[] {
    return emulator.writes().map((r) => `${r.method} ${r.path}`);
}

const secretSig = "4dabf18193072939515e22adb298388d";

/** Every file under `dir` (a file backend), as stored on disk: secrets stay encrypted. */
export function storedFiles(dir: string): string {
    if (!fs.existsSync(dir)) {
        return "";
    }
    return fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => fs.readFileSync(path.join(e.parentPath ?? e.path, e.name), "utf8"))
        .join("\n");
}

/** The outputs of one resource in the stored checkpoint (secrets still encrypted), by type and name. */
export function stateOutputs(stack: ResourceStack, type: string, name: string): Record<string, unknown> {
    const file = fs
        .readdirSync(path.join(stack.test.stateDir, "backend"), { recursive: true, withFileTypes: true })
        .find((e) => e.isFile() && e.name === `${stack.test.stack.name}.json`);
    if (!file) {
        throw new Error(`no checkpoint for stack ${stack.test.stack.name}`);
    }
    const checkpoint = JSON.parse(fs.readFileSync(path.join(file.parentPath ?? file.path, file.name), "utf8")) as {
        checkpoint: { latest?: { resources?: { urn: string; type: string; outputs?: Record<string, unknown> }[] } };
    };
    const res = (checkpoint.checkpoint.latest?.resources ?? []).find((r) => r.type === type && r.urn.endsWith(`::${name}`));
    if (!res) {
        throw new Error(`no ${type} named ${name} in the state`);
    }
    return res.outputs ?? {};
}

/** True when a state value is stored encrypted as a secret. */
export function isSecretInState(value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[secretSig] === "1b47061264138c4ac30d75fd1eb44270" && "ciphertext" in value;
}
