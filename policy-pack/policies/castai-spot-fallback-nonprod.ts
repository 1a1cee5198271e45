import { DEFAULT_PRODUCTION_ENVIRONMENTS } from "./lib/config";
import { CastAiPolicy, envScopedPolicy } from "./lib/policy";
import { checkSpotFallback, SPOT_FALLBACK_REMEDIATION } from "./lib/spot-fallback";
import { NODE_TEMPLATE } from "./lib/types";

/** Outside production the same rule is advice only (the production half is castai-spot-fallback). */
export const castaiSpotFallbackNonprod: CastAiPolicy = envScopedPolicy({
    name: "castai-spot-fallback-nonprod",
    description:
        "Outside production, node templates that provision spot nodes should enable spot fallbacks (advisory).",
    enforcementLevel: "advisory",
    severity: "low",
    remediationSteps: SPOT_FALLBACK_REMEDIATION,
    configProperties: {},
    defaults: { productionEnvironments: [...DEFAULT_PRODUCTION_ENVIRONMENTS] },
    types: [NODE_TEMPLATE],
    scope: "non-production",
    check: checkSpotFallback,
});
