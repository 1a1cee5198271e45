// Cloud identities and CAST AI ids are checked by their documented formats and the clouds' region lists, at preview:
// each problem one line naming the field, showing the value as given and saying what is allowed. CastAiCluster and
// the resources call the same rules, so a value refused by one is refused by the other with the same words.
import { strict as assert } from "node:assert";
import { castaiIdProblem } from "../../components/castaiId";
import { awsAccountIdProblem, azureSubscriptionIdProblem, azureTenantIdProblem, gcpProjectIdProblem } from "../../components/cloud/accountIds";
import { awsRegionProblem, azureRegionProblem, gcpLocationProblem } from "../../components/cloud/regions";
import { planCluster } from "../../components/clusterPlan";
import type { CastAiClusterArgs } from "../../components/clusterArgs";
import { UNKNOWN } from "../../components/resources/compare";
import { ExternalClusterInputs, validateExternalCluster } from "../../components/resources/externalCluster";
import { Validator } from "../../components/resources/validation";

type Rule = (field: string, value: string) => string | undefined;

interface RuleCases {
    rule: Rule;
    field: string;
    good: string[];
    bad: [string, string][];
}

const AWS_REGION = "must be an AWS region (commercial, GovCloud, China or European Sovereign Cloud) such as eu-central-1";
const GCP_LOCATION = "must be a GCP region such as europe-west1 or one of its zones such as europe-west1-b";
const AZURE_REGION = "must be an Azure region as the ARM API names it, lowercase without spaces, such as westeurope";
const GCP_PROJECT = "must be a GCP project id: 6 to 30 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen";
const SUBSCRIPTION = "must be an Azure subscription id, a GUID such as 8c2f4e1a-6b3d-4f7e-9a05-d1c8b7e3f260";
const TENANT = "must be an Entra tenant id, a GUID such as 5d9b1c7e-2a4f-4e8b-b316-0f7a9c2e4d81";
const CASTAI_ID = "must be a CAST AI id, an RFC 4122 UUID such as 3f2c8a91-5b7e-4d0a-9c6f-1e8b2d4a7c35";

const rules: Record<string, RuleCases> = {
    "AWS region": {
        rule: awsRegionProblem,
        field: "eks.region",
        good: ["eu-central-1", "us-gov-west-1", "cn-northwest-1", "ap-southeast-5"],
        bad: [
            ["mars-north-9", `eks.region ${AWS_REGION}, got "mars-north-9" (a string)`],
            ["eu-west-7", `eks.region ${AWS_REGION}, got "eu-west-7" (a string); did you mean eu-west-1?`],
            ["EU-CENTRAL-1", `eks.region ${AWS_REGION}, got "EU-CENTRAL-1" (a string); did you mean eu-central-1?`],
            ["eu-central-1a", `eks.region ${AWS_REGION}, got "eu-central-1a" (a string); did you mean eu-central-1?`],
        ],
    },
    "GCP location": {
        rule: gcpLocationProblem,
        field: "gke.location",
        good: ["europe-west1", "europe-west1-b", "us-central1-f", "northamerica-south1", "africa-south1-a"],
        bad: [
            ["mars-north9", `gke.location ${GCP_LOCATION}, got "mars-north9" (a string)`],
            ["europe-west7-b", `gke.location ${GCP_LOCATION}, got "europe-west7-b" (a string); did you mean europe-west1?`],
            ["eu-central-1", `gke.location ${GCP_LOCATION}, got "eu-central-1" (a string)`],
            ["europe-west1-bb", `gke.location ${GCP_LOCATION}, got "europe-west1-bb" (a string)`],
        ],
    },
    "Azure region": {
        rule: azureRegionProblem,
        field: "aks.region",
        good: ["westeurope", "eastus2", "swedencentral", "usgovvirginia", "chinanorth3"],
        bad: [
            ["West Europe", `aks.region ${AZURE_REGION}, got "West Europe" (a string); did you mean westeurope?`],
            ["west-europe", `aks.region ${AZURE_REGION}, got "west-europe" (a string); did you mean westeurope?`],
            ["eu-central-1", `aks.region ${AZURE_REGION}, got "eu-central-1" (a string)`],
            ["marsnorth", `aks.region ${AZURE_REGION}, got "marsnorth" (a string)`],
        ],
    },
    "GCP project id": {
        rule: gcpProjectIdProblem,
        field: "gke.projectId",
        good: ["shop-1", "my-project-123456", "a2345678901234567890123456789z"],
        bad: [
            ["My Project!", `gke.projectId ${GCP_PROJECT}, got "My Project!" (a string)`],
            ["shop", `gke.projectId ${GCP_PROJECT}, got "shop" (a string)`],
            ["1shop-prod", `gke.projectId ${GCP_PROJECT}, got "1shop-prod" (a string)`],
            ["shop-prod-", `gke.projectId ${GCP_PROJECT}, got "shop-prod-" (a string)`],
            ["a23456789012345678901234567890z", `gke.projectId ${GCP_PROJECT}, got "a23456789012345678901234567890z" (a string)`],
        ],
    },
    "AWS account id": {
        rule: awsAccountIdProblem,
        field: "eks.accountId",
        good: ["123456789012", "000000000001"],
        bad: [
            ["12345678901", 'eks.accountId must be the 12-digit AWS account id, got "12345678901" (a string)'],
            ["1234-5678-9012", 'eks.accountId must be the 12-digit AWS account id, got "1234-5678-9012" (a string)'],
            ["12345678901a", 'eks.accountId must be the 12-digit AWS account id, got "12345678901a" (a string)'],
        ],
    },
    "Azure subscription id": {
        rule: azureSubscriptionIdProblem,
        field: "aks.subscriptionId",
        good: ["8f3c2a1e-5b6d-4e7f-9a0b-1c2d3e4f5a6b", "00000000-0000-0000-0000-000000000000", "8F3C2A1E-5B6D-4E7F-9A0B-1C2D3E4F5A6B"],
        bad: [
            ["abc", `aks.subscriptionId ${SUBSCRIPTION}, got "abc" (a string)`],
            ["8f3c2a1e5b6d4e7f9a0b1c2d3e4f5a6b", `aks.subscriptionId ${SUBSCRIPTION}, got "8f3c2a1e5b6d4e7f9a0b1c2d3e4f5a6b" (a string)`],
            ["{8f3c2a1e-5b6d-4e7f-9a0b-1c2d3e4f5a6b}", `aks.subscriptionId ${SUBSCRIPTION}, got "{8f3c2a1e-5b6d-4e7f-9a0b-1c2d3e4f5a6b}" (a string)`],
            ["/subscriptions/8f3c2a1e-5b6d-4e7f-9a0b-1c2d3e4f5a6b", `aks.subscriptionId ${SUBSCRIPTION}, got "/subscriptions/8f3c2a1e-5b6d-4e7f-9a0b-1c2d3e4f5a6b" (a string)`],
        ],
    },
    "Entra tenant id": {
        rule: azureTenantIdProblem,
        field: "aks.tenantId",
        good: ["2b7d4c9e-1a3f-4e5b-8c6d-7e8f9a0b1c2d", "72f988bf-86f1-41af-91ab-2d7cd011db47"],
        bad: [
            ["contoso.onmicrosoft.com", `aks.tenantId ${TENANT}, got "contoso.onmicrosoft.com" (a string)`],
            ["t", `aks.tenantId ${TENANT}, got "t" (a string)`],
            ["2b7d4c9e-1a3f-4e5b-8c6d-7e8f9a0b1c2", `aks.tenantId ${TENANT}, got "2b7d4c9e-1a3f-4e5b-8c6d-7e8f9a0b1c2" (a string)`],
        ],
    },
    "CAST AI id": {
        rule: castaiIdProblem,
        field: "clusterId",
        good: ["3f2c8a91-5b7e-4d0a-9c6f-1e8b2d4a7c35", "00000000-0000-4000-8000-000000000001", "3F2C8A91-5B7E-1D0A-BC6F-1E8B2D4A7C35"],
        bad: [
            ["not-a-uuid", `clusterId ${CASTAI_ID}, got "not-a-uuid" (a string)`],
            ["c1", `clusterId ${CASTAI_ID}, got "c1" (a string)`],
            // A GUID that is not RFC 4122: version 0 and variant 0, which the operator's CRD refuses.
            ["00000000-0000-0000-0000-000000000000", `clusterId ${CASTAI_ID}, got "00000000-0000-0000-0000-000000000000" (a string)`],
            ["3f2c8a91-5b7e-4d0a-7c6f-1e8b2d4a7c35", `clusterId ${CASTAI_ID}, got "3f2c8a91-5b7e-4d0a-7c6f-1e8b2d4a7c35" (a string)`],
        ],
    },
};

describe("cloud identity and CAST AI id formats", () => {
    for (const [name, { rule, field, good, bad }] of Object.entries(rules)) {
        describe(name, () => {
            for (const value of good) {
                it(`accepts "${value}"`, () => assert.equal(rule(field, value), undefined));
            }
            for (const [value, message] of bad) {
                it(`refuses "${value}": ${message}`, () => assert.equal(rule(field, value), message));
            }
        });
    }

    describe("in the resources' check (Validator)", () => {
        it("leaves values unknown at preview, empty values and other types to the other checks", () => {
            const v = new Validator();
            v.format("eks.region", UNKNOWN, awsRegionProblem);
            v.format("eks.region", "", awsRegionProblem);
            v.format("eks.region", 42, awsRegionProblem);
            v.optionalUuid("organizationId", undefined);
            assert.deepEqual(v.failures, []);
        });

        it("shows a value under a secret path by its type only", () => {
            const v = new Validator();
            v.format("credentials.tenantId", "contoso.onmicrosoft.com", azureTenantIdProblem);
            assert.deepEqual(v.failures, [{ property: "credentials.tenantId", reason: `credentials.tenantId ${TENANT}, got a string` }]);
        });

        it("requiredUuid reports a missing id once, and a malformed one by its format", () => {
            const v = new Validator();
            v.requiredUuid("clusterId", undefined);
            v.requiredUuid("configurationId", "cfg-1");
            v.optionalUuid("organizationId", "org");
            assert.deepEqual(v.failures.map((f) => f.reason), [
                "clusterId is required and must be a non-empty string, got undefined",
                `configurationId ${CASTAI_ID}, got "cfg-1" (a string)`,
                `organizationId ${CASTAI_ID}, got "org" (a string)`,
            ]);
        });
    });

    describe("one rule, two callers: CastAiCluster refuses what ExternalCluster refuses, with the same line", () => {
        const api = { apiUrl: "https://api.eu.cast.ai", apiToken: "org-key" };
        const clouds: [string, CastAiClusterArgs, ExternalClusterInputs][] = [
            [
                "eks",
                { environment: "prod", provider: "eks", phase: 1, eks: { accountId: "1234", region: "mars-north-9", clusterName: "shop" }, ...api },
                { name: "shop", eks: { accountId: "1234", region: "mars-north-9", clusterName: "shop" } },
            ],
            [
                "gke",
                { environment: "prod", provider: "gke", phase: 1, gke: { projectId: "My Project!", location: "europe-west7-b", clusterName: "shop" }, ...api },
                { name: "shop", gke: { projectId: "My Project!", location: "europe-west7-b", clusterName: "shop" } },
            ],
            [
                "aks",
                {
                    environment: "prod",
                    provider: "aks",
                    phase: 1,
                    aks: { subscriptionId: "abc", region: "West Europe", resourceGroupName: "rg", nodeResourceGroup: "MC_rg", clusterName: "shop" },
                    ...api,
                },
                { name: "shop", aks: { subscriptionId: "abc", region: "West Europe", nodeResourceGroup: "MC_rg" } },
            ],
        ];
        for (const [cloud, component, resource] of clouds) {
            it(`${cloud}: every problem at once, the same lines from both`, () => {
                const plan = planCluster("shop", component);
                assert.ok("problems" in plan, "expected problems");
                const v = new Validator();
                validateExternalCluster(resource, v);
                const lines = v.failures.map((f) => f.reason);
                assert.equal(lines.length, 2, lines.join("\n"));
                assert.deepEqual([...plan.problems], lines);
            });
        }
    });
});
