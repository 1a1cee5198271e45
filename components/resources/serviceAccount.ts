import * as pulumi from "@pulumi/pulumi";
import type { CommonArgs } from "./commonArgs";
import type { ServiceAccount as ApiServiceAccount } from "../api/types";
import { deleteIfPresent, unlessNotFound } from "./gone";
import { CastAiResource } from "./dynamicResource";
import { CommonInputs, ProviderContext, assertApplied, defineProvider } from "./provider";
import { Validator } from "./validation";

export interface ServiceAccountInputs extends CommonInputs {
    name: string;
    description?: string;
    organizationId?: string;
}

export interface ServiceAccountOutputs extends ServiceAccountInputs {
    serviceAccountId: string;
    email: string;
    resolvedOrganizationId: string;
}

export interface ServiceAccountArgs extends CommonArgs {
    /** Service account name, unique in the organization. */
    readonly name: pulumi.Input<string>;
    /** What the account is for; default empty. */
    readonly description?: pulumi.Input<string>;
    /** Organization id; default: the API key's organization. Changing it replaces. */
    readonly organizationId?: pulumi.Input<string>;
}

/** The organization's service-accounts collection path. */
export async function serviceAccountsPath(ctx: ProviderContext, organizationId: string | undefined): Promise<string> {
    return `/v1/organizations/${organizationId ?? (await ctx.client.organizationId())}/service-accounts`;
}

async function findByName(ctx: ProviderContext, base: string, name: string): Promise<ApiServiceAccount | undefined> {
    return (await ctx.client.listAll<ApiServiceAccount>(base, "serviceAccounts")).find((a) => a.name === name);
}

async function verify(ctx: ProviderContext, base: string, id: string, inputs: ServiceAccountInputs): Promise<ServiceAccountOutputs> {
    const { serviceAccount: remote } = await ctx.client.get<{ serviceAccount: ApiServiceAccount }>(`${base}/${id}`);
    const mismatches = [remote.name !== inputs.name ? "name" : "", (remote.description ?? "") !== (inputs.description ?? "") ? "description" : ""].filter(Boolean);
    assertApplied(`service account "${inputs.name}"`, mismatches);
    return { ...inputs, serviceAccountId: id, email: remote.email ?? "", resolvedOrganizationId: base.split("/")[3] };
}

export const provider = defineProvider<ServiceAccountInputs, ServiceAccountOutputs>({
    fields: { name: "update", description: "update", organizationId: "replace" },
    // Create adopts an account of the same name: a replacement in the same organization (the id now given
    // explicitly) would adopt the old account, which the old resource's delete then removes with its keys.
    deleteBeforeReplace: true,
    validate(inputs: ServiceAccountInputs, v: Validator) {
        v.requiredString("name", inputs.name);
        v.optionalString("description", inputs.description);
        v.optionalUuid("organizationId", inputs.organizationId);
    },

    async create(ctx, inputs) {
        const base = await serviceAccountsPath(ctx, inputs.organizationId);
        const body = { name: inputs.name, description: inputs.description ?? "" };
        const existing = await findByName(ctx, base, inputs.name);
        const id = existing
            ? (await ctx.client.patch(`${base}/${existing.id}`, { serviceAccount: body }), existing.id)
            : (await ctx.client.create<ApiServiceAccount>(base, body, () => findByName(ctx, base, inputs.name))).id;
        return { id, outs: await verify(ctx, base, id, inputs) };
    },

    async read(ctx, id, props) {
        const base = await serviceAccountsPath(ctx, props.organizationId);
        const remote = await unlessNotFound(() => ctx.client.get<{ serviceAccount: ApiServiceAccount }>(`${base}/${id}`));
        if (!remote) {
            return undefined;
        }
        const description = remote.serviceAccount.description || (props.description === undefined ? undefined : "");
        return { ...props, name: remote.serviceAccount.name, description, email: remote.serviceAccount.email ?? "" };
    },

    async update(ctx, id, _olds, news) {
        const base = await serviceAccountsPath(ctx, news.organizationId);
        await ctx.client.patch(`${base}/${id}`, { serviceAccount: { name: news.name, description: news.description ?? "" } });
        return verify(ctx, base, id, news);
    },

    async delete(ctx, id, props) {
        const base = await serviceAccountsPath(ctx, props.organizationId);
        await deleteIfPresent(() => ctx.client.delete(`${base}/${id}`));
    },
});

/** A CAST AI organization service account, the identity for automation; give it keys with ServiceAccountKey. */
export class ServiceAccount extends CastAiResource {
    static readonly __pulumiType = "pulumi-nodejs:dynamic/castai:ServiceAccount";

    declare readonly name: pulumi.Output<string>;
    declare readonly environment: pulumi.Output<string | undefined>;
    declare readonly serviceAccountId: pulumi.Output<string>;
    declare readonly email: pulumi.Output<string>;
    declare readonly resolvedOrganizationId: pulumi.Output<string>;

    constructor(name: string, args: ServiceAccountArgs, opts?: pulumi.CustomResourceOptions) {
        super("ServiceAccount", name, { ...args, serviceAccountId: undefined, email: undefined, resolvedOrganizationId: undefined }, opts);
    }
}
