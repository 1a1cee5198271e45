// CastAiEnvironmentAccess under Pulumi mocks: exactly which account, keys, random suffixes, groups and role
// bindings an environment gets at a given time, its outputs, and a ResourceError listing every bad arg.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { CastAiEnvironmentAccess } from "../../components/environmentAccess";
import { planEnvironmentAccess } from "../../components/environmentAccessPlan";
import { DAY_MS } from "../../components/keyRotation";
import { CASTAI_ROLE_IDS } from "../../components/resources/roleBinding";
import { castaiType } from "../helpers/castAiMocks";
import { assertResourceError, isSecretValue, promiseOf, recordResources, revealSecrets, waitForRegistrations } from "../helpers/mocks";

const P228 = 228 * 90 * DAY_MS; // 2026-03-08T00:00:00Z, the start of a 90-day period
const RANDOM_ID = "random:index/randomId:RandomId";
const TOKEN = "castai-mock-token-of-a-service-account-key";

const recorder = recordResources(({ type, name, inputs }) => {
    if (type === RANDOM_ID) return { hex: `${inputs.keepers.period}abcd`.slice(0, 8) };
    if (type === castaiType("ServiceAccount")) return { serviceAccountId: `sa-${name}`, email: `${name}@sa.local`, resolvedOrganizationId: "org-1" };
    if (type === castaiType("ServiceAccountKey")) return { keyId: `key-${name}`, prefix: "castai-m", token: TOKEN };
    if (type === castaiType("OrganizationGroup")) return { groupId: `group-${name}` };
    if (type === castaiType("RoleBinding")) return { roleBindingId: `rb-${name}` };
    return {};
});

/** The recorded inputs without the serialized provider and the output placeholders the engine fills. */
function inputsOf(name: string): Record<string, unknown> {
    const { __provider: _p, ...inputs } = revealSecrets(recorder.named(name).inputs) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(inputs).filter(([, v]) => v !== undefined));
}

describe("CastAiEnvironmentAccess", () => {
    before(() => recorder.setup());
    beforeEach(() => recorder.reset());

    it("in the overlap: the account, the current and the previous key with random suffixes, the account's role", async () => {
        const access = new CastAiEnvironmentAccess("dev", { environment: "dev", timeStamp: P228 + DAY_MS });
        await waitForRegistrations();
        assert.deepEqual(
            recorder.resources
                .filter((r) => r.custom)
                .map((r) => `${r.type.replace("pulumi-nodejs:dynamic/castai:", "")} ${r.name}`)
                .sort(),
            [
                "RoleBinding dev-account-access",
                "ServiceAccount dev-account",
                "ServiceAccountKey dev-key-227",
                "ServiceAccountKey dev-key-228",
                `${RANDOM_ID} dev-key-227-suffix`,
                `${RANDOM_ID} dev-key-228-suffix`,
            ],
        );
        await recorder.assertChildrenOf(access, "dev-");
        assert.deepEqual(inputsOf("dev-account"), { environment: "dev", name: "castai-fleet-dev", description: "CAST AI key of the dev environment stacks" });
        assert.deepEqual(inputsOf("dev-key-228-suffix"), {
            byteLength: 4,
            keepers: { environment: "dev", period: "228", rotationDays: "90", startsAt: "2026-03-08T00:00:00.000Z" },
        });
        assert.deepEqual(inputsOf("dev-key-228"), {
            environment: "dev",
            keySeed: "project/stack/dev-key-228",
            serviceAccountId: "sa-dev-account",
            name: "castai-fleet-dev-228-228abcd",
            expiresAt: "2026-06-13T00:00:00.000Z",
        });
        assert.deepEqual(inputsOf("dev-key-227"), {
            environment: "dev",
            keySeed: "project/stack/dev-key-227",
            serviceAccountId: "sa-dev-account",
            name: "castai-fleet-dev-227-227abcd",
            expiresAt: "2026-03-15T00:00:00.000Z",
        });
        assert.deepEqual(inputsOf("dev-account-access"), {
            environment: "dev",
            name: "castai-fleet-dev-account",
            roleId: CASTAI_ROLE_IDS.member,
            scopes: [{ kind: "organization", resourceId: "org-1" }],
            subjects: [{ kind: "service_account", id: "sa-dev-account" }],
        });

        const outputs = recorder.registeredOutputs(await promiseOf(access.urn))!;
        assert.ok(isSecretValue(outputs.apiKey), "the key is a secret output");
        assert.deepEqual(revealSecrets(outputs), {
            serviceAccountId: "sa-dev-account",
            apiKey: TOKEN,
            keyId: "key-dev-key-228",
            keyName: "castai-fleet-dev-228-228abcd",
            keyPeriodStart: "2026-03-08T00:00:00.000Z",
            keyRetiresAt: "2026-06-13T00:00:00.000Z",
            nextRotationAt: "2026-06-06T00:00:00.000Z",
            previousKeyId: "key-dev-key-227",
        });
    });

    it("after the overlap: only the current key; custom periods; no account role with accountRole none", async () => {
        const access = new CastAiEnvironmentAccess("prod", { environment: "prod", rotationDays: 30, overlapDays: 2, timeStamp: new Date(P228 + 10 * DAY_MS), accountRole: "none" });
        await waitForRegistrations();
        const period = Math.floor((P228 + 10 * DAY_MS) / (30 * DAY_MS));
        assert.deepEqual(
            recorder.resources.filter((r) => r.custom).map((r) => r.name).sort(),
            ["prod-account", `prod-key-${period}`, `prod-key-${period}-suffix`].sort(),
        );
        assert.equal(await promiseOf(access.previousKeyId), undefined);
        assert.equal(access.nextRotationAt, new Date((period + 1) * 30 * DAY_MS).toISOString());
    });

    it("gives readers Viewer and the platform team Owner on the environment's clusters, each through its own group", async () => {
        const member = { kind: "user" as const, id: "u-1", email: "ana@example.com" };
        new CastAiEnvironmentAccess("stg", {
            environment: "staging",
            timeStamp: "2026-05-01T00:00:00Z",
            clusterIds: [pulumi.output("c-1"), "c-2"],
            readers: { members: [member] },
            platform: { members: [{ ...member, id: "u-2" }], role: "owner" },
        });
        await waitForRegistrations();
        assert.deepEqual(inputsOf("stg-readers"), { environment: "staging", name: "castai-fleet-staging-readers", members: [member] });
        assert.deepEqual(inputsOf("stg-readers-access"), {
            environment: "staging",
            name: "castai-fleet-staging-readers",
            roleId: CASTAI_ROLE_IDS.viewer,
            scopes: [{ kind: "cluster", resourceId: "c-1" }, { kind: "cluster", resourceId: "c-2" }],
            subjects: [{ kind: "group", id: "group-stg-readers" }],
        });
        assert.deepEqual(inputsOf("stg-platform-access").roleId, CASTAI_ROLE_IDS.owner);
        assert.deepEqual(inputsOf("stg-platform-access").subjects, [{ kind: "group", id: "group-stg-platform" }]);
    });

    it("refuses bad args with one ResourceError listing every problem, before any child exists", () => {
        const plan = planEnvironmentAccess("x", { environment: "Prod", rotationDays: 7, overlapDays: 7, timeStamp: "yesterday", readers: { members: [] } });
        assert.deepEqual("problems" in plan && plan.problems, [
            'environment must be lower-case letters, digits and dashes, starting with a letter, at most 31 characters (got "Prod")',
            "overlapDays (7) must be less than rotationDays (7), or two rotations would overlap",
            'timeStamp must be ms since the epoch, a Date or an RFC 3339 time (got "yesterday")',
            "clusterIds is required with readers or platform: their access is scoped to the environment's clusters",
        ]);
        assertResourceError(() => new CastAiEnvironmentAccess("bad", { environment: "dev", rotationDays: 0.5 }), "rotationDays must be a whole number of days, at least 1 (got 0.5)");
        assert.equal(recorder.resources.filter((r) => r.custom).length, 0);
    });
});
