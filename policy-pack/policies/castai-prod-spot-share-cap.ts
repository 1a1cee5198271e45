import { isUnknown, readArray, readBool, readNumber, readString } from "./lib/access";
import { DEFAULT_PRODUCTION_ENVIRONMENTS } from "./lib/config";
import { CastAiPolicy, envScopedPolicy } from "./lib/policy";
import { POD_MUTATION } from "./lib/types";

/** Spot types that can put a pod on a spot node (patching-engine `PodMutationSpotType`). */
const DEFAULT_SPOT_TYPES = ["OPTIONAL_SPOT", "PREFERRED_SPOT", "USE_ONLY_SPOT"];

const defaults = {
    productionEnvironments: [...DEFAULT_PRODUCTION_ENVIRONMENTS],
    maxSpotPercentage: 60,
    spotTypes: [...DEFAULT_SPOT_TYPES],
};

function remediation(max: number): string {
    return (
        `lower the spot share of this pod mutation to at most ${max}%: keep the prod profile's spot share (60%) or ` +
        "lower the CastAiCluster `profile.spotSharePercent` override of this cluster in stacks/Pulumi.<stack>.yaml, so that the " +
        "`distributionGroups` whose `config.spotType` puts pods on spot add up to no more than that."
    );
}

function unspecified(spotType: string | undefined): boolean {
    return spotType === undefined || spotType === "" || spotType === "SPOT_TYPE_UNSPECIFIED";
}

/**
 * The share (0-100) of the matched pods a pod mutation can send to spot nodes, or `undefined` when a value needed
 * for it is not known yet. Pods in a distribution group get the group's `config.spotType`, falling back to the
 * mutation's own `spotType` (ASSUMPTION: a group without a spot type inherits the mutation's); pods in no group
 * (100 minus the groups' sum) get the mutation's `spotType`.
 */
export function spotShare(props: unknown, spotTypes: readonly string[]): { share: number; detail: string } | undefined {
    const isSpot = (t: string | undefined) => !unspecified(t) && spotTypes.includes(t as string);
    const top = readString(props, "spotType");
    const groups = readArray(props, "distributionGroups");
    if (isUnknown(top) || isUnknown(groups)) {
        return undefined;
    }
    if (groups === undefined || groups.length === 0) {
        return isSpot(top)
            ? { share: 100, detail: `\`spotType\` ${top} with no distribution groups` }
            : { share: 0, detail: "" };
    }
    let share = 0;
    let grouped = 0;
    const parts: string[] = [];
    for (const g of groups) {
        const pct = readNumber(g, "percentage");
        const own = readString(g, "config", "spotType");
        const name = readString(g, "name");
        if (isUnknown(pct) || isUnknown(own) || isUnknown(name)) {
            return undefined;
        }
        const p = pct ?? 0;
        grouped += p;
        const type = unspecified(own) ? top : own;
        if (isSpot(type)) {
            share += p;
            parts.push(`group "${name ?? "?"}" ${p}% (${type})`);
        }
    }
    const rest = Math.max(0, 100 - grouped);
    if (rest > 0 && isSpot(top)) {
        share += rest;
        parts.push(`ungrouped ${rest}% (${top})`);
    }
    return { share, detail: parts.join(" + ") };
}

/** Production sends at most the configured share of pods to spot nodes (seed 000: prod 60%). */
export const castaiProdSpotShareCap: CastAiPolicy = envScopedPolicy({
    name: "castai-prod-spot-share-cap",
    description:
        "In production, a pod mutation may send at most the configured percentage of pods to spot nodes (60% by default).",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: remediation(defaults.maxSpotPercentage),
    configProperties: {
        maxSpotPercentage: {
            type: "number",
            minimum: 0,
            maximum: 100,
            default: defaults.maxSpotPercentage,
            description: "Largest share of pods (percent) a production pod mutation may send to spot nodes.",
        },
        spotTypes: {
            type: "array",
            items: { type: "string" },
            default: [...DEFAULT_SPOT_TYPES],
            description: "PodMutation spot types that count as sending a pod to spot.",
        },
    },
    defaults,
    types: [POD_MUTATION],
    scope: "production",
    check: (subject, ctx) => {
        if (readBool(subject.props, "enabled") === false) {
            return;
        }
        const result = spotShare(subject.props, ctx.config.spotTypes);
        if (result === undefined) {
            return;
        }
        const max = ctx.config.maxSpotPercentage;
        if (result.share > max) {
            ctx.report(
                `sends ${result.share}% of matched pods to spot (${result.detail}), above the production cap of ` +
                    `${max}%. To fix: ${remediation(max)}`,
            );
        }
    },
});
