import * as pulumi from "@pulumi/pulumi";
import type { CommonArgs } from "./commonArgs";
import { CastAiApiError } from "../api/errors";
import type { NodeTemplate as ApiNodeTemplate, NodeTemplateList, Taint, TemplateConstraints } from "../api/types";
import { mismatchedPaths, projectOnto, pruneUndefined } from "./compare";
import { deleteIfPresent, unlessNotFound } from "./gone";
import { CastAiResource } from "./dynamicResource";
import { CommonInputs, ProviderContext, assertApplied, defineProvider, waitFor } from "./provider";
import { Validator } from "./validation";
import { fieldNames } from "../argShape";
import type { Main } from "../api/wire";

/** The template CAST AI creates for every cluster by itself. It is taken over and updated, never created or deleted. */
export const DEFAULT_NODE_TEMPLATE = "default-by-castai";

export interface NodeTemplateInputs extends CommonInputs {
    clusterId: string;
    name: string;
    isEnabled?: boolean;
    configurationId?: string;
    shouldTaint?: boolean;
    customLabels?: Record<string, string>;
    customTaints?: Taint[];
    customInstancesEnabled?: boolean;
    constraints?: TemplateConstraints;
}

export interface NodeTemplateOutputs extends NodeTemplateInputs {
    isDefault: boolean;
    version: string;
}

export interface NodeTemplateArgs extends CommonArgs {
    /** CAST AI cluster id. Changing it replaces the template. */
    readonly clusterId: pulumi.Input<string>;
    /** Template name, its identity in the API. `default-by-castai` adopts the server's default template. Changing it replaces. */
    readonly name: pulumi.Input<string>;
    /** Whether the autoscaler may use the template; default: the API's (true). */
    readonly isEnabled?: pulumi.Input<boolean>;
    /** Node configuration id the template's nodes use; default: the cluster's default configuration. */
    readonly configurationId?: pulumi.Input<string>;
    /** Taint nodes so only pods that select this template land there; required true with customTaints. */
    readonly shouldTaint?: pulumi.Input<boolean>;
    /** Labels put on the nodes; default none. */
    readonly customLabels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Taints put on the nodes (needs shouldTaint); default none. */
    readonly customTaints?: pulumi.Input<pulumi.Input<Taint>[]>;
    /** Allow custom instance types (GKE); default: the API's. */
    readonly customInstancesEnabled?: pulumi.Input<boolean>;
    /** Instance constraints with the API's names: spot, onDemand, useSpotFallbacks, fallbackRestoreRateSeconds, minCpu (cores), maxCpu, minMemory (MiB), ... */
    readonly constraints?: pulumi.Input<TemplateConstraints>;
}

const constraintBooleans = ["spot", "onDemand", "useSpotFallbacks", "enableSpotDiversity", "enableSpotReliability", "spotInterruptionPredictionsEnabled", "isGpuOnly", "computeOptimized", "storageOptimized", "bareMetal", "lifecycleTaintsDisabled"];
const constraintIntegers: [string, number, number, string][] = [
    ["fallbackRestoreRateSeconds", 0, 86_400, "seconds"],
    ["spotDiversityPriceIncreaseLimitPercent", 0, 1000, "percent"],
    ["spotReliabilityPriceIncreaseLimitPercent", 0, 1000, "percent"],
    ["minCpu", 0, 1024, "cores"],
    ["maxCpu", 0, 1024, "cores"],
    ["minMemory", 0, 33_554_432, "MiB"],
    ["maxMemory", 0, 33_554_432, "MiB"],
];

/** The template constraints the API knows (its schema's, compile-checked): any other key would be dropped. */
export const CONSTRAINT_FIELDS = fieldNames<Main.NodetemplatesV1TemplateConstraints>({
    architecturePriority: true, architectures: true, aws: true, azs: true, bareMetal: true, burstable: true,
    computeOptimized: true, cpuManufacturers: true, customPriority: true, customerSpecific: true,
    dedicatedNodeAffinity: true, enableSpotDiversity: true, enableSpotReliability: true,
    fallbackRestoreRateSeconds: true, gcp: true, gpu: true, instanceFamilies: true, isGpuOnly: true,
    lifecycleTaintsDisabled: true, maxCpu: true, maxMemory: true, maxPricePerCpu: true, minCpu: true, minMemory: true,
    onDemand: true, os: true, resourceLimits: true, spot: true, spotDiversityPriceIncreaseLimitPercent: true,
    spotInterruptionPredictionsEnabled: true, spotInterruptionPredictionsType: true,
    spotReliabilityPriceIncreaseLimitPercent: true, storageOptimized: true, useSpotFallbacks: true,
});

export function validateNodeTemplate(inputs: NodeTemplateInputs, v: Validator): void {
    v.requiredUuid("clusterId", inputs.clusterId);
    v.requiredString("name", inputs.name);
    if (typeof inputs.name === "string" && inputs.name.length > 0 && !/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(inputs.name)) {
        v.fail("name", "name must be a DNS label: lower-case letters, digits and '-', at most 63 characters");
    }
    v.optionalBoolean("isEnabled", inputs.isEnabled);
    v.optionalUuid("configurationId", inputs.configurationId);
    v.optionalBoolean("shouldTaint", inputs.shouldTaint);
    v.optionalBoolean("customInstancesEnabled", inputs.customInstancesEnabled);
    v.optionalStringMap("customLabels", inputs.customLabels);
    if (inputs.customTaints !== undefined) {
        if (!Array.isArray(inputs.customTaints)) {
            v.fail("customTaints", "customTaints must be a list of {key, value?, effect?}");
        } else {
            inputs.customTaints.forEach((t, i) => {
                v.requiredString(`customTaints[${i}].key`, t?.key);
                v.optionalEnum(`customTaints[${i}].effect`, t?.effect, ["NoSchedule", "NoExecute"]);
            });
            if (inputs.customTaints.length > 0 && inputs.shouldTaint !== true) {
                v.fail("shouldTaint", "shouldTaint must be true when customTaints are set (the API ignores taints otherwise)");
            }
        }
    }
    const c = inputs.constraints;
    if (c !== undefined && v.optionalObject("constraints", c) && c) {
        v.knownKeys("constraints", c, CONSTRAINT_FIELDS);
        for (const key of constraintBooleans) {
            v.optionalBoolean(`constraints.${key}`, c[key]);
        }
        for (const [key, min, max, unit] of constraintIntegers) {
            v.optionalInteger(`constraints.${key}`, c[key], min, max, unit);
        }
        for (const key of ["architectures", "os", "azs"]) {
            v.optionalStringArray(`constraints.${key}`, c[key]);
        }
        if (typeof c.minCpu === "number" && typeof c.maxCpu === "number" && c.maxCpu > 0 && c.minCpu > c.maxCpu) {
            v.fail("constraints.minCpu", "constraints.minCpu must not exceed constraints.maxCpu");
        }
        if (c.spot === false && c.onDemand === false) {
            v.fail("constraints.onDemand", "constraints.spot and constraints.onDemand cannot both be false: nodes need a lifecycle");
        }
    }
}

/** The inputs sent in the template's body under their own names. */
const bodyFields = {
    isEnabled: "update",
    configurationId: "update",
    shouldTaint: "update",
    customLabels: "update",
    customTaints: "update",
    customInstancesEnabled: "update",
    constraints: "update",
} as const;

/** The body the API takes for create and update: the fields the user set; identity and local fields stay out. */
export function templateBody(inputs: NodeTemplateInputs): Omit<ApiNodeTemplate, "name"> {
    const body: Record<string, unknown> = { isDefault: inputs.name === DEFAULT_NODE_TEMPLATE };
    for (const key of Object.keys(bodyFields) as (keyof typeof bodyFields)[]) {
        body[key] = inputs[key];
    }
    return pruneUndefined(body);
}

const templatesPath = (clusterId: string) => `/v1/kubernetes/clusters/${clusterId}/node-templates`;

async function findTemplate(ctx: ProviderContext, clusterId: string, name: string): Promise<ApiNodeTemplate | undefined> {
    const list = await ctx.client.get<NodeTemplateList>(templatesPath(clusterId), { includeDefault: true });
    return (list.items ?? []).map((i) => i.template).find((t) => t.name === name);
}

async function putTemplate(ctx: ProviderContext, inputs: NodeTemplateInputs): Promise<void> {
    const path = `${templatesPath(inputs.clusterId)}/${encodeURIComponent(inputs.name)}`;
    if (inputs.name !== DEFAULT_NODE_TEMPLATE) {
        await ctx.client.put(path, templateBody(inputs));
        return;
    }
    // The server creates the default template shortly after registration; until then the PUT says "not found".
    await waitFor(`CAST AI to create the default node template of cluster ${inputs.clusterId}`, 120_000, async () => {
        try {
            await ctx.client.put(path, templateBody(inputs));
            return true;
        } catch (err) {
            if (err instanceof CastAiApiError && (err.isNotFound || /node template not found/i.test(err.apiMessage ?? ""))) {
                return undefined;
            }
            throw err;
        }
    });
}

async function verifyTemplate(ctx: ProviderContext, inputs: NodeTemplateInputs): Promise<ApiNodeTemplate> {
    const remote = await findTemplate(ctx, inputs.clusterId, inputs.name);
    if (!remote) {
        throw new Error(`node template "${inputs.name}" of cluster ${inputs.clusterId} is missing right after it was written`);
    }
    assertApplied(`node template "${inputs.name}"`, mismatchedPaths(templateBody(inputs), remote));
    return remote;
}

function outputsFrom(inputs: NodeTemplateInputs, remote: ApiNodeTemplate): NodeTemplateOutputs {
    return { ...inputs, isDefault: remote.isDefault === true, version: String(remote.version ?? "") };
}

export const provider = defineProvider<NodeTemplateInputs, NodeTemplateOutputs>({
    fields: { clusterId: "replace", name: "replace", ...bodyFields },
    deleteBeforeReplace: true,
    validate: validateNodeTemplate,

    async create(ctx, inputs) {
        // Adopt a template of the same name (the default one, or one left by an interrupted run) instead of failing.
        const existing = inputs.name === DEFAULT_NODE_TEMPLATE ? undefined : await findTemplate(ctx, inputs.clusterId, inputs.name);
        if (inputs.name === DEFAULT_NODE_TEMPLATE || existing) {
            await putTemplate(ctx, inputs);
        } else {
            await ctx.client.create(templatesPath(inputs.clusterId), { name: inputs.name, ...templateBody(inputs) }, () =>
                findTemplate(ctx, inputs.clusterId, inputs.name),
            );
        }
        return { id: inputs.name, outs: outputsFrom(inputs, await verifyTemplate(ctx, inputs)) };
    },

    async read(ctx, _id, props) {
        // A cluster removed in CAST AI answers 404 for its templates: they are gone with it.
        const remote = await unlessNotFound(() => findTemplate(ctx, props.clusterId, props.name));
        if (!remote) {
            return undefined;
        }
        const { isDefault: _d, ...projected } = projectOnto(templateBody(props), remote) as Record<string, unknown>;
        return { ...props, ...projected, isDefault: remote.isDefault === true, version: String(remote.version ?? "") };
    },

    async update(ctx, _id, _olds, news) {
        await putTemplate(ctx, news);
        return outputsFrom(news, await verifyTemplate(ctx, news));
    },

    async delete(ctx, _id, props) {
        if (props.name === DEFAULT_NODE_TEMPLATE) {
            return;
        }
        await deleteIfPresent(() => ctx.client.delete(`${templatesPath(props.clusterId)}/${encodeURIComponent(props.name)}`));
    },
});

/**
 * A CAST AI node template, addressed by name within a cluster. `default-by-castai`, which CAST AI creates for every
 * cluster, is taken over and updated, never created or deleted.
 */
export class NodeTemplate extends CastAiResource {
    static readonly __pulumiType = "pulumi-nodejs:dynamic/castai:NodeTemplate";

    declare readonly clusterId: pulumi.Output<string>;
    declare readonly name: pulumi.Output<string>;
    declare readonly environment: pulumi.Output<string | undefined>;
    declare readonly constraints: pulumi.Output<TemplateConstraints | undefined>;
    declare readonly isDefault: pulumi.Output<boolean>;
    declare readonly version: pulumi.Output<string>;

    constructor(name: string, args: NodeTemplateArgs, opts?: pulumi.CustomResourceOptions) {
        super("NodeTemplate", name, { ...args, isDefault: undefined, version: undefined }, opts);
    }
}
