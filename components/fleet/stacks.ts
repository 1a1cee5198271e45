// The project's stacks, as the Automation API sees them: one LocalWorkspace over the project directory and the
// backend the user is logged into (PULUMI_BACKEND_URL or `pulumi login`), every stack selected by name.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { LocalWorkspace, PulumiCommand, Stack, WhoAmIResult } from "@pulumi/pulumi/automation";

export interface FleetWorkspaceOptions {
    /** The Pulumi project directory (where Pulumi.yaml is). */
    readonly workDir: string;
    /** Only these stacks, in this order; default every stack of the project. */
    readonly stackNames?: readonly string[];
    /** Environment for the CLI; default the process's own. */
    readonly envVars?: Record<string, string>;
}

export interface FleetStack {
    readonly name: string;
    readonly stack: Stack;
}

export interface Fleet {
    readonly workspace: LocalWorkspace;
    readonly stacks: readonly FleetStack[];
    /** The backend's URL (`file://...`, `https://api.pulumi.com`, `s3://...`). */
    readonly backendUrl: string;
    /** Who the backend says is logged in (user, organizations). */
    readonly who: WhoAmIResult;
    /** The project's name (Pulumi.yaml). */
    readonly project: string;
}

/** Opens the project's workspace and selects its stacks; fails naming any requested stack that does not exist. */
export async function openFleet(options: FleetWorkspaceOptions): Promise<Fleet> {
    // The `pulumi` on PATH, as a user runs it, whatever its version (the project pins its SDK, not the CLI).
    const pulumiCommand = await PulumiCommand.get({ skipVersionCheck: true });
    const workspace = await LocalWorkspace.create({ workDir: options.workDir, envVars: options.envVars, pulumiCommand });
    const known = (await workspace.listStacks()).map((s) => s.name);
    const wanted = options.stackNames ?? known;
    const missing = wanted.filter((n) => !known.includes(n));
    if (missing.length > 0) {
        throw new Error(`no stack ${missing.join(", ")} in ${options.workDir} (stacks: ${known.join(", ") || "none"})`);
    }
    const stacks: FleetStack[] = [];
    for (const name of wanted) {
        // One at a time: selecting writes the workspace's current stack; every later command names its stack itself.
        stacks.push({ name, stack: await Stack.select(name, workspace) });
    }
    const who = await workspace.whoAmI();
    const backendUrl = who.url ?? options.envVars?.PULUMI_BACKEND_URL ?? process.env.PULUMI_BACKEND_URL ?? "";
    return { workspace, stacks, backendUrl, who, project: (await workspace.projectSettings()).name };
}

/**
 * Why a stack is locked, or undefined. A run killed mid-update leaves its lock behind; a refresh preview does not
 * take the lock on every backend, so the lock is looked up before anything runs and reported, never waited on. Pulumi
 * Cloud says so in the stack list (`updateInProgress`); a file backend keeps lock files next to the state.
 */
export async function stackLock(fleet: Fleet, stackName: string): Promise<string | undefined> {
    const summary = (await fleet.workspace.listStacks()).find((s) => s.name === stackName);
    if (summary?.updateInProgress) {
        return "an update is in progress";
    }
    if (!fleet.backendUrl.startsWith("file://")) {
        return undefined;
    }
    const root = path.join(fileURLToPath(fleet.backendUrl.split("?")[0]), ".pulumi", "locks");
    const dirs = [path.join(root, "organization", fleet.project, stackName), path.join(root, stackName)];
    const locks = dirs.flatMap((dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => path.join(dir, f)) : []));
    if (locks.length === 0) {
        return undefined;
    }
    return locks.map(describeLock).join("; ");
}

/** "locked by root@host (pid 4242) since <time>", from a file backend's lock file. */
function describeLock(file: string): string {
    try {
        const lock = JSON.parse(fs.readFileSync(file, "utf8")) as { pid?: number; username?: string; hostname?: string; timestamp?: string };
        return `locked by ${lock.username ?? "?"}@${lock.hostname ?? "?"} (pid ${lock.pid ?? "?"}) since ${lock.timestamp ?? "?"}`;
    } catch {
        return `locked (${path.basename(file)})`;
    }
}
