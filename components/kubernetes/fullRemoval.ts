import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { pruneUndefined } from "../resources/compare";
import { providerCode } from "../resources/dynamicResource";
import { CASTAI_NAMESPACE } from "./versions";

/**
 * What `helm uninstall` leaves by design, and full removal deletes: the castware CRDs (Helm never deletes what a
 * chart's crds/ folder installed; deleting them deletes every Cluster and Component CR, including the Cluster CR the
 * operator chart's post-install hook created) and the namespace the first release created.
 */
export const LEFT_BY_HELM: readonly string[] = [
    "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/clusters.castware.cast.ai",
    "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/components.castware.cast.ai",
    `/api/v1/namespaces/${CASTAI_NAMESPACE}`,
];

/** How to reach one API server as a kubeconfig's current context says; all data inline (no file paths). */
export interface KubeConnection {
    readonly server: string;
    readonly token?: string;
    readonly caData?: string;
    readonly certData?: string;
    readonly keyData?: string;
    readonly insecure?: boolean;
    /** A client-go exec credential plugin (aws eks get-token, gke-gcloud-auth-plugin, kubelogin). */
    readonly exec?: { readonly command: string; readonly args: readonly string[]; readonly env: Readonly<Record<string, string>> };
}

interface KubeconfigFile {
    "current-context"?: string;
    contexts?: { name: string; context: { cluster: string; user: string } }[];
    clusters?: { name: string; cluster: Record<string, unknown> }[];
    users?: { name: string; user: Record<string, any> }[];
}

/** Inline data of a kubeconfig field: `<field>-data` (base64) as is, or the file `<field>` names, base64-encoded. */
function inline(entry: Record<string, unknown>, field: string): string | undefined {
    const data = entry[`${field}-data`];
    if (typeof data === "string") {
        return data;
    }
    const file = entry[field];
    return typeof file === "string" ? fs.readFileSync(file).toString("base64") : undefined;
}

/** The current context's connection of a kubeconfig (YAML or JSON); fails naming what is missing. */
export function kubeConnection(kubeconfig: string): KubeConnection {
    // Loaded here, not at module top: only programs that ask for full removal parse a kubeconfig.
    const { parse } = require("yaml") as typeof import("yaml");
    const config = parse(kubeconfig) as KubeconfigFile;
    const contextName = config["current-context"] ?? config.contexts?.[0]?.name;
    const context = config.contexts?.find((c) => c.name === contextName)?.context;
    const cluster = config.clusters?.find((c) => c.name === context?.cluster)?.cluster;
    const user = config.users?.find((u) => u.name === context?.user)?.user ?? {};
    if (!context || !cluster || typeof cluster.server !== "string") {
        throw new Error(`kubeconfig: context "${contextName}" names no cluster with a server`);
    }
    return pruneUndefined({
        server: cluster.server,
        caData: inline(cluster, "certificate-authority"),
        insecure: cluster["insecure-skip-tls-verify"] === true ? true : undefined,
        token: typeof user.token === "string" ? user.token : undefined,
        certData: inline(user, "client-certificate"),
        keyData: inline(user, "client-key"),
        exec: user.exec
            ? {
                  command: String(user.exec.command),
                  args: ((user.exec.args ?? []) as unknown[]).map(String),
                  env: Object.fromEntries(((user.exec.env ?? []) as { name: string; value: string }[]).map((e) => [e.name, e.value])),
              }
            : undefined,
    });
}

interface RemovalInputs {
    readonly connection: KubeConnection;
    readonly objects: readonly string[];
}

// Runs in Pulumi's dynamic-provider host (bundled at build time); the connection arrives as a secret input.
export const provider: pulumi.dynamic.ResourceProvider<RemovalInputs, RemovalInputs> = {
    async create(inputs) {
        return { id: "castware-full-removal", outs: inputs };
    },
    async update(_id, _olds, news) {
        return { outs: news };
    },
    async delete(_id, props) {
        const https = require("node:https") as typeof import("node:https");
        const childProcess = require("node:child_process") as typeof import("node:child_process");
        const conn = props.connection;
        let token = conn.token;
        if (conn.exec) {
            const out = childProcess.execFileSync(conn.exec.command, [...conn.exec.args], { env: { ...process.env, ...conn.exec.env }, timeout: 60_000 });
            token = (JSON.parse(out.toString()) as { status?: { token?: string } }).status?.token;
        }
        const b64 = (s?: string) => (s === undefined ? undefined : Buffer.from(s, "base64"));
        const call = (method: string, path: string) =>
            new Promise<number>((resolve, reject) => {
                const req = https.request(new URL(path, conn.server), {
                    method,
                    timeout: 30_000,
                    ca: b64(conn.caData),
                    cert: b64(conn.certData),
                    key: b64(conn.keyData),
                    rejectUnauthorized: conn.insecure !== true,
                    headers: { Accept: "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
                });
                req.on("response", (res) => {
                    res.resume();
                    res.on("end", () => resolve(res.statusCode ?? 0));
                });
                req.on("timeout", () => req.destroy(new Error(`${method} ${path} timed out`)));
                req.on("error", reject);
                req.end();
            });
        for (const path of props.objects) {
            const status = await call("DELETE", `${path}?propagationPolicy=Background`);
            if (status >= 300 && status !== 404) {
                throw new Error(`full removal: DELETE ${path} answered ${status}`);
            }
        }
        // A namespace or CRD goes only once its contents are gone: wait for that, bounded.
        const deadline = Date.now() + 300_000;
        for (const path of props.objects) {
            while ((await call("GET", path)) !== 404) {
                if (Date.now() > deadline) {
                    throw new Error(`full removal: ${path} still exists after 300 s`);
                }
                await new Promise((resolve) => setTimeout(resolve, 1000));
            }
        }
    },
};

/**
 * Deletes, on destroy, what Helm leaves by design (`LEFT_BY_HELM`) from one cluster. Create it before the releases and
 * make them depend on it, so that destroy uninstalls the releases first.
 */
export class CastwareFullRemoval extends pulumi.CustomResource {
    constructor(name: string, args: { kubeconfig: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
        // The type every untyped dynamic resource has: kept, since a new type would replace (and so run) the removal.
        super(
            "pulumi-nodejs:dynamic:Resource",
            name,
            { connection: pulumi.secret(pulumi.output(args.kubeconfig).apply(kubeConnection)), objects: LEFT_BY_HELM, __provider: providerCode("FullRemoval") },
            { ...opts, additionalSecretOutputs: ["connection"] },
        );
    }
}
