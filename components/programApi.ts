import * as pulumi from "@pulumi/pulumi";
import { CastAiClient, US_API_URL } from "./api/client";

/** Where program-side lookups reach CAST AI; the providers read the same config and environment. */
export interface ProgramApiOptions {
    /** CAST AI API key; default: stack config `castai:apiToken`, then CASTAI_API_TOKEN. */
    readonly apiToken?: pulumi.Input<string>;
    /** CAST AI API URL; default: stack config `castai:apiUrl`, then CASTAI_API_URL, then the US API. */
    readonly apiUrl?: pulumi.Input<string>;
}

/** The API URL for program-side code: the explicit one, then stack config `castai:apiUrl`, CASTAI_API_URL, the US API. */
export function programApiUrl(explicit?: string): string {
    return explicit ?? new pulumi.Config("castai").get("apiUrl") ?? process.env.CASTAI_API_URL ?? US_API_URL;
}

/** The API key for program-side code (secret): the explicit one, then `castai:apiToken`, then CASTAI_API_TOKEN. */
export function programApiToken(explicit?: pulumi.Input<string>): pulumi.Input<string> | undefined {
    const fromEnv = process.env.CASTAI_API_TOKEN;
    return explicit ?? new pulumi.Config("castai").getSecret("apiToken") ?? (fromEnv ? pulumi.secret(fromEnv) : undefined);
}

/**
 * Calls CAST AI from the program (for read-like lookups, not objects under management) once `arg` is known. The
 * result is not marked secret: only the key that fetched it is.
 */
export function callCastAi<A, T>(arg: pulumi.Input<A>, opts: ProgramApiOptions, call: (client: CastAiClient, arg: A) => Promise<T>): pulumi.Output<T> {
    const token = programApiToken(opts.apiToken) ?? "";
    const url = opts.apiUrl ?? programApiUrl();
    return pulumi.unsecret(
        pulumi.all([arg, token, url]).apply(([a, apiKey, apiUrl]) => call(new CastAiClient({ apiKey, apiUrl, onRetryWait: (line) => pulumi.log.info(line) }), a as A)),
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
