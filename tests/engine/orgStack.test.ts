// The two-level layout through the real engine: the organization stack (stacks/org/) makes a key per
// environment, an environment stack reads its key by StackReference and onboards a cluster with it, and moving the
// program's time rotates exactly one key per environment, with both keys working during the overlap. Both stacks
// share one file backend, as StackReference needs. RandomId runs on a stand-in plugin (see randomStandIn.ts).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { OutputMap } from "@pulumi/pulumi/automation";
import { DAY_MS } from "../../components/keyRotation";
import { Emulator, startEmulator } from "../../components/testing";
import { EngineStack, createEngineStack, engineBinDir, projectCopy, repoRoot } from "../../scripts/engine";
import { policyPackDir } from "../../scripts/policyCheck";
import { Client } from "../resources/emulator.helpers";
import { CASTAI_ROLE_IDS } from "../../components";
import { assertNoSecretIn, liveClusters, registerCluster } from "./emulatorSetup";
import { installRandomStandIn } from "./randomStandIn";
import { changes, storedFiles } from "./resourceStack";

const ORG_STACK = "organization/castai-fleet-org/org";
/** Day 40 of period 228 (90-day periods): past the overlap, 50 days before the next key. */
const T0 = 228 * 90 * DAY_MS + 40 * DAY_MS;
const NEXT_PERIOD = 229 * 90 * DAY_MS;
const ANA = { kind: "user", id: "u-ana", email: "ana@example.com" };
const BEN = { kind: "user", id: "u-ben", email: "ben@example.com" };

const DEV_STACK = `config:
  fleet:environment: dev
  fleet:apiTokenFrom: ${ORG_STACK}
  fleet:clusters:
    - key: shop-dev
      provider: eks
      inCluster: false
      eks:
        accountId: "111111111111"
        region: eu-central-1
        clusterName: shop-dev
        existingRoleArn: arn:aws:iam::111111111111:role/castai-shop-dev
        existingInstanceProfileArn: arn:aws:iam::111111111111:instance-profile/castai-shop-dev-nodes
`;

/** A scratch copy of stacks/org/ at the same depth as in the repository, with dist/ and node_modules/ linked in. */
function orgProjectCopy(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "castai-fleet-org-"));
    fs.cpSync(path.join(repoRoot, "stacks", "org"), path.join(dir, "stacks", "org"), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, "tsconfig.json"), path.join(dir, "tsconfig.json"));
    for (const link of ["dist", "node_modules", "package.json"]) {
        fs.symlinkSync(path.join(repoRoot, link), path.join(dir, link));
    }
    return dir;
}

interface EnvironmentOutput {
    environment: string;
    apiKey: string;
    keyId: string;
    keyName: string;
    keyCreatedAt: string;
    nextRotationAt: string;
    previousKeyId?: string;
}

describe("engine: organization stack keys, delivered to an environment stack by StackReference, rotating", function () {
    this.timeout(600_000);
    let emu: Emulator;
    let org: EngineStack;
    let dev: EngineStack;
    const output: string[] = [];
    const tokens = new Set<string>();
    const dirs: string[] = [];
    let backendDir: string;
    let common: Record<string, string>;
    let prodClusterId: string;
    const run = { onOutput: (s: string) => output.push(s), color: "never" as const };

    const accountOf = (env: string) => {
        const found = Object.values(emu.state.serviceAccounts).filter((a) => a.name === `castai-fleet-${env}`);
        assert.equal(found.length, 1, `one account for ${env}`);
        return found[0];
    };
    const keysOf = (env: string) => Object.values(emu.state.serviceAccountKeys[accountOf(env).id]).sort((a, b) => a.name.localeCompare(b.name));
    /** The organization stack's `environments` output, secrets decrypted; every key seen goes to the leak scan. */
    const orgOutputs = async (): Promise<Record<string, EnvironmentOutput>> => {
        const outputs: OutputMap = await org.stack.outputs();
        const all = outputs.environments.value as Record<string, EnvironmentOutput>;
        Object.values(all).forEach((e) => tokens.add(e.apiKey));
        return all;
    };
    const works = async (token: string) => (await new Client(emu, token).get("/v1/organizations")).status === 200;
    const setTime = async (ms: number) => {
        await org.stack.setConfig("fleet:timeStamp", { value: new Date(ms).toISOString() });
        emu.clock.set(new Date(ms));
    };

    before(async () => {
        emu = await startEmulator({ strict: true });
        backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "castai-fleet-backend-"));
        const randomDir = installRandomStandIn();
        dirs.push(backendDir, randomDir);
        common = {
            PULUMI_BACKEND_URL: `file://${backendDir}`,
            PATH: [randomDir, engineBinDir(), process.env.PATH ?? ""].join(path.delimiter),
            CASTAI_API_URL: emu.url,
        };
        const orgDir = orgProjectCopy();
        // Only the organization stack has the admin key; the environment stack has nothing but the URL.
        org = await createEngineStack(path.join(orgDir, "stacks", "org"), "org", { ...common, CASTAI_API_TOKEN: emu.apiKey }, [orgDir]);
        // prod also gives two teams access to its (already onboarded) cluster.
        prodClusterId = await registerCluster(emu, "shop-prod-eu");
        const prodAccess = { clusterIds: [prodClusterId], readers: { members: [ANA] }, platform: { members: [BEN], role: "owner" } };
        await org.stack.setConfig("fleet:environments", { value: JSON.stringify([{ environment: "dev" }, { environment: "prod", ...prodAccess }]) });
        await setTime(T0);
        const devDir = projectCopy({ dev: DEV_STACK });
        dev = await createEngineStack(devDir, "dev", common, [devDir]);
    });
    after(async () => {
        await dev?.remove();
        await org?.remove();
        dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
        await emu?.stop();
    });

    it("the organization stack creates one account and one key per environment, named after its period", async () => {
        // Per environment: the component, its account, the random suffix, the key and the account's role binding;
        // for prod also a group and a binding per team.
        assert.deepEqual(changes(await org.stack.up(run)), { create: 15 });
        const outputs = await orgOutputs();
        for (const env of ["dev", "prod"]) {
            const [key] = keysOf(env);
            assert.equal(keysOf(env).length, 1, `one key for ${env}`);
            // CAST AI's name: the component's (period and random suffix), then ServiceAccountKey's own suffix.
            assert.match(key.name, new RegExp(`^castai-fleet-${env}-228-[0-9a-f]{8}-[0-9a-f]{8}$`));
            assert.ok(key.name.startsWith(`${outputs[env].keyName}-`), "keyName is the name the component gave");
            assert.deepEqual([key.active, key.expiresAt], [true, "2026-06-13T00:00:00.000Z"]);
            assert.deepEqual(
                [outputs[env].environment, outputs[env].keyId, outputs[env].keyName, outputs[env].nextRotationAt, outputs[env].previousKeyId],
                [env, key.id, outputs[env].keyName, "2026-06-06T00:00:00.000Z", undefined],
            );
            assert.equal(outputs[env].keyCreatedAt, key.createdAt, "the key's creation time, as CAST AI recorded it");
            assert.ok(await works(outputs[env].apiKey), `${env}'s key works`);
        }
        const bindings = Object.values(emu.state.roleBindings).sort((a, b) => a.name.localeCompare(b.name));
        const groupNamed = (id: string | undefined) => Object.values(emu.state.organizationGroups).find((g) => g.id === id);
        assert.deepEqual(
            bindings.map((b) => [b.name, b.definition.roleId, b.definition.scopes, groupNamed(b.definition.subjects[0].group?.id)?.definition.members.map((m) => m.email)]),
            [
                ["castai-fleet-dev-account", CASTAI_ROLE_IDS.member, [{ organization: { id: emu.organizationId } }], undefined],
                ["castai-fleet-prod-account", CASTAI_ROLE_IDS.member, [{ organization: { id: emu.organizationId } }], undefined],
                ["castai-fleet-prod-platform", CASTAI_ROLE_IDS.owner, [{ cluster: { id: prodClusterId } }], [BEN.email]],
                ["castai-fleet-prod-readers", CASTAI_ROLE_IDS.viewer, [{ cluster: { id: prodClusterId } }], [ANA.email]],
            ],
        );
        assert.deepEqual(bindings.slice(0, 2).map((b) => b.definition.subjects), [[{ serviceAccount: { id: accountOf("dev").id } }], [{ serviceAccount: { id: accountOf("prod").id } }]]);
        emu.clearLog();
        assert.deepEqual(changes(await org.stack.up(run)), {}, "a second run at the same time changes nothing");
        assert.deepEqual(emu.writes(), []);
    });

    it("the dev stack reads the dev key through the StackReference and onboards its cluster with it", async () => {
        const before = await orgOutputs();
        const devKey = () => keysOf("dev").find((k) => k.id === before.dev.keyId)!;
        const prodKey = () => keysOf("prod")[0];
        const prodUsed = prodKey().lastUsedAt;
        emu.clearLog();
        assert.ok((changes(await dev.stack.up(run)).create ?? 0) > 0);
        assert.deepEqual(liveClusters(emu).map((c) => c.name).sort(), ["shop-dev", "shop-prod-eu"]);
        assert.ok(emu.writes().some((r) => r.method === "POST" && r.path === "/v1/kubernetes/external-clusters"), "the cluster was registered");
        // The dev stack has no other key: every call it made authenticated with the dev key, which records its use.
        assert.ok(devKey().lastUsedAt && Date.parse(devKey().lastUsedAt!) >= T0, "the dev key was used");
        assert.equal(prodKey().lastUsedAt, prodUsed, "the prod key was not");
        assert.ok(emu.requests.every((r) => r.status !== 401), "no call was refused");
    });

    it("the policy pack fails a prod stack that reads the dev key, and passes it with its own", async () => {
        const preview = async (apiTokenFrom: string) => {
            const dir = projectCopy({ prod: DEV_STACK.replace("fleet:environment: dev", "fleet:environment: prod").replace(`fleet:apiTokenFrom: ${ORG_STACK}`, `fleet:apiTokenFrom: ${apiTokenFrom}`).replaceAll("shop-dev", "shop-prod") });
            const prod = await createEngineStack(dir, "prod", common, [dir]);
            try {
                const out: string[] = [];
                return await prod.stack.preview({ policyPacks: [policyPackDir], onOutput: (s) => out.push(s), color: "never" }).then(
                    (r) => ({ ok: true, text: out.join("") + r.stdout }),
                    (err: Error) => ({ ok: false, text: out.join("") + err.message }),
                );
            } finally {
                await prod.remove();
            }
        };
        const leak = await preview(`'{"stack": "${ORG_STACK}", "environment": "dev"}'`);
        assert.equal(leak.ok, false);
        assert.match(leak.text, /\[mandatory\] \[severity: critical\]\s+castai-key-per-environment/);
        assert.match(leak.text, /is the key of environment "dev", but the stack's environment is "prod"/);
        const own = await preview(ORG_STACK);
        assert.equal(own.ok, true, own.text);
        assert.doesNotMatch(own.text, /castai-key-per-environment/);
        assertNoSecretIn(leak.text + own.text, emu, [...tokens]);
    });

    it("a stack moving from castai:apiToken to fleet:apiTokenFrom keeps every resource", async () => {
        const outputs = await orgOutputs();
        const file = DEV_STACK.replace("fleet:environment: dev", "fleet:environment: prod").replace(`  fleet:apiTokenFrom: ${ORG_STACK}\n`, "").replaceAll("shop-dev", "shop-prod");
        const dir = projectCopy({ prod: file });
        const prod = await createEngineStack(dir, "prod", common, [dir]);
        try {
            await prod.stack.setConfig("castai:apiToken", { value: outputs.prod.apiKey, secret: true });
            await prod.stack.up(run);
            await prod.stack.removeConfig("castai:apiToken");
            await prod.stack.setConfig("fleet:apiTokenFrom", { value: ORG_STACK });
            const clusterId = liveClusters(emu).find((c) => c.name === "shop-prod")!.id;
            const moved = changes(await prod.stack.up(run));
            assert.equal(moved.create, 1, "only the key's provider is new");
            assert.deepEqual([moved.replace, moved.delete, moved["create-replacement"]], [undefined, undefined, undefined], "nothing is replaced");
            assert.equal(liveClusters(emu).find((c) => c.name === "shop-prod")?.id, clusterId, "the same registration");
            await prod.stack.destroy(run);
        } finally {
            await prod.remove();
        }
    });

    it("crossing a period rotates exactly one key per environment; both keys work during the overlap", async () => {
        const old = await orgOutputs();
        await setTime(NEXT_PERIOD + DAY_MS);
        const preview = await org.stack.preview(run);
        assert.deepEqual(preview.changeSummary, { create: 4, same: 15 }, "per environment: a random suffix and a key");
        for (const env of ["dev", "prod"]) {
            assert.ok(preview.stdout.includes(`${env}-key-229`), `the preview names ${env}'s new key`);
        }
        assert.deepEqual(changes(await org.stack.up(run)), { create: 4 });
        const rotated = await orgOutputs();
        for (const env of ["dev", "prod"]) {
            const keys = keysOf(env);
            assert.deepEqual(keys.map((k) => k.name.split("-").slice(-3, -2)[0]), ["228", "229"], `${env}: the old and the new key`);
            assert.deepEqual([rotated[env].previousKeyId, rotated[env].nextRotationAt], [old[env].keyId, "2026-09-04T00:00:00.000Z"]);
            assert.notEqual(rotated[env].apiKey, old[env].apiKey);
            assert.ok((await works(old[env].apiKey)) && (await works(rotated[env].apiKey)), `${env}: both keys work`);
        }
        // The environment stack picks up the new key on its next run (the StackReference is read on every run):
        // only its provider's configuration changes, nothing in CAST AI.
        const newDevKey = () => keysOf("dev").find((k) => k.id === rotated.dev.keyId)!;
        emu.clearLog();
        const devRun = await dev.stack.up(run);
        assert.deepEqual(changes(devRun), { read: 1, update: 1 });
        assert.match(devRun.stdout, /~\s+pulumi:providers:pulumi-nodejs castai-api-key updated/);
        assert.deepEqual(emu.writes(), []);
        assert.ok(newDevKey().lastUsedAt && Date.parse(newDevKey().lastUsedAt!) >= NEXT_PERIOD, "the dev stack used the new key");
    });

    it("after the overlap the old key is deleted and refused; the new one keeps working", async () => {
        const current = await orgOutputs();
        const oldTokens = [...tokens].filter((t) => !Object.values(current).some((e) => e.apiKey === t));
        await setTime(NEXT_PERIOD + 7 * DAY_MS);
        assert.deepEqual(changes(await org.stack.up(run)), { delete: 4 });
        for (const env of ["dev", "prod"]) {
            assert.deepEqual(keysOf(env).map((k) => k.id), [current[env].keyId]);
            assert.equal((await orgOutputs())[env].previousKeyId, undefined);
            assert.ok(await works(current[env].apiKey));
        }
        assert.equal(oldTokens.length, 2);
        for (const token of oldTokens) assert.equal(await works(token), false, "an old key answers 401");
        emu.clearLog();
        assert.deepEqual(changes(await dev.stack.up(run)), { read: 1 }, "the dev stack already had the new key");
    });

    it("destroy removes every account, key and binding; no key appears in state, output or logs", async () => {
        await dev.stack.destroy(run);
        await org.stack.destroy(run);
        assert.deepEqual([emu.state.serviceAccounts, emu.state.serviceAccountKeys, emu.state.roleBindings, emu.state.organizationGroups], [{}, {}, {}, {}]);
        assert.equal(tokens.size, 4, "two keys per environment were issued");
        const stored = [backendDir, org.stateDir, dev.stateDir].map(storedFiles);
        assertNoSecretIn([...stored, output.join(""), JSON.stringify(emu.requests)].join("\n"), emu, [...tokens]);
    });
});
