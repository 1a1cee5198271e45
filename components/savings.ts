import * as pulumi from "@pulumi/pulumi";
import { CastAiApiError } from "./api/errors";
import type { EstimatedSavings } from "./api/types";
import { ProgramApiOptions, callCastAi } from "./programApi";

/** One savings scenario of CAST AI's estimate, in USD per month. */
export interface SavingsScenario {
    /** Monthly cost if the scenario is applied, USD. */
    readonly monthlyCostAfter: number;
    /** Monthly saving against today, USD. */
    readonly monthlySavings: number;
    /** Saving in percent of today's cost. */
    readonly savingsPercentage: number;
}

/** CAST AI's estimated monthly savings for one cluster. */
export interface ClusterSavings {
    /** Today's monthly cost, USD. */
    readonly currentMonthlyCost: number;
    /** Scenarios by CAST AI's name (e.g. Layman, SpotInstances, SpotOnly). */
    readonly scenarios: Readonly<Record<string, SavingsScenario>>;
    /** The scenario with the largest monthly saving, or "" when none. */
    readonly bestScenario: string;
    /** Its monthly saving, USD (0 when none). */
    readonly bestMonthlySavings: number;
    /** When CAST AI last computed the estimate (RFC 3339), or "". */
    readonly lastUpdatedAt: string;
}

/** Money arrives as decimal strings; unreadable or missing figures count as 0. */
function money(value: string | undefined): number {
    const n = value === undefined ? NaN : Number(value);
    return Number.isFinite(n) ? Math.round(n * 100) / 100 : 0;
}

/** Turns the API's estimate into plain numbers and picks the best scenario. */
export function summarizeSavings(raw: EstimatedSavings): ClusterSavings {
    const scenarios: Record<string, SavingsScenario> = {};
    let bestScenario = "";
    let bestMonthlySavings = 0;
    for (const [name, s] of Object.entries(raw.recommendations ?? {})) {
        const before = money(s.monthly?.priceBefore);
        const after = money(s.monthly?.priceAfter);
        const monthlySavings = Math.round((before - after) * 100) / 100;
        scenarios[name] = { monthlyCostAfter: after, monthlySavings, savingsPercentage: money(s.savingsPercentage) };
        if (monthlySavings > bestMonthlySavings) {
            bestScenario = name;
            bestMonthlySavings = monthlySavings;
        }
    }
    return {
        currentMonthlyCost: money(raw.currentConfiguration?.totalPrice?.monthly),
        scenarios,
        bestScenario,
        bestMonthlySavings,
        lastUpdatedAt: raw.lastUpdatedAt ?? "",
    };
}

/**
 * Fetches CAST AI's estimated monthly savings for a registered cluster (GET …/estimated-savings). A cluster that is
 * gone from CAST AI (removed outside Pulumi; `pulumi refresh` then `up` registers it again) yields no scenarios and
 * a warning, so the program still runs.
 */
export function getClusterSavings(clusterId: pulumi.Input<string>, opts: ProgramApiOptions = {}): pulumi.Output<ClusterSavings> {
    return callCastAi(clusterId, opts, async (client, id) => {
        try {
            return summarizeSavings(await client.get<EstimatedSavings>(`/v1/cost-reports/clusters/${id}/estimated-savings`));
        } catch (err) {
            if (err instanceof CastAiApiError && err.isNotFound) {
                pulumi.log.warn(`CAST AI has no cluster ${id} (removed outside Pulumi?): savings are empty; run \`pulumi refresh\`, then \`pulumi up\` registers it again`);
                return summarizeSavings({});
            }
            throw err;
        }
    });
}
