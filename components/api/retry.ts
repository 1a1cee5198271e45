/** How the client retries: exponential backoff with full jitter, honouring Retry-After. */
export interface RetryPolicy {
    /** Attempts in total, the first included, for failures other than rate limiting (5xx, 408, network errors). */
    readonly maxAttempts: number;
    /**
     * How long one call may wait in total, in ms, while the API rate-limits it (429). A burst of throttling is
     * waited out however many answers it takes, as long as the waits fit in this budget; then the call fails.
     */
    readonly throttleBudgetMs: number;
    /** Base delay in ms for the first retry. */
    readonly baseDelayMs: number;
    /** Upper bound in ms for one computed backoff delay. */
    readonly maxDelayMs: number;
    /** Upper bound in ms for a server-sent Retry-After; longer waits fail instead of hanging a deployment. */
    readonly maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
    maxAttempts: 6,
    throttleBudgetMs: 120_000,
    baseDelayMs: 250,
    maxDelayMs: 8_000,
    maxRetryAfterMs: 60_000,
};

/**
 * What one call has used of its policy: failed attempts other than rate limiting, and time waited on 429s. Each
 * transient failure asks `next` for the wait before the following attempt, or undefined when the call must give up.
 */
export class RetryBudget {
    private failures = 0;
    private throttledMs = 0;

    constructor(private readonly policy: RetryPolicy) {}

    /** The wait after failed attempt number `attempt`, answered with `status` (undefined: no answer) and Retry-After. */
    next(attempt: number, status: number | undefined, retryAfterMs: number | undefined): number | undefined {
        // A server asking for a longer wait than we allow fails the call instead of hanging a deployment.
        if (retryAfterMs !== undefined && retryAfterMs > this.policy.maxRetryAfterMs) {
            return undefined;
        }
        const delay = retryDelayMs(this.policy, attempt, retryAfterMs);
        if (status === 429) {
            if (this.throttledMs + delay > this.policy.throttleBudgetMs) {
                return undefined;
            }
            this.throttledMs += delay;
        } else if (++this.failures >= this.policy.maxAttempts) {
            return undefined;
        }
        return delay;
    }

    /** How much of the budget is used, for the log line of a retry answered with `status`. */
    used(status: number | undefined): string {
        return status === 429
            ? `${this.throttledMs} of ${this.policy.throttleBudgetMs} ms of waiting allowed`
            : `attempt ${this.failures + 1}/${this.policy.maxAttempts}`;
    }
}

/** Statuses worth another attempt: rate limiting and server-side failures. Other 4xx are the caller's fault. */
export function isRetryableStatus(status: number): boolean {
    return status === 429 || status === 408 || (status >= 500 && status <= 599 && status !== 501);
}

/** Parses Retry-After (delta-seconds or an HTTP date) into ms, or undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | undefined {
    if (!header) {
        return undefined;
    }
    const trimmed = header.trim();
    if (/^\d+(\.\d+)?$/.test(trimmed)) {
        return Math.round(parseFloat(trimmed) * 1000);
    }
    const date = Date.parse(trimmed);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The delay before retry number `retry` (1 for the first retry). A Retry-After from the server wins over the computed
 * backoff (capped by maxRetryAfterMs); otherwise full jitter spreads retries of many clients apart.
 */
export function retryDelayMs(
    policy: RetryPolicy,
    retry: number,
    retryAfterMs: number | undefined,
    random: () => number = Math.random,
): number {
    if (retryAfterMs !== undefined) {
        return Math.min(retryAfterMs, policy.maxRetryAfterMs);
    }
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
