// Shared by the in-cluster install tests: valid settings to vary, and helpers to look inside values holding Outputs.
import * as pulumi from "@pulumi/pulumi";
import { InstallSettings } from "../../components/kubernetes/settings";
import { CHART_REPOSITORY, resolveChartVersions } from "../../components/kubernetes/versions";

export const CLUSTER_ID = "3f6c2a9e-1b7d-4c58-9e2a-0d4b6f8a1c3e";
export const API_KEY = "org-api-key-0123456789abcdef";
export const CLUSTER_TOKEN = "cluster-token-fedcba9876543210";

/** Phase 2, security on, a 60% spot share on EKS in the US: every release is planned. */
export function settings(overrides: Partial<InstallSettings> = {}): InstallSettings {
    return {
        clusterId: CLUSTER_ID,
        provider: "eks",
        apiUrl: "https://api.cast.ai",
        apiToken: API_KEY,
        clusterToken: CLUSTER_TOKEN,
        phase: 2,
        evictorAggressive: false,
        spotSharePercent: 60,
        security: true,
        chartVersions: resolveChartVersions(),
        chartRepository: CHART_REPOSITORY,
        ...overrides,
    };
}

/** The plain value behind nested Outputs (secrets unwrapped). */
export function resolved(value: unknown): Promise<unknown> {
    const output: pulumi.Output<unknown> = pulumi.output(value as pulumi.Input<object>);
    return new Promise((resolve) => output.apply(resolve));
}

/** Dotted paths of every secret Output inside `value`, sorted. */
export async function secretPaths(value: unknown, prefix = ""): Promise<string[]> {
    if (pulumi.Output.isInstance(value)) {
        return (await pulumi.isSecret(value)) ? [prefix] : secretPaths(await resolved(value), prefix);
    }
    if (value === null || typeof value !== "object") {
        return [];
    }
    const nested = await Promise.all(
        Object.entries(value).map(([key, item]) => secretPaths(item, prefix ? `${prefix}.${key}` : key)),
    );
    return nested.flat().sort();
}
