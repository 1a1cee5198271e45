import { DEFAULT_PRODUCTION_ENVIRONMENTS } from "./lib/config";
import { CastAiPolicy, envScopedPolicy } from "./lib/policy";
import { checkSpotFallback, SPOT_FALLBACK_REMEDIATION } from "./lib/spot-fallback";
import { NODE_TEMPLATE } from "./lib/types";

/** Production spot node templates fall back to on-demand (mandatory; see castai-spot-fallback-nonprod). */
export const castaiSpotFallback: CastAiPolicy = envScopedPolicy({
    name: "castai-spot-fallback",
    description: "In production, every node template that provisions spot nodes must enable spot fallbacks.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: SPOT_FALLBACK_REMEDIATION,
    configProperties: {},
    defaults: { productionEnvironments: [...DEFAULT_PRODUCTION_ENVIRONMENTS] },
    types: [NODE_TEMPLATE],
    scope: "production",
    check: checkSpotFallback,
});
