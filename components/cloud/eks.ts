// The AWS identity CAST AI uses for an EKS cluster, as castai/terraform-castai-eks-role-iam v2.0.3 creates
// it (reference/castai-install.md §9.1). @pulumi/aws is an optional peer: it is loaded in the
// constructor, only when a program creates this component.
import * as pulumi from "@pulumi/pulumi";
import { argsError } from "../argsError";
import { castaiIdProblem } from "../castaiId";
import { awsAccountIdProblem } from "./accountIds";
import { fieldPath, formatProblems, isSet, knownValue, missingArgs, requiredStrings, settledAfter } from "./common";
import {
    assignIpv6Policy,
    castAiIamPolicy,
    castAiRoleManagedPolicies,
    castAiTrustPolicy,
    castAiUserPolicy,
    eksIamNames,
    managedPolicyArn,
    nodeRoleManagedPolicies,
    nodeRoleTrustPolicy,
} from "./policies";
import { awsRegionProblem } from "./regions";

export interface EksCastAiIdentityArgs {
    /** AWS account id of the cluster, 12 digits. Required. */
    readonly accountId: pulumi.Input<string>;
    /** AWS region of the cluster, e.g. `eu-central-1`; also decides the partition (GovCloud, China). Required. */
    readonly region: pulumi.Input<string>;
    /** EKS cluster name; IAM names derive from it (`castai-eks-<name>`). Required. */
    readonly clusterName: pulumi.Input<string>;
    /** VPC id of the cluster (`vpc-...`), to which CAST AI may launch nodes. Required unless `existingRoleArn` is given. */
    readonly vpcId?: pulumi.Input<string>;
    /** Account that owns the VPC when it is shared from another account. Default: `accountId`. */
    readonly sharedVpcAccountId?: pulumi.Input<string>;
    /** ARN of the CAST AI IAM principal the role trusts (`EksAssumeRolePrincipal.arn`). Required unless `existingRoleArn` is given. */
    readonly castaiPrincipalArn?: pulumi.Input<string>;
    /** CAST AI cluster id; the trust policy requires it as `sts:ExternalId`. Required unless `existingRoleArn` is given. */
    readonly clusterId?: pulumi.Input<string>;
    /** ARN of an existing role for CAST AI to assume; then no CAST AI role or policy is created. Default: none (create). */
    readonly existingRoleArn?: pulumi.Input<string>;
    /** ARN of an existing instance profile for CAST AI nodes; needs `existingRoleArn`; then nothing is created. Default: none (create). */
    readonly existingInstanceProfileArn?: pulumi.Input<string>;
    /** Attach `AmazonEKS_CNI_Policy` to the node role (plain value: it decides which resources exist). Default: true. */
    readonly attachWorkerCniPolicy?: boolean;
    /** Attach `service-role/AmazonEBSCSIDriverPolicy` to the node role (plain value). Default: true. */
    readonly attachEbsCsiDriverPolicy?: boolean;
    /** Attach `AmazonSSMManagedInstanceCore` to the node role (plain value). Default: true. */
    readonly attachSsmManagedInstanceCore?: boolean;
    /** Create and attach `CastEC2AssignIPv6Policy-<cluster>` (`ec2:AssignIpv6Addresses`) to the node role (plain value). Default: true. */
    readonly enableIpv6?: boolean;
    /** Tags for every IAM resource created. Default: none. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Whether the component creates the CAST AI role and the node instance profile, or takes existing ones. */
export interface EksIdentityPlan {
    createRole: boolean;
    createInstanceProfile: boolean;
}

export function eksIdentityPlan(args: Pick<EksCastAiIdentityArgs, "existingRoleArn" | "existingInstanceProfileArn">): EksIdentityPlan {
    return {
        createRole: !isSet(args.existingRoleArn),
        createInstanceProfile: !isSet(args.existingInstanceProfileArn),
    };
}

// Checks below report fields under `prefix` (`eks` inside CastAiCluster, none for this component on its own), one
// message per problem; values that are Outputs are checked by the resources that receive them.

const IAM_PRINCIPAL_ARN = /^arn:aws[\w-]*:iam::\d{12}:(role|user)\//;

function principalArnProblem(path: string, value: pulumi.Input<string> | undefined): string[] {
    const arn = knownValue(value);
    return isSet(arn) && !IAM_PRINCIPAL_ARN.test(arn as string)
        ? [`${path} must be an IAM role or user ARN (arn:aws:iam::<account>:role/<name>), got "${arn}"`]
        : [];
}

/** The EKS cluster itself: 12-digit account id, region and cluster name, all required. */
export function validateEksClusterArgs(args: Pick<EksCastAiIdentityArgs, "accountId" | "region" | "clusterName">, prefix = ""): string[] {
    return [
        ...requiredStrings(args, ["accountId", "region", "clusterName"], prefix),
        ...formatProblems(args, { accountId: awsAccountIdProblem, region: awsRegionProblem }, prefix),
    ];
}

/** The IAM CAST AI works with: the role to create (scoped to `vpcId`) or take, and the node instance profile. */
export function validateEksRoleArgs(
    args: Pick<EksCastAiIdentityArgs, "vpcId" | "existingRoleArn" | "existingInstanceProfileArn">,
    prefix = "",
): string[] {
    const field = (name: string) => fieldPath(prefix, name);
    const plan = eksIdentityPlan(args);
    const problems: string[] = [];
    if (plan.createRole && !isSet(args.vpcId)) {
        problems.push(`${field("vpcId")} is required to create the CAST AI role (or pass ${field("existingRoleArn")})`);
    }
    if (!plan.createInstanceProfile && plan.createRole) {
        problems.push(
            `${field("existingInstanceProfileArn")} needs ${field("existingRoleArn")}: bring both, or only the role, or neither ` +
                "(an existing instance profile with a role this component creates would be half-managed)",
        );
    }
    problems.push(...principalArnProblem(field("existingRoleArn"), args.existingRoleArn));
    const profileArn = knownValue(args.existingInstanceProfileArn);
    if (isSet(profileArn) && !/^arn:aws[\w-]*:iam::\d{12}:instance-profile\//.test(profileArn as string)) {
        problems.push(
            `${field("existingInstanceProfileArn")} must be an instance profile ARN (arn:aws:iam::<account>:instance-profile/<name>), got "${profileArn}"`,
        );
    }
    return problems;
}

/**
 * What a created role trusts: CAST AI's principal, with the CAST AI cluster id as external id. CastAiCluster looks
 * both up itself (`EksAssumeRolePrincipal`), so only this component on its own needs them from its user.
 */
export function validateEksTrustArgs(
    args: Pick<EksCastAiIdentityArgs, "castaiPrincipalArn" | "clusterId" | "existingRoleArn">,
    prefix = "",
): string[] {
    if (!eksIdentityPlan(args).createRole) {
        return [];
    }
    const problems = missingArgs(args, ["castaiPrincipalArn", "clusterId"]).map(
        (field) => `${fieldPath(prefix, field)} is required to create the CAST AI role (or pass ${fieldPath(prefix, "existingRoleArn")})`,
    );
    problems.push(...principalArnProblem(fieldPath(prefix, "castaiPrincipalArn"), args.castaiPrincipalArn));
    problems.push(...formatProblems(args, { clusterId: castaiIdProblem }, prefix));
    return problems;
}

/** Everything wrong with the arguments, one message per problem, each naming the field under `prefix`; empty when valid. */
export function validateEksIdentityArgs(args: EksCastAiIdentityArgs, prefix = ""): string[] {
    return [...validateEksClusterArgs(args, prefix), ...validateEksRoleArgs(args, prefix), ...validateEksTrustArgs(args, prefix)];
}

/**
 * The AWS identity CAST AI needs for one EKS cluster: a role CAST AI assumes (trusting the CAST AI
 * principal with the cluster id as external id) with the CAST AI policies, and the instance role and
 * profile of the nodes CAST AI provisions. Pass `existingRoleArn` (and `existingInstanceProfileArn`)
 * to use IAM someone else manages.
 */
export class EksCastAiIdentity extends pulumi.ComponentResource {
    /** ARN of the role CAST AI assumes: the registration's `assumeRoleArn`. Resolves after every IAM child exists. */
    public readonly roleArn: pulumi.Output<string>;
    /** ARN of the instance profile of CAST AI nodes: the node configuration's `instanceProfileArn`. */
    public readonly instanceProfileArn: pulumi.Output<string>;
    /** ARN of the node instance role (for the EKS access entry / aws-auth); undefined with an existing instance profile. */
    public readonly nodeRoleArn: pulumi.Output<string | undefined>;
    /** Name of the node instance role; undefined with an existing instance profile. */
    public readonly nodeRoleName: pulumi.Output<string | undefined>;

    constructor(name: string, args: EksCastAiIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("castai-fleet:index:EksCastAiIdentity", name, {}, opts);

        const problems = validateEksIdentityArgs(args);
        if (problems.length > 0) {
            throw argsError(`EksCastAiIdentity "${name}"`, problems, this);
        }
        const plan = eksIdentityPlan(args);
        const created: pulumi.Resource[] = [];

        let roleArn = pulumi.output(args.existingRoleArn as pulumi.Input<string>);
        let instanceProfileArn = pulumi.output(args.existingInstanceProfileArn as pulumi.Input<string>);
        let nodeRoleArn: pulumi.Output<string | undefined> = pulumi.output(undefined);
        let nodeRoleName: pulumi.Output<string | undefined> = pulumi.output(undefined);

        if (plan.createRole || plan.createInstanceProfile) {
            const aws: typeof import("@pulumi/aws") = require("@pulumi/aws");
            const names = pulumi.output(args.clusterName).apply(eksIamNames);
            const region = pulumi.output(args.region);
            const tags = args.tags;

            if (plan.createRole) {
                const role = new aws.iam.Role(
                    `${name}-role`,
                    {
                        name: names.roleName,
                        assumeRolePolicy: pulumi
                            .all([args.castaiPrincipalArn as pulumi.Input<string>, args.clusterId as pulumi.Input<string>])
                            .apply(([principal, clusterId]) => JSON.stringify(castAiTrustPolicy(principal, clusterId))),
                        tags,
                    },
                    { parent: this },
                );
                const policy = new aws.iam.Policy(
                    `${name}-policy`,
                    {
                        name: names.policyName,
                        policy: pulumi
                            .all([args.accountId, region])
                            .apply(([accountId, r]) => JSON.stringify(castAiIamPolicy(accountId, r))),
                        tags,
                    },
                    { parent: this },
                );
                const attachments = [
                    new aws.iam.RolePolicyAttachment(
                        `${name}-policy-attachment`,
                        { role: role.name, policyArn: policy.arn },
                        { parent: this },
                    ),
                    new aws.iam.RolePolicy(
                        `${name}-user-policy`,
                        {
                            name: names.userPolicyName,
                            role: role.name,
                            policy: pulumi
                                .all([
                                    args.accountId,
                                    region,
                                    args.clusterName,
                                    args.vpcId as pulumi.Input<string>,
                                    args.sharedVpcAccountId,
                                ])
                                .apply(([accountId, r, clusterName, vpcId, sharedVpcAccountId]) =>
                                    JSON.stringify(
                                        castAiUserPolicy({ accountId, region: r, clusterName, vpcId, sharedVpcAccountId }),
                                    ),
                                ),
                        },
                        { parent: this },
                    ),
                    ...this.attachManagedPolicies(aws, `${name}-role`, role.name, castAiRoleManagedPolicies(), region),
                ];
                created.push(role, policy, ...attachments);
                roleArn = role.arn;
            }

            if (plan.createInstanceProfile) {
                const nodeRole = new aws.iam.Role(
                    `${name}-node-role`,
                    { name: names.nodeRoleName, assumeRolePolicy: JSON.stringify(nodeRoleTrustPolicy()), tags },
                    { parent: this },
                );
                const profile = new aws.iam.InstanceProfile(
                    `${name}-instance-profile`,
                    { name: names.nodeRoleName, role: nodeRole.name, tags },
                    { parent: this },
                );
                const nodeChildren = this.attachManagedPolicies(
                    aws,
                    `${name}-node-role`,
                    nodeRole.name,
                    nodeRoleManagedPolicies(args),
                    region,
                );
                if (args.enableIpv6 ?? true) {
                    const ipv6 = new aws.iam.Policy(
                        `${name}-ipv6-policy`,
                        {
                            name: names.ipv6PolicyName,
                            description: "Policy to allow EC2 to assign IPv6 addresses",
                            policy: JSON.stringify(assignIpv6Policy()),
                            tags,
                        },
                        { parent: this },
                    );
                    nodeChildren.push(
                        ipv6,
                        new aws.iam.RolePolicyAttachment(
                            `${name}-ipv6-policy-attachment`,
                            { role: nodeRole.name, policyArn: ipv6.arn },
                            { parent: this },
                        ),
                    );
                }
                created.push(nodeRole, profile, ...nodeChildren);
                instanceProfileArn = profile.arn;
                nodeRoleArn = nodeRole.arn;
                nodeRoleName = nodeRole.name;
            }
        }

        this.roleArn = settledAfter(roleArn, created);
        this.instanceProfileArn = settledAfter(instanceProfileArn, created);
        this.nodeRoleArn = nodeRoleArn;
        this.nodeRoleName = nodeRoleName;
        this.registerOutputs({
            roleArn: this.roleArn,
            instanceProfileArn: this.instanceProfileArn,
            nodeRoleArn: this.nodeRoleArn,
            nodeRoleName: this.nodeRoleName,
        });
    }

    /** One attachment per AWS managed policy, named after the policy so toggling one leaves the others alone. */
    private attachManagedPolicies(
        aws: typeof import("@pulumi/aws"),
        prefix: string,
        roleName: pulumi.Output<string>,
        policyPaths: string[],
        region: pulumi.Output<string>,
    ): pulumi.Resource[] {
        return policyPaths.map(
            (path) =>
                new aws.iam.RolePolicyAttachment(
                    `${prefix}-${path.split("/").pop()}`,
                    { role: roleName, policyArn: region.apply((r) => managedPolicyArn(r, path)) },
                    { parent: this },
                ),
        );
    }
}
