import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { keyName } from "../../components/resources/serviceAccountKey";
import { Emulator, startEmulator } from "../../components/testing";
import { assertNoSecretLeaked, emulatorClient } from "./emulatorSetup";
import { ResourceStack, changes, isSecretInState, stateOutputs, writeCalls } from "./resourceStack";

const KEY_TYPE = "pulumi-nodejs:dynamic/castai:ServiceAccountKey";

interface Options {
    description?: string;
    keyName?: string;
    active?: boolean;
    organizationId?: string;
}

const accountAndKey = ({ description = "deploys the fleet", keyName = "deploy-1", active, organizationId }: Options = {}) => [
    { type: "ServiceAccount", name: "ci", args: { name: "fleet-ci", description, environment: "dev", ...(organizationId ? { organizationId } : {}) } },
    // `active` is left to its default (true) unless given.
    { type: "ServiceAccountKey", name: "cikey", args: { serviceAccountId: "ref:ci.serviceAccountId", name: keyName, ...(active === undefined ? {} : { active }) } },
];

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
/** A key's name as the program gave it, without the suffix that makes it this resource's own. */
const given = (apiName: string) => apiName.replace(/-[0-9a-f]{8}$/, "");

describe("engine: ServiceAccount and ServiceAccountKey through pulumi up/refresh/destroy", function () {
    this.timeout(300_000);
    let emu: Emulator;
    let stack: ResourceStack;
    const tokens: string[] = [];
    const base = () => `/v1/organizations/${emu.organizationId}/service-accounts`;
    const account = () => {
        const all = Object.values(emu.state.serviceAccounts);
        assert.equal(all.length, 1, "exactly one service account");
        return all[0];
    };
    const key = () => {
        const all = Object.values(emu.state.serviceAccountKeys[account().id] ?? {});
        assert.equal(all.length, 1, "exactly one key");
        return all[0];
    };
    /** The key's outputs as the program sees them (secrets decrypted). */
    const keyOutputs = async () => (await stack.outputs()).cikey.value as Record<string, string>;
    /** Checks the key's token: the one the server issued, stored encrypted, and remembered for the leak scan. */
    const checkToken = async () => {
        const { token, prefix, keyId } = await keyOutputs();
        assert.equal(keyId, key().id);
        assert.equal(sha256(token), key().tokenSha256, "the output token is the one the server issued");
        assert.equal(prefix, key().prefix, "the prefix is known right after create");
        assert.ok(isSecretInState(stateOutputs(stack, KEY_TYPE, "cikey").token), "the token is encrypted in the state");
        tokens.push(token);
    };

    before(async () => {
        emu = await startEmulator({ strict: true });
        stack = await ResourceStack.create(emu, accountAndKey());
    });
    after(async () => {
        await stack?.remove();
        await emu?.stop();
    });

    it("creates the account and an active key whose token is a secret output", async () => {
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { create: 3 });
        assert.deepEqual(writeCalls(emu), [`POST ${base()}`, `POST ${base()}/${account().id}/keys`]);
        assert.deepEqual([account().name, account().description], ["fleet-ci", "deploys the fleet"]);
        assert.match(key().name, /^deploy-1-[0-9a-f]{8}$/, "the given name with this resource's suffix");
        assert.deepEqual([given(key().name), key().active, key().expiresAt], ["deploy-1", true, undefined]);
        await checkToken();
        const outputs = await stack.outputs();
        assert.equal((outputs.ci.value as Record<string, unknown>).email, account().email);
    });

    it("is a no-op on a second up, and refresh finds no drift (defaults, email, prefix)", async () => {
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), {});
        assert.deepEqual(writeCalls(emu), []);
        assert.deepEqual(changes(await stack.refresh()), {});
    });

    it("updates the description and deactivates the key in place", async () => {
        await stack.setResources(accountAndKey({ description: "deploys the fleet (dev)", active: false }));
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { update: 2 });
        assert.deepEqual(writeCalls(emu).sort(), [`PATCH ${base()}/${account().id}`, `PATCH ${base()}/${account().id}/keys/${key().id}`]);
        assert.deepEqual([account().description, key().active], ["deploys the fleet (dev)", false]);
        assert.deepEqual(emu.writes().find((r) => r.path.includes("/keys/"))?.body, { active: false });
    });

    it("shows edits behind its back in refresh, and the next up restores them", async () => {
        emu.console.updateServiceAccount(account().id, { description: "edited in the console" });
        await emulatorClient(emu).patch(`${base()}/${account().id}/keys/${key().id}`, { active: true });
        assert.deepEqual(changes(await stack.refresh()), { update: 2 });
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { update: 2 });
        assert.deepEqual(writeCalls(emu).sort(), [`PATCH ${base()}/${account().id}`, `PATCH ${base()}/${account().id}/keys/${key().id}`]);
        assert.deepEqual([account().description, key().active], ["deploys the fleet (dev)", false]);
    });

    it("rotates the key by replacing it: a new key and token, the old key deleted", async () => {
        const oldKey = key().id;
        await stack.setResources(accountAndKey({ description: "deploys the fleet (dev)", keyName: "deploy-2", active: false }));
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { replace: 1 });
        assert.deepEqual(writeCalls(emu), [`POST ${base()}/${account().id}/keys`, `DELETE ${base()}/${account().id}/keys/${oldKey}`]);
        assert.deepEqual([given(key().name), key().active], ["deploy-2", false]);
        await checkToken();
        assert.notEqual(tokens[1], tokens[0]);
    });

    it("replaces the account when organizationId changes, and its key with it: one account, one key", async () => {
        const oldAccount = account().id;
        await stack.setResources(accountAndKey({ description: "deploys the fleet (dev)", keyName: "deploy-2", active: false, organizationId: emu.organizationId }));
        emu.clearLog();
        assert.deepEqual(changes(await stack.up()), { replace: 2 });
        assert.notEqual(account().id, oldAccount);
        assert.deepEqual([account().name, account().description, given(key().name), key().active], ["fleet-ci", "deploys the fleet (dev)", "deploy-2", false]);
        await checkToken();
    });

    it("destroy deletes the key and the account; no token or key appears in state, output or logs", async () => {
        const id = account().id;
        const keyId = key().id;
        emu.clearLog();
        await stack.destroy();
        assert.deepEqual(writeCalls(emu), [`DELETE ${base()}/${id}/keys/${keyId}`, `DELETE ${base()}/${id}`]);
        assert.deepEqual(emu.state.serviceAccounts, {});
        assert.deepEqual(emu.state.serviceAccountKeys, {});
        assert.equal(tokens.length, 3);
        assertNoSecretLeaked(stack, emu, tokens);
    });
});

describe("engine: a ServiceAccountKey create interrupted by kill -9", function () {
    this.timeout(300_000);
    let emu: Emulator;
    let stack: ResourceStack;

    before(async () => {
        emu = await startEmulator({ strict: true });
        stack = await ResourceStack.create(emu, accountAndKey().slice(0, 1));
    });
    after(async () => {
        await stack?.remove();
        await emu?.stop();
    });

    it("leaves a key the next up finds by its own name and deletes, keeping exactly one; another key of the same given name stays", async () => {
        assert.deepEqual(changes(await stack.up()), { create: 2 });
        const serviceAccountId = Object.values(emu.state.serviceAccounts)[0].id;
        const keys = `/v1/organizations/${emu.organizationId}/service-accounts/${serviceAccountId}/keys`;
        // What a killed `up` leaves: the key exists in CAST AI, the state never heard of it.
        const ownName = keyName({ keySeed: `castai-fleet-engine-fixture/${stack.test.stack.name}/cikey`, serviceAccountId, name: "deploy-1" });
        const orphan = await emulatorClient(emu).post<{ id: string }>(keys, { key: { name: ownName, active: true } });
        const other = await emulatorClient(emu).post<{ id: string }>(keys, { key: { name: "deploy-1", active: true } });

        await stack.setResources(accountAndKey());
        assert.deepEqual(changes(await stack.up()), { create: 1 });
        const remaining = Object.values(emu.state.serviceAccountKeys[serviceAccountId]);
        assert.deepEqual(remaining.map((k) => k.name).sort(), ["deploy-1", ownName].sort(), "one key of this resource, and the other one");
        const own = remaining.find((k) => k.name === ownName)!;
        assert.notEqual(own.id, orphan.id, "the orphan was deleted, not adopted (its token is lost)");
        assert.equal(((await stack.outputs()).cikey.value as Record<string, string>).keyId, own.id);
        assert.ok(remaining.some((k) => k.id === other.id), "a key this resource did not make is never touched");
    });
});

