import * as pulumi from "@pulumi/pulumi";
import type { CommonArgs } from "./commonArgs";
import type { GroupMember, OrganizationGroup as ApiGroup } from "../api/types";
import { deleteIfPresent, unlessNotFound } from "./gone";
import { CastAiResource } from "./dynamicResource";
import { CommonInputs, ProviderContext, assertApplied, defineProvider } from "./provider";
import type { InputsOf } from "./roleBinding";
import { Validator } from "./validation";

export type GroupMemberKind = "user" | "service_account";

export interface GroupMemberInput {
    kind: GroupMemberKind;
    /** User or service account id. */
    id: string;
    email: string;
}

export interface OrganizationGroupInputs extends CommonInputs {
    name: string;
    description?: string;
    members?: GroupMemberInput[];
    organizationId?: string;
}

export interface OrganizationGroupOutputs extends OrganizationGroupInputs {
    groupId: string;
    resolvedOrganizationId: string;
}

export interface OrganizationGroupArgs extends CommonArgs {
    /** Group name as the console shows it. */
    readonly name: pulumi.Input<string>;
    /** What the group is for; default empty. */
    readonly description?: pulumi.Input<string>;
    /** Users and service accounts in the group (kind `user` or `service_account`, id, email); default none. */
    readonly members?: pulumi.Input<pulumi.Input<InputsOf<GroupMemberInput>>[]>;
    /** Organization id; default: the API key's organization. Changing it replaces. */
    readonly organizationId?: pulumi.Input<string>;
}

const MEMBER_KINDS: readonly GroupMemberKind[] = ["user", "service_account"];
const API_KIND: Record<GroupMemberKind, GroupMember["kind"]> = { user: "USER", service_account: "SERVICE_ACCOUNT" };

async function groupsPath(ctx: ProviderContext, organizationId: string | undefined): Promise<string> {
    return `/v1/organizations/${organizationId ?? (await ctx.client.organizationId())}/groups`;
}

function body(inputs: OrganizationGroupInputs) {
    const members = (inputs.members ?? []).map((m) => ({ id: m.id, email: m.email, kind: API_KIND[m.kind] }));
    return { name: inputs.name, description: inputs.description ?? "", definition: { members } };
}

/** The remote members in input form, in the API's order. */
function membersOf(remote: ApiGroup): GroupMemberInput[] {
    return (remote.definition?.members ?? []).map((m) => ({ kind: m.kind === "USER" ? "user" : "service_account", id: m.id, email: m.email }));
}

const sameMembers = (a: GroupMemberInput[], b: GroupMemberInput[]) =>
    a.length === b.length && a.every((m, i) => m.kind === b[i].kind && m.id === b[i].id && m.email === b[i].email);

async function verify(ctx: ProviderContext, base: string, id: string, inputs: OrganizationGroupInputs): Promise<OrganizationGroupOutputs> {
    const remote = await ctx.client.get<ApiGroup>(`${base}/${id}`);
    const mismatches = [
        remote.name !== inputs.name ? "name" : "",
        (remote.description ?? "") !== (inputs.description ?? "") ? "description" : "",
        sameMembers(membersOf(remote), inputs.members ?? []) ? "" : "members",
    ].filter(Boolean);
    assertApplied(`group "${inputs.name}"`, mismatches);
    return { ...inputs, groupId: id, resolvedOrganizationId: base.split("/")[3] };
}

export const provider = defineProvider<OrganizationGroupInputs, OrganizationGroupOutputs>({
    fields: { name: "update", description: "update", members: "update", organizationId: "replace" },
    validate(inputs: OrganizationGroupInputs, v: Validator) {
        v.requiredString("name", inputs.name);
        v.optionalString("description", inputs.description);
        v.optionalUuid("organizationId", inputs.organizationId);
        if (inputs.members !== undefined && !Array.isArray(inputs.members)) {
            v.fail("members", "members must be a list of {kind, id, email}");
            return;
        }
        (inputs.members ?? []).forEach((m, i) => {
            v.knownKeys(`members[${i}]`, m, ["kind", "id", "email"]);
            v.optionalEnum(`members[${i}].kind`, m.kind, MEMBER_KINDS);
            v.requiredString(`members[${i}].kind`, m.kind);
            v.requiredString(`members[${i}].id`, m.id);
            v.requiredString(`members[${i}].email`, m.email);
        });
    },

    async create(ctx, inputs) {
        const base = await groupsPath(ctx, inputs.organizationId);
        // The API lists no groups, so a create whose answer was lost could not be found again: it is never repeated.
        const created = await ctx.client.post<ApiGroup>(base, body(inputs));
        return { id: created.id, outs: await verify(ctx, base, created.id, inputs) };
    },

    async read(ctx, id, props) {
        const base = await groupsPath(ctx, props.organizationId);
        const remote = await unlessNotFound(() => ctx.client.get<ApiGroup>(`${base}/${id}`));
        if (!remote) {
            return undefined;
        }
        const description = remote.description || (props.description === undefined ? undefined : "");
        const members = membersOf(remote);
        return { ...props, name: remote.name ?? "", description, members: members.length === 0 && props.members === undefined ? undefined : members };
    },

    async update(ctx, id, _olds, news) {
        const base = await groupsPath(ctx, news.organizationId);
        await ctx.client.patch(`${base}/${id}`, body(news));
        return verify(ctx, base, id, news);
    },

    async delete(ctx, id, props) {
        const base = await groupsPath(ctx, props.organizationId);
        await deleteIfPresent(() => ctx.client.delete(`${base}/${id}`));
    },
});

/** A CAST AI organization group: users and service accounts that role bindings grant access to together. */
export class OrganizationGroup extends CastAiResource {
    static readonly __pulumiType = "pulumi-nodejs:dynamic/castai:OrganizationGroup";

    declare readonly name: pulumi.Output<string>;
    declare readonly environment: pulumi.Output<string | undefined>;
    declare readonly groupId: pulumi.Output<string>;
    declare readonly resolvedOrganizationId: pulumi.Output<string>;

    constructor(name: string, args: OrganizationGroupArgs, opts?: pulumi.CustomResourceOptions) {
        super("OrganizationGroup", name, { ...args, groupId: undefined, resolvedOrganizationId: undefined }, opts);
    }
}
