// Hibernation cron expressions follow the CAST AI hibernation service's dialect, robfig/cron's standard parser:
// what it accepts passes the check, what it refuses fails at preview with one line naming the field, the value and
// what is allowed.

import { strict as assert } from "node:assert";
import { CRON_ALLOWED, cronMessage } from "../../components/resources/cron";
import { validateHibernationSchedule } from "../../components/resources/hibernationSchedule";
import { Validator } from "../../components/resources/validation";

const refusal = (value: string, problem: string) => `pauseCron "${value}" is not a valid cron expression: ${problem}; allowed: ${CRON_ALLOWED}`;

describe("hibernation cron: the service's robfig/cron dialect", () => {
    for (const accepted of [
        "0 12 * * ?",
        "@daily",
        "@midnight",
        "@annually",
        "CRON_TZ=Europe/Vilnius 0 7 * * 1-5",
        "CRON_TZ=America/New_York 0 12 * * ?",
        "TZ=Europe/Vilnius @weekly",
        "@every 1h30m",
        "5/10 * * * *",
        "*/15 7-19 * JAN-mar mon-FRI",
        "0 0 1,15 * sun",
    ]) {
        it(`accepts "${accepted}"`, () => assert.equal(cronMessage("pauseCron", accepted), undefined));
    }

    const refused: [string, string][] = [
        ["*/0 * * * *", `minute "*/0" has a step of 0; steps are 1 or more`],
        ["5-1 * * * *", `minute "5-1" has a range whose start is after its end`],
        ["0 25 * * *", `hour "25" is outside 0-23`],
        ["0 0 * * 7", `day of week "7" is outside 0-6`],
        ["0 0 * * mon-sun", `day of week "mon-sun" has a range whose start is after its end`],
        // The standard parser has no seconds field: six or seven fields are refused, not read as seconds first.
        ["0 0 19 * * *", "needs 5 fields (minute hour day-of-month month day-of-week), got 6; a seconds or year field is not supported"],
        ["0 0 19 * * * 2030", "needs 5 fields (minute hour day-of-month month day-of-week), got 7; a seconds or year field is not supported"],
        ["0 19 * *", "needs 5 fields (minute hour day-of-month month day-of-week), got 4"],
        ["every night", "needs 5 fields (minute hour day-of-month month day-of-week), got 2"],
        ["garbage", "needs 5 fields (minute hour day-of-month month day-of-week), got 1"],
        ["0 0 L * *", `day of month "L" has "L", which is not a number`],
        ["0 0 * * 5#2", `day of week "5#2" is not *, ?, a number, a range, a list or a step`],
        ["/10 * * * *", `minute "/10" is not *, ?, a number, a range, a list or a step`],
        ["@DAILY", `"@DAILY" is not one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or "@every <duration>"`],
        ["@every often", `"often" is not a duration such as 90m or 1h30m`],
        ["CRON_TZ=Mars/Olympus 0 7 * * *", `time zone "Mars/Olympus" is not an IANA time zone such as Europe/Vilnius`],
    ];
    for (const [value, problem] of refused) {
        it(`refuses "${value}": ${problem}`, () => assert.equal(cronMessage("pauseCron", value), refusal(value, problem)));
    }

    it("the resource's check names its own field path and the value as given", () => {
        const v = new Validator();
        validateHibernationSchedule(
            { name: "n", enabled: true, clusterIds: ["00000000-0000-4000-8000-000000000001"], pauseCron: "0 19 * * 1-5", resumeCron: "*/0 7 * * *", resumeInstanceType: "m5.large" },
            v,
        );
        assert.deepEqual(v.failures, [
            { property: "resumeCron", reason: cronMessage("resumeCron", "*/0 7 * * *") },
        ]);
        assert.match(v.failures[0].reason, /^resumeCron "\*\/0 7 \* \* \*" is not a valid cron expression: minute "\*\/0" has a step of 0/);
        assert.ok(!v.failures[0].reason.includes("\n"), "one line");
    });
});
