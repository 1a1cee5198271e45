// What an AKS user gets from AksCastAiIdentity, under Pulumi mocks.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { AksCastAiIdentity, AksCastAiIdentityArgs } from "../../components/cloud/aks";
import { AKS_CASTAI_ROLE_ACTIONS, shortHash } from "../../components/cloud/policies";
import { Consumer, assertResourceError, promiseOf, recordResources } from "../helpers/mocks";

const SUB = "00000000-0000-0000-0000-000000000001";
const ROLE_GUID = "7f4a9a3e-0000-4000-8000-00000000beef";
const CLIENT_ID = "c11e0000-0000-4000-8000-000000000001";
const PRINCIPAL_ID = "9a1d0000-0000-4000-8000-000000000002";
const IDENTITY_TENANT = "7e7a0000-0000-4000-8000-000000000003";
const CASTAI_SUBJECT = "107283746590123456789";
const CLUSTER_RG = `/subscriptions/${SUB}/resourceGroups/rg-prod`;
const NODE_RG = `/subscriptions/${SUB}/resourceGroups/MC_rg-prod_prod-we_westeurope`;

const recorder = recordResources(({ type, inputs }) => {
    switch (type) {
        case "azure-native:authorization:RoleDefinition":
            return { name: ROLE_GUID };
        case "azure-native:managedidentity:UserAssignedIdentity":
            return { name: inputs.resourceName, clientId: CLIENT_ID, principalId: PRINCIPAL_ID, tenantId: IDENTITY_TENANT };
        default:
            return {};
    }
});

const baseArgs: AksCastAiIdentityArgs = {
    subscriptionId: SUB,
    resourceGroupName: "rg-prod",
    nodeResourceGroup: "MC_rg-prod_prod-we_westeurope",
    clusterName: "prod-we",
    region: "westeurope",
    castaiImpersonationServiceAccountId: CASTAI_SUBJECT,
};

async function create(name: string, args: AksCastAiIdentityArgs = baseArgs): Promise<AksCastAiIdentity> {
    const identity = new AksCastAiIdentity(name, args);
    await promiseOf(pulumi.all([identity.urn, identity.clientId, identity.tenantId, identity.federationId]));
    return identity;
}

const children = (prefix: string) => recorder.customResources(prefix);

function throwsNaming(args: Partial<AksCastAiIdentityArgs>, text: string) {
    assertResourceError(() => new AksCastAiIdentity("bad", args as AksCastAiIdentityArgs), text);
}

describe("AksCastAiIdentity", () => {
    before(() => recorder.setup());
    beforeEach(() => recorder.reset());

    it("creates the CAST AI role, a managed identity with a federated credential and two role assignments, all children of the component", async () => {
        const identity = await create("a1");
        assert.deepEqual(children("a1").map((r) => `${r.type} ${r.name}`).sort(), [
            "azure-native:authorization:RoleAssignment a1-cluster-rg-assignment",
            "azure-native:authorization:RoleAssignment a1-node-rg-assignment",
            "azure-native:authorization:RoleDefinition a1-role",
            "azure-native:managedidentity:FederatedIdentityCredential a1-federated-credential",
            "azure-native:managedidentity:UserAssignedIdentity a1-identity",
        ]);
        await recorder.assertChildrenOf(identity, "a1");
    });

    it("defines the role with the module's actions, at the cluster group, assignable to both groups", async () => {
        await create("a2");
        assert.deepEqual(recorder.named("a2-role").inputs, {
            roleName: "CastAKSRole-prod-we-tf",
            description: "Role used by CAST AI",
            scope: CLUSTER_RG,
            permissions: [{ actions: [...AKS_CASTAI_ROLE_ACTIONS], notActions: [] }],
            assignableScopes: [CLUSTER_RG, NODE_RG],
        });
        assert.equal(AKS_CASTAI_ROLE_ACTIONS.length, 36);
    });

    it("federates the identity with CAST AI's Google service account", async () => {
        await create("a3");
        assert.deepEqual(recorder.named("a3-identity").inputs, {
            resourceName: "prod-we-castai-identity",
            resourceGroupName: "rg-prod",
            location: "westeurope",
        });
        assert.deepEqual(recorder.named("a3-federated-credential").inputs, {
            federatedIdentityCredentialResourceName: "castai-prod-we-rg-prod",
            resourceGroupName: "rg-prod",
            resourceName: "prod-we-castai-identity",
            audiences: ["api://AzureADTokenExchange"],
            issuer: "https://accounts.google.com",
            subject: CASTAI_SUBJECT,
        });
    });

    it("assigns the role to the identity on the cluster group, the node group and each additional scope", async () => {
        const vnetRg = `/subscriptions/${SUB}/resourceGroups/rg-network`;
        await create("a4", { ...baseArgs, additionalResourceGroups: [vnetRg] });
        const assignments = recorder
            .ofType("azure-native:authorization:RoleAssignment")
            .filter((r) => r.name.startsWith("a4-"));
        assert.deepEqual(assignments.map((r) => r.name).sort(), [
            `a4-assignment-${shortHash(vnetRg)}`,
            "a4-cluster-rg-assignment",
            "a4-node-rg-assignment",
        ]);
        assert.deepEqual(assignments.map((r) => r.inputs.scope).sort(), [CLUSTER_RG, NODE_RG, vnetRg].sort());
        for (const { inputs } of assignments) {
            assert.equal(inputs.principalId, PRINCIPAL_ID);
            assert.equal(inputs.principalType, "ServicePrincipal");
            assert.equal(inputs.roleDefinitionId, `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_GUID}`);
        }
        assert.deepEqual(recorder.named("a4-role").inputs.assignableScopes, [CLUSTER_RG, NODE_RG, vnetRg]);
    });

    it("outputs the identity's client id, principal id as federation id and tenant, and no secret", async () => {
        const identity = await create("a5");
        assert.equal(await promiseOf(identity.clientId), CLIENT_ID);
        assert.equal(await promiseOf(identity.federationId), PRINCIPAL_ID);
        assert.equal(await promiseOf(identity.tenantId), IDENTITY_TENANT);
        assert.equal(await promiseOf(identity.subscriptionId), SUB);
        assert.equal(await promiseOf(identity.clientSecret), undefined);
    });

    it("outputs the given tenant id rather than the identity's", async () => {
        const identity = await create("a6", { ...baseArgs, tenantId: "11111111-1111-1111-1111-111111111111" });
        assert.equal(await promiseOf(identity.tenantId), "11111111-1111-1111-1111-111111111111");
    });

    it("makes whatever consumes the client id depend on the role and its assignments", async () => {
        const identity = await create("a7");
        await promiseOf(new Consumer("registration-a7", { clientId: identity.clientId, federationId: identity.federationId }).urn);
        const deps = new Set(recorder.named("registration-a7").dependencies);
        assert.equal(children("a7-").length, 5);
        for (const child of children("a7-")) {
            assert.ok(deps.has(child.urn), `the registration depends on ${child.name}`);
        }
    });

    it("creates nothing with an existing client and secret, and passes them through with the secret kept secret", async () => {
        const identity = await create("byo-secret", {
            ...baseArgs,
            tenantId: IDENTITY_TENANT,
            existingClientId: CLIENT_ID,
            existingClientSecret: "s3cr3t",
        });
        assert.deepEqual(children("byo-secret"), []);
        assert.equal(await promiseOf(identity.clientId), CLIENT_ID);
        assert.equal(await promiseOf(identity.clientSecret), "s3cr3t");
        assert.equal(await pulumi.isSecret(identity.clientSecret), true);
        assert.equal(await promiseOf(identity.federationId), undefined);
        assert.equal(await promiseOf(identity.tenantId), IDENTITY_TENANT);
    });

    it("creates nothing with an existing client and federation id, and passes them through", async () => {
        const identity = await create("byo-fed", {
            ...baseArgs,
            castaiImpersonationServiceAccountId: undefined,
            tenantId: IDENTITY_TENANT,
            existingClientId: CLIENT_ID,
            existingFederationId: PRINCIPAL_ID,
        });
        assert.deepEqual(children("byo-fed"), []);
        assert.equal(await promiseOf(identity.federationId), PRINCIPAL_ID);
        assert.equal(await promiseOf(identity.clientSecret), undefined);
    });

    it("rejects a client secret together with a federation id", () => {
        throwsNaming(
            { ...baseArgs, tenantId: IDENTITY_TENANT, existingClientId: CLIENT_ID, existingClientSecret: "s", existingFederationId: PRINCIPAL_ID },
            "existingClientSecret and existingFederationId exclude each other",
        );
    });

    it("rejects a secret or federation id without the client id, and a client id without either", () => {
        throwsNaming({ ...baseArgs, existingClientSecret: "s" }, "existingClientId is required with existingClientSecret");
        throwsNaming({ ...baseArgs, existingFederationId: PRINCIPAL_ID }, "existingClientId is required with existingFederationId");
        throwsNaming({ ...baseArgs, tenantId: IDENTITY_TENANT, existingClientId: CLIENT_ID }, "existingClientId needs existingClientSecret or existingFederationId");
    });

    it("rejects an existing client without a tenant id", () => {
        throwsNaming({ ...baseArgs, existingClientId: CLIENT_ID, existingClientSecret: "s" }, "tenantId is required");
    });

    it("rejects the secret path without an existing app, which azure-native cannot create", () => {
        throwsNaming({ ...baseArgs, useFederation: false }, "useFederation: false needs existingClientId and existingClientSecret");
    });

    it("rejects useFederation contradicting the credential given", () => {
        throwsNaming(
            { ...baseArgs, tenantId: IDENTITY_TENANT, existingClientId: CLIENT_ID, existingClientSecret: "s", useFederation: true },
            "useFederation: true contradicts existingClientSecret",
        );
        throwsNaming(
            { ...baseArgs, tenantId: IDENTITY_TENANT, existingClientId: CLIENT_ID, existingFederationId: PRINCIPAL_ID, useFederation: false },
            "useFederation: false contradicts existingFederationId",
        );
    });

    it("rejects creating the identity without CAST AI's impersonation service account id", () => {
        throwsNaming({ ...baseArgs, castaiImpersonationServiceAccountId: undefined }, "castaiImpersonationServiceAccountId is required");
    });

    it("rejects missing required fields, naming each", () => {
        for (const field of ["subscriptionId", "resourceGroupName", "nodeResourceGroup", "clusterName", "region"] as const) {
            throwsNaming({ ...baseArgs, [field]: undefined }, `${field} is required`);
        }
    });
});
