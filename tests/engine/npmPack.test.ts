// The package as another team gets it: `npm pack` the repository, install the tarball into a fresh program outside
// the repository (with only @pulumi/pulumi, TypeScript and @types/node: no cloud SDK, no @pulumi/kubernetes), type-check
// a program against the shipped types, and run it through the real engine against the emulator.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { castAiEnv, createEngineStack, EngineStack, repoRoot } from "../../scripts/engine";
import { Emulator, startEmulator } from "../../components/testing";
import { liveClusters } from "./emulatorSetup";
import { storedFiles } from "./resourceStack";

const run = promisify(execFile);

/** Versions a consumer installs beside the package (the repository's own pins). */
const CONSUMER_DEPENDENCIES = ["@pulumi/pulumi@3.246.0", "typescript@5.9.3", "@types/node@20.19.43"];

const ROLE_ARN = "arn:aws:iam::123456789012:role/castai-shop-dev";
const PROFILE_ARN = "arn:aws:iam::123456789012:instance-profile/castai-shop-dev-nodes";

/** What another team writes: one CastAiCluster, values for their GitOps tool, their own IAM role. */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as castai from "@castai-fleet/pulumi";

// Our platform team manages the IAM role; Argo CD installs the charts from the values below.
const cluster = new castai.CastAiCluster("shop", {
    environment: "dev",
    profile: { spotSharePercent: 80 },
    provider: "eks",
    inCluster: false,
    eks: {
        accountId: "123456789012",
        region: "eu-central-1",
        clusterName: "shop-dev",
        existingRoleArn: "${ROLE_ARN}",
        existingInstanceProfileArn: "${PROFILE_ARN}",
    },
});

const profile: castai.EnvironmentProfile = cluster.profile;
export const clusterId: pulumi.Output<string> = cluster.clusterId;
export const status = cluster.status;
export const maxCpuCores: number = profile.maxCpuCores;
export const releases = cluster.gitOpsValues.apply((values) => Object.keys(values).sort());
export const versions: Record<string, string> = cluster.installedVersions;
export const bestScenario = cluster.savings.bestScenario;
export const agentToken = cluster.clusterToken;
`;

/** The same with a misspelled field, which the shipped types must reject by name. */
const WRONG_PROGRAM = `import * as castai from "@castai-fleet/pulumi";

new castai.CastAiCluster("shop", {
    environment: "dev",
    provider: "eks",
    inCluster: false,
    eks: { accountId: "123456789012", region: "eu-central-1", clusterName: "shop-dev", existingRoleARN: "${ROLE_ARN}" },
});
`;

/** Pulumi's TypeScript template (no skipLibCheck: the shipped .d.ts files are checked too). */
const TSCONFIG = {
    compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
    },
    files: ["index.ts"],
};

interface Failed {
    code?: number;
    stdout?: string;
    stderr?: string;
}

describe("npm package: pack, install in a fresh program, type-check, up and destroy", function () {
    this.timeout(600_000);
    let scratch: string;
    let tarball: string;
    let program: string;
    let emu: Emulator | undefined;
    let engine: EngineStack | undefined;

    const tsc = (project: string) =>
        run(process.execPath, [path.join(program, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "--pretty", "false", "-p", project], { cwd: program });

    before(async () => {
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "castai-fleet-consumer-"));
        assert.ok(path.relative(repoRoot, scratch).startsWith(".."), "the consumer lives outside the repository");
        const packed = await run("npm", ["pack", "--pack-destination", scratch, "--json"], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
        const [info] = JSON.parse(packed.stdout) as { filename: string }[];
        tarball = path.join(scratch, info.filename);
        assert.ok(fs.existsSync(tarball), `npm pack wrote ${tarball}`);

        program = path.join(scratch, "program");
        fs.mkdirSync(program);
        fs.writeFileSync(path.join(program, "package.json"), `${JSON.stringify({ name: "shop-castai", private: true, main: "index.ts" }, null, 2)}\n`);
        // --prefer-offline: the repository's npm cache already holds these versions; the registry is asked only for
        // what is missing.
        await run("npm", ["install", tarball, ...CONSUMER_DEPENDENCIES, "--no-audit", "--no-fund", "--prefer-offline"], {
            cwd: program,
            maxBuffer: 64 * 1024 * 1024,
        });
        fs.writeFileSync(path.join(program, "Pulumi.yaml"), "name: shop-castai\nruntime: nodejs\ndescription: Another team's program using @castai-fleet/pulumi\n");
        fs.writeFileSync(path.join(program, "tsconfig.json"), `${JSON.stringify(TSCONFIG, null, 4)}\n`);
        fs.writeFileSync(path.join(program, "index.ts"), PROGRAM);
        fs.mkdirSync(path.join(program, "wrong"));
        fs.writeFileSync(path.join(program, "wrong", "index.ts"), WRONG_PROGRAM);
        fs.writeFileSync(path.join(program, "tsconfig.wrong.json"), JSON.stringify({ extends: "./tsconfig.json", files: ["wrong/index.ts"] }));
        fs.writeFileSync(
            path.join(program, "tsconfig.node16.json"),
            JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { module: "node16", moduleResolution: "node16" } }),
        );
    });

    after(async () => {
        await engine?.remove();
        await emu?.stop();
        if (scratch) {
            fs.rmSync(scratch, { recursive: true, force: true });
        }
    });

    it("ships only dist/components, README.md and package.json", async () => {
        const { stdout } = await run("tar", ["-tzf", tarball], { maxBuffer: 16 * 1024 * 1024 });
        const files = stdout.split("\n").filter(Boolean);
        const stray = files.filter((f) => !(f.startsWith("package/dist/components/") || f === "package/README.md" || f === "package/package.json"));
        assert.deepEqual(stray, [], "nothing from tests/, stacks/, policy-pack/, scripts/, monitoring/ or other top-level paths");
        for (const f of files.filter((x) => x.startsWith("package/dist/components/"))) {
            assert.match(f, /\.(js|d\.ts|json|yaml)$/, `${f}: only compiled code, types and data`);
        }
        for (const required of ["package/package.json", "package/dist/components/index.js", "package/dist/components/index.d.ts", "package/dist/components/testing/index.js", "package/dist/components/testing/bin.js"]) {
            assert.ok(files.includes(required), `the tarball has ${required}`);
        }
        if (fs.existsSync(path.join(repoRoot, "README.md"))) {
            assert.ok(files.includes("package/README.md"), "the README ships");
        }
        // The consumer got the package from the tarball (a real copy), not a link into the repository.
        const installed = path.join(program, "node_modules", "@castai-fleet", "pulumi");
        assert.ok(!fs.lstatSync(installed).isSymbolicLink(), "the package under test is installed, not linked");
        assert.ok(fs.existsSync(path.join(installed, "dist", "components", "index.js")));
        assert.ok(fs.existsSync(path.join(program, "node_modules", ".bin", "castai-emulator")), "the emulator bin is linked");
        // Optional peers stay out unless asked for: nothing below may need them.
        for (const peer of ["aws", "gcp", "azure-native", "kubernetes"]) {
            assert.ok(!fs.existsSync(path.join(program, "node_modules", "@pulumi", peer)), `@pulumi/${peer} is not installed`);
        }
    });

    it("type-checks a program against the shipped types (Pulumi's tsconfig, and node16 resolution through `exports`)", async () => {
        await Promise.all([tsc("tsconfig.json"), tsc("tsconfig.node16.json")]);
    });

    it("rejects a program with a misspelled field, naming the field", async () => {
        const err = (await tsc("tsconfig.wrong.json").then(
            () => assert.fail("the wrong program type-checked"),
            (e: Failed) => e,
        )) as Failed;
        assert.notEqual(err.code, 0);
        const output = `${err.stdout ?? ""}${err.stderr ?? ""}`;
        assert.match(output, /wrong\/index\.ts\(7,\d+\): error TS\d+: .*'existingRoleARN'/, output);
        assert.match(output, /existingRoleArn/, "and suggests the right name");
    });

    it("runs `pulumi up` and `pulumi destroy` from node_modules against the emulator", async () => {
        // The emulator too comes from the installed package, through its `./testing` export.
        const installedTesting = require(require.resolve("@castai-fleet/pulumi/testing", { paths: [program] })) as { startEmulator: typeof startEmulator };
        emu = await installedTesting.startEmulator({ strict: true });
        engine = await createEngineStack(program, "consumer", castAiEnv(emu));
        const output: string[] = [];
        const opts = { onOutput: (s: string) => output.push(s), color: "never" as const };

        const up = await engine.stack.up(opts);
        assert.deepEqual(up.summary.resourceChanges, { create: 8 }, output.join(""));
        const live = liveClusters(emu);
        assert.equal(live.length, 1);
        const [cluster] = live;
        assert.equal(cluster.name, "shop-dev");
        assert.equal(cluster.eks?.assumeRoleArn, ROLE_ARN, "the team's own role was applied as credentials");
        assert.notEqual(cluster.credentialsId, "");
        assert.equal(up.outputs.clusterId.value, cluster.id);
        assert.equal(up.outputs.status.value, "ready");
        assert.equal(up.outputs.maxCpuCores.value, 16);
        assert.ok(up.outputs.agentToken.secret, "the agent token is a secret output");
        assert.ok((up.outputs.bestScenario.value as string).length > 0, "the savings estimate was read");
        assert.deepEqual(up.outputs.releases.value, ["castai-evictor", "castai-pod-mutator", "castai-pod-pinner", "castware-components", "castware-operator"]);
        assert.ok(typeof (up.outputs.versions.value as Record<string, string>)["castware-operator"] === "string");

        const policies = emu.state.policies[cluster.id];
        assert.equal(policies.enabled, true);
        const limits = policies.clusterLimits as { enabled?: boolean; cpu?: { maxCores?: number } } | undefined;
        assert.deepEqual([limits?.enabled, limits?.cpu?.maxCores], [true, 16], "the dev profile's CPU limit");
        assert.ok(emu.state.nodeTemplates[cluster.id]["dev-spot-workers"], "the spot template");
        const mutations = Object.values(emu.state.podMutations[cluster.id] ?? {});
        assert.deepEqual(
            mutations.map((m) => [m.name, (m.distributionGroups as { percentage: number }[]).map((g) => g.percentage)]),
            [["dev-spot-share", [80, 20]]],
        );
        const schedules = Object.values(emu.state.hibernationSchedules);
        assert.deepEqual(schedules.map((s) => [s.name, s.clusterAssignments.items.map((i) => i.clusterId)]), [["shop-dev-off-hours", [cluster.id]]]);

        // The provider code in the state is carried by value: nothing in it names where the package was installed.
        const stored = storedFiles(path.join(engine.stateDir, "backend"));
        assert.doesNotMatch(stored, /require\(\\*"[^"]*node_modules\/@castai-fleet/, "no provider requires the installed package by path");
        assert.match(stored, /exports\.handler|handler:\(\)=>/, "the providers' code is stored");
        assert.ok(!stored.includes(emu.apiKey), "the API key is not in the state");

        const destroyed = await engine.stack.destroy(opts);
        assert.deepEqual(destroyed.summary.resourceChanges, { delete: 8 }, output.join(""));
        assert.equal(emu.state.clusters[cluster.id].status, "archived", "disconnected and removed from CAST AI");
        assert.equal(emu.state.nodeTemplates[cluster.id]?.["dev-spot-workers"], undefined);
        assert.deepEqual(Object.keys(emu.state.podMutations[cluster.id] ?? {}), []);
        assert.deepEqual(Object.keys(emu.state.hibernationSchedules), []);
        assert.equal(emu.state.policies[cluster.id].enabled, false, "autoscaling switched off");
        assert.ok(!output.join("").includes(emu.apiKey), "the API key is not printed");
    });
});
