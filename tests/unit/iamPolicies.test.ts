// The plain functions that decide CAST AI's cloud IAM: documents, names, bindings and argument checks.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { validateAksIdentityArgs, aksIdentityMode } from "../../components/cloud/aks";
import { eksIdentityPlan, validateEksIdentityArgs } from "../../components/cloud/eks";
import { validateGkeIdentityArgs } from "../../components/cloud/gke";
import {
    AKS_CASTAI_ROLE_ACTIONS,
    aksAssignableScopes,
    aksIamNames,
    awsPartition,
    castAiIamPolicy,
    castAiRoleManagedPolicies,
    castAiTrustPolicy,
    castAiUserPolicy,
    decodeServiceAccountKey,
    eksIamNames,
    gkeCastAiPermissions,
    gkeIamNames,
    gkeRoleBindings,
    gkeServiceAccountScopeExpression,
    managedPolicyArn,
    nodeRoleManagedPolicies,
    parseServiceAccountKey,
    renderTemplate,
    roleDefinitionResourceId,
} from "../../components/cloud/policies";

// The shipped copies must say what the research data says (tsc re-indents the JSON it copies to dist/);
// the check runs where the reference is present.
const REFERENCE_IAM =
    process.env.CASTAI_REFERENCE_IAM_DIR ?? path.resolve(__dirname, "../../../../shared/reference/data/iam");
const SHIPPED_IAM = path.resolve(__dirname, "../../components/cloud/iam");

describe("CAST AI IAM documents", () => {
    describe("policy templates", () => {
        for (const file of ["aws-castai-iam-policy.json", "aws-castai-user-policy.json", "gcp-castai-iam-policy.json"]) {
            it(`ships ${file} with the content of reference/data/iam`, function () {
                const reference = path.join(REFERENCE_IAM, file);
                if (!fs.existsSync(reference)) {
                    this.skip();
                }
                const read = (p: string) => JSON.parse(fs.readFileSync(p, "utf8"));
                assert.deepEqual(read(path.join(SHIPPED_IAM, file)), read(reference));
            });
        }

        it("fills placeholders in keys and values", () => {
            assert.deepEqual(renderTemplate({ "tag/{{ .Name }}": ["arn:{{ .P }}:x", 1, null] }, { Name: "c1", P: "aws" }), {
                "tag/c1": ["arn:aws:x", 1, null],
            });
        });

        it("refuses a placeholder it has no value for", () => {
            assert.throws(() => renderTemplate({ a: "{{ .Missing }}" }, {}), /\{\{ \.Missing \}\} has no value/);
        });
    });

    describe("AWS", () => {
        it("derives the partition from the region as castai_eks_settings does", () => {
            assert.equal(awsPartition("eu-central-1"), "aws");
            assert.equal(awsPartition("us-gov-west-1"), "aws-us-gov");
            assert.equal(awsPartition("cn-north-1"), "aws-cn");
        });

        it("renders the account-wide CAST AI policy for the account and partition", () => {
            const policy = castAiIamPolicy("123456789012", "eu-west-1");
            assert.deepEqual(
                policy.Statement.map((s) => s.Sid),
                ["PassRoleEC2", "PassRoleEKS", "NonResourcePermissions", "RunInstancesPermissions"],
            );
            assert.deepEqual(policy.Statement[3].Resource, [
                "arn:aws:ec2:*:123456789012:capacity-reservation/*",
                "arn:aws:ec2:*:123456789012:key-pair/*",
                "arn:aws:ec2:*:123456789012:network-interface/*",
                "arn:aws:ec2:*:123456789012:security-group/*",
                "arn:aws:ec2:*:123456789012:volume/*",
                "arn:aws:ec2:*::image/*",
            ]);
            assert.equal(policy.Statement[0].Resource, "arn:aws:iam::*:role/*");
            assert.ok(!JSON.stringify(policy).includes("{{"));
        });

        it("scopes the inline policy to the cluster tag, region, account and VPC, with a shared VPC's owner in VPC ARNs", () => {
            const policy = castAiUserPolicy({
                accountId: "123456789012",
                region: "eu-west-1",
                clusterName: "prod",
                vpcId: "vpc-1",
                sharedVpcAccountId: "210987654321",
            });
            const bySid = Object.fromEntries(policy.Statement.map((s) => [s.Sid as string, s]));
            assert.deepEqual(bySid.RunInstancesTagRestriction, {
                Sid: "RunInstancesTagRestriction",
                Effect: "Allow",
                Action: "ec2:RunInstances",
                Resource: "arn:aws:ec2:eu-west-1:123456789012:instance/*",
                Condition: { StringEquals: { "aws:RequestTag/kubernetes.io/cluster/prod": "owned" } },
            });
            assert.deepEqual(bySid.RunInstancesVpcRestriction.Resource, "arn:aws:ec2:eu-west-1:210987654321:subnet/*");
            assert.deepEqual(bySid.RunInstancesVpcRestriction.Condition, {
                StringEquals: { "ec2:Vpc": "arn:aws:ec2:eu-west-1:210987654321:vpc/vpc-1" },
            });
            assert.deepEqual(bySid.EKS.Resource, [
                "arn:aws:eks:eu-west-1:123456789012:cluster/prod",
                "arn:aws:eks:eu-west-1:123456789012:nodegroup/prod/*/*",
            ]);
            assert.equal(policy.Statement.length, 8);
            assert.ok(!JSON.stringify(policy).includes("{{"));
        });

        it("puts the VPC in the cluster's own account when it is not shared", () => {
            const policy = castAiUserPolicy({ accountId: "123456789012", region: "eu-west-1", clusterName: "p", vpcId: "vpc-1" });
            assert.equal(policy.Statement[1].Resource, "arn:aws:ec2:eu-west-1:123456789012:subnet/*");
        });

        it("trusts the CAST AI principal with the cluster id as external id", () => {
            assert.deepEqual(castAiTrustPolicy("arn:aws:iam::1:user/castai", "cid").Statement[0], {
                Sid: "",
                Effect: "Allow",
                Action: "sts:AssumeRole",
                Principal: { AWS: "arn:aws:iam::1:user/castai" },
                Condition: { StringEquals: { "sts:ExternalId": "cid" } },
            });
        });

        it("lists the module's managed policies, with the node role's optional ones switchable", () => {
            assert.deepEqual(castAiRoleManagedPolicies(), ["AmazonEC2ReadOnlyAccess", "IAMReadOnlyAccess"]);
            assert.deepEqual(nodeRoleManagedPolicies(), [
                "AmazonEKSWorkerNodePolicy",
                "AmazonEC2ContainerRegistryReadOnly",
                "AmazonEKS_CNI_Policy",
                "service-role/AmazonEBSCSIDriverPolicy",
                "AmazonSSMManagedInstanceCore",
            ]);
            assert.deepEqual(nodeRoleManagedPolicies({ attachWorkerCniPolicy: false, attachSsmManagedInstanceCore: false }), [
                "AmazonEKSWorkerNodePolicy",
                "AmazonEC2ContainerRegistryReadOnly",
                "service-role/AmazonEBSCSIDriverPolicy",
            ]);
            assert.equal(
                managedPolicyArn("cn-north-1", "service-role/AmazonEBSCSIDriverPolicy"),
                "arn:aws-cn:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
            );
        });

        it("keeps role names within IAM's 64 characters for long cluster names", () => {
            const names = eksIamNames("x".repeat(100));
            assert.ok(names.roleName.length <= 64 && names.nodeRoleName.length <= 64, JSON.stringify(names));
            assert.equal(names.roleName, `castai-eks-${"x".repeat(53)}`);
            assert.equal(names.userPolicyName, `castai-user-policy-${"x".repeat(45)}`);
        });

        it("creates the role and the instance profile unless existing ones are given", () => {
            const base = { existingRoleArn: undefined, existingInstanceProfileArn: undefined };
            assert.deepEqual(eksIdentityPlan(base), { createRole: true, createInstanceProfile: true });
            assert.deepEqual(eksIdentityPlan({ ...base, existingRoleArn: "a" }), { createRole: false, createInstanceProfile: true });
            assert.deepEqual(eksIdentityPlan({ ...base, existingRoleArn: "a", existingInstanceProfileArn: "b" }), {
                createRole: false,
                createInstanceProfile: false,
            });
        });

        it("validates the arguments field by field", () => {
            const valid = {
                accountId: "123456789012",
                region: "eu-west-1",
                clusterName: "c",
                vpcId: "vpc-1",
                castaiPrincipalArn: "arn:aws:iam::123456789012:user/castai",
                clusterId: "3f2c8a91-5b7e-4d0a-9c6f-1e8b2d4a7c35",
            };
            assert.deepEqual(validateEksIdentityArgs(valid), []);
            assert.deepEqual(validateEksIdentityArgs({ ...valid, clusterId: "cid" }), [
                'clusterId must be a CAST AI id, an RFC 4122 UUID such as 3f2c8a91-5b7e-4d0a-9c6f-1e8b2d4a7c35, got "cid" (a string)',
            ]);
            assert.deepEqual(
                validateEksIdentityArgs({ accountId: "123456789012", region: "eu-west-1", clusterName: "c" }).map((p) => p.split(" ")[0]),
                ["vpcId", "castaiPrincipalArn", "clusterId"],
            );
            assert.match(validateEksIdentityArgs({ ...valid, existingInstanceProfileArn: "arn:aws:iam::123456789012:instance-profile/p" })[0], /^existingInstanceProfileArn needs existingRoleArn/);
            assert.match(validateEksIdentityArgs({ ...valid, existingInstanceProfileArn: "profile" }).join(), /existingInstanceProfileArn must be an instance profile ARN/);
        });

        it("names the fields under the prefix it is given, as CastAiCluster's eks block", () => {
            assert.deepEqual(validateEksIdentityArgs({ accountId: "1", region: "eu-west-1", clusterName: "c" }, "eks"), [
                'eks.accountId must be the 12-digit AWS account id, got "1" (a string)',
                "eks.vpcId is required to create the CAST AI role (or pass eks.existingRoleArn)",
                "eks.castaiPrincipalArn is required to create the CAST AI role (or pass eks.existingRoleArn)",
                "eks.clusterId is required to create the CAST AI role (or pass eks.existingRoleArn)",
            ]);
        });
    });

    describe("GCP", () => {
        it("grants the 39 permissions of the provider's GKE policy", () => {
            const permissions = gkeCastAiPermissions();
            assert.equal(permissions.length, 39);
            assert.equal(new Set(permissions).size, 39);
            assert.equal(permissions[0], "container.clusters.get");
            assert.equal(permissions[38], "resourcemanager.projects.getIamPolicy");
        });

        it("names the service account and role after the first 8 hex digits of sha1(cluster)", () => {
            // sha1("prod") = f6c433ac...: the module's substr(sha1(var.gke_cluster_name), 0, 8)
            assert.deepEqual(gkeIamNames("prod"), {
                serviceAccountId: "castai-gke-tf-f6c433ac",
                customRoleId: "castai.gkeAccess.f6c433ac.tf",
            });
        });

        it("binds serviceAccountUser unconditionally unless scoped, then with a condition", () => {
            assert.deepEqual(gkeRoleBindings(false), [{ role: "roles/iam.serviceAccountUser" }, { role: "custom" }]);
            assert.deepEqual(gkeRoleBindings(true), [
                { role: "custom" },
                { role: "roles/iam.serviceAccountUser", condition: { title: "iam_condition", description: "IAM condition with limited scope" } },
            ]);
            assert.equal(
                gkeServiceAccountScopeExpression(["1", "2"]),
                'resource.name.startsWith("projects/-/serviceAccounts/1")||resource.name.startsWith("projects/-/serviceAccounts/2")',
            );
        });

        it("decodes the key to JSON and reads a key's e-mail, naming the field when it is no key", () => {
            const key = JSON.stringify({ type: "service_account", client_email: "sa@p.iam.gserviceaccount.com", private_key: "k" });
            assert.equal(decodeServiceAccountKey(Buffer.from(key).toString("base64")), key);
            assert.equal(parseServiceAccountKey(key), "sa@p.iam.gserviceaccount.com");
            assert.throws(() => parseServiceAccountKey("not json"), /existingServiceAccountKeyJson must be .* it is not JSON/);
            assert.throws(() => parseServiceAccountKey('{"type":"authorized_user"}'), /"type": "service_account"/);
        });

        it("validates the arguments field by field", () => {
            assert.deepEqual(validateGkeIdentityArgs({ projectId: "shop-dev", clusterName: "c" }), []);
            assert.deepEqual(validateGkeIdentityArgs({ projectId: "", clusterName: "c" }), ["projectId is required"]);
            assert.deepEqual(validateGkeIdentityArgs({ projectId: "shop-dev", clusterName: "c", existingServiceAccountKeyJson: "nope" }, "gke"), [
                "gke.existingServiceAccountKeyJson must be a service-account key JSON document (the file GCP downloads); it is not JSON",
            ]);
        });
    });

    describe("Azure", () => {
        it("lists the 36 actions of the module's role, without duplicates", () => {
            assert.equal(AKS_CASTAI_ROLE_ACTIONS.length, 36);
            assert.equal(new Set(AKS_CASTAI_ROLE_ACTIONS).size, 36);
            assert.ok(AKS_CASTAI_ROLE_ACTIONS.includes("Microsoft.ManagedIdentity/userAssignedIdentities/assign/action"));
        });

        it("names the role, identity and federated credential as the module does", () => {
            assert.deepEqual(aksIamNames("prod", "rg"), {
                roleName: "CastAKSRole-prod-tf",
                identityName: "prod-castai-identity",
                federatedCredentialName: "castai-prod-rg",
            });
            assert.equal(aksIamNames("c".repeat(40), "r".repeat(40)).federatedCredentialName.length, 64);
        });

        it("makes the role assignable to the cluster and node groups and extra scopes, once each", () => {
            assert.deepEqual(aksAssignableScopes("s", "rg", "rg", ["/subscriptions/s/resourceGroups/rg", "/x"]), [
                "/subscriptions/s/resourceGroups/rg",
                "/x",
            ]);
            assert.equal(roleDefinitionResourceId("s", "g"), "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/g");
        });

        it("chooses the mode from the credentials given, and validates them", () => {
            const base = { subscriptionId: "8f3c2a1e-5b6d-4e7f-9a0b-1c2d3e4f5a6b", resourceGroupName: "rg", nodeResourceGroup: "n", clusterName: "c", region: "westeurope" };
            const tenantId = "2b7d4c9e-1a3f-4e5b-8c6d-7e8f9a0b1c2d";
            assert.equal(aksIdentityMode(base), "create-federation");
            assert.equal(aksIdentityMode({ ...base, existingClientId: "c", existingClientSecret: "x" }), "existing-secret");
            assert.equal(aksIdentityMode({ ...base, existingClientId: "c", existingFederationId: "f" }), "existing-federation");
            assert.deepEqual(validateAksIdentityArgs({ ...base, castaiImpersonationServiceAccountId: "id" }), []);
            assert.deepEqual(validateAksIdentityArgs({ ...base, tenantId, existingClientId: "c", existingFederationId: "f" }), []);
            assert.deepEqual(
                validateAksIdentityArgs({ ...base, tenantId, existingClientId: "c", existingClientSecret: "x", existingFederationId: "f" }),
                ["existingClientSecret and existingFederationId exclude each other: CAST AI takes one credential"],
            );
            assert.deepEqual(validateAksIdentityArgs({ ...base, region: "" }, "aks"), [
                "aks.region is required",
                "aks.castaiImpersonationServiceAccountId is required to create the federated identity (or pass aks.existingClientId)",
            ]);
        });
    });
});
