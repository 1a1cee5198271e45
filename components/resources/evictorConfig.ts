import * as pulumi from "@pulumi/pulumi";
import type { CommonArgs } from "./commonArgs";
import type { EvictionRule, EvictorAdvancedConfig } from "../api/types";
import { deepEqual, isPlainObject, pruneUndefined } from "./compare";
import { unlessNotFound } from "./gone";
import { CastAiResource } from "./dynamicResource";
import { CommonInputs, ProviderContext, assertApplied, defineProvider } from "./provider";
import { Validator } from "./validation";

export interface EvictorConfigInputs extends CommonInputs {
    clusterId: string;
    evictionConfig: EvictionRule[];
}

export interface EvictorConfigOutputs extends EvictorConfigInputs {}

export interface EvictorConfigArgs extends CommonArgs {
    /** CAST AI cluster id. Changing it replaces the resource. */
    readonly clusterId: pulumi.Input<string>;
    /** The evictor's advanced rules with the API's names: podSelector / nodeSelector and settings (removalDisabled, aggressive, disposable). The whole list is managed. */
    readonly evictionConfig: pulumi.Input<pulumi.Input<EvictionRule>[]>;
}

const operators = ["In", "NotIn", "Exists", "DoesNotExist"];

export function validateEvictorConfig(inputs: EvictorConfigInputs, v: Validator): void {
    v.requiredUuid("clusterId", inputs.clusterId);
    if (!Array.isArray(inputs.evictionConfig)) {
        v.fail("evictionConfig", "evictionConfig must be a list of rules (it may be empty)");
        return;
    }
    inputs.evictionConfig.forEach((rule, i) => {
        const at = `evictionConfig[${i}]`;
        if (!isPlainObject(rule)) {
            v.fail(at, `${at} must be an object with podSelector or nodeSelector and settings`);
            return;
        }
        v.knownKeys(at, rule, ["podSelector", "nodeSelector", "settings"]);
        if (!isPlainObject(rule.settings)) {
            v.fail(`${at}.settings`, `${at}.settings is required: one or more of removalDisabled, aggressive, disposable`);
        } else {
            v.knownKeys(`${at}.settings`, rule.settings, ["removalDisabled", "aggressive", "disposable"]);
            for (const [key, value] of Object.entries(rule.settings)) {
                v.optionalBoolean(`${at}.settings.${key}.enabled`, isPlainObject(value) ? value.enabled : value);
            }
        }
        if (rule.podSelector === undefined && rule.nodeSelector === undefined) {
            v.fail(at, `${at} needs a podSelector or a nodeSelector saying what it applies to`);
        }
        const selectors = [rule.podSelector?.labelSelector, rule.nodeSelector?.labelSelector];
        selectors.forEach((sel) =>
            (sel?.matchExpressions ?? []).forEach((e, j) => v.optionalEnum(`${at}.matchExpressions[${j}].operator`, e.operator, operators)),
        );
    });
}

const evictorPath = (clusterId: string) => `/v1/kubernetes/clusters/${clusterId}/evictor-advanced-config`;

async function apply(ctx: ProviderContext, inputs: EvictorConfigInputs): Promise<EvictorConfigOutputs> {
    const desired = pruneUndefined(inputs.evictionConfig);
    await ctx.client.postIdempotent(evictorPath(inputs.clusterId), { evictionConfig: desired });
    const after = await ctx.client.get<EvictorAdvancedConfig>(evictorPath(inputs.clusterId));
    assertApplied(`the evictor config of cluster ${inputs.clusterId}`, deepEqual(after.evictionConfig ?? [], desired) ? [] : ["evictionConfig"]);
    return { ...inputs };
}

export const provider = defineProvider<EvictorConfigInputs, EvictorConfigOutputs>({
    fields: { clusterId: "replace", evictionConfig: "update" },
    validate: validateEvictorConfig,

    async create(ctx, inputs) {
        return { id: inputs.clusterId, outs: await apply(ctx, inputs) };
    },

    async read(ctx, id, props) {
        const remote = await unlessNotFound(() => ctx.client.get<EvictorAdvancedConfig>(evictorPath(props.clusterId ?? id)));
        return remote === undefined ? undefined : { ...props, evictionConfig: remote.evictionConfig ?? [] };
    },

    async update(ctx, _id, _olds, news) {
        return apply(ctx, news);
    },

    async delete(ctx, _id, props) {
        await unlessNotFound(() => ctx.client.postIdempotent(evictorPath(props.clusterId), { evictionConfig: [] }));
    },
});

/** The evictor's advanced configuration of one cluster (which pods and nodes it may touch, and how). */
export class EvictorConfig extends CastAiResource {
    static readonly __pulumiType = "pulumi-nodejs:dynamic/castai:EvictorConfig";

    declare readonly clusterId: pulumi.Output<string>;
    declare readonly environment: pulumi.Output<string | undefined>;
    declare readonly evictionConfig: pulumi.Output<EvictionRule[]>;

    constructor(name: string, args: EvictorConfigArgs, opts?: pulumi.CustomResourceOptions) {
        super("EvictorConfig", name, { ...args }, opts);
    }
}
