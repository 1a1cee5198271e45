/** One field the API rejected, as the API reports it. */
export interface FieldViolation {
    field: string;
    description: string;
}

/** Why a request failed when no HTTP status came back. */
export type TransportFailure = "timeout" | "network";

/** What a failed call is described by. */
export interface ApiErrorInit {
    method: string;
    path: string;
    status?: number;
    apiMessage?: string;
    fieldViolations?: FieldViolation[];
    transport?: TransportFailure;
    /** What went wrong when the API sent no message (e.g. the network error). */
    detail?: string;
    attempts?: number;
    /** How long the server asked to wait before trying again (Retry-After), in ms. */
    retryAfterMs?: number;
}

/**
 * The one error the CAST AI client throws. Its text names the method, path, status and the API's own message and
 * field violations; it never contains the API key or a cluster token (the client redacts them before building it).
 */
export class CastAiApiError extends Error {
    readonly method: string;
    readonly path: string;
    /** HTTP status, or undefined when the request never got an answer (see `transport`). */
    readonly status: number | undefined;
    /** The API's `message`, if it sent one. */
    readonly apiMessage: string | undefined;
    readonly fieldViolations: FieldViolation[];
    readonly transport: TransportFailure | undefined;
    /** How many attempts were made before giving up. */
    readonly attempts: number;
    /** The server's Retry-After in ms, when it sent one. */
    readonly retryAfterMs: number | undefined;

    constructor(init: ApiErrorInit) {
        const message = errorText(init);
        super(message);
        // Closure serialization turns `super(message)` into `Error.call(this, message)`, which sets no message
        // on `this`; inside the dynamic-provider host the error would reach the user blank without this line.
        this.message = message;
        this.name = "CastAiApiError";
        this.method = init.method;
        this.path = init.path;
        this.status = init.status;
        this.apiMessage = init.apiMessage;
        this.fieldViolations = init.fieldViolations ?? [];
        this.transport = init.transport;
        this.attempts = init.attempts ?? 1;
        this.retryAfterMs = init.retryAfterMs;
    }

    /** True for a 404: the object is gone. */
    get isNotFound(): boolean {
        return this.status === 404;
    }
}

function errorText(init: ApiErrorInit): string {
    const what = `CAST AI API ${init.method} ${init.path}`;
    const outcome =
        init.status !== undefined
            ? `failed with HTTP ${init.status}`
            : init.transport === "timeout"
              ? "timed out"
              : "failed: no response (connection error)";
    const parts = [`${what} ${outcome}`];
    if (init.apiMessage) {
        parts.push(`: ${init.apiMessage}`);
    } else if (init.detail) {
        parts.push(`: ${init.detail}`);
    }
    const violations = init.fieldViolations ?? [];
    if (violations.length > 0) {
        parts.push(` (fields: ${violations.map((v) => `${v.field}: ${v.description}`).join("; ")})`);
    }
    if ((init.attempts ?? 1) > 1) {
        parts.push(` after ${init.attempts} attempts`);
    }
    return parts.join("");
}

/** Replaces every occurrence of the given secrets in `text`. Secrets shorter than 8 characters are ignored. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
    let out = text;
    for (const secret of secrets) {
        if (secret && secret.length >= 8) {
            out = out.split(secret).join("[redacted]");
        }
    }
    return out;
}
