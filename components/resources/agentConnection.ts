import * as pulumi from "@pulumi/pulumi";
import type { CommonArgs } from "./commonArgs";
import type { Cluster } from "../api/types";
import { unlessNotFound } from "./gone";
import { CastAiResource } from "./dynamicResource";
import { CommonInputs, ProviderContext, defineProvider, waitFor } from "./provider";
import { Validator } from "./validation";

export interface AgentConnectionInputs extends CommonInputs {
    clusterId: string;
    timeoutSeconds?: number;
}

export interface AgentConnectionOutputs extends AgentConnectionInputs {
    status: string;
    agentStatus: string;
}

export interface AgentConnectionArgs extends CommonArgs {
    /** CAST AI cluster id of the registration whose agent is awaited. Changing it replaces (and waits again). */
    readonly clusterId: pulumi.Input<string>;
    /** How long to wait for the agent's first report, in seconds; default 600, from 10 to 3600. */
    readonly timeoutSeconds?: pulumi.Input<number>;
}

const DEFAULT_TIMEOUT_SECONDS = 600;

/** What to check when the agent never reports: the steps CAST AI gives for a cluster stuck in Connecting. */
const STUCK_CONNECTING_CHECKS =
    "the castware operator may be installed while castai-agent failed to deploy. Check both: `kubectl get pods -n castai-agent`; " +
    "the operator's log: `kubectl logs -l app.kubernetes.io/name=castware-operator -n castai-agent`; and, if castai-agent is not " +
    "running, its Component status: `kubectl get component castai-agent -n castai-agent -o yaml`";

async function connected(ctx: ProviderContext, inputs: AgentConnectionInputs): Promise<AgentConnectionOutputs> {
    const path = `/v1/kubernetes/external-clusters/${inputs.clusterId}`;
    let last: Cluster | undefined;
    const timeoutSeconds = inputs.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    try {
        const c = await waitFor(`the CAST AI agent of cluster ${inputs.clusterId} to connect`, timeoutSeconds * 1000, async () => {
            last = await ctx.client.get<Cluster>(path);
            return last.agentStatus === "online" ? last : undefined;
        });
        return { ...inputs, status: c.status ?? "", agentStatus: c.agentStatus ?? "" };
    } catch (err) {
        if (last === undefined) {
            throw err;
        }
        throw new Error(
            `cluster ${inputs.clusterId} did not connect within ${timeoutSeconds} s (status ${last.status}, agent ${last.agentStatus}): ${STUCK_CONNECTING_CHECKS}`,
        );
    }
}

export const provider = defineProvider<AgentConnectionInputs, AgentConnectionOutputs>({
    fields: { clusterId: "replace", timeoutSeconds: "local" },
    validate(inputs: AgentConnectionInputs, v: Validator) {
        v.requiredUuid("clusterId", inputs.clusterId);
        v.optionalInteger("timeoutSeconds", inputs.timeoutSeconds, 10, 3600, "seconds");
    },

    async create(ctx, inputs) {
        return { id: inputs.clusterId, outs: await connected(ctx, inputs) };
    },

    async read(ctx, id, props) {
        const c = await unlessNotFound(() => ctx.client.get<Cluster>(`/v1/kubernetes/external-clusters/${props.clusterId ?? id}`));
        return c === undefined || c.status === "archived" ? undefined : { ...props, status: c.status ?? "", agentStatus: c.agentStatus ?? "" };
    },

    async update(_ctx, _id, olds, news) {
        return { ...olds, ...news };
    },

    // Waiting leaves nothing to delete.
    async delete() {},
});

/**
 * Waits, once, until the CAST AI agent of a registered cluster has reported (agent status `online`), bounded, with
 * the checks for a cluster stuck in Connecting in its error. Create it after whatever installs the agent (the
 * castware releases, or a GitOps sync), so that `pulumi up` ends with a connected cluster. A registration cannot wait
 * for this itself: the agent is installed with the registration's token, so it comes after the registration.
 */
export class AgentConnection extends CastAiResource {
    static readonly __pulumiType = "pulumi-nodejs:dynamic/castai:AgentConnection";

    declare readonly clusterId: pulumi.Output<string>;
    declare readonly environment: pulumi.Output<string | undefined>;
    /** The cluster's status when the agent connected (e.g. "connecting" or "ready"). */
    declare readonly status: pulumi.Output<string>;
    /** The agent's status when it connected: "online". */
    declare readonly agentStatus: pulumi.Output<string>;

    constructor(name: string, args: AgentConnectionArgs, opts?: pulumi.CustomResourceOptions) {
        super("AgentConnection", name, { ...args, status: undefined, agentStatus: undefined }, opts);
    }
}
