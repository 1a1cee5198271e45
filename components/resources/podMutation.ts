import * as pulumi from "@pulumi/pulumi";
import type { CommonArgs } from "./commonArgs";
import type { DistributionGroup, PodMutation as ApiPodMutation, SpotType } from "../api/types";
import { isPlainObject, mismatchedPaths, projectOnto, pruneUndefined } from "./compare";
import { deleteIfPresent, unlessNotFound } from "./gone";
import { CastAiResource } from "./dynamicResource";
import { CommonInputs, ProviderContext, assertApplied, defineProvider } from "./provider";
import { Validator } from "./validation";

export const spotTypes: readonly SpotType[] = ["OPTIONAL_SPOT", "PREFERRED_SPOT", "USE_ONLY_SPOT"];

export interface PodMutationInputs extends CommonInputs {
    clusterId: string;
    name: string;
    enabled?: boolean;
    objectFilter?: Record<string, unknown>;
    spotType?: SpotType;
    distributionGroups?: DistributionGroup[];
    labels?: Record<string, string>;
    organizationId?: string;
}

export interface PodMutationOutputs extends PodMutationInputs {
    mutationId: string;
}

export interface PodMutationArgs extends CommonArgs {
    /** CAST AI cluster id. Changing it replaces the mutation. */
    readonly clusterId: pulumi.Input<string>;
    /** Mutation name, unique in the cluster. Changing it replaces. */
    readonly name: pulumi.Input<string>;
    /** Whether the mutator applies it; default true. */
    readonly enabled?: pulumi.Input<boolean>;
    /** Which workloads it applies to, with the API's names (namespaces, names, kinds, ...); default all. */
    readonly objectFilter?: pulumi.Input<Record<string, unknown>>;
    /** Spot type for all matched pods, when no distribution groups are given. */
    readonly spotType?: pulumi.Input<SpotType>;
    /** Percentage groups of pods with their own config (e.g. 60% USE_ONLY_SPOT, 40% on-demand); percentages sum to at most 100. */
    readonly distributionGroups?: pulumi.Input<pulumi.Input<DistributionGroup>[]>;
    /** Labels added to matched pods; default none. */
    readonly labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Organization id; default: the API key's organization. Changing it replaces. */
    readonly organizationId?: pulumi.Input<string>;
}

export function validatePodMutation(inputs: PodMutationInputs, v: Validator): void {
    v.requiredString("clusterId", inputs.clusterId);
    v.requiredString("name", inputs.name);
    v.optionalBoolean("enabled", inputs.enabled);
    v.optionalEnum("spotType", inputs.spotType, spotTypes);
    v.optionalStringMap("labels", inputs.labels);
    v.optionalObject("objectFilter", inputs.objectFilter);
    const groups = inputs.distributionGroups;
    if (groups === undefined) {
        return;
    }
    if (!Array.isArray(groups)) {
        v.fail("distributionGroups", "distributionGroups must be a list of {name, percentage, config}");
        return;
    }
    let total = 0;
    const seen = new Set<string>();
    groups.forEach((g, i) => {
        const at = `distributionGroups[${i}]`;
        if (!isPlainObject(g)) {
            v.fail(at, `${at} must be an object {name, percentage, config}`);
            return;
        }
        v.requiredString(`${at}.name`, g.name);
        if (seen.has(g.name)) {
            v.fail(`${at}.name`, `${at}.name "${g.name}" is used twice; group names must be unique`);
        }
        seen.add(g.name);
        v.optionalInteger(`${at}.percentage`, g.percentage, 0, 100, "percent");
        if (typeof g.percentage === "number") {
            total += g.percentage;
        }
        if (v.optionalObject(`${at}.config`, g.config) && g.config) {
            v.optionalEnum(`${at}.config.spotType`, g.config.spotType, spotTypes);
        }
    });
    if (total > 100) {
        v.fail("distributionGroups", `distributionGroups percentages add up to ${total}; they must not exceed 100`);
    }
    if (groups.length > 0 && inputs.spotType !== undefined) {
        v.fail("spotType", "set spotType per distribution group (config.spotType), not on the mutation, when distributionGroups are given");
    }
}

/** The inputs sent in the mutation's body under their own names. */
const bodyFields = { enabled: "update", objectFilter: "update", spotType: "update", distributionGroups: "update", labels: "update" } as const;

export function mutationBody(inputs: PodMutationInputs): Record<string, unknown> {
    const body: Record<string, unknown> = { name: inputs.name };
    for (const key of Object.keys(bodyFields) as (keyof typeof bodyFields)[]) {
        body[key] = inputs[key];
    }
    return pruneUndefined(body);
}

async function basePath(ctx: ProviderContext, inputs: PodMutationInputs): Promise<string> {
    const org = inputs.organizationId ?? (await ctx.client.organizationId());
    return `/patching-engine/v1beta/organizations/${org}/clusters/${inputs.clusterId}/pod-mutations`;
}

async function findByName(ctx: ProviderContext, base: string, name: string): Promise<ApiPodMutation | undefined> {
    const list = await ctx.client.get<{ items?: ApiPodMutation[] }>(base);
    return (list.items ?? []).find((m) => m.name === name);
}

async function verify(ctx: ProviderContext, base: string, id: string, inputs: PodMutationInputs): Promise<PodMutationOutputs> {
    const remote = await ctx.client.get<ApiPodMutation>(`${base}/${id}`);
    assertApplied(`pod mutation "${inputs.name}"`, mismatchedPaths(mutationBody(inputs), remote));
    return { ...inputs, mutationId: id };
}

export const provider = defineProvider<PodMutationInputs, PodMutationOutputs>({
    fields: { clusterId: "replace", name: "replace", organizationId: "replace", ...bodyFields },
    deleteBeforeReplace: true,
    validate: validatePodMutation,
    normalize: (inputs) => ({ ...inputs, enabled: inputs.enabled ?? true }),

    async create(ctx, inputs) {
        const base = await basePath(ctx, inputs);
        const existing = await findByName(ctx, base, inputs.name);
        let id: string;
        if (existing?.id) {
            await ctx.client.patch(`${base}/${existing.id}`, mutationBody(inputs));
            id = existing.id;
        } else {
            id = (await ctx.client.create<ApiPodMutation>(base, mutationBody(inputs), () => findByName(ctx, base, inputs.name))).id!;
        }
        return { id, outs: await verify(ctx, base, id, inputs) };
    },

    async read(ctx, id, props) {
        const base = await basePath(ctx, props);
        const remote = await unlessNotFound(() => ctx.client.get<ApiPodMutation>(`${base}/${id}`));
        if (!remote) {
            return undefined;
        }
        return { ...props, ...(projectOnto(mutationBody(props), remote) as Partial<PodMutationInputs>) };
    },

    async update(ctx, id, _olds, news) {
        const base = await basePath(ctx, news);
        await ctx.client.patch(`${base}/${id}`, mutationBody(news));
        return verify(ctx, base, id, news);
    },

    async delete(ctx, id, props) {
        const base = await basePath(ctx, props);
        await deleteIfPresent(() => ctx.client.delete(`${base}/${id}`));
    },
});

/**
 * A CAST AI pod mutation (patching engine), applied to matching pods by the castai-pod-mutator. The fleet uses it
 * for the spot share: distribution groups send a percentage of pods to spot nodes.
 */
export class PodMutation extends CastAiResource {
    static readonly __pulumiType = "pulumi-nodejs:dynamic/castai:PodMutation";

    declare readonly clusterId: pulumi.Output<string>;
    declare readonly name: pulumi.Output<string>;
    declare readonly environment: pulumi.Output<string | undefined>;
    declare readonly distributionGroups: pulumi.Output<DistributionGroup[] | undefined>;
    declare readonly mutationId: pulumi.Output<string>;

    constructor(name: string, args: PodMutationArgs, opts?: pulumi.CustomResourceOptions) {
        super("PodMutation", name, { ...args, mutationId: undefined }, opts);
    }
}
