import * as pulumi from "@pulumi/pulumi";
import type { CommonArgs } from "./commonArgs";
import { CastAiApiError } from "../api/errors";
import { unlessNotFound } from "./gone";
import { registerOrAdopt } from "./externalCluster";
import { CastAiResource } from "./dynamicResource";
import { CommonInputs, defineProvider } from "./provider";
import { Validator } from "./validation";
import { awsAccountIdProblem } from "../cloud/accountIds";
import { awsRegionProblem } from "../cloud/regions";

export interface EksAssumeRolePrincipalInputs extends CommonInputs {
    name: string;
    accountId: string;
    region: string;
    clusterName: string;
}

export interface EksAssumeRolePrincipalOutputs extends EksAssumeRolePrincipalInputs {
    clusterId: string;
    arn: string;
}

export interface EksAssumeRolePrincipalArgs extends CommonArgs {
    /** CAST AI cluster name, as given to ExternalCluster. Changing it replaces. */
    readonly name: pulumi.Input<string>;
    /** 12-digit AWS account id of the EKS cluster. Changing it replaces. */
    readonly accountId: pulumi.Input<string>;
    /** AWS region of the EKS cluster. Changing it replaces. */
    readonly region: pulumi.Input<string>;
    /** EKS cluster name. Changing it replaces. */
    readonly clusterName: pulumi.Input<string>;
}

const principalPath = (clusterId: string) => `/v1/kubernetes/external-clusters/${clusterId}/assume-role-principal`;

export const provider = defineProvider<EksAssumeRolePrincipalInputs, EksAssumeRolePrincipalOutputs>({
    fields: { name: "replace", accountId: "replace", region: "replace", clusterName: "replace" },
    // One principal per cluster, and a rename keeps the cloud identity, which the API answers with the same
    // registration: the replacement would adopt the old principal, which the old resource's delete then removes.
    deleteBeforeReplace: true,
    validate(inputs: EksAssumeRolePrincipalInputs, v: Validator) {
        for (const key of ["name", "accountId", "region", "clusterName"] as const) {
            v.requiredString(key, inputs[key]);
        }
        v.format("accountId", inputs.accountId, awsAccountIdProblem);
        v.format("region", inputs.region, awsRegionProblem);
    },

    async create(ctx, inputs) {
        // The principal belongs to a registered cluster, and the IAM role that trusts it must exist before the
        // cluster gets credentials; so this registers (or adopts) the cluster by identity, as ExternalCluster will.
        const cluster = await registerOrAdopt(ctx, { name: inputs.name, eks: { accountId: inputs.accountId, region: inputs.region, clusterName: inputs.clusterName } });
        const existing = await ctx.client.get<{ arn?: string }>(principalPath(cluster.id));
        const arn = existing.arn || (await ctx.client.postIdempotent<{ arn: string }>(principalPath(cluster.id))).arn;
        return { id: arn, outs: { ...inputs, clusterId: cluster.id, arn } };
    },

    async read(ctx, _id, props) {
        const remote = await unlessNotFound(() => ctx.client.get<{ arn?: string }>(principalPath(props.clusterId)));
        return remote?.arn ? { ...props, arn: remote.arn } : undefined;
    },

    async update(_ctx, _id, olds, news) {
        return { ...olds, ...news };
    },

    async delete(ctx, _id, props) {
        try {
            await ctx.client.delete(principalPath(props.clusterId));
        } catch (err) {
            // Gone already, or its cluster was removed first: nothing left to delete.
            if (!(err instanceof CastAiApiError && (err.status === 404 || err.status === 400))) {
                throw err;
            }
        }
    },
});

/**
 * The AWS IAM principal CAST AI uses for one EKS cluster; the cluster's CAST AI role must trust it. It exists before
 * the role, so the ExternalCluster that receives the role can depend on the role.
 */
export class EksAssumeRolePrincipal extends CastAiResource {
    static readonly __pulumiType = "pulumi-nodejs:dynamic/castai:EksAssumeRolePrincipal";

    declare readonly clusterId: pulumi.Output<string>;
    /** ARN of the principal to trust. */
    declare readonly arn: pulumi.Output<string>;

    constructor(name: string, args: EksAssumeRolePrincipalArgs, opts?: pulumi.CustomResourceOptions) {
        super("EksAssumeRolePrincipal", name, { ...args, clusterId: undefined, arn: undefined }, opts);
    }
}
