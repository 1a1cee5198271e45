// What a GKE user gets from GkeCastAiIdentity, under Pulumi mocks.
import { strict as assert } from "assert";
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { GkeCastAiIdentity, GkeCastAiIdentityArgs } from "../../components/cloud/gke";
import { gkeCastAiPermissions } from "../../components/cloud/policies";
import { Consumer, assertResourceError, promiseOf, recordResources } from "../helpers/mocks";

const PROJECT = "acme-prod";
const HASH = crypto.createHash("sha1").update("prod-eu").digest("hex").slice(0, 8);
const SA_EMAIL = `castai-gke-tf-${HASH}@${PROJECT}.iam.gserviceaccount.com`;
const KEY_JSON = JSON.stringify({
    type: "service_account",
    project_id: PROJECT,
    client_email: SA_EMAIL,
    private_key: "-----BEGIN PRIVATE KEY-----\nMIIfake\n-----END PRIVATE KEY-----\n",
});

const recorder = recordResources(({ type, inputs }) => {
    switch (type) {
        case "gcp:serviceaccount/account:Account": {
            const email = `${inputs.accountId}@${inputs.project}.iam.gserviceaccount.com`;
            return { email, name: `projects/${inputs.project}/serviceAccounts/${email}` };
        }
        case "gcp:projects/iAMCustomRole:IAMCustomRole":
            return { name: `projects/${inputs.project}/roles/${inputs.roleId}` };
        case "gcp:serviceaccount/key:Key":
            return { privateKey: Buffer.from(KEY_JSON).toString("base64") };
        default:
            return {};
    }
});

const baseArgs: GkeCastAiIdentityArgs = { projectId: PROJECT, clusterName: "prod-eu" };

async function create(name: string, args: GkeCastAiIdentityArgs = baseArgs): Promise<GkeCastAiIdentity> {
    const identity = new GkeCastAiIdentity(name, args);
    await promiseOf(pulumi.all([identity.urn, identity.credentialsJson, identity.serviceAccountEmail]));
    return identity;
}

const children = (prefix: string) => recorder.customResources(prefix);

describe("GkeCastAiIdentity", () => {
    before(() => recorder.setup());
    beforeEach(() => recorder.reset());

    it("creates a service account, the CAST AI custom role, two project bindings and a key, all children of the component", async () => {
        const identity = await create("g1");
        assert.deepEqual(children("g1").map((r) => `${r.type} ${r.name}`).sort(), [
            "gcp:projects/iAMCustomRole:IAMCustomRole g1-role",
            "gcp:projects/iAMMember:IAMMember g1-custom-role",
            "gcp:projects/iAMMember:IAMMember g1-service-account-user",
            "gcp:serviceaccount/account:Account g1-service-account",
            "gcp:serviceaccount/key:Key g1-key",
        ]);
        await recorder.assertChildrenOf(identity, "g1");
    });

    it("names the service account and role after sha1 of the cluster name, as the gke-iam module does", async () => {
        await create("g2");
        const account = recorder.named("g2-service-account").inputs;
        assert.equal(account.accountId, `castai-gke-tf-${HASH}`);
        assert.equal(account.displayName, "Service account to manage prod-eu cluster via CAST");
        assert.equal(account.project, PROJECT);
        const role = recorder.named("g2-role").inputs;
        assert.equal(role.roleId, `castai.gkeAccess.${HASH}.tf`);
        assert.equal(role.title, "Role to manage GKE cluster via CAST AI");
        assert.equal(role.stage, "GA");
    });

    it("grants the custom role exactly the permissions of gcp-castai-iam-policy.json", async () => {
        await create("g3");
        const permissions: string[] = recorder.named("g3-role").inputs.permissions;
        assert.equal(permissions.length, 39);
        assert.deepEqual(permissions, gkeCastAiPermissions());
        assert.ok(permissions.includes("container.certificateSigningRequests.approve"));
        assert.ok(permissions.includes("compute.instances.detachDisk"));
    });

    it("binds the custom role and roles/iam.serviceAccountUser on the project to the service account", async () => {
        await create("g4");
        const bindings = recorder
            .ofType("gcp:projects/iAMMember:IAMMember")
            .filter((r) => r.name.startsWith("g4-"))
            .map((r) => ({ project: r.inputs.project, role: r.inputs.role, member: r.inputs.member, condition: r.inputs.condition }))
            .sort((a, b) => a.role.localeCompare(b.role));
        assert.deepEqual(bindings, [
            { project: PROJECT, role: `projects/${PROJECT}/roles/castai.gkeAccess.${HASH}.tf`, member: `serviceAccount:${SA_EMAIL}`, condition: undefined },
            { project: PROJECT, role: "roles/iam.serviceAccountUser", member: `serviceAccount:${SA_EMAIL}`, condition: undefined },
        ]);
        assert.equal(recorder.named("g4-key").inputs.publicKeyType, "TYPE_X509_PEM_FILE");
    });

    it("limits roles/iam.serviceAccountUser to the given service accounts with a condition", async () => {
        await create("g5", { ...baseArgs, serviceAccountsUniqueIds: ["111", pulumi.output("222")] });
        assert.deepEqual(recorder.named("g5-service-account-user").inputs.condition, {
            title: "iam_condition",
            description: "IAM condition with limited scope",
            expression:
                'resource.name.startsWith("projects/-/serviceAccounts/111")||resource.name.startsWith("projects/-/serviceAccounts/222")',
        });
        assert.equal(recorder.named("g5-custom-role").inputs.condition, undefined);
    });

    it("outputs the decoded key JSON as a secret and the service account e-mail", async () => {
        const identity = await create("g6");
        assert.equal(await promiseOf(identity.credentialsJson), KEY_JSON);
        assert.equal(await pulumi.isSecret(identity.credentialsJson), true);
        assert.equal(await promiseOf(identity.serviceAccountEmail), SA_EMAIL);
    });

    it("hands out the key only after the role and bindings exist", async () => {
        const identity = await create("g7");
        await promiseOf(new Consumer("registration-g7", { credentials: identity.credentialsJson }).urn);
        const deps = new Set(recorder.named("registration-g7").dependencies);
        for (const name of ["g7-service-account", "g7-role", "g7-custom-role", "g7-service-account-user", "g7-key"]) {
            assert.ok(deps.has(recorder.named(name).urn), `the registration depends on ${name}`);
        }
    });

    it("creates nothing with an existing key, passes it through as a secret and reads the e-mail from it", async () => {
        const identity = await create("byo", { ...baseArgs, existingServiceAccountKeyJson: pulumi.secret(KEY_JSON) });
        assert.deepEqual(children("byo"), []);
        assert.equal(await promiseOf(identity.credentialsJson), KEY_JSON);
        assert.equal(await pulumi.isSecret(identity.credentialsJson), true);
        assert.equal(await promiseOf(identity.serviceAccountEmail), SA_EMAIL);
    });

    it("marks a plain existing key secret too", async () => {
        const identity = await create("byo-plain", { ...baseArgs, existingServiceAccountKeyJson: KEY_JSON });
        assert.equal(await pulumi.isSecret(identity.credentialsJson), true);
    });

    it("rejects a known existing key that is not a service-account key, without quoting it", () => {
        const notAKey = '{"secret-material": "do-not-print"}';
        const construct = () => new GkeCastAiIdentity("bad-key", { ...baseArgs, existingServiceAccountKeyJson: notAKey });
        assertResourceError(construct, "existingServiceAccountKeyJson");
        assert.throws(construct, (err: Error) => !err.message.includes("do-not-print"));
    });

    it("rejects missing required fields, naming each", () => {
        for (const field of ["projectId", "clusterName"] as const) {
            assertResourceError(
                () => new GkeCastAiIdentity(`missing-${field}`, { ...baseArgs, [field]: undefined } as unknown as GkeCastAiIdentityArgs),
                `${field} is required`,
            );
        }
    });

    it("rejects scoping ids together with an existing key, which creates no bindings to scope", () => {
        assertResourceError(
            () =>
                new GkeCastAiIdentity("bad-scope", {
                    ...baseArgs,
                    existingServiceAccountKeyJson: pulumi.secret(KEY_JSON),
                    serviceAccountsUniqueIds: ["111"],
                }),
            "serviceAccountsUniqueIds",
        );
    });
});
