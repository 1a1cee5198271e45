// The environment profiles as data (DESIGN.md decision 6) and how overrides and custom environments resolve.
import { strict as assert } from "assert";
import { CRON_ALLOWED, cronProblem } from "../../components/resources/cron";
import {
    ENVIRONMENT_NAMES,
    EnvironmentName,
    EnvironmentProfile,
    environmentProfile,
    isEnvironmentName,
    profileProblems,
    resolveProfile,
} from "../../components/environments";

const OFF_HOURS = { pauseCron: "0 19 * * 1-5", resumeCron: "0 7 * * 1-5", timeZone: "UTC" };

/** DESIGN.md decision 6, row by row: max CPU, spot share, hibernation, evictor, headroom, empty-node delay. */
const DESIGN_TABLE: Record<EnvironmentName, EnvironmentProfile> = {
    dev: { maxCpuCores: 16, spotSharePercent: 100, hibernation: OFF_HOURS, evictorAggressive: true, headroomPercent: 5, emptyNodeDelaySeconds: 60 },
    staging: { maxCpuCores: 50, spotSharePercent: 80, hibernation: false, evictorAggressive: false, headroomPercent: 5, emptyNodeDelaySeconds: 60 },
    prod: { maxCpuCores: 200, spotSharePercent: 60, hibernation: false, evictorAggressive: false, headroomPercent: 15, emptyNodeDelaySeconds: 300 },
};

const FULL_QA: EnvironmentProfile = {
    maxCpuCores: 32,
    spotSharePercent: 90,
    hibernation: false,
    evictorAggressive: false,
    headroomPercent: 10,
    emptyNodeDelaySeconds: 120,
};

describe("environment profiles", () => {
    it("has exactly dev, staging and prod built in", () => {
        assert.deepEqual([...ENVIRONMENT_NAMES].sort(), ["dev", "prod", "staging"]);
        for (const name of ["dev", "staging", "prod"]) {
            assert.equal(isEnvironmentName(name), true, name);
        }
        for (const name of ["qa", "Prod", "", "production", "toString", "constructor"]) {
            assert.equal(isEnvironmentName(name), false, name);
        }
    });

    for (const env of ["dev", "staging", "prod"] as const) {
        it(`${env} equals its row of the DESIGN table`, () => {
            assert.deepEqual(environmentProfile(env), DESIGN_TABLE[env]);
            assert.deepEqual(resolveProfile(env), DESIGN_TABLE[env]);
            assert.deepEqual(profileProblems(environmentProfile(env)), []);
        });
    }

    it("only dev hibernates, only dev evicts aggressively, prod keeps the largest headroom and the longest empty-node delay", () => {
        const all = ENVIRONMENT_NAMES.map((e) => [e, environmentProfile(e)] as const);
        assert.deepEqual(all.filter(([, p]) => p.hibernation).map(([e]) => e), ["dev"]);
        assert.deepEqual(all.filter(([, p]) => p.evictorAggressive).map(([e]) => e), ["dev"]);
        const prod = environmentProfile("prod");
        for (const [, p] of all) {
            assert.ok(prod.headroomPercent >= p.headroomPercent);
            assert.ok(prod.emptyNodeDelaySeconds >= p.emptyNodeDelaySeconds);
            assert.ok(prod.spotSharePercent <= p.spotSharePercent);
        }
    });

    it("hands out copies: changing one does not change the built-in profile", () => {
        const copy = environmentProfile("prod") as { maxCpuCores: number };
        copy.maxCpuCores = 1;
        const resolved = resolveProfile("prod") as { headroomPercent: number };
        resolved.headroomPercent = 0;
        assert.deepEqual(environmentProfile("prod"), DESIGN_TABLE.prod);
    });

    it("refuses an environment without a built-in profile, listing the ones there are", () => {
        assert.throws(() => environmentProfile("qa" as EnvironmentName), /unknown environment "qa": use one of dev, staging, prod, or give a full profile/);
    });
});

describe("resolveProfile", () => {
    it("lays overrides over the environment's profile, field by field", () => {
        assert.deepEqual(resolveProfile("staging", { maxCpuCores: 80, headroomPercent: 10 }), {
            ...DESIGN_TABLE.staging,
            maxCpuCores: 80,
            headroomPercent: 10,
        });
        assert.deepEqual(resolveProfile("dev", { hibernation: false }), { ...DESIGN_TABLE.dev, hibernation: false });
        const window = { pauseCron: "0 20 * * *", resumeCron: "0 6 * * *", timeZone: "Europe/Berlin" };
        assert.deepEqual(resolveProfile("staging", { hibernation: window }).hibernation, window);
    });

    it("keeps false and 0 overrides (unset is not the same as false or 0)", () => {
        const p = resolveProfile("dev", { evictorAggressive: false, spotSharePercent: 0, headroomPercent: 0, emptyNodeDelaySeconds: 0 });
        assert.equal(p.evictorAggressive, false);
        assert.equal(p.spotSharePercent, 0);
        assert.equal(p.headroomPercent, 0);
        assert.equal(p.emptyNodeDelaySeconds, 0);
    });

    it("ignores overrides given as undefined (e.g. from optional stack config)", () => {
        assert.deepEqual(resolveProfile("prod", { maxCpuCores: undefined, hibernation: undefined }), DESIGN_TABLE.prod);
    });

    it("gives a custom environment exactly the full profile it brings", () => {
        assert.deepEqual(resolveProfile("qa", FULL_QA), FULL_QA);
    });

    it("refuses a custom environment without a full profile, naming every missing field", () => {
        assert.throws(
            () => resolveProfile("qa"),
            (err: Error) => {
                assert.match(err.message, /environment "qa" has no built-in profile \(dev, staging, prod do\)/);
                for (const field of ["maxCpuCores", "spotSharePercent", "hibernation", "evictorAggressive", "headroomPercent", "emptyNodeDelaySeconds"]) {
                    assert.ok(err.message.includes(`profile.${field}`), `names profile.${field}: ${err.message}`);
                }
                return true;
            },
        );
        const { emptyNodeDelaySeconds: _dropped, ...partial } = FULL_QA;
        assert.throws(() => resolveProfile("qa", partial), (err: Error) => {
            assert.match(err.message, /set profile\.emptyNodeDelaySeconds$/);
            return true;
        });
        assert.throws(() => resolveProfile("qa", { ...FULL_QA, hibernation: undefined }), /set profile\.hibernation$/);
    });

    it("resolves but does not validate values: profileProblems does", () => {
        const p = resolveProfile("prod", { spotSharePercent: 150 });
        assert.equal(p.spotSharePercent, 150);
        assert.deepEqual(profileProblems(p), ["profile.spotSharePercent must be a whole number from 0 to 100 percent, got 150"]);
    });
});

describe("profileProblems", () => {
    const base = DESIGN_TABLE.prod;
    const cases: [Partial<Record<keyof EnvironmentProfile, unknown>>, string][] = [
        [{ maxCpuCores: 0 }, "profile.maxCpuCores must be a whole number from 1 to 100000 cores, got 0"],
        [{ maxCpuCores: 2.5 }, "profile.maxCpuCores must be a whole number from 1 to 100000 cores, got 2.5"],
        [{ spotSharePercent: -1 }, "profile.spotSharePercent must be a whole number from 0 to 100 percent, got -1"],
        [{ spotSharePercent: 101 }, "profile.spotSharePercent must be a whole number from 0 to 100 percent, got 101"],
        [{ headroomPercent: 101 }, "profile.headroomPercent must be a whole number from 0 to 100 percent, got 101"],
        [{ emptyNodeDelaySeconds: 86_401 }, "profile.emptyNodeDelaySeconds must be a whole number from 0 to 86400 seconds, got 86401"],
        [{ emptyNodeDelaySeconds: "60" }, 'profile.emptyNodeDelaySeconds must be a whole number from 0 to 86400 seconds, got "60" (a string)'],
        [{ evictorAggressive: "yes" }, 'profile.evictorAggressive must be true or false, got "yes" (a string)'],
        [{ hibernation: true }, "profile.hibernation must be false or {pauseCron, resumeCron, timeZone?}"],
        [{ hibernation: { pauseCron: "0 19 * * 1-5" } }, "profile.hibernation must be false or {pauseCron, resumeCron, timeZone?}"],
        // The HibernationSchedule child's rules, reported by the component before any child exists.
        [{ hibernation: { pauseCron: "0 25 * * 1-5", resumeCron: "0 7 * * 1-5" } }, `profile.hibernation.pauseCron "0 25 * * 1-5" is not a valid cron expression: ${cronProblem("0 25 * * 1-5")}; allowed: ${CRON_ALLOWED}`],
        [{ hibernation: { pauseCron: "0 7 * * *", resumeCron: "0 7 * * *" } }, "profile.hibernation.resumeCron must differ from profile.hibernation.pauseCron, or the cluster would pause and resume at once"],
        [{ hibernation: { pauseCron: "CRON_TZ=UTC 0 19 * * 1-5", resumeCron: "0 7 * * 1-5", timeZone: "Europe/Vilnius" } }, "profile.hibernation.pauseCron has its own CRON_TZ= zone and profile.hibernation.timeZone is set too: give the zone once"],
        [{ hibernation: { pauseCron: "0 19 * * 1-5", resumeCron: "0 7 * * 1-5", timeZone: "Mars/Olympus" } }, 'profile.hibernation.timeZone "Mars/Olympus" is not an IANA time zone such as "Europe/Vilnius" or "UTC"'],
    ];
    for (const [override, message] of cases) {
        it(`${JSON.stringify(override)} → ${message}`, () => {
            assert.deepEqual(profileProblems({ ...base, ...override } as EnvironmentProfile), [message]);
        });
    }

    it("accepts the boundaries and reports every problem at once", () => {
        assert.deepEqual(
            profileProblems({ maxCpuCores: 1, spotSharePercent: 0, hibernation: false, evictorAggressive: true, headroomPercent: 100, emptyNodeDelaySeconds: 86_400 }),
            [],
        );
        assert.equal(profileProblems({ ...base, maxCpuCores: 0, spotSharePercent: 150, headroomPercent: -5 }).length, 3);
    });
});
