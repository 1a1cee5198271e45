import { strict as assert } from "node:assert";
import { CastAiApiError, redact } from "../../components/api/errors";
import { defaultRetryPolicy, isRetryableStatus, parseRetryAfter, retryDelayMs } from "../../components/api/retry";

describe("retry policy and error text", () => {
    it("retries rate limiting and server errors, never other client errors", () => {
        for (const s of [429, 500, 502, 503, 504, 408]) {
            assert.equal(isRetryableStatus(s), true, String(s));
        }
        for (const s of [400, 401, 403, 404, 409, 422, 501]) {
            assert.equal(isRetryableStatus(s), false, String(s));
        }
    });

    it("reads Retry-After as seconds or an HTTP date", () => {
        assert.equal(parseRetryAfter("3"), 3000);
        assert.equal(parseRetryAfter("0.5"), 500);
        const now = Date.parse("2026-11-21T10:00:00Z");
        assert.equal(parseRetryAfter("Sat, 21 Nov 2026 10:00:07 GMT", now), 7000);
        assert.equal(parseRetryAfter("soon"), undefined);
        assert.equal(parseRetryAfter(null), undefined);
    });

    it("honours Retry-After up to its cap, else backs off exponentially with jitter", () => {
        assert.equal(retryDelayMs(defaultRetryPolicy, 1, 2000), 2000);
        assert.equal(retryDelayMs(defaultRetryPolicy, 1, 600_000), defaultRetryPolicy.maxRetryAfterMs);
        assert.equal(retryDelayMs(defaultRetryPolicy, 3, undefined, () => 0), 500);
        assert.equal(retryDelayMs(defaultRetryPolicy, 3, undefined, () => 1), 1000);
        assert.equal(retryDelayMs(defaultRetryPolicy, 20, undefined, () => 1), defaultRetryPolicy.maxDelayMs);
    });

    it("builds one error text with method, path, status, message and fields, and redacts secrets", () => {
        const e = new CastAiApiError({ method: "PUT", path: "/v1/x", status: 400, apiMessage: "bad", fieldViolations: [{ field: "a.b", description: "must be set" }], attempts: 2 });
        assert.equal(e.message, "CAST AI API PUT /v1/x failed with HTTP 400: bad (fields: a.b: must be set) after 2 attempts");
        assert.equal(new CastAiApiError({ method: "GET", path: "/y", transport: "timeout", detail: "no answer within 5 ms" }).message, "CAST AI API GET /y timed out: no answer within 5 ms");
        assert.equal(redact("key castai-emu-abcdef123 in text", ["castai-emu-abcdef123"]), "key [redacted] in text");
        assert.equal(redact("short abc", ["abc"]), "short abc", "too-short values are not treated as secrets");
    });
});
