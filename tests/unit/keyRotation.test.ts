// The rotation timeline: which keys exist at a given time, when they retire, and what the random suffix keeps.
import { strict as assert } from "assert";
import { DAY_MS, rotationAt, rotationKeepers } from "../../components/keyRotation";

const SETTINGS = { rotationDays: 90, overlapDays: 7 };
/** Period 228 of 90 days starts 20520 days after the epoch: 2026-03-08T00:00:00Z. */
const P228 = 228 * 90 * DAY_MS;

describe("key rotation timeline", () => {
    it("numbers periods from the epoch; the first overlapDays of a period keep the previous key", () => {
        assert.equal(new Date(P228).toISOString(), "2026-03-08T00:00:00.000Z");
        assert.deepEqual(rotationAt(P228, SETTINGS), {
            current: { period: 228, startsAt: "2026-03-08T00:00:00.000Z", retiresAt: "2026-06-13T00:00:00.000Z" },
            previous: { period: 227, startsAt: "2025-12-08T00:00:00.000Z", retiresAt: "2026-03-15T00:00:00.000Z" },
            nextRotationAt: "2026-06-06T00:00:00.000Z",
        });
    });

    it("drops the previous key exactly when the overlap ends, and rotates exactly at the period's end", () => {
        assert.equal(rotationAt(P228 + 7 * DAY_MS - 1, SETTINGS).previous?.period, 227, "a millisecond before the overlap ends");
        assert.equal(rotationAt(P228 + 7 * DAY_MS, SETTINGS).previous, undefined, "the overlap is over");
        assert.equal(rotationAt(P228 + 90 * DAY_MS - 1, SETTINGS).current.period, 228);
        const next = rotationAt(P228 + 90 * DAY_MS, SETTINGS);
        assert.deepEqual([next.current.period, next.previous?.period], [229, 228]);
        assert.equal(next.previous?.retiresAt, rotationAt(P228, SETTINGS).current.retiresAt, "a key retires at the same time from every run");
    });

    it("has no overlap with overlapDays 0, and no previous key before the first period ends", () => {
        assert.equal(rotationAt(P228, { rotationDays: 90, overlapDays: 0 }).previous, undefined);
        assert.equal(rotationAt(DAY_MS, SETTINGS).previous, undefined);
    });

    it("keeps the environment, the period, the rotation length and the start: one key per value", () => {
        const { current } = rotationAt(P228, SETTINGS);
        assert.deepEqual(rotationKeepers("prod", current, SETTINGS), {
            environment: "prod",
            period: "228",
            rotationDays: "90",
            startsAt: "2026-03-08T00:00:00.000Z",
        });
    });
});
