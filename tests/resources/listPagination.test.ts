import { strict as assert } from "node:assert";
import { CastAiClient } from "../../components/api/client";
import { Emulator, startEmulator } from "../../components/testing";

// List calls ask for a page size and follow the cursor to the end, whichever way a list names it.

describe("paged lists", function () {
    this.timeout(120_000);
    let emu: Emulator;
    let client: CastAiClient;

    before(async () => {
        emu = await startEmulator({ strict: true });
        client = new CastAiClient({ apiKey: emu.apiKey, apiUrl: emu.url });
    });
    after(() => emu.stop());

    it("follows nextPage.cursor past the first page of 500 (service accounts)", async () => {
        const base = `/v1/organizations/${emu.organizationId}/service-accounts`;
        for (let i = 0; i < 502; i++) {
            await client.post(base, { name: `sa-${i}`, description: "" });
        }
        emu.clearLog();
        const all = await client.listAll<{ name: string }>(base, "serviceAccounts");
        assert.equal(all.length, 502);
        assert.equal(all[501].name, "sa-501");
        assert.deepEqual(emu.requests.map((r) => [r.query["page.limit"], r.query["page.cursor"] === undefined]), [["500", true], ["500", false]]);
    });

    it("follows nextPageCursor (hibernation schedules), one page when it is short", async () => {
        const base = `/cluster-autoscaler/v1beta/organizations/${emu.organizationId}/hibernation-schedules`;
        emu.clearLog();
        assert.deepEqual(await client.listAll(base, "items"), []);
        assert.deepEqual(emu.requests.map((r) => r.query["page.limit"]), ["500"]);
    });
});
