// The spot-fallback rule, shared by `castai-spot-fallback` (production, mandatory) and
// `castai-spot-fallback-nonprod` (elsewhere, advisory). A policy has one enforcement level, and the policy runtime
// has no per-violation level, so the one rule is two policies split by environment; each can be re-levelled or
// disabled on its own in the policy pack config.
import { readBool } from "./access";
import { CheckContext, Subject } from "./policy";

export const SPOT_FALLBACK_REMEDIATION =
    "set `constraints.useSpotFallbacks: true` on this node template (CAST AI then starts on-demand nodes while spot " +
    "capacity is unavailable and moves back after `fallbackRestoreRateSeconds`): enable spot fallbacks in the " +
    "CastAiCluster node template args, or remove a `useSpotFallbacks: false` override from stacks/Pulumi.<stack>.yaml.";

export function checkSpotFallback(subject: Subject, ctx: CheckContext<unknown>): void {
    if (readBool(subject.props, "isEnabled") === false) {
        return; // a disabled template provisions nothing
    }
    if (readBool(subject.props, "constraints", "spot") !== true) {
        return;
    }
    const fallback = readBool(subject.props, "constraints", "useSpotFallbacks");
    if (fallback === false || fallback === undefined) {
        ctx.report(
            `the template provisions spot nodes (\`constraints.spot: true\`) without spot fallbacks ` +
                `(\`constraints.useSpotFallbacks\` is ${fallback === false ? "false" : "not set"}), so pods stay ` +
                `pending when spot capacity runs out. To fix: ${SPOT_FALLBACK_REMEDIATION}`,
        );
    }
}
