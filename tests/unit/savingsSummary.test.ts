import { strict as assert } from "node:assert";
import { summarizeSavings } from "../../components/savings";

describe("savings summary", () => {
    it("turns decimal strings into USD figures and picks the scenario that saves most", () => {
        const s = summarizeSavings({
            currentConfiguration: { totalPrice: { hourly: "3.0000", monthly: "2190.0000" } },
            recommendations: {
                Layman: { monthly: { priceBefore: "2190.0000", priceAfter: "1642.5000" }, savingsPercentage: "25.00" },
                SpotOnly: { monthly: { priceBefore: "2190.0000", priceAfter: "657.0049" }, savingsPercentage: "70.00" },
            },
            lastUpdatedAt: "2026-11-21T07:00:00Z",
        });
        assert.equal(s.currentMonthlyCost, 2190);
        assert.deepEqual(s.scenarios.Layman, { monthlyCostAfter: 1642.5, monthlySavings: 547.5, savingsPercentage: 25 });
        assert.equal(s.bestScenario, "SpotOnly");
        assert.equal(s.bestMonthlySavings, 1533);
    });

    it("treats missing or unreadable figures as zero and reports no best scenario", () => {
        const s = summarizeSavings({ recommendations: { Layman: { monthly: { priceBefore: "n/a" } } } });
        assert.equal(s.currentMonthlyCost, 0);
        assert.equal(s.bestScenario, "");
        assert.equal(s.bestMonthlySavings, 0);
        assert.equal(s.lastUpdatedAt, "");
    });
});
