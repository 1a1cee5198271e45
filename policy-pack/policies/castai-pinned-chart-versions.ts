import { ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { isUnknown, read, readString } from "./lib/access";
import { DEFAULT_PRODUCTION_ENVIRONMENTS, isProduction, readConfig, schemaWithProduction } from "./lib/config";
import { resolveStackEnvironment } from "./lib/environment";
import { CastAiPolicy, describe, skipUnknown, Subject } from "./lib/policy";
import { isCastAiRelease } from "./lib/types";
import { isExactVersion, isPrerelease, versionProblem } from "./lib/versions";

const REMEDIATION =
    "Pin one exact chart version (x.y.z): leave the CastAiCluster `chartVersions.<chart>` override unset to get the " +
    "package's known-compatible version (components/kubernetes/versions.ts), or set it to an exact version in " +
    "stacks/Pulumi.<stack>.yaml; in production use a released version, not a pre-release (-rc, -beta...).";

const defaults = { productionEnvironments: [...DEFAULT_PRODUCTION_ENVIRONMENTS] };

/** A chart given as an archive (path or URL of a .tgz) is pinned by the archive itself. */
function isArchiveChart(props: unknown): boolean {
    const chart = readString(props, "chart");
    return typeof chart === "string" && /\.tgz$/i.test(chart.trim());
}

/**
 * Every CAST AI Helm release pins an exact chart version (checked per release, in every environment), and in
 * production that version is not a pre-release (checked over the stack, where the environment is resolved).
 */
export const castaiPinnedChartVersions: CastAiPolicy = {
    name: "castai-pinned-chart-versions",
    description:
        "Every CAST AI Helm release must pin one exact chart version, and production must not use pre-release versions.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: REMEDIATION,
    configSchema: schemaWithProduction({}),
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        const subject: Subject = { type: args.type, name: args.name, urn: args.urn, props: args.props };
        skipUnknown(() => {
            if (!isCastAiRelease(args.type, args.props) || isArchiveChart(args.props)) {
                return;
            }
            const version = read(args.props, "version");
            if (isUnknown(version)) {
                return;
            }
            const problem = versionProblem(version);
            if (problem !== undefined) {
                const chart = readString(args.props, "chart");
                report(
                    `${describe(subject)} (chart ${typeof chart === "string" ? `"${chart}"` : "unknown"}): ${problem}. ` +
                        `To fix: ${REMEDIATION}`,
                );
            }
        });
    },
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
        const config = readConfig(args, defaults);
        const stack = resolveStackEnvironment(args.resources);
        const env = stack.env;
        if (typeof env !== "string" || !isProduction(env, config)) {
            return;
        }
        for (const r of args.resources) {
            const subject: Subject = { type: r.type, name: r.name, urn: r.urn, props: r.props };
            skipUnknown(() => {
                if (!isCastAiRelease(r.type, r.props) || isArchiveChart(r.props)) {
                    return;
                }
                const version = read(r.props, "version");
                if (isExactVersion(version) && isPrerelease(version)) {
                    const source = stack.source === "resources" ? "the stack's CAST AI resources" : "the stack name";
                    report(
                        `${describe(subject)} (environment "${env}", from ${source}): chart version ` +
                            `"${version}" is a pre-release, which production must not run. To fix: ${REMEDIATION}`,
                        r.urn,
                    );
                }
            });
        }
    },
};
