import { engineInfo } from "./engineLog";
import { CastAiClient } from "../api/client";

/** Where and as whom the providers call CAST AI. Never stored in resource inputs or state. */
export interface Connection {
    apiKey?: string;
    apiUrl?: string;
    organizationId?: string;
}

/** The subset of the engine's ConfigureRequest.config the providers read. */
export interface ConfigSource {
    get(key: string): string | undefined;
}

/** Reads `castai:apiToken`, `castai:apiUrl` and `castai:organizationId` from the stack config. */
export function connectionFromConfig(config: ConfigSource): Connection {
    return {
        apiKey: config.get("castai:apiToken"),
        apiUrl: config.get("castai:apiUrl"),
        organizationId: config.get("castai:organizationId"),
    };
}

/** The API key from the stack config, else CASTAI_API_TOKEN; undefined when neither is set. */
export function apiKeyOf(connection: Connection | undefined): string | undefined {
    return connection?.apiKey ?? globalThis.process.env.CASTAI_API_TOKEN;
}

/** A client from the stack config, falling back to CASTAI_API_TOKEN / CASTAI_API_URL / CASTAI_ORGANIZATION_ID. */
export function clientFor(connection: Connection | undefined): CastAiClient {
    const env = globalThis.process.env;
    return new CastAiClient({
        apiKey: apiKeyOf(connection) ?? "",
        apiUrl: connection?.apiUrl ?? env.CASTAI_API_URL,
        organizationId: connection?.organizationId ?? env.CASTAI_ORGANIZATION_ID,
        log: env.CASTAI_FLEET_DEBUG ? (line) => globalThis.console.error(`[castai] ${line}`) : undefined,
        // A rate-limited or failing call can wait minutes: say so in the update's output, not only "creating (186s)".
        onRetryWait: engineInfo,
    });
}
