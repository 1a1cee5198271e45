import { ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { isUnknown, readString } from "./lib/access";
import { readConfig } from "./lib/config";
import { CastAiPolicy, describe, skipUnknown } from "./lib/policy";
import { chartName, isCastAiRelease } from "./lib/types";

const US_API_URL = "https://api.cast.ai";

/** Value paths that carry the CAST AI API URL (castai-install.md §5.2, §6, §7; data/charts/*.values.yaml). */
const API_URL_PATHS: readonly (readonly string[])[] = [
    ["apiURL"], // castai-agent
    ["castai", "apiURL"], // cluster-controller, spot-handler, pod-pinner, pod-mutator, workload-autoscaler, kvisor
    ["castai", "apiUrl"], // workload-autoscaler (deprecated spelling, overrides castai.apiURL)
    ["global", "castai", "apiURL"], // umbrella and the charts that read globals
    ["defaultCluster", "api", "apiUrl"], // castware-operator
];

/** Charts whose API URL defaults to the US API when the values do not set one (their values.yaml). */
const CHARTS_DEFAULTING_TO_US = new Set([
    "castai-agent",
    "castai-cluster-controller",
    "castai-spot-handler",
    "castai-pod-pinner",
    "castai-workload-autoscaler",
    "castware-operator",
]);

const REMEDIATION =
    "Point every CAST AI chart at the API of the console the organization is registered with (US " +
    "https://api.cast.ai or EU https://api.eu.cast.ai): set the one CastAiCluster `apiUrl` arg (stack config " +
    "`castai:apiUrl` in stacks/Pulumi.<stack>.yaml), which feeds every chart, instead of per-chart value overrides.";

const defaults: { expectedApiUrl: string | undefined } = { expectedApiUrl: undefined };

function normalize(url: string): string {
    return url.trim().replace(/\/+$/, "").toLowerCase();
}

/** All CAST AI Helm releases of a stack talk to one CAST AI API. */
export const castaiApiUrlConsistent: CastAiPolicy = {
    name: "castai-api-url-consistent",
    description: "All CAST AI Helm releases of a stack must use the same CAST AI API URL (and the expected one, when configured).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: REMEDIATION,
    configSchema: {
        properties: {
            expectedApiUrl: {
                type: "string",
                description: "The API URL every CAST AI release must use (e.g. https://api.eu.cast.ai); unset: any one URL.",
            },
        },
    },
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
        const config = readConfig(args, defaults);
        const byUrl = new Map<string, { url: string; users: string[]; urns: string[] }>();
        for (const r of args.resources) {
            skipUnknown(() => {
                if (!isCastAiRelease(r.type, r.props)) {
                    return;
                }
                const who = describe({ type: r.type, name: r.name, urn: r.urn, props: r.props });
                const found: { url: string; where: string }[] = [];
                for (const path of API_URL_PATHS) {
                    const v = readString(r.props, "values", ...path);
                    if (isUnknown(v)) {
                        return; // not known yet: this release is checked once it is
                    }
                    if (typeof v === "string" && v.trim() !== "") {
                        found.push({ url: v, where: path.join(".") });
                    }
                }
                const chart = chartName(r.props);
                if (found.length === 0 && chart !== undefined && CHARTS_DEFAULTING_TO_US.has(chart)) {
                    found.push({ url: US_API_URL, where: "chart default" });
                }
                for (const f of found) {
                    const key = normalize(f.url);
                    const entry = byUrl.get(key) ?? { url: f.url, users: [], urns: [] };
                    entry.users.push(`${who} (${f.where})`);
                    entry.urns.push(r.urn);
                    byUrl.set(key, entry);
                }
            });
        }
        if (byUrl.size > 1) {
            const list = [...byUrl.values()].map((e) => `${e.url}: ${e.users.join(", ")}`).join("; ");
            report(`CAST AI releases of this stack use ${byUrl.size} different API URLs: ${list}. To fix: ${REMEDIATION}`);
        }
        if (typeof config.expectedApiUrl === "string" && config.expectedApiUrl.trim() !== "") {
            const expected = normalize(config.expectedApiUrl);
            for (const [key, e] of byUrl) {
                if (key !== expected) {
                    for (let i = 0; i < e.users.length; i++) {
                        report(
                            `${e.users[i]} uses the API URL ${e.url}, not the expected ${config.expectedApiUrl}. ` +
                                `To fix: ${REMEDIATION}`,
                            e.urns[i],
                        );
                    }
                }
            }
        }
    },
};
