import { strict as assert } from "node:assert";
import { CastAiApiError, CastAiClient } from "../../components";
import { Emulator, startEmulator } from "../../components/testing";

describe("API client against the emulator", function () {
    this.timeout(60_000);
    let emu: Emulator;
    let sleeps: number[];
    let logs: string[];
    let client: CastAiClient;

    beforeEach(async () => {
        emu = await startEmulator({ strict: true });
        sleeps = [];
        logs = [];
        client = new CastAiClient({
            apiKey: emu.apiKey,
            apiUrl: emu.url,
            sleep: async (ms) => {
                sleeps.push(ms);
            },
            log: (line) => logs.push(line),
        });
    });
    afterEach(async () => {
        await emu.stop();
    });

    const orgs = "/v1/organizations";

    it("retries a 429 after exactly the Retry-After the server sent", async () => {
        emu.addFault({ path: orgs, kind: "status", status: 429, retryAfterSeconds: 3, times: 2 });
        const res = await client.get<{ organizations: unknown[] }>(orgs);
        assert.equal(res.organizations.length, 1);
        assert.deepEqual(sleeps, [3000, 3000]);
        assert.deepEqual(emu.requests.filter((r) => r.path === orgs).map((r) => r.status), [429, 429, 200]);
    });

    it("waits out a 429 burst longer than maxAttempts while its Retry-After waits fit the throttling budget, saying so", async () => {
        emu.addFault({ path: orgs, kind: "status", status: 429, retryAfterSeconds: 1, times: 10 });
        const res = await client.get<{ organizations: unknown[] }>(orgs);
        assert.equal(res.organizations.length, 1);
        assert.deepEqual(sleeps, Array(10).fill(1000));
        assert.equal(emu.requests.filter((r) => r.path === orgs).length, 11);
        assert.ok(logs.some((l) => l.includes("GET /v1/organizations: rate limited, retrying in 1000 ms (10000 of 120000 ms of waiting allowed)")), logs.join("\n"));
    });

    it("gives up on throttling once the next wait would pass the budget", async () => {
        const strict = new CastAiClient({ apiKey: emu.apiKey, apiUrl: emu.url, retry: { throttleBudgetMs: 5000 }, sleep: async (ms) => void sleeps.push(ms) });
        emu.addFault({ path: orgs, kind: "status", status: 429, retryAfterSeconds: 2 });
        await assert.rejects(strict.get(orgs), (err: unknown) => {
            assert.ok(err instanceof CastAiApiError);
            assert.equal(err.status, 429);
            assert.equal(err.attempts, 3);
            return true;
        });
        assert.deepEqual(sleeps, [2000, 2000], "a third wait would make 6000 ms, past the 5000 ms budget");
    });

    it("retries 5xx with growing, jittered backoff and gives up after maxAttempts naming the attempts", async () => {
        emu.addFault({ path: orgs, kind: "status", status: 503 });
        await assert.rejects(client.get(orgs), (err: unknown) => {
            assert.ok(err instanceof CastAiApiError);
            assert.equal(err.status, 503);
            assert.equal(err.attempts, 6);
            assert.match(err.message, /^CAST AI API GET \/v1\/organizations failed with HTTP 503/);
            assert.match(err.message, /after 6 attempts/);
            return true;
        });
        assert.equal(sleeps.length, 5);
        // Full-jitter ceilings are 250, 500, 1000, 2000, 4000 ms; each delay lies in [ceiling/2, ceiling].
        [250, 500, 1000, 2000, 4000].forEach((ceiling, i) => assert.ok(sleeps[i] >= ceiling / 2 && sleeps[i] <= ceiling, `delay ${i}: ${sleeps[i]}`));
    });

    it("retries a dropped connection on an idempotent request", async () => {
        emu.addFault({ path: orgs, kind: "drop", times: 1 });
        const res = await client.get<{ organizations: unknown[] }>(orgs);
        assert.equal(res.organizations.length, 1);
        assert.equal(sleeps.length, 1);
        assert.ok(logs.some((l) => l.includes("network error")), logs.join("\n"));
    });

    it("times out a slow answer and retries it", async () => {
        const quick = new CastAiClient({ apiKey: emu.apiKey, apiUrl: emu.url, timeoutMs: 200, sleep: async () => undefined });
        emu.addFault({ path: orgs, kind: "latency", latencyMs: 1000, times: 1 });
        const res = await quick.get<{ organizations: unknown[] }>(orgs);
        assert.equal(res.organizations.length, 1);
    });

    for (const status of [400, 401, 403]) {
        it(`does not retry HTTP ${status} and reports method, path, status and the API's message`, async () => {
            emu.addFault({ path: orgs, kind: "status", status });
            await assert.rejects(client.get(orgs), (err: unknown) => {
                assert.ok(err instanceof CastAiApiError);
                assert.equal(err.status, status);
                assert.equal(err.attempts, 1);
                assert.match(err.message, new RegExp(`GET /v1/organizations failed with HTTP ${status}`));
                return true;
            });
            assert.deepEqual(sleeps, []);
        });
    }

    it("an unauthorised key fails at once, and the key appears in no error, stack or log line", async () => {
        const wrong = `castai-emu-${"f".repeat(40)}`;
        const bad = new CastAiClient({ apiKey: wrong, apiUrl: emu.url, log: (l) => logs.push(l), sleep: async () => undefined });
        const err = await bad.get(orgs).catch((e: unknown) => e as CastAiApiError);
        assert.ok(err instanceof CastAiApiError);
        assert.equal(err.status, 401);
        for (const text of [err.message, String(err.stack), JSON.stringify(err), logs.join("\n")]) {
            assert.ok(!text.includes(wrong), "wrong key leaked");
            assert.ok(!text.includes(emu.apiKey), "real key leaked");
        }
    });

    it("carries the API's field violations in the error", async () => {
        const err = await client
            .post(`/v1/kubernetes/external-clusters`, { name: 42 })
            .catch((e: unknown) => e as CastAiApiError);
        assert.ok(err instanceof CastAiApiError);
        assert.equal(err.status, 400);
        assert.ok(err.fieldViolations.some((v) => v.field === "name"), JSON.stringify(err.fieldViolations));
        assert.match(err.message, /fields: name/);
    });

    it("never repeats a plain POST after a 5xx (it might have taken effect)", async () => {
        emu.addFault({ method: "POST", path: "/v1/kubernetes/external-clusters", kind: "status", status: 500, times: 1 });
        await assert.rejects(client.post("/v1/kubernetes/external-clusters", { name: "x", eks: { accountId: "123456789012", region: "eu-west-1", clusterName: "x" } }));
        assert.equal(emu.requests.filter((r) => r.method === "POST").length, 1);
    });

    it("create() looks before repeating a POST whose response was lost, so nothing is created twice", async () => {
        const body = { name: "lost", eks: { accountId: "123456789012", region: "eu-west-1", clusterName: "lost" } };
        emu.addFault({ method: "POST", path: "/v1/kubernetes/external-clusters", kind: "drop", afterHandling: true, times: 1 });
        const find = async () => (await client.get<{ items: { id: string; name: string }[] }>("/v1/kubernetes/external-clusters")).items.find((c) => c.name === "lost");
        const created = await client.create<{ id: string }>("/v1/kubernetes/external-clusters", body, find);
        assert.equal(Object.values(emu.state.clusters).filter((c) => c.name === "lost").length, 1);
        assert.equal(created.id, Object.values(emu.state.clusters).find((c) => c.name === "lost")!.id);
        assert.equal(emu.requests.filter((r) => r.method === "POST").length, 1, "the POST was not repeated");
    });

    it("keeps at most maxInFlight requests in flight in the process", async () => {
        emu.addFault({ path: orgs, kind: "latency", latencyMs: 150 });
        const started = Date.now();
        await Promise.all(Array.from({ length: 16 }, () => client.get(orgs)));
        const log = emu.requests.filter((r) => r.path === orgs).map((r) => r.at - started);
        // 16 requests at 8 in flight arrive in two waves about one latency apart.
        const late = log.filter((t) => t >= 120).length;
        assert.equal(late, 8, `arrival offsets: ${log.join(", ")}`);
    });
});
