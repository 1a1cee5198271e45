// Past one machine: the Pulumi Kubernetes Operator runs each environment stack as a `Stack` object, and its
// periodic resync re-applies the code when the live objects drift. These are the objects for the project's stacks.
import { stringify } from "yaml";

/** A Secret's key the operator reads into the workspace's environment. */
export interface SecretKeyRef {
    readonly name: string;
    readonly key: string;
}

export interface OperatorManifestOptions {
    /** The Pulumi project name (Pulumi.yaml `name`). */
    readonly project: string;
    /** The stacks, each with the environment its config names. */
    readonly stacks: readonly { readonly name: string; readonly environment?: string }[];
    /** Organization of the fully qualified stack names (`<org>/<project>/<stack>`). */
    readonly organization: string;
    /** The git repository holding the project, as the operator clones it. */
    readonly repo: string;
    readonly branch: string;
    /** Directory of Pulumi.yaml inside the repository ("" for its root). */
    readonly repoDir: string;
    /** Namespace of the Stack objects and their workspaces. */
    readonly namespace: string;
    /** Seconds between resyncs; each resync refreshes and re-applies the stack even when the commit is unchanged. */
    readonly resyncSeconds: number;
    /** The backend URL when it is not Pulumi Cloud (`s3://...`); undefined for Pulumi Cloud. */
    readonly backend?: string;
    /** The Pulumi Cloud access token (PULUMI_ACCESS_TOKEN); undefined for self-managed backends. */
    readonly accessToken?: SecretKeyRef;
    /** The passphrase of the passphrase secrets provider (PULUMI_CONFIG_PASSPHRASE), when the stacks use one. */
    readonly passphrase?: SecretKeyRef;
    /** More environment variables from Secrets (cloud credentials for a self-managed backend), by variable name. */
    readonly secretEnv?: Readonly<Record<string, SecretKeyRef>>;
}

/** The service account each stack's workspace runs as; the operator needs it able to review tokens. */
export const WORKSPACE_SERVICE_ACCOUNT = "castai-fleet-workspace";

const LABELS = { "app.kubernetes.io/part-of": "castai-fleet", "app.kubernetes.io/managed-by": "castai-fleet" };

/** The ServiceAccount, its token-review binding, and one Stack per environment stack. */
export function operatorManifests(o: OperatorManifestOptions): Record<string, unknown>[] {
    const envRefs: Record<string, unknown> = {};
    const secretRef = (ref: SecretKeyRef) => ({ type: "Secret", secret: { name: ref.name, key: ref.key } });
    if (o.accessToken) envRefs.PULUMI_ACCESS_TOKEN = secretRef(o.accessToken);
    if (o.passphrase) envRefs.PULUMI_CONFIG_PASSPHRASE = secretRef(o.passphrase);
    for (const [name, ref] of Object.entries(o.secretEnv ?? {})) envRefs[name] = secretRef(ref);

    return [
        { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: WORKSPACE_SERVICE_ACCOUNT, namespace: o.namespace, labels: LABELS } },
        {
            // The operator's workspace agent authenticates the operator by TokenReview (the operator's documented setup).
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRoleBinding",
            metadata: { name: `${o.namespace}:${WORKSPACE_SERVICE_ACCOUNT}:system:auth-delegator`, labels: LABELS },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:auth-delegator" },
            subjects: [{ kind: "ServiceAccount", name: WORKSPACE_SERVICE_ACCOUNT, namespace: o.namespace }],
        },
        ...o.stacks.map((s) => ({
            apiVersion: "pulumi.com/v1",
            kind: "Stack",
            metadata: {
                name: `${o.project}-${s.name}`.toLowerCase().replace(/[^a-z0-9-]/g, "-"),
                namespace: o.namespace,
                labels: { ...LABELS, ...(s.environment ? { "castai-fleet/environment": s.environment } : {}) },
            },
            spec: {
                serviceAccountName: WORKSPACE_SERVICE_ACCOUNT,
                stack: `${o.organization}/${o.project}/${s.name}`,
                projectRepo: o.repo,
                branch: o.branch,
                ...(o.repoDir ? { repoDir: o.repoDir } : {}),
                ...(o.backend ? { backend: o.backend } : {}),
                // Resync re-runs `up` on the same commit: the refresh finds console edits, the update puts the code back.
                refresh: true,
                continueResyncOnCommitMatch: true,
                resyncFrequencySeconds: o.resyncSeconds,
                // Never create a stack the repository does not have, and never destroy one when the object goes.
                useLocalStackOnly: true,
                destroyOnFinalize: false,
                ...(Object.keys(envRefs).length > 0 ? { envRefs } : {}),
            },
        })),
    ];
}

/** The objects as one multi-document YAML file, ready for `kubectl apply -f`. */
export function manifestsYaml(objects: readonly Record<string, unknown>[]): string {
    return objects.map((o) => stringify(o)).join("---\n");
}

/** `name:key` (key defaulting to `fallbackKey`) as a Secret reference, or an error text. */
export function parseSecretRef(text: string, fallbackKey: string): SecretKeyRef | { error: string } {
    const [name, key = fallbackKey, ...more] = text.split(":");
    const dns = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
    if (more.length > 0 || !dns.test(name) || !/^[-._a-zA-Z0-9]+$/.test(key)) {
        return { error: `a Secret reference is <secret name>[:<key>], the name a DNS subdomain (got ${JSON.stringify(text)})` };
    }
    return { name, key };
}
