import * as pulumi from "@pulumi/pulumi";
import { CastAiClient } from "./api/client";

/** Where program-side lookups reach CAST AI; the providers read the same config and environment. */
export interface ProgramApiOptions {
    /** CAST AI API key; default: stack config `castai:apiToken`, then CASTAI_API_TOKEN. */
    readonly apiToken?: pulumi.Input<string>;
    /** CAST AI API URL; default: stack config `castai:apiUrl`, then CASTAI_API_URL, then the US API. */
    readonly apiUrl?: pulumi.Input<string>;
}

/**
 * Calls CAST AI from the program (for read-like lookups, not objects under management) once `arg` is known. The
 * result is not marked secret: only the key that fetched it is.
 */
export function callCastAi<A, T>(arg: pulumi.Input<A>, opts: ProgramApiOptions, call: (client: CastAiClient, arg: A) => Promise<T>): pulumi.Output<T> {
    const config = new pulumi.Config("castai");
    const token = opts.apiToken ?? config.getSecret("apiToken") ?? process.env.CASTAI_API_TOKEN ?? "";
    const url = opts.apiUrl ?? config.get("apiUrl") ?? process.env.CASTAI_API_URL;
    return pulumi.unsecret(
        pulumi.all([arg, token, url]).apply(([a, apiKey, apiUrl]) => call(new CastAiClient({ apiKey, apiUrl }), a as A)),
    );
}

/** CAST AI's service account that impersonates into your cloud (the subject of an AKS federated credential). */
export interface ImpersonationServiceAccount {
    readonly id: string;
    readonly email: string;
}

/** Looks up CAST AI's impersonation service account for a cloud (POST …/impersonation-service-account). */
export function getImpersonationServiceAccount(provider: pulumi.Input<"aks" | "gke">, opts: ProgramApiOptions = {}): pulumi.Output<ImpersonationServiceAccount> {
    return callCastAi(provider, opts, (client, p) =>
        client.postIdempotent<ImpersonationServiceAccount>("/v1/kubernetes/external-clusters/impersonation-service-account", { provider: p }),
    );
}
