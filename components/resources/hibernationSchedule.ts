import * as pulumi from "@pulumi/pulumi";
import type { CommonArgs } from "./commonArgs";
import type { HibernationSchedule as ApiSchedule } from "../api/types";
import { isUnknown, mismatchedPaths } from "./compare";
import { windowProblems, zonedCron } from "./cron";
import { deleteIfPresent, unlessNotFound } from "./gone";
import { CastAiResource } from "./dynamicResource";
import { CommonInputs, ProviderContext, assertApplied, defineProvider } from "./provider";
import { Validator } from "./validation";
import { castaiIdProblem } from "../castaiId";

export interface HibernationScheduleInputs extends CommonInputs {
    name: string;
    enabled: boolean;
    clusterIds: string[];
    pauseCron: string;
    resumeCron: string;
    timeZone?: string;
    resumeInstanceType: string;
    organizationId?: string;
}

export interface HibernationScheduleOutputs extends HibernationScheduleInputs {
    scheduleId: string;
}

export interface HibernationScheduleArgs extends CommonArgs {
    /** Schedule name, unique in the organization. */
    readonly name: pulumi.Input<string>;
    /** Whether the schedule acts; default true. */
    readonly enabled?: pulumi.Input<boolean>;
    /** CAST AI cluster ids the schedule hibernates. */
    readonly clusterIds: pulumi.Input<pulumi.Input<string>[]>;
    /** When to hibernate: a 5-field cron or a descriptor such as @daily, as the hibernation service reads it (e.g. "0 19 * * 1-5"). */
    readonly pauseCron: pulumi.Input<string>;
    /** When to resume, in the same form (e.g. "0 7 * * 1-5"). */
    readonly resumeCron: pulumi.Input<string>;
    /** IANA time zone of both cron expressions; default UTC. Excludes a `CRON_TZ=` prefix in the expressions. */
    readonly timeZone?: pulumi.Input<string>;
    /** Instance type of the node that wakes the cluster on resume (e.g. m5.large). */
    readonly resumeInstanceType: pulumi.Input<string>;
    /** Organization id; default: the API key's organization. Changing it replaces. */
    readonly organizationId?: pulumi.Input<string>;
}

export function validateHibernationSchedule(inputs: HibernationScheduleInputs, v: Validator): void {
    v.requiredString("name", inputs.name);
    v.optionalBoolean("enabled", inputs.enabled);
    v.requiredString("resumeInstanceType", inputs.resumeInstanceType);
    v.optionalUuid("organizationId", inputs.organizationId);
    if (!Array.isArray(inputs.clusterIds) || inputs.clusterIds.length === 0) {
        if (!isUnknown(inputs.clusterIds)) {
            v.fail("clusterIds", "clusterIds must list at least one CAST AI cluster id");
        }
    } else {
        v.optionalStringArray("clusterIds", inputs.clusterIds);
        inputs.clusterIds.forEach((id, i) => v.format(`clusterIds[${i}]`, id, castaiIdProblem));
    }
    v.requiredString("pauseCron", inputs.pauseCron);
    v.requiredString("resumeCron", inputs.resumeCron);
    for (const { path, message } of windowProblems((field) => field, inputs)) {
        v.fail(path, message);
    }
}

/** The API document for the inputs. */
export function scheduleBody(inputs: HibernationScheduleInputs): ApiSchedule {
    return {
        name: inputs.name,
        enabled: inputs.enabled,
        pauseConfig: { enabled: true, schedule: { cronExpression: zonedCron(inputs.pauseCron, inputs.timeZone) } },
        resumeConfig: {
            enabled: true,
            schedule: { cronExpression: zonedCron(inputs.resumeCron, inputs.timeZone) },
            jobConfig: { nodeConfig: { instanceType: inputs.resumeInstanceType } },
        },
        clusterAssignments: { items: inputs.clusterIds.map((clusterId) => ({ clusterId })) },
    };
}

async function basePath(ctx: ProviderContext, organizationId: string | undefined): Promise<string> {
    return `/cluster-autoscaler/v1beta/organizations/${organizationId ?? (await ctx.client.organizationId())}/hibernation-schedules`;
}

async function findByName(ctx: ProviderContext, base: string, name: string): Promise<ApiSchedule | undefined> {
    return (await ctx.client.listAll<ApiSchedule>(base, "items")).find((s) => s.name === name);
}

async function verify(ctx: ProviderContext, base: string, id: string, inputs: HibernationScheduleInputs): Promise<HibernationScheduleOutputs> {
    const remote = await ctx.client.get<ApiSchedule>(`${base}/${id}`);
    assertApplied(`hibernation schedule "${inputs.name}"`, mismatchedPaths(scheduleBody(inputs), remote));
    return { ...inputs, scheduleId: id };
}

/** The inputs as the remote schedule says they are now; cron prefixes are split back into expression and zone. */
function inputsFromRemote(props: HibernationScheduleOutputs, remote: ApiSchedule): HibernationScheduleOutputs {
    const unzone = (expr: string) => expr.replace(/^CRON_TZ=\S+\s+/, "");
    const zone = /^CRON_TZ=(\S+)\s/.exec(remote.pauseConfig?.schedule?.cronExpression ?? "")?.[1];
    return {
        ...props,
        name: remote.name,
        enabled: remote.enabled,
        pauseCron: unzone(remote.pauseConfig?.schedule?.cronExpression ?? ""),
        resumeCron: unzone(remote.resumeConfig?.schedule?.cronExpression ?? ""),
        timeZone: zone ?? (props.timeZone === "UTC" ? "UTC" : undefined),
        resumeInstanceType: remote.resumeConfig?.jobConfig?.nodeConfig?.instanceType ?? "",
        clusterIds: (remote.clusterAssignments?.items ?? []).map((i) => i.clusterId),
    };
}

export const provider = defineProvider<HibernationScheduleInputs, HibernationScheduleOutputs>({
    fields: {
        name: "update",
        enabled: "update",
        clusterIds: "update",
        pauseCron: "update",
        resumeCron: "update",
        timeZone: "update",
        resumeInstanceType: "update",
        organizationId: "replace",
    },
    // Names are unique in an organization and create adopts by name: a replacement in the same organization (the
    // id now given explicitly) would adopt the old schedule, which the old resource's delete then removes.
    deleteBeforeReplace: true,
    validate: validateHibernationSchedule,
    normalize: (inputs) => ({ ...inputs, enabled: inputs.enabled ?? true }),

    async create(ctx, inputs) {
        const base = await basePath(ctx, inputs.organizationId);
        const existing = await findByName(ctx, base, inputs.name);
        const id = existing?.id
            ? (await ctx.client.patch<ApiSchedule>(`${base}/${existing.id}`, scheduleBody(inputs)), existing.id)
            : (await ctx.client.create<ApiSchedule>(base, scheduleBody(inputs), () => findByName(ctx, base, inputs.name))).id!;
        return { id, outs: await verify(ctx, base, id, inputs) };
    },

    async read(ctx, id, props) {
        const base = await basePath(ctx, props.organizationId);
        const remote = await unlessNotFound(() => ctx.client.get<ApiSchedule>(`${base}/${id}`));
        return remote === undefined ? undefined : inputsFromRemote(props, remote);
    },

    async update(ctx, id, _olds, news) {
        const base = await basePath(ctx, news.organizationId);
        // The whole schedule, as the official provider sends it (what a partial PATCH keeps is not documented); without
        // its id, which the API's update schema does not have.
        await ctx.client.patch(`${base}/${id}`, scheduleBody(news));
        return verify(ctx, base, id, news);
    },

    async delete(ctx, id, props) {
        const base = await basePath(ctx, props.organizationId);
        await deleteIfPresent(() => ctx.client.delete(`${base}/${id}`));
    },
});

/** An organization-level CAST AI hibernation schedule: pauses the listed clusters on one cron and resumes them on another. */
export class HibernationSchedule extends CastAiResource {
    static readonly __pulumiType = "pulumi-nodejs:dynamic/castai:HibernationSchedule";

    declare readonly name: pulumi.Output<string>;
    declare readonly environment: pulumi.Output<string | undefined>;
    declare readonly enabled: pulumi.Output<boolean>;
    declare readonly clusterIds: pulumi.Output<string[]>;
    declare readonly scheduleId: pulumi.Output<string>;

    constructor(name: string, args: HibernationScheduleArgs, opts?: pulumi.CustomResourceOptions) {
        super("HibernationSchedule", name, { ...args, scheduleId: undefined }, opts);
    }
}
