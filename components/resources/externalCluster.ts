import * as pulumi from "@pulumi/pulumi";
import type { CommonArgs } from "./commonArgs";
import { CastAiApiError } from "../api/errors";
import type { Cluster, ClusterUpdate, ProviderType, RegisterClusterRequest } from "../api/types";
import { isPlainObject, isUnknown, pruneUndefined } from "./compare";
import { unlessNotFound } from "./gone";
import { CastAiResource } from "./dynamicResource";
import { CommonInputs, ProviderContext, defineProvider, waitFor } from "./provider";
import { FormatRule, Validator } from "./validation";
import { awsAccountIdProblem, azureSubscriptionIdProblem, azureTenantIdProblem, gcpProjectIdProblem } from "../cloud/accountIds";
import { awsRegionProblem, azureRegionProblem, gcpLocationProblem } from "../cloud/regions";

/** Credentials CAST AI uses to act in the cloud account (phase 2). Exactly the ones of the cluster's cloud. */
export interface ClusterCredentials {
    /** EKS: the IAM role CAST AI assumes. */
    assumeRoleArn?: string;
    /** GKE: the whole service-account key JSON (secret). */
    serviceAccountKeyJson?: string;
    /** AKS: the application or managed identity client id. */
    clientId?: string;
    /** AKS: client secret (secret); or use federationId (secretless). */
    clientSecret?: string;
    /** AKS: federated identity id, the secretless path; excludes clientSecret. */
    federationId?: string;
    /** AKS: Entra tenant id. */
    tenantId?: string;
}

export interface ExternalClusterInputs extends CommonInputs {
    name: string;
    eks?: { accountId: string; region: string; clusterName: string };
    gke?: { projectId: string; location: string; clusterName: string };
    aks?: { subscriptionId: string; region: string; nodeResourceGroup: string; clusterResourceGroup?: string };
    credentials?: ClusterCredentials;
    deleteNodesOnDisconnect?: boolean;
    deleteTimeoutSeconds?: number;
}

export interface ExternalClusterOutputs extends ExternalClusterInputs {
    clusterId: string;
    organizationId: string;
    providerType: ProviderType;
    credentialsId: string;
    /** The credentialsId our last credentials update produced; a different remote one means drift. */
    appliedCredentialsId: string;
    status: string;
    agentStatus: string;
    clusterToken: string;
}

export interface ExternalClusterArgs extends CommonArgs {
    /** CAST AI cluster name shown in the console; usually the Kubernetes cluster name. Changing it replaces. */
    readonly name: pulumi.Input<string>;
    /** EKS identity: AWS account id, region, EKS cluster name. Changing any replaces. */
    readonly eks?: pulumi.Input<{ accountId: pulumi.Input<string>; region: pulumi.Input<string>; clusterName: pulumi.Input<string> }>;
    /** GKE identity: project id, location (region or zone), GKE cluster name. Changing any replaces. */
    readonly gke?: pulumi.Input<{ projectId: pulumi.Input<string>; location: pulumi.Input<string>; clusterName: pulumi.Input<string> }>;
    /** AKS identity: subscription id, region, node resource group. Changing any replaces. */
    readonly aks?: pulumi.Input<{
        subscriptionId: pulumi.Input<string>;
        region: pulumi.Input<string>;
        nodeResourceGroup: pulumi.Input<string>;
        clusterResourceGroup?: pulumi.Input<string>;
    }>;
    /** Phase-2 credentials for the cluster's cloud; default none (read-only phase 1). Re-applied on drift. */
    readonly credentials?: pulumi.Input<{ [K in keyof ClusterCredentials]?: pulumi.Input<string> }>;
    /** Delete the nodes CAST AI provisioned when the cluster is disconnected; default false (workloads keep running). */
    readonly deleteNodesOnDisconnect?: pulumi.Input<boolean>;
    /** How long `destroy` waits for the disconnect, in seconds; default 900. */
    readonly deleteTimeoutSeconds?: pulumi.Input<number>;
}

const awsRoleArn = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;

/** Which cloud the inputs describe, or undefined when not exactly one is given. */
export function clusterProvider(inputs: ExternalClusterInputs): ProviderType | undefined {
    const given = (["eks", "gke", "aks"] as const).filter((p) => inputs[p] !== undefined);
    return given.length === 1 ? given[0] : undefined;
}

/** GKE registration wants a region; a zonal location like europe-central2-a belongs to europe-central2. */
export function gkeRegion(location: string): string {
    const parts = location.split("-");
    return parts.length > 2 ? parts.slice(0, 2).join("-") : location;
}

export function validateExternalCluster(inputs: ExternalClusterInputs, v: Validator): void {
    v.requiredString("name", inputs.name);
    v.optionalBoolean("deleteNodesOnDisconnect", inputs.deleteNodesOnDisconnect);
    v.optionalInteger("deleteTimeoutSeconds", inputs.deleteTimeoutSeconds, 30, 7200, "seconds");
    const provider = clusterProvider(inputs);
    if (!provider) {
        v.fail("eks", "exactly one of eks, gke or aks must be set to say which cloud the cluster runs in");
        return;
    }
    const ids: Record<ProviderType, readonly string[]> = {
        eks: ["accountId", "region", "clusterName"],
        gke: ["projectId", "location", "clusterName"],
        aks: ["subscriptionId", "region", "nodeResourceGroup"],
    };
    const identity = inputs[provider] as Record<string, unknown>;
    if (v.optionalObject(provider, identity)) {
        v.knownKeys(provider, identity, provider === "aks" ? [...ids.aks, "clusterResourceGroup"] : ids[provider]);
        for (const key of ids[provider]) {
            v.requiredString(`${provider}.${key}`, identity?.[key]);
        }
    }
    const formats: Record<ProviderType, Record<string, FormatRule>> = {
        eks: { accountId: awsAccountIdProblem, region: awsRegionProblem },
        gke: { projectId: gcpProjectIdProblem, location: gcpLocationProblem },
        aks: { subscriptionId: azureSubscriptionIdProblem, region: azureRegionProblem },
    };
    if (isPlainObject(identity)) {
        for (const [key, rule] of Object.entries(formats[provider])) {
            v.format(`${provider}.${key}`, identity[key], rule);
        }
    }
    validateCredentials(provider, inputs.credentials, v);
}

function validateCredentials(provider: ProviderType, creds: ClusterCredentials | undefined, v: Validator): void {
    if (creds === undefined || isUnknown(creds)) {
        return;
    }
    if (!isPlainObject(creds)) {
        // Reported without a property: for a failing top-level property the engine prints its value, secret or not,
        // and this one holds a private key or client secret when it is a mistaken string.
        v.fail("", "credentials must be an object with the cloud's credential fields, e.g. { assumeRoleArn } for EKS");
        return;
    }
    const allowed: Record<ProviderType, (keyof ClusterCredentials)[]> = {
        eks: ["assumeRoleArn"],
        gke: ["serviceAccountKeyJson"],
        aks: ["clientId", "clientSecret", "federationId", "tenantId"],
    };
    v.knownKeys("credentials", creds, allowed[provider]);
    if (provider === "eks") {
        v.requiredString("credentials.assumeRoleArn", creds.assumeRoleArn);
        if (typeof creds.assumeRoleArn === "string" && !isUnknown(creds.assumeRoleArn) && !awsRoleArn.test(creds.assumeRoleArn)) {
            v.fail("credentials.assumeRoleArn", "credentials.assumeRoleArn must be an IAM role ARN: arn:aws:iam::<account>:role/<name>");
        }
    } else if (provider === "gke") {
        v.requiredString("credentials.serviceAccountKeyJson", creds.serviceAccountKeyJson);
        if (typeof creds.serviceAccountKeyJson === "string" && !isUnknown(creds.serviceAccountKeyJson)) {
            let key: unknown;
            try {
                key = JSON.parse(creds.serviceAccountKeyJson);
            } catch {
                key = undefined;
            }
            if (!isPlainObject(key) || key.type !== "service_account") {
                // The reason must not quote the value: it is a private key.
                v.fail("credentials.serviceAccountKeyJson", "credentials.serviceAccountKeyJson must be a GCP service-account key JSON document (\"type\": \"service_account\")");
            }
        }
    } else {
        v.requiredString("credentials.clientId", creds.clientId);
        v.requiredString("credentials.tenantId", creds.tenantId);
        v.format("credentials.tenantId", creds.tenantId, azureTenantIdProblem);
        if ((creds.clientSecret === undefined) === (creds.federationId === undefined)) {
            v.fail("credentials.clientSecret", "set exactly one of credentials.clientSecret or credentials.federationId (federation is the secretless path)");
        }
    }
}

/** The registration body the API expects for the inputs' cloud. */
export function registrationRequest(inputs: ExternalClusterInputs): RegisterClusterRequest {
    if (inputs.eks) {
        const { accountId, region, clusterName } = inputs.eks;
        return { name: inputs.name, eks: { accountId, region, clusterName } };
    }
    if (inputs.gke) {
        const { projectId, location, clusterName } = inputs.gke;
        return { name: inputs.name, gke: { projectId, region: gkeRegion(location), location, clusterName } };
    }
    const { subscriptionId, region, nodeResourceGroup, clusterResourceGroup } = inputs.aks!;
    return { name: inputs.name, aks: pruneUndefined({ subscriptionId, region, nodeResourceGroup, clusterResourceGroup }) };
}

/** True when a remote cluster is the one these inputs describe (the adoption rule of DESIGN decision 2). */
export function sameCluster(inputs: ExternalClusterInputs, c: Cluster): boolean {
    if (c.status === "archived" || c.name !== inputs.name) {
        return false;
    }
    if (inputs.eks) {
        return c.eks?.accountId === inputs.eks.accountId && c.eks?.region === inputs.eks.region && c.eks?.clusterName === inputs.eks.clusterName;
    }
    if (inputs.gke) {
        return c.gke?.projectId === inputs.gke.projectId && (c.gke?.location ?? c.gke?.region) === inputs.gke.location && c.gke?.clusterName === inputs.gke.clusterName;
    }
    return c.aks?.subscriptionId === inputs.aks?.subscriptionId && c.aks?.region === inputs.aks?.region && c.aks?.nodeResourceGroup === inputs.aks?.nodeResourceGroup;
}

/** The ClusterUpdate body that applies the credentials, in the per-cloud form the API expects. */
export function credentialsUpdate(inputs: ExternalClusterInputs): ClusterUpdate | undefined {
    const c = inputs.credentials;
    if (!c) {
        return undefined;
    }
    if (inputs.eks) {
        return { eks: { assumeRoleArn: c.assumeRoleArn } };
    }
    if (inputs.gke) {
        return { credentials: c.serviceAccountKeyJson };
    }
    const aks = {
        clientId: c.clientId,
        tenantId: c.tenantId,
        subscriptionId: inputs.aks?.subscriptionId,
        ...(c.clientSecret !== undefined ? { clientSecret: c.clientSecret } : { federationId: c.federationId }),
    };
    return { credentials: JSON.stringify(aks) };
}

const clustersPath = "/v1/kubernetes/external-clusters";

/** Finds the cluster these inputs describe among the organization's clusters. */
export async function findCluster(ctx: ProviderContext, inputs: ExternalClusterInputs): Promise<Cluster | undefined> {
    const list = await ctx.client.get<{ items?: Cluster[] }>(clustersPath);
    return (list.items ?? []).find((c) => sameCluster(inputs, c));
}

/** Registers the cluster, or takes over the one already registered with the same identity. */
export async function registerOrAdopt(ctx: ProviderContext, inputs: ExternalClusterInputs): Promise<Cluster> {
    return (await findCluster(ctx, inputs)) ?? (await ctx.client.create<Cluster>(clustersPath, registrationRequest(inputs), () => findCluster(ctx, inputs)));
}

/** Applies credentials; IAM changes take a while to propagate, so a "credentials" rejection is retried. */
async function applyCredentials(ctx: ProviderContext, id: string, inputs: ExternalClusterInputs): Promise<Cluster | undefined> {
    const body = credentialsUpdate(inputs);
    if (!body) {
        return undefined;
    }
    const attempts = 6;
    for (let i = 1; ; i++) {
        try {
            return await ctx.client.postIdempotent<Cluster>(`${clustersPath}/${id}`, body);
        } catch (err) {
            const credentialsRejected =
                err instanceof CastAiApiError && err.status === 400 && err.fieldViolations.some((f) => f.field === "credentials");
            if (!credentialsRejected || i === attempts) {
                throw err;
            }
            await new Promise((resolve) => globalThis.setTimeout(resolve, 500 * 2 ** (i - 1)));
        }
    }
}

function outputsFrom(inputs: ExternalClusterInputs, c: Cluster, token: string, applied: string): ExternalClusterOutputs {
    return {
        ...inputs,
        clusterId: c.id,
        organizationId: c.organizationId ?? "",
        providerType: clusterProvider(inputs)!,
        credentialsId: c.credentialsId ?? "",
        appliedCredentialsId: applied,
        status: c.status ?? "",
        agentStatus: c.agentStatus ?? "",
        clusterToken: token,
    };
}

export const provider = defineProvider<ExternalClusterInputs, ExternalClusterOutputs>({
    fields: {
        name: "replace",
        eks: "replace",
        gke: "replace",
        aks: "replace",
        credentials: "update",
        // Read only when the cluster is deleted.
        deleteNodesOnDisconnect: "local",
        deleteTimeoutSeconds: "local",
    },
    // A replacement would adopt the same registration (same cloud identity) and the old one's delete would then
    // disconnect it; deleting first re-onboards the cluster cleanly, as Terraform's ForceNew does.
    deleteBeforeReplace: true,
    validate: validateExternalCluster,

    drifted(olds) {
        // Someone changed or removed the credentials in the console: apply ours again (Terraform's drift rule).
        return olds.credentials && olds.credentialsId !== olds.appliedCredentialsId ? ["credentials"] : [];
    },

    async create(ctx, inputs) {
        const cluster = await registerOrAdopt(ctx, inputs);
        const { token } = await ctx.client.postIdempotent<{ token: string }>(`${clustersPath}/${cluster.id}/token`);
        const updated = await applyCredentials(ctx, cluster.id, inputs);
        const current = await ctx.client.get<Cluster>(`${clustersPath}/${cluster.id}`);
        if (updated && !current.credentialsId) {
            throw new Error(`CAST AI accepted the credentials of cluster ${cluster.id} but reports none on read-back`);
        }
        return { id: cluster.id, outs: outputsFrom(inputs, current, token, current.credentialsId ?? "") };
    },

    async read(ctx, id, props) {
        const c = await unlessNotFound(() => ctx.client.get<Cluster>(`${clustersPath}/${id}`));
        if (c === undefined || c.status === "archived") {
            return undefined;
        }
        return {
            ...props,
            organizationId: c.organizationId ?? props.organizationId,
            credentialsId: c.credentialsId ?? "",
            status: c.status ?? "",
            agentStatus: c.agentStatus ?? "",
        };
    },

    async update(ctx, id, olds, news) {
        const credentialsChanged = JSON.stringify(olds.credentials) !== JSON.stringify(news.credentials) || olds.credentialsId !== olds.appliedCredentialsId;
        if (credentialsChanged) {
            await applyCredentials(ctx, id, news);
        }
        const current = await ctx.client.get<Cluster>(`${clustersPath}/${id}`);
        return outputsFrom(news, current, olds.clusterToken, credentialsChanged ? (current.credentialsId ?? "") : olds.appliedCredentialsId);
    },

    async delete(ctx, id, props) {
        await disconnectAndDelete(ctx, id, props.deleteNodesOnDisconnect ?? false, (props.deleteTimeoutSeconds ?? 900) * 1000);
    },
});

/**
 * Removes a cluster from CAST AI the way the API requires: disconnect, wait until disconnected, delete, until the
 * cluster reads as archived. Workloads keep running; nodes are deleted only when asked. Already gone is done.
 */
export async function disconnectAndDelete(ctx: ProviderContext, id: string, deleteNodes: boolean, timeoutMs: number): Promise<void> {
    const path = `${clustersPath}/${id}`;
    await waitFor(`cluster ${id} to be disconnected and removed from CAST AI`, timeoutMs, async () => {
        const c = await unlessNotFound(() => ctx.client.get<Cluster>(path));
        if (c === undefined || c.status === "archived") {
            return true;
        }
        const disconnected = c.agentStatus === "disconnected" || c.status === "deleted" || c.status === "failed" || !c.credentialsId;
        if (disconnected) {
            try {
                await ctx.client.delete(path);
                return undefined;
            } catch (err) {
                if (!(err instanceof CastAiApiError) || err.status !== 400) {
                    throw err;
                }
            }
        }
        if (c.status !== "deleting" && c.agentStatus !== "disconnecting") {
            await ctx.client.postIdempotent(`${path}/disconnect`, { deleteProvisionedNodes: deleteNodes, keepKubernetesResources: true });
        }
        return undefined;
    });
}

/**
 * A Kubernetes cluster registered with CAST AI (EKS, GKE or AKS). Creating it registers the cluster (or adopts the
 * registration that already exists for the same cloud identity), issues the cluster token and applies phase-2
 * credentials; deleting it disconnects the cluster and removes it, leaving the workloads running.
 */
export class ExternalCluster extends CastAiResource {
    static readonly __pulumiType = "pulumi-nodejs:dynamic/castai:ExternalCluster";

    declare readonly name: pulumi.Output<string>;
    declare readonly environment: pulumi.Output<string | undefined>;
    /** CAST AI cluster id. */
    declare readonly clusterId: pulumi.Output<string>;
    declare readonly organizationId: pulumi.Output<string>;
    declare readonly providerType: pulumi.Output<ProviderType>;
    declare readonly credentialsId: pulumi.Output<string>;
    declare readonly status: pulumi.Output<string>;
    declare readonly agentStatus: pulumi.Output<string>;
    /** Token the in-cluster agent authenticates with (secret). */
    declare readonly clusterToken: pulumi.Output<string>;

    constructor(name: string, args: ExternalClusterArgs, opts?: pulumi.CustomResourceOptions) {
        const outputs = {
            clusterId: undefined, organizationId: undefined, providerType: undefined, credentialsId: undefined,
            appliedCredentialsId: undefined, status: undefined, agentStatus: undefined, clusterToken: undefined,
        };
        super("ExternalCluster", name, { ...args, ...outputs }, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["clusterToken", "credentials"] }));
    }
}
