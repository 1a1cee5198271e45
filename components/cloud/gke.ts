// The GCP identity CAST AI uses for a GKE cluster, as castai/terraform-castai-gke-iam v0.5.1 creates it
// (reference/castai-install.md §9.2). @pulumi/gcp is an optional peer: it is loaded in the
// constructor, only when a program creates the identity.
import * as pulumi from "@pulumi/pulumi";
import { argsError } from "../argsError";
import { gcpProjectIdProblem } from "./accountIds";
import { fieldPath, formatProblems, isSet, knownValue, requiredStrings, settledAfter } from "./common";
import {
    decodeServiceAccountKey,
    gkeCastAiPermissions,
    gkeIamNames,
    gkeRoleBindings,
    gkeServiceAccountScopeExpression,
    parseServiceAccountKey,
} from "./policies";

export interface GkeCastAiIdentityArgs {
    /** GCP project id of the cluster; the service account, custom role and bindings live there. Required. */
    readonly projectId: pulumi.Input<string>;
    /** GKE cluster name; the service account and role ids derive from sha1 of it. Required. */
    readonly clusterName: pulumi.Input<string>;
    /** Unique ids of the service accounts CAST AI may attach to nodes; set, `roles/iam.serviceAccountUser` is limited to them. Default: none (project-wide). */
    readonly serviceAccountsUniqueIds?: pulumi.Input<string>[];
    /** An existing service-account key JSON (secret) for CAST AI; then nothing is created. Default: none (create). */
    readonly existingServiceAccountKeyJson?: pulumi.Input<string>;
}

// Checks below report fields under `prefix` (`gke` inside CastAiCluster, none for this component on its own).

/** The GKE cluster itself: project (a well-formed project id) and cluster name, both required. */
export function validateGkeClusterArgs(args: Pick<GkeCastAiIdentityArgs, "projectId" | "clusterName">, prefix = ""): string[] {
    return [...requiredStrings(args, ["projectId", "clusterName"], prefix), ...formatProblems(args, { projectId: gcpProjectIdProblem }, prefix)];
}

/** The service-account key to take instead of creating one, and what only applies when one is created. */
export function validateGkeKeyArgs(
    args: Pick<GkeCastAiIdentityArgs, "existingServiceAccountKeyJson" | "serviceAccountsUniqueIds">,
    prefix = "",
): string[] {
    const problems: string[] = [];
    const keyField = fieldPath(prefix, "existingServiceAccountKeyJson");
    const key = knownValue(args.existingServiceAccountKeyJson);
    if (isSet(key)) {
        try {
            parseServiceAccountKey(key as string, keyField);
        } catch (err) {
            problems.push((err as Error).message);
        }
    }
    if (isSet(args.existingServiceAccountKeyJson) && (args.serviceAccountsUniqueIds?.length ?? 0) > 0) {
        problems.push(
            `${fieldPath(prefix, "serviceAccountsUniqueIds")} scopes bindings this component creates; with ${keyField} nothing is created`,
        );
    }
    return problems;
}

/** Everything wrong with the arguments, one message per problem, each naming the field under `prefix`; empty when valid. */
export function validateGkeIdentityArgs(args: GkeCastAiIdentityArgs, prefix = ""): string[] {
    return [...validateGkeClusterArgs(args, prefix), ...validateGkeKeyArgs(args, prefix)];
}

/**
 * The GCP identity CAST AI needs for one GKE cluster: a service account with CAST AI's custom role and
 * `roles/iam.serviceAccountUser`, and a key for it. Pass `existingServiceAccountKeyJson` to use a key
 * someone else manages.
 */
export class GkeCastAiIdentity extends pulumi.ComponentResource {
    /** E-mail of the service account CAST AI acts as. */
    public readonly serviceAccountEmail: pulumi.Output<string>;
    /** The service-account key JSON document (secret): the registration's `credentials`. Resolves after the role and bindings exist. */
    public readonly credentialsJson: pulumi.Output<string>;

    constructor(name: string, args: GkeCastAiIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("castai-fleet:index:GkeCastAiIdentity", name, {}, opts);

        const problems = validateGkeIdentityArgs(args);
        if (problems.length > 0) {
            throw argsError(`GkeCastAiIdentity "${name}"`, problems, this);
        }

        if (isSet(args.existingServiceAccountKeyJson)) {
            const key = pulumi.secret(args.existingServiceAccountKeyJson as pulumi.Input<string>);
            this.credentialsJson = key;
            // The e-mail is not sensitive; unwrapping it keeps it readable in outputs and logs.
            this.serviceAccountEmail = pulumi.unsecret(key.apply((json) => parseServiceAccountKey(json)));
        } else {
            const gcp: typeof import("@pulumi/gcp") = require("@pulumi/gcp");
            const names = pulumi.output(args.clusterName).apply(gkeIamNames);

            const account = new gcp.serviceaccount.Account(
                `${name}-service-account`,
                {
                    accountId: names.serviceAccountId,
                    displayName: pulumi.interpolate`Service account to manage ${args.clusterName} cluster via CAST`,
                    project: args.projectId,
                },
                { parent: this },
            );
            const role = new gcp.projects.IAMCustomRole(
                `${name}-role`,
                {
                    roleId: names.customRoleId,
                    title: "Role to manage GKE cluster via CAST AI",
                    description: "Role to manage GKE cluster via CAST AI",
                    permissions: gkeCastAiPermissions(),
                    project: args.projectId,
                    stage: "GA",
                },
                { parent: this },
            );
            const uniqueIds = args.serviceAccountsUniqueIds ?? [];
            const bindings = gkeRoleBindings(uniqueIds.length > 0).map(
                ({ role: bound, condition }) =>
                    new gcp.projects.IAMMember(
                        `${name}-${bound === "custom" ? "custom-role" : "service-account-user"}`,
                        {
                            project: args.projectId,
                            role: bound === "custom" ? role.name : bound,
                            member: pulumi.interpolate`serviceAccount:${account.email}`,
                            condition: condition && {
                                ...condition,
                                expression: pulumi.all(uniqueIds).apply(gkeServiceAccountScopeExpression),
                            },
                        },
                        { parent: this },
                    ),
            );
            const key = new gcp.serviceaccount.Key(
                `${name}-key`,
                { serviceAccountId: account.name, publicKeyType: "TYPE_X509_PEM_FILE" },
                { parent: this },
            );
            this.serviceAccountEmail = account.email;
            // As the module's `private_key` output, the key is handed out only once the role and bindings
            // exist, so CAST AI never validates a key that has no permissions yet.
            this.credentialsJson = settledAfter(
                pulumi.secret(key.privateKey.apply(decodeServiceAccountKey)),
                [account, role, key, ...bindings],
            );
        }

        this.registerOutputs({
            serviceAccountEmail: this.serviceAccountEmail,
            credentialsJson: this.credentialsJson,
        });
    }
}
