// What an EKS user gets from EksCastAiIdentity, under Pulumi mocks.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { EksCastAiIdentity, EksCastAiIdentityArgs } from "../../components/cloud/eks";
import { castAiIamPolicy, castAiUserPolicy } from "../../components/cloud/policies";
import { Consumer, assertResourceError, promiseOf, recordResources } from "../helpers/mocks";

const ACCOUNT = "123456789012";
const PRINCIPAL = "arn:aws:iam::999999999999:user/castai-user";
const CLUSTER_ID = "3f1c4a55-0d5e-4e6b-9b3a-9d1b2c3d4e5f";

const arnKind: Record<string, string> = {
    "aws:iam/role:Role": "role",
    "aws:iam/policy:Policy": "policy",
    "aws:iam/instanceProfile:InstanceProfile": "instance-profile",
};
const recorder = recordResources(({ type, inputs }) =>
    arnKind[type] ? { arn: `arn:aws:iam::${ACCOUNT}:${arnKind[type]}/${inputs.name}` } : {},
);

const baseArgs: EksCastAiIdentityArgs = {
    accountId: ACCOUNT,
    region: "eu-central-1",
    clusterName: "prod-eu",
    vpcId: "vpc-0abc",
    castaiPrincipalArn: PRINCIPAL,
    clusterId: CLUSTER_ID,
};

/** Creates the identity and waits until all its children are registered. */
async function create(name: string, args: EksCastAiIdentityArgs = baseArgs): Promise<EksCastAiIdentity> {
    const identity = new EksCastAiIdentity(name, args);
    await promiseOf(pulumi.all([identity.urn, identity.roleArn, identity.instanceProfileArn]));
    return identity;
}

const children = (prefix: string) => recorder.customResources(prefix);

function throwsNaming(args: Partial<EksCastAiIdentityArgs>, text: string) {
    assertResourceError(() => new EksCastAiIdentity("bad", args as EksCastAiIdentityArgs), text);
}

describe("EksCastAiIdentity", () => {
    before(() => recorder.setup());
    beforeEach(() => recorder.reset());

    it("creates the CAST AI role with its policies and the node role with its instance profile, all children of the component", async () => {
        const identity = await create("c1");
        const got = children("c1").map((r) => `${r.type} ${r.name}`).sort();
        assert.deepEqual(got, [
            "aws:iam/instanceProfile:InstanceProfile c1-instance-profile",
            "aws:iam/policy:Policy c1-ipv6-policy",
            "aws:iam/policy:Policy c1-policy",
            "aws:iam/role:Role c1-node-role",
            "aws:iam/role:Role c1-role",
            "aws:iam/rolePolicy:RolePolicy c1-user-policy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment c1-ipv6-policy-attachment",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment c1-node-role-AmazonEBSCSIDriverPolicy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment c1-node-role-AmazonEC2ContainerRegistryReadOnly",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment c1-node-role-AmazonEKSWorkerNodePolicy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment c1-node-role-AmazonEKS_CNI_Policy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment c1-node-role-AmazonSSMManagedInstanceCore",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment c1-policy-attachment",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment c1-role-AmazonEC2ReadOnlyAccess",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment c1-role-IAMReadOnlyAccess",
        ]);
        await recorder.assertChildrenOf(identity, "c1");
    });

    it("names the IAM objects as the eks-role-iam module does", async () => {
        await create("c2");
        assert.equal(recorder.named("c2-role").inputs.name, "castai-eks-prod-eu");
        assert.equal(recorder.named("c2-policy").inputs.name, "CastEKSPolicy-prod-eu");
        assert.equal(recorder.named("c2-user-policy").inputs.name, "castai-user-policy-prod-eu");
        assert.equal(recorder.named("c2-node-role").inputs.name, "castai-eks-instance-prod-eu");
        assert.equal(recorder.named("c2-instance-profile").inputs.name, "castai-eks-instance-prod-eu");
        assert.equal(recorder.named("c2-ipv6-policy").inputs.name, "CastEC2AssignIPv6Policy-prod-eu");
    });

    it("trusts only the CAST AI principal, with the CAST AI cluster id as sts:ExternalId", async () => {
        await create("c3");
        assert.deepEqual(JSON.parse(recorder.named("c3-role").inputs.assumeRolePolicy), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "",
                    Effect: "Allow",
                    Action: "sts:AssumeRole",
                    Principal: { AWS: PRINCIPAL },
                    Condition: { StringEquals: { "sts:ExternalId": CLUSTER_ID } },
                },
            ],
        });
    });

    it("gives the role the CAST AI policy documents rendered for the account, region, cluster and VPC", async () => {
        await create("c4");
        const policy = JSON.parse(recorder.named("c4-policy").inputs.policy);
        assert.deepEqual(policy, castAiIamPolicy(ACCOUNT, "eu-central-1"));
        assert.ok(JSON.stringify(policy).includes(`arn:aws:ec2:*:${ACCOUNT}:volume/*`));
        const userPolicy = JSON.parse(recorder.named("c4-user-policy").inputs.policy);
        assert.equal(
            userPolicy.Statement[1].Condition.StringEquals["ec2:Vpc"],
            `arn:aws:ec2:eu-central-1:${ACCOUNT}:vpc/vpc-0abc`,
        );
        assert.deepEqual(
            userPolicy,
            castAiUserPolicy({ accountId: ACCOUNT, region: "eu-central-1", clusterName: "prod-eu", vpcId: "vpc-0abc" }),
        );
        assert.equal(recorder.named("c4-user-policy").inputs.role, "castai-eks-prod-eu");
        assert.equal(
            recorder.named("c4-policy-attachment").inputs.policyArn,
            `arn:aws:iam::${ACCOUNT}:policy/CastEKSPolicy-prod-eu`,
        );
    });

    it("attaches the AWS managed policies of the module to each role", async () => {
        await create("c5");
        const attached = (prefix: string) =>
            recorder
                .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
                .filter((r) => r.name.startsWith(prefix) && r.inputs.policyArn.startsWith("arn:aws:iam::aws:"))
                .map((r) => [r.inputs.role, r.inputs.policyArn])
                .sort();
        assert.deepEqual(attached("c5-role-"), [
            ["castai-eks-prod-eu", "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess"],
            ["castai-eks-prod-eu", "arn:aws:iam::aws:policy/IAMReadOnlyAccess"],
        ]);
        assert.deepEqual(attached("c5-node-role-"), [
            ["castai-eks-instance-prod-eu", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"],
            ["castai-eks-instance-prod-eu", "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"],
            ["castai-eks-instance-prod-eu", "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"],
            ["castai-eks-instance-prod-eu", "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"],
            ["castai-eks-instance-prod-eu", "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"],
        ]);
        assert.deepEqual(JSON.parse(recorder.named("c5-node-role").inputs.assumeRolePolicy).Statement[0], {
            Sid: "",
            Effect: "Allow",
            Principal: { Service: "ec2.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:TagSession"],
        });
        assert.equal(recorder.named("c5-instance-profile").inputs.role, "castai-eks-instance-prod-eu");
    });

    it("uses the GovCloud partition in every ARN for a us-gov region", async () => {
        await create("c6", { ...baseArgs, region: "us-gov-west-1" });
        const arns = recorder
            .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
            .filter((r) => r.name.startsWith("c6-role-"))
            .map((r) => r.inputs.policyArn);
        assert.ok(arns.every((arn) => arn.startsWith("arn:aws-us-gov:iam::aws:policy/")), arns.join());
        assert.ok(recorder.named("c6-policy").inputs.policy.includes("arn:aws-us-gov:iam::*:role/*"));
    });

    it("leaves out the node role policies that are switched off", async () => {
        await create("c7", {
            ...baseArgs,
            attachWorkerCniPolicy: false,
            attachEbsCsiDriverPolicy: false,
            attachSsmManagedInstanceCore: false,
            enableIpv6: false,
        });
        assert.deepEqual(
            children("c7-node-role-").map((r) => r.name).sort(),
            ["c7-node-role-AmazonEC2ContainerRegistryReadOnly", "c7-node-role-AmazonEKSWorkerNodePolicy"],
        );
        assert.equal(children("c7-ipv6").length, 0);
    });

    it("tags every IAM resource it creates that takes tags", async () => {
        await create("c8", { ...baseArgs, tags: { team: "platform" } });
        for (const name of ["c8-role", "c8-policy", "c8-node-role", "c8-instance-profile", "c8-ipv6-policy"]) {
            assert.deepEqual(recorder.named(name).inputs.tags, { team: "platform" }, name);
        }
    });

    it("outputs the role, instance profile and node role ARNs", async () => {
        const identity = await create("c9");
        assert.equal(await promiseOf(identity.roleArn), `arn:aws:iam::${ACCOUNT}:role/castai-eks-prod-eu`);
        assert.equal(
            await promiseOf(identity.instanceProfileArn),
            `arn:aws:iam::${ACCOUNT}:instance-profile/castai-eks-instance-prod-eu`,
        );
        assert.equal(await promiseOf(identity.nodeRoleArn), `arn:aws:iam::${ACCOUNT}:role/castai-eks-instance-prod-eu`);
        assert.equal(await promiseOf(identity.nodeRoleName), "castai-eks-instance-prod-eu");
    });

    it("makes whatever consumes roleArn depend on every IAM child, so destroy removes the registration first", async () => {
        const identity = await create("c10");
        const consumer = new Consumer("registration-c10", { assumeRoleArn: identity.roleArn });
        await promiseOf(consumer.urn);
        const deps = new Set(recorder.named("registration-c10").dependencies);
        assert.equal(children("c10-").length, 15);
        for (const child of children("c10-")) {
            assert.ok(deps.has(child.urn), `the registration depends on ${child.name}`);
        }
    });

    it("creates nothing and passes the values through with an existing role and instance profile", async () => {
        const roleArn = "arn:aws:iam::123456789012:role/security-owned-castai";
        const profileArn = "arn:aws:iam::123456789012:instance-profile/security-owned-nodes";
        const identity = await create("byo1", {
            accountId: ACCOUNT,
            region: "eu-central-1",
            clusterName: "prod-eu",
            existingRoleArn: roleArn,
            existingInstanceProfileArn: profileArn,
        });
        assert.deepEqual(children("byo1"), []);
        assert.equal(await promiseOf(identity.roleArn), roleArn);
        assert.equal(await promiseOf(identity.instanceProfileArn), profileArn);
        assert.equal(await promiseOf(identity.nodeRoleArn), undefined);
    });

    it("with only an existing role, creates just the node role and instance profile, and needs no CAST AI principal", async () => {
        const roleArn = "arn:aws:iam::123456789012:role/security-owned-castai";
        const identity = await create("byo2", {
            accountId: ACCOUNT,
            region: "eu-central-1",
            clusterName: "prod-eu",
            existingRoleArn: roleArn,
        });
        assert.equal(await promiseOf(identity.roleArn), roleArn);
        const names = children("byo2").map((r) => r.name);
        assert.ok(names.includes("byo2-node-role") && names.includes("byo2-instance-profile"));
        assert.ok(!names.includes("byo2-role") && !names.includes("byo2-policy") && !names.includes("byo2-user-policy"));
    });

    it("rejects an existing instance profile without an existing role", () => {
        throwsNaming({ ...baseArgs, existingInstanceProfileArn: "arn:aws:iam::123456789012:instance-profile/x" }, "existingInstanceProfileArn");
    });

    it("rejects missing required fields, naming each", () => {
        throwsNaming({ region: "eu-central-1", clusterName: "x", vpcId: "v", castaiPrincipalArn: PRINCIPAL, clusterId: CLUSTER_ID }, "accountId is required");
        throwsNaming({ ...baseArgs, castaiPrincipalArn: undefined }, "castaiPrincipalArn is required");
        throwsNaming({ ...baseArgs, clusterId: undefined }, "clusterId is required");
        throwsNaming({ ...baseArgs, vpcId: "" }, "vpcId is required");
    });

    it("rejects an account id or ARN of the wrong shape when it is known", () => {
        throwsNaming({ ...baseArgs, accountId: "1234" }, "accountId must be the 12-digit AWS account id");
        throwsNaming({ ...baseArgs, existingRoleArn: "castai-role" }, "existingRoleArn must be an IAM role or user ARN");
    });
});
