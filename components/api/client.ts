import { Semaphore, processSemaphore } from "./concurrency";
import { CastAiApiError, FieldViolation, TransportFailure, redact } from "./errors";
import { RetryBudget, RetryPolicy, defaultRetryPolicy, isRetryableStatus, parseRetryAfter } from "./retry";

/** Items asked for per page of a list, and the most pages followed (a list of 50,000 objects). */
const PAGE_LIMIT = 500;
const MAX_PAGES = 100;

// This module also runs inside Pulumi's dynamic-provider host, bundled into each provider's code at build time.

/** CAST AI's US API, the default. */
export const US_API_URL = "https://api.cast.ai";
/** CAST AI's EU API; keys issued by the EU console only work there. */
export const EU_API_URL = "https://api.eu.cast.ai";

export interface CastAiClientOptions {
    /** The CAST AI API key, sent as X-API-Key. */
    readonly apiKey: string;
    /** Base URL without a trailing path; default https://api.cast.ai. */
    readonly apiUrl?: string;
    /** Timeout of one attempt in ms; default 30000. */
    readonly timeoutMs?: number;
    /** Retry tuning; defaults in `defaultRetryPolicy`. */
    readonly retry?: Partial<RetryPolicy>;
    /** Requests in flight at once in this process, shared by all clients; default 8. */
    readonly maxInFlight?: number;
    /** Organization to act on; default: the first organization the key can see. */
    readonly organizationId?: string;
    /** Receives one redacted line per attempt (method, path, status, duration); default: no logging. */
    readonly log?: (line: string) => void;
    /**
     * Receives one line per wait before a retry (what failed, how long it waits, how much of the budget is used), for
     * showing where the user looks while an update seems to hang; default: only `log` gets it.
     */
    readonly onRetryWait?: (line: string) => void;
    /** Waits between retries; tests may shorten it. Default: setTimeout. */
    readonly sleep?: (ms: number) => Promise<void>;
}

export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface RequestOptions {
    readonly query?: Readonly<Record<string, QueryValue>>;
    readonly body?: unknown;
    /**
     * Whether a failed attempt may be repeated. Default: yes for GET, PUT, PATCH, DELETE; no for POST, whose
     * callers either declare it idempotent here or use `create`, which looks before it retries.
     */
    readonly idempotent?: boolean;
}

interface Attempt {
    status?: number;
    body?: unknown;
    retryAfterMs?: number;
    transport?: TransportFailure;
    detail?: string;
}

/** A small typed-by-caller REST client for CAST AI with retries, a timeout, a concurrency bound and redaction. */
export class CastAiClient {
    readonly apiUrl: string;
    private readonly apiKey: string;
    private readonly timeoutMs: number;
    private readonly policy: RetryPolicy;
    private readonly semaphore: Semaphore;
    private readonly log: ((line: string) => void) | undefined;
    private readonly onRetryWait: ((line: string) => void) | undefined;
    private readonly sleep: (ms: number) => Promise<void>;
    private readonly secrets: string[];
    private organization: string | undefined;

    constructor(options: CastAiClientOptions) {
        if (!options.apiKey) {
            throw new Error(MISSING_API_KEY);
        }
        this.apiKey = options.apiKey;
        this.apiUrl = normalizeApiUrl(options.apiUrl ?? US_API_URL);
        this.timeoutMs = options.timeoutMs ?? 30_000;
        this.policy = { ...defaultRetryPolicy, ...options.retry };
        this.semaphore = processSemaphore(options.maxInFlight ?? 8);
        this.log = options.log;
        this.onRetryWait = options.onRetryWait;
        this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => globalThis.setTimeout(resolve, ms)));
        this.secrets = [options.apiKey];
        this.organization = options.organizationId;
    }

    /** Adds a value (e.g. a cluster token) that must never appear in errors or logs. */
    addSecret(value: string | undefined): void {
        if (value) {
            this.secrets.push(value);
        }
    }

    get<T>(path: string, query?: RequestOptions["query"]): Promise<T> {
        return this.request<T>("GET", path, { query });
    }

    /**
     * Every item of a paged list: `page.limit` items at a time, following the next cursor (`nextPageCursor`, or
     * `nextPage.cursor`, as each list names it) to the end, bounded.
     */
    async listAll<T>(path: string, itemsKey: string, query: Record<string, string> = {}): Promise<T[]> {
        const items: T[] = [];
        let cursor = "";
        for (let page = 0; page < MAX_PAGES; page++) {
            const body = await this.get<Record<string, unknown>>(path, { ...query, "page.limit": String(PAGE_LIMIT), ...(cursor ? { "page.cursor": cursor } : {}) });
            items.push(...((body[itemsKey] as T[] | undefined) ?? []));
            cursor = (body.nextPageCursor as string | undefined) || ((body.nextPage as { cursor?: string } | undefined)?.cursor ?? "");
            if (!cursor) {
                return items;
            }
        }
        throw new Error(`CAST AI API GET ${path}: the list did not end after ${MAX_PAGES} pages of ${PAGE_LIMIT}`);
    }

    put<T>(path: string, body: unknown): Promise<T> {
        return this.request<T>("PUT", path, { body });
    }

    patch<T>(path: string, body: unknown): Promise<T> {
        return this.request<T>("PATCH", path, { body });
    }

    delete<T>(path: string, query?: RequestOptions["query"]): Promise<T> {
        return this.request<T>("DELETE", path, { query });
    }

    /** A POST that is safe to repeat (an upsert or a state change that converges). */
    postIdempotent<T>(path: string, body?: unknown): Promise<T> {
        return this.request<T>("POST", path, { body, idempotent: true });
    }

    /** A POST with side effects that is never repeated blindly. */
    post<T>(path: string, body?: unknown): Promise<T> {
        return this.request<T>("POST", path, { body, idempotent: false });
    }

    /**
     * Creates an object with a POST that the API does not make idempotent. When an attempt fails in a way that
     * may have created the object anyway (no answer, 5xx, 429), `find` looks for it before the POST is repeated,
     * so a retry never makes a duplicate.
     */
    async create<T>(path: string, body: unknown, find: () => Promise<T | undefined>): Promise<T> {
        const budget = new RetryBudget(this.policy);
        for (let attempt = 1; ; attempt++) {
            try {
                return await this.request<T>("POST", path, { body, idempotent: false });
            } catch (err) {
                // A throttled create waits as long as the server asks, like any request, and gives up the same way.
                const delay = err instanceof CastAiApiError && isTransient(err) ? budget.next(attempt, err.status, err.retryAfterMs) : undefined;
                if (delay === undefined) {
                    throw err;
                }
                await this.waitToRetry("POST", path, (err as CastAiApiError).status, delay, budget);
                const existing = await find();
                if (existing !== undefined) {
                    return existing;
                }
            }
        }
    }

    /** The organization id: the configured one, else the first organization the key belongs to. */
    async organizationId(): Promise<string> {
        if (!this.organization) {
            const orgs = await this.get<{ organizations?: { id: string }[] }>("/v1/organizations");
            const first = orgs.organizations?.[0]?.id;
            if (!first) {
                throw new Error("the CAST AI API key belongs to no organization (GET /v1/organizations is empty)");
            }
            this.organization = first;
        }
        return this.organization;
    }

    async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
        const idempotent = options.idempotent ?? method !== "POST";
        const budget = new RetryBudget(this.policy);
        for (let attempt = 1; ; attempt++) {
            const result = await this.attempt(method, path, options);
            if (result.status !== undefined && result.status >= 200 && result.status < 300) {
                this.rememberTokens(result.body);
                return result.body as T;
            }
            const transient = result.status === undefined || isRetryableStatus(result.status);
            const delay = idempotent && transient ? budget.next(attempt, result.status, result.retryAfterMs) : undefined;
            if (delay === undefined) {
                throw this.error(method, path, result, attempt);
            }
            await this.waitToRetry(method, path, result.status, delay, budget);
        }
    }

    /** Says what is awaited (to `log` and `onRetryWait`), then waits. */
    private async waitToRetry(method: string, path: string, status: number | undefined, delay: number, budget: RetryBudget): Promise<void> {
        const what = status === 429 ? "rate limited, retrying" : "retrying";
        const line = `CAST AI ${method} ${path}: ${what} in ${delay} ms (${budget.used(status)})`;
        this.log?.(line);
        this.onRetryWait?.(line);
        await this.sleep(delay);
    }

    private async attempt(method: string, path: string, options: RequestOptions): Promise<Attempt> {
        const release = await this.semaphore.acquire();
        const started = Date.now();
        try {
            const headers: Record<string, string> = {
                "X-API-Key": this.apiKey,
                Accept: "application/json",
                "User-Agent": "castai-fleet-pulumi",
            };
            let body: string | undefined;
            if (options.body !== undefined) {
                headers["Content-Type"] = "application/json";
                body = JSON.stringify(options.body);
            }
            const response = await globalThis.fetch(this.apiUrl + path + queryString(options.query), {
                method,
                headers,
                body,
                signal: globalThis.AbortSignal.timeout(this.timeoutMs),
            });
            const text = await response.text();
            this.log?.(`${method} ${path} -> ${response.status} (${Date.now() - started} ms)`);
            return {
                status: response.status,
                body: parseBody(text),
                retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
            };
        } catch (err) {
            const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
            const detail = timedOut ? `no answer within ${this.timeoutMs} ms` : networkDetail(err);
            this.log?.(`${method} ${path} -> ${timedOut ? "timeout" : "network error"} (${Date.now() - started} ms)`);
            return { transport: timedOut ? "timeout" : "network", detail };
        } finally {
            release();
        }
    }

    private error(method: string, path: string, result: Attempt, attempts: number): CastAiApiError {
        const { message, fieldViolations } = apiErrorBody(result.body);
        const clean = (s: string | undefined) => (s === undefined ? undefined : redact(s, this.secrets));
        return new CastAiApiError({
            method,
            path,
            status: result.status,
            apiMessage: clean(message),
            fieldViolations: fieldViolations.map((v) => ({ field: v.field, description: clean(v.description) ?? "" })),
            transport: result.transport,
            detail: clean(result.detail),
            attempts,
            retryAfterMs: result.retryAfterMs,
        });
    }

    private rememberTokens(body: unknown): void {
        if (body && typeof body === "object" && typeof (body as { token?: unknown }).token === "string") {
            this.addSecret((body as { token: string }).token);
        }
    }
}

/** What to do when no API key is set, wherever that is found (a resource's check at preview, the client). */
export const MISSING_API_KEY =
    "CAST AI API key is missing: set it with `pulumi config set --secret castai:apiToken <key>` or the CASTAI_API_TOKEN environment variable";

/** True when a failed call may still have had its effect on the server, or may succeed if repeated. */
export function isTransient(err: CastAiApiError): boolean {
    return err.status === undefined || isRetryableStatus(err.status);
}

/** Plain http only to this machine (the bundled emulator): anywhere else the API key would travel in clear text. */
export function isLoopbackHttp(url: URL): boolean {
    return url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

/**
 * Why `url` cannot be the API base URL, or undefined when it can: an absolute https URL (a proxy path is fine), or
 * plain http on this machine. The one rule every resource, the client and CastAiCluster apply.
 */
export function apiBaseUrlProblem(url: string): string | undefined {
    if (!/^https?:\/\/[^/\s]+(\/\S*)?$/.test(url.trim())) {
        return `must be an absolute https URL such as ${US_API_URL} (US) or ${EU_API_URL} (EU), got "${url}"`;
    }
    // Through globalThis: this also runs inside serialized provider code.
    const parsed = new globalThis.URL(url.trim());
    if (parsed.protocol === "http:" && !isLoopbackHttp(parsed)) {
        return `must use https (the API key is sent to it; plain http is only for an emulator on 127.0.0.1 or localhost), got "${url}"`;
    }
    return undefined;
}

/** The base URL without a trailing slash; throws when `apiBaseUrlProblem` rejects it. */
export function normalizeApiUrl(url: string): string {
    const problem = apiBaseUrlProblem(url);
    if (problem) {
        throw new Error(`CAST AI apiUrl ${problem}`);
    }
    return url.trim().replace(/\/+$/, "");
}

function queryString(query: RequestOptions["query"]): string {
    if (!query) {
        return "";
    }
    const params = new globalThis.URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
        if (value === undefined) {
            continue;
        }
        for (const item of Array.isArray(value) ? value : [value]) {
            params.append(key, String(item));
        }
    }
    const s = params.toString();
    return s ? `?${s}` : "";
}

function parseBody(text: string): unknown {
    if (text === "") {
        return undefined;
    }
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

/** Reads both error shapes: v1 `{message, fieldViolations}` and google.rpc.Status `{code, message, details}`. */
function apiErrorBody(body: unknown): { message: string | undefined; fieldViolations: FieldViolation[] } {
    if (typeof body === "string") {
        return { message: body.slice(0, 500), fieldViolations: [] };
    }
    if (!body || typeof body !== "object") {
        return { message: undefined, fieldViolations: [] };
    }
    const b = body as {
        message?: unknown;
        fieldViolations?: unknown;
        details?: { fieldViolations?: unknown }[];
    };
    const raw = Array.isArray(b.fieldViolations)
        ? b.fieldViolations
        : (b.details ?? []).flatMap((d) => (Array.isArray(d?.fieldViolations) ? d.fieldViolations : []));
    const fieldViolations = raw
        .filter((v): v is { field?: unknown; description?: unknown } => !!v && typeof v === "object")
        .map((v) => ({ field: String(v.field ?? ""), description: String(v.description ?? "") }));
    return { message: typeof b.message === "string" ? b.message : undefined, fieldViolations };
}

function networkDetail(err: unknown): string {
    const cause = err instanceof Error ? (err as Error & { cause?: { code?: string; message?: string } }).cause : undefined;
    return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}
