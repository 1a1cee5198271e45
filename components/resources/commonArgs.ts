import type * as pulumi from "@pulumi/pulumi";

/** Args every CAST AI resource takes besides its own; neither is sent to CAST AI nor causes an API call. */
export interface CommonArgs {
    /** Environment (dev, staging, prod, ...) the object belongs to, read by the policy pack; default unset. */
    readonly environment?: pulumi.Input<string>;
    /** CAST AI API URL, e.g. https://api.eu.cast.ai; default: stack config `castai:apiUrl`, CASTAI_API_URL, the US API. */
    readonly apiUrl?: pulumi.Input<string>;
}
