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
    objectFilterV2?: Record<string, unknown>;
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
    /**
     * Which workloads it applies to, as plain lists: namespaces, names, kinds, excludeNamespaces, excludeNames,
     * excludeKinds, labelsFilter/excludeLabelsFilter ([{label, value}]) with labelsOperator/excludeLabelsOperator
     * ("AND" or "OR"); default all. Sent as `objectFilterV2` exact matchers (the API deprecates this filter's own
     * form). Excludes objectFilterV2.
     */
    readonly objectFilter?: pulumi.Input<Record<string, unknown>>;
    /** Which workloads it applies to, in the API's objectFilterV2 form (matchers with EXACT or REGEX); excludes objectFilter. */
    readonly objectFilterV2?: pulumi.Input<Record<string, unknown>>;
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
    v.requiredUuid("clusterId", inputs.clusterId);
    v.requiredString("name", inputs.name);
    v.optionalBoolean("enabled", inputs.enabled);
    v.optionalEnum("spotType", inputs.spotType, spotTypes);
    v.optionalStringMap("labels", inputs.labels);
    if (v.optionalObject("objectFilter", inputs.objectFilter)) {
        v.knownKeys("objectFilter", inputs.objectFilter, [...FILTER_LISTS, ...Object.keys(FILTER_LABELS), "labelsOperator", "excludeLabelsOperator"]);
    }
    v.optionalObject("objectFilterV2", inputs.objectFilterV2);
    if (inputs.objectFilter !== undefined && inputs.objectFilterV2 !== undefined) {
        v.fail("objectFilterV2", "set objectFilter or objectFilterV2, not both");
    }
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

/** The plain filter's lists, each sent as the same list of exact matchers. */
const FILTER_LISTS = ["namespaces", "names", "kinds", "excludeNamespaces", "excludeNames", "excludeKinds"];
/** The plain filter's label lists and operators, and the V2 filter field each becomes. */
const FILTER_LABELS: Record<string, { operator: string; v2: string }> = {
    labelsFilter: { operator: "labelsOperator", v2: "labels" },
    excludeLabelsFilter: { operator: "excludeLabelsOperator", v2: "excludeLabels" },
};

/** A plain `objectFilter` in the API's objectFilterV2 form: every value an exact match. */
export function objectFilterV2(filter: Record<string, unknown>): Record<string, unknown> {
    const exact = (value: unknown) => ({ type: "EXACT", value });
    const out: Record<string, unknown> = {};
    for (const key of FILTER_LISTS.filter((k) => Array.isArray(filter[k]))) {
        out[key] = (filter[key] as unknown[]).map(exact);
    }
    for (const [key, { operator, v2 }] of Object.entries(FILTER_LABELS).filter(([k]) => Array.isArray(filter[k]))) {
        const matchers = (filter[key] as { label?: string; value?: string }[]).map((l) => ({ key: exact(l.label), value: exact(l.value) }));
        out[v2] = pruneUndefined({ matchers, operator: filter[operator] });
    }
    return out;
}

/** The inputs sent in the mutation's body under their own names (a plain objectFilter goes as objectFilterV2). */
const bodyFields = { enabled: "update", objectFilterV2: "update", spotType: "update", distributionGroups: "update", labels: "update" } as const;

export function mutationBody(inputs: PodMutationInputs): Record<string, unknown> {
    const body: Record<string, unknown> = { name: inputs.name };
    for (const key of Object.keys(bodyFields) as (keyof typeof bodyFields)[]) {
        body[key] = inputs[key];
    }
    return pruneUndefined(body);
}

/**
 * The whole mutation for a PATCH, as the official provider sends it (what a partial PATCH keeps is not documented):
 * the remote object with every managed field replaced, a managed list or map left unset sent empty, and the
 * deprecated filter dropped in favour of objectFilterV2.
 */
function fullBody(remote: ApiPodMutation, id: string, inputs: PodMutationInputs): Record<string, unknown> {
    const kept = Object.fromEntries(Object.entries(remote).filter(([key]) => !(key in bodyFields) && key !== "objectFilter"));
    return { labels: {}, distributionGroups: [], ...kept, ...mutationBody(inputs), id };
}

async function patchWhole(ctx: ProviderContext, base: string, id: string, inputs: PodMutationInputs): Promise<void> {
    const remote = await ctx.client.get<ApiPodMutation>(`${base}/${id}`);
    await ctx.client.patch(`${base}/${id}`, fullBody(remote, id, inputs));
}

async function basePath(ctx: ProviderContext, inputs: PodMutationInputs): Promise<string> {
    const org = inputs.organizationId ?? (await ctx.client.organizationId());
    return `/patching-engine/v1beta/organizations/${org}/clusters/${inputs.clusterId}/pod-mutations`;
}

async function findByName(ctx: ProviderContext, base: string, name: string): Promise<ApiPodMutation | undefined> {
    return (await ctx.client.listAll<ApiPodMutation>(base, "items")).find((m) => m.name === name);
}

async function verify(ctx: ProviderContext, base: string, id: string, inputs: PodMutationInputs): Promise<PodMutationOutputs> {
    const remote = await ctx.client.get<ApiPodMutation>(`${base}/${id}`);
    assertApplied(`pod mutation "${inputs.name}"`, mismatchedPaths(mutationBody(inputs), remote));
    return { ...inputs, mutationId: id };
}

export const provider = defineProvider<PodMutationInputs, PodMutationOutputs>({
    fields: { clusterId: "replace", name: "replace", organizationId: "replace", objectFilter: "update", ...bodyFields },
    deleteBeforeReplace: true,
    validate: validatePodMutation,
    // A plain objectFilter is stored as the objectFilterV2 it is sent as, so that both compare alike.
    normalize: ({ objectFilter, ...inputs }) =>
        pruneUndefined({ ...inputs, enabled: inputs.enabled ?? true, objectFilterV2: objectFilter === undefined ? inputs.objectFilterV2 : objectFilterV2(objectFilter) }),

    async create(ctx, inputs) {
        const base = await basePath(ctx, inputs);
        const existing = await findByName(ctx, base, inputs.name);
        let id: string;
        if (existing?.id) {
            await patchWhole(ctx, base, existing.id, inputs);
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
        await patchWhole(ctx, base, id, news);
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
