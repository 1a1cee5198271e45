import * as pulumi from "@pulumi/pulumi";
import type { CommonArgs } from "./commonArgs";
import type { NodeConfiguration as ApiNodeConfiguration } from "../api/types";
import { mismatchedPaths, projectOnto, pruneUndefined } from "./compare";
import { deleteIfPresent, unlessNotFound } from "./gone";
import { CastAiResource } from "./dynamicResource";
import { CommonInputs, ProviderContext, assertApplied, defineProvider } from "./provider";
import { Validator } from "./validation";
import { fieldNames } from "../argShape";
import type { Main } from "../api/wire";

export interface NodeConfigurationInputs extends CommonInputs {
    clusterId: string;
    name: string;
    makeDefault?: boolean;
    diskCpuRatio?: number;
    minDiskSize?: number;
    drainTimeoutSec?: number;
    subnets?: string[];
    tags?: Record<string, string>;
    image?: string;
    containerRuntime?: string;
    eks?: Record<string, unknown>;
    gke?: Record<string, unknown>;
    aks?: Record<string, unknown>;
}

export interface NodeConfigurationOutputs extends NodeConfigurationInputs {
    configurationId: string;
    isDefault: boolean;
}

export interface NodeConfigurationArgs extends CommonArgs {
    /** CAST AI cluster id. Changing it replaces the configuration. */
    readonly clusterId: pulumi.Input<string>;
    /** Configuration name, unique in the cluster. Changing it replaces. */
    readonly name: pulumi.Input<string>;
    /** Make this the cluster's default node configuration; default false. */
    readonly makeDefault?: pulumi.Input<boolean>;
    /** Extra disk per CPU, in GiB; default: the API's (0). */
    readonly diskCpuRatio?: pulumi.Input<number>;
    /** Minimum root disk size, in GiB; default: the API's (100). */
    readonly minDiskSize?: pulumi.Input<number>;
    /** How long a node may drain before it is removed, in seconds; default: the API's (0 = no limit). */
    readonly drainTimeoutSec?: pulumi.Input<number>;
    /** Subnet ids for new nodes; default: the cluster's. */
    readonly subnets?: pulumi.Input<pulumi.Input<string>[]>;
    /** Cloud tags put on new nodes; default none. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Node image; default: the API's choice. */
    readonly image?: pulumi.Input<string>;
    /** Container runtime, "containerd" or "dockerd"; default: the API's. */
    readonly containerRuntime?: pulumi.Input<string>;
    /** EKS settings with the API's names (instanceProfileArn, securityGroups, imageFamily, ...). */
    readonly eks?: pulumi.Input<Record<string, unknown>>;
    /** GKE settings with the API's names (maxPodsPerNode, networkTags, diskType, ...). */
    readonly gke?: pulumi.Input<Record<string, unknown>>;
    /** AKS settings with the API's names (maxPodsPerNode, osDiskType, imageFamily, ...). */
    readonly aks?: pulumi.Input<Record<string, unknown>>;
}

/** Each cloud block's fields as the API's schema has them (compile-checked): any other key would be dropped. */
const CLOUD_CONFIG_FIELDS = {
    eks: fieldNames<Main.NodeconfigV1EKSConfig>({
        dnsClusterIp: true, enaQueueCountPerInterface: true, imageFamily: true, imdsHopLimit: true, imdsV1: true, instanceProfileArn: true,
        ipsPerPrefix: true, keyPairId: true, maxPodsPerNodeFormula: true, nodeGroupArn: true, securityGroups: true, targetGroup: true,
        targetGroups: true, threadsPerCpu: true, volumeIops: true, volumeKmsKeyArn: true, volumeThroughput: true, volumeType: true,
    }),
    gke: fieldNames<Main.NodeconfigV1GKEConfig>({
        diskType: true, fallbackConfiguration: true, loadBalancers: true, maxPodsPerNode: true, maxPodsPerNodeFormula: true, minCpuPlatform: true,
        networkTags: true, onHostMaintenance: true, secondaryIpRange: true, useEphemeralStorageLocalSsd: true, zones: true,
    }),
    aks: fieldNames<Main.NodeconfigV1AKSConfig>({
        acceleratedNetworking: true, applicationSecurityGroupIds: true, enableEncryptionAtHost: true, imageFamily: true, loadBalancers: true,
        maxPodsPerNode: true, networkSecurityGroupId: true, osDiskEphemeral: true, osDiskType: true, podSubnetId: true, publicIp: true,
    }),
};

export function validateNodeConfiguration(inputs: NodeConfigurationInputs, v: Validator): void {
    v.requiredUuid("clusterId", inputs.clusterId);
    v.requiredString("name", inputs.name);
    v.optionalBoolean("makeDefault", inputs.makeDefault);
    v.optionalInteger("diskCpuRatio", inputs.diskCpuRatio, 0, 1000, "GiB per CPU");
    // The ranges the API accepts (the official provider validates the same).
    v.optionalInteger("minDiskSize", inputs.minDiskSize, 30, 65_536, "GiB");
    v.optionalInteger("drainTimeoutSec", inputs.drainTimeoutSec, 0, 10_800, "seconds");
    v.optionalStringArray("subnets", inputs.subnets);
    v.optionalStringMap("tags", inputs.tags);
    v.optionalString("image", inputs.image);
    v.optionalEnum("containerRuntime", inputs.containerRuntime, ["containerd", "dockerd", "CONTAINERD", "DOCKERD"]);
    const clouds = (["eks", "gke", "aks"] as const).filter((c) => inputs[c] !== undefined);
    clouds.forEach((c) => v.optionalObject(c, inputs[c]) && v.knownKeys(c, inputs[c], CLOUD_CONFIG_FIELDS[c]));
    if (clouds.length > 1) {
        v.fail(clouds[1], `set at most one of eks, gke, aks (got ${clouds.join(", ")})`);
    }
    if (inputs.eks && typeof inputs.eks === "object" && inputs.eks.instanceProfileArn === undefined) {
        v.fail("eks.instanceProfileArn", "eks.instanceProfileArn is required: the instance profile CAST AI gives new nodes");
    }
}

/** The inputs sent as the configuration's body under their own names. */
const bodyFields = {
    diskCpuRatio: "update",
    minDiskSize: "update",
    drainTimeoutSec: "update",
    subnets: "update",
    tags: "update",
    image: "update",
    containerRuntime: "update",
    eks: "update",
    gke: "update",
    aks: "update",
} as const;

/** The fields the user set, as the API names them. */
export function configurationBody(inputs: NodeConfigurationInputs): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    for (const key of Object.keys(bodyFields) as (keyof typeof bodyFields)[]) {
        body[key] = inputs[key];
    }
    return pruneUndefined(body);
}

const configsPath = (clusterId: string) => `/v1/kubernetes/clusters/${clusterId}/node-configurations`;

async function findByName(ctx: ProviderContext, clusterId: string, name: string): Promise<ApiNodeConfiguration | undefined> {
    const list = await ctx.client.get<{ items?: ApiNodeConfiguration[] }>(configsPath(clusterId));
    return (list.items ?? []).find((c) => c.name === name);
}

/** Writes the fields, makes it default when asked, and verifies both on read-back. */
async function apply(ctx: ProviderContext, id: string, inputs: NodeConfigurationInputs, written: boolean): Promise<NodeConfigurationOutputs> {
    const path = `${configsPath(inputs.clusterId)}/${id}`;
    if (!written) {
        await ctx.client.postIdempotent(path, configurationBody(inputs));
    }
    let remote = await ctx.client.get<ApiNodeConfiguration>(path);
    if (inputs.makeDefault && !remote.default) {
        await ctx.client.postIdempotent(`${path}/default`);
        remote = await ctx.client.get<ApiNodeConfiguration>(path);
    }
    const mismatches = mismatchedPaths(configurationBody(inputs), remote);
    if (inputs.makeDefault && !remote.default) {
        mismatches.push("makeDefault");
    }
    assertApplied(`node configuration "${inputs.name}"`, mismatches);
    return { ...inputs, configurationId: id, isDefault: remote.default === true };
}

export const provider = defineProvider<NodeConfigurationInputs, NodeConfigurationOutputs>({
    fields: {
        clusterId: "replace",
        name: "replace",
        makeDefault: "update",
        ...bodyFields,
    },
    // Not delete-before-replace: a replacement has another name or cluster, so both can exist for a moment; and
    // the old configuration, while still the default, cannot be deleted: only once the new one took the default.
    validate: validateNodeConfiguration,

    async create(ctx, inputs) {
        const existing = await findByName(ctx, inputs.clusterId, inputs.name);
        if (existing) {
            return { id: existing.id, outs: await apply(ctx, existing.id, inputs, false) };
        }
        const created = await ctx.client.create<ApiNodeConfiguration>(configsPath(inputs.clusterId), { name: inputs.name, ...configurationBody(inputs) }, () =>
            findByName(ctx, inputs.clusterId, inputs.name),
        );
        return { id: created.id, outs: await apply(ctx, created.id, inputs, true) };
    },

    async read(ctx, id, props) {
        const remote = await unlessNotFound(() => ctx.client.get<ApiNodeConfiguration>(`${configsPath(props.clusterId)}/${id}`));
        if (!remote) {
            return undefined;
        }
        const projected = projectOnto(configurationBody(props), remote) as Record<string, unknown>;
        // A default moved elsewhere in the console shows as makeDefault drift, so the next `up` moves it back.
        const makeDefault = props.makeDefault === undefined ? undefined : props.makeDefault && remote.default === true;
        return { ...props, ...projected, makeDefault, isDefault: remote.default === true };
    },

    async update(ctx, id, _olds, news) {
        return apply(ctx, id, news, false);
    },

    async delete(ctx, id, props) {
        const remote = await unlessNotFound(() => ctx.client.get<ApiNodeConfiguration>(`${configsPath(props.clusterId)}/${id}`));
        // The API refuses to delete the default configuration; it stays with the cluster (as Terraform does).
        if (!remote || remote.default) {
            return;
        }
        await deleteIfPresent(() => ctx.client.delete(`${configsPath(props.clusterId)}/${id}`));
    },
});

/** A CAST AI node configuration (disk, subnets, tags, cloud settings of new nodes), optionally the cluster's default. */
export class NodeConfiguration extends CastAiResource {
    static readonly __pulumiType = "pulumi-nodejs:dynamic/castai:NodeConfiguration";

    declare readonly clusterId: pulumi.Output<string>;
    declare readonly name: pulumi.Output<string>;
    declare readonly environment: pulumi.Output<string | undefined>;
    /** The configuration's id, for NodeTemplate.configurationId. */
    declare readonly configurationId: pulumi.Output<string>;
    declare readonly isDefault: pulumi.Output<boolean>;

    constructor(name: string, args: NodeConfigurationArgs, opts?: pulumi.CustomResourceOptions) {
        super("NodeConfiguration", name, { ...args, configurationId: undefined, isDefault: undefined }, opts);
    }
}
