import * as pulumi from "@pulumi/pulumi";
import type { CommonArgs } from "./commonArgs";
import { CastAiApiError } from "../api/errors";
import type { Policies } from "../api/types";
import { isPlainObject, mergePatch, mismatchedPaths, projectOnto, pruneUndefined } from "./compare";
import { deleteIfPresent, unlessNotFound } from "./gone";
import { CastAiResource } from "./dynamicResource";
import { CommonInputs, ProviderContext, assertApplied, defineProvider } from "./provider";
import { Validator } from "./validation";

export interface AutoscalerPolicyInputs extends CommonInputs {
    clusterId: string;
    /** The part of the cluster's policies document this resource manages (API field names). */
    policies: Policies;
}

export interface AutoscalerPolicyOutputs extends AutoscalerPolicyInputs {}

export interface AutoscalerPolicyArgs extends CommonArgs {
    /** CAST AI cluster id. Changing it replaces the resource. */
    readonly clusterId: pulumi.Input<string>;
    /**
     * The policies fields to manage, with the API's names (`unschedulablePods.headroom.cpuPercentage`, ...). Only
     * these fields are written, compared and corrected; everything else on the cluster's policies stays as it is.
     */
    readonly policies: pulumi.Input<Policies>;
}

/**
 * Fields the server changes by itself (synced with the default node template or computed). Managing them would
 * never settle, so `check` rejects them with the place to manage them instead.
 */
export const serverManagedPolicyFields: Readonly<Record<string, string>> = {
    defaultNodeTemplateVersion: "it is a concurrency token the server sets",
    spotInstances: "spot settings live on the default node template (NodeTemplate `default-by-castai`)",
    "unschedulablePods.nodeConstraints": "node constraints live on the default node template",
    "unschedulablePods.customInstancesEnabled": "custom instances live on the default node template",
    "unschedulablePods.podPinner.status": "it is computed by the server",
    "nodeDownscaler.evictor.status": "it is computed by the server",
};

const headroomKeys = ["enabled", "cpuPercentage", "memoryPercentage"];

export function validatePolicies(p: unknown, v: Validator): void {
    if (!isPlainObject(p)) {
        v.fail("policies", "policies must be an object with the CAST AI policies fields to manage");
        return;
    }
    for (const [path, why] of Object.entries(serverManagedPolicyFields)) {
        const parts = path.split(".");
        const parent = parts.slice(0, -1).reduce<unknown>((o, k) => (isPlainObject(o) ? o[k] : undefined), p);
        if (isPlainObject(parent) && parent[parts[parts.length - 1]] !== undefined) {
            v.fail(`policies.${path}`, `policies.${path} cannot be managed here: ${why}`);
        }
    }
    v.knownKeys("policies", p, ["enabled", "isScopedMode", "nodeTemplatesPartialMatchingEnabled", "unschedulablePods", "clusterLimits", "nodeDownscaler", ...Object.keys(serverManagedPolicyFields).filter((k) => !k.includes("."))]);
    for (const key of ["enabled", "isScopedMode", "nodeTemplatesPartialMatchingEnabled"]) {
        v.optionalBoolean(`policies.${key}`, p[key]);
    }
    const up = p.unschedulablePods;
    if (up !== undefined && v.optionalObject("policies.unschedulablePods", up) && up) {
        v.knownKeys("policies.unschedulablePods", up, ["enabled", "headroom", "headroomSpot", "podPinner", "nodeConstraints", "customInstancesEnabled"]);
        v.optionalBoolean("policies.unschedulablePods.enabled", up.enabled);
        for (const h of ["headroom", "headroomSpot"]) {
            const room = up[h];
            if (room !== undefined && v.optionalObject(`policies.unschedulablePods.${h}`, room) && room) {
                v.knownKeys(`policies.unschedulablePods.${h}`, room, headroomKeys);
                v.optionalBoolean(`policies.unschedulablePods.${h}.enabled`, room.enabled);
                v.optionalInteger(`policies.unschedulablePods.${h}.cpuPercentage`, room.cpuPercentage, 0, 100, "percent");
                v.optionalInteger(`policies.unschedulablePods.${h}.memoryPercentage`, room.memoryPercentage, 0, 100, "percent");
            }
        }
        if (isPlainObject(up.podPinner)) {
            v.knownKeys("policies.unschedulablePods.podPinner", up.podPinner, ["enabled", "status"]);
            v.optionalBoolean("policies.unschedulablePods.podPinner.enabled", up.podPinner.enabled);
        }
    }
    const limits = p.clusterLimits;
    if (limits !== undefined && v.optionalObject("policies.clusterLimits", limits) && limits) {
        v.knownKeys("policies.clusterLimits", limits, ["enabled", "cpu"]);
        v.optionalBoolean("policies.clusterLimits.enabled", limits.enabled);
        if (limits.cpu !== undefined && v.optionalObject("policies.clusterLimits.cpu", limits.cpu) && limits.cpu) {
            v.knownKeys("policies.clusterLimits.cpu", limits.cpu, ["minCores", "maxCores"]);
            v.optionalInteger("policies.clusterLimits.cpu.minCores", limits.cpu.minCores, 0, 100_000, "cores");
            v.optionalInteger("policies.clusterLimits.cpu.maxCores", limits.cpu.maxCores, 1, 100_000, "cores");
            const { minCores, maxCores } = limits.cpu as { minCores?: unknown; maxCores?: unknown };
            if (typeof minCores === "number" && typeof maxCores === "number" && minCores > maxCores) {
                v.fail("policies.clusterLimits.cpu.minCores", "policies.clusterLimits.cpu.minCores must not exceed maxCores");
            }
        }
    }
    const down = p.nodeDownscaler;
    if (down !== undefined && v.optionalObject("policies.nodeDownscaler", down) && down) {
        v.knownKeys("policies.nodeDownscaler", down, ["enabled", "emptyNodes", "evictor"]);
        v.optionalBoolean("policies.nodeDownscaler.enabled", down.enabled);
        const empty = down.emptyNodes;
        if (empty !== undefined && v.optionalObject("policies.nodeDownscaler.emptyNodes", empty) && empty) {
            v.knownKeys("policies.nodeDownscaler.emptyNodes", empty, ["enabled", "delaySeconds"]);
            v.optionalBoolean("policies.nodeDownscaler.emptyNodes.enabled", empty.enabled);
            v.optionalInteger("policies.nodeDownscaler.emptyNodes.delaySeconds", empty.delaySeconds, 0, 86_400, "seconds");
        }
        const ev = down.evictor;
        if (ev !== undefined && v.optionalObject("policies.nodeDownscaler.evictor", ev) && ev) {
            const bools = ["enabled", "dryRun", "aggressiveMode", "scopedMode", "ignorePodDisruptionBudgets", "softTainting", "cleanupKarpenterNodes"];
            v.knownKeys("policies.nodeDownscaler.evictor", ev, [...bools, "cycleInterval", "nodeGracePeriodMinutes", "podEvictionFailureBackOffInterval", "status"]);
            for (const key of bools) {
                v.optionalBoolean(`policies.nodeDownscaler.evictor.${key}`, ev[key]);
            }
            v.optionalInteger("policies.nodeDownscaler.evictor.nodeGracePeriodMinutes", ev.nodeGracePeriodMinutes, 0, 10_080, "minutes");
            for (const key of ["cycleInterval", "podEvictionFailureBackOffInterval"]) {
                const d = ev[key];
                if (d !== undefined && (typeof d !== "string" || !/^(\d+(ms|s|m|h))+$/.test(d))) {
                    v.fail(`policies.nodeDownscaler.evictor.${key}`, `policies.nodeDownscaler.evictor.${key} must be a duration such as "1m" or "5m10s"`);
                }
            }
        }
    }
}

const policiesPath = (clusterId: string) => `/v1/kubernetes/clusters/${clusterId}/policies`;

/** The CAST AI error that says the default node template changed under the write: read again and retry. */
function isStaleTemplate(err: unknown): boolean {
    return err instanceof CastAiApiError && /template has changed|refetch the policies/i.test(err.apiMessage ?? "");
}

/**
 * Writes the managed fields: read the remote document, merge ours onto it (RFC 7386), write it whole (it carries
 * the defaultNodeTemplateVersion just read), and verify on read-back. A concurrent default-template change makes
 * the server refuse the write; that is retried with a fresh read, as the Terraform provider does.
 */
export async function applyPolicies(ctx: ProviderContext, clusterId: string, desired: Policies): Promise<Policies> {
    const path = policiesPath(clusterId);
    for (let attempt = 1; ; attempt++) {
        const remote = await ctx.client.get<Policies>(path);
        try {
            await ctx.client.put<Policies>(path, mergePatch(remote, pruneUndefined(desired)));
            break;
        } catch (err) {
            if (!isStaleTemplate(err) || attempt >= 5) {
                throw err;
            }
            await new Promise((resolve) => globalThis.setTimeout(resolve, 100 * 2 ** attempt));
        }
    }
    const after = await ctx.client.get<Policies>(path);
    assertApplied(`the autoscaler policies of cluster ${clusterId}`, mismatchedPaths(pruneUndefined(desired), after).map((p) => `policies.${p}`));
    return after;
}

export const provider = defineProvider<AutoscalerPolicyInputs, AutoscalerPolicyOutputs>({
    fields: { clusterId: "replace", policies: "update" },
    validate(inputs, v) {
        v.requiredUuid("clusterId", inputs.clusterId);
        validatePolicies(inputs.policies, v);
    },

    async create(ctx, inputs) {
        await applyPolicies(ctx, inputs.clusterId, inputs.policies);
        return { id: inputs.clusterId, outs: { ...inputs } };
    },

    async read(ctx, id, props) {
        const remote = await unlessNotFound(() => ctx.client.get<Policies>(policiesPath(props.clusterId ?? id)));
        return remote === undefined ? undefined : { ...props, policies: projectOnto(pruneUndefined(props.policies), remote) as Policies };
    },

    async update(ctx, _id, _olds, news) {
        await applyPolicies(ctx, news.clusterId, news.policies);
        return { ...news };
    },

    async delete(ctx, _id, props) {
        // Destroy switches autoscaling off and leaves every other setting as the user last saw it.
        await deleteIfPresent(() => ctx.client.put(policiesPath(props.clusterId), { enabled: false }));
    },
});

/**
 * The autoscaler policies of one cluster, managed field by field: only the fields given in `policies` are written
 * and watched for drift. Destroying it switches the policies off (`enabled: false`).
 */
export class AutoscalerPolicy extends CastAiResource {
    static readonly __pulumiType = "pulumi-nodejs:dynamic/castai:AutoscalerPolicy";

    declare readonly clusterId: pulumi.Output<string>;
    declare readonly environment: pulumi.Output<string | undefined>;
    declare readonly policies: pulumi.Output<Policies>;

    constructor(name: string, args: AutoscalerPolicyArgs, opts?: pulumi.CustomResourceOptions) {
        super("AutoscalerPolicy", name, { ...args }, opts);
    }
}
