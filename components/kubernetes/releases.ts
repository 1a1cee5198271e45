import * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import { ReleasePlan } from "./plan";
import { HelmValues } from "./values";

/**
 * How long Helm may wait for one release, in seconds. The components chart alone waits up to 300 s for the operator
 * pod before it creates the Component CRs, and the operator restarts once after
 * generating its webhook certificates.
 */
export const RELEASE_TIMEOUT_SECONDS = 600;

/** Where the releases go in the resource graph. */
export interface InstallReleasesOptions {
    /** Component that owns the releases. */
    readonly parent: pulumi.Resource;
    /** Kubernetes provider (a @pulumi/kubernetes `Provider`) of the target cluster; default: the parent's or the ambient provider. */
    readonly provider?: pulumi.ProviderResource;
    /** What the first releases wait for (e.g. the cluster registration); later releases wait on those. */
    readonly dependsOn?: pulumi.ResourceOptions["dependsOn"];
}

/**
 * Creates one `kubernetes:helm.sh/v3:Release` per plan entry, in plan order, and returns them by release name.
 * `helm.v3.Release` and not `helm.v4.Chart`: the charts create CRs, CRDs and checks in Helm hooks, which v4 drops, and
 * the operator reads and upgrades its own Helm release.
 */
export function installReleases(
    name: string,
    plan: readonly ReleasePlan[],
    opts: InstallReleasesOptions,
): Record<string, pulumi.CustomResource> {
    // The declared type is a plain custom resource (they are `k8s.helm.v3.Release`s) so that the package's types never
    // need @pulumi/kubernetes, an optional peer.
    // Loaded here, not at module top: @pulumi/kubernetes is an optional peer that importing this package must not load.
    const kubernetes = require("@pulumi/kubernetes") as typeof import("@pulumi/kubernetes");
    const releases: Record<string, k8s.helm.v3.Release> = {};
    plan.forEach((release, index) => {
        if (release.name in releases) {
            throw new pulumi.ResourceError(`release ${release.name} is planned twice`, opts.parent);
        }
        const dependsOn = release.dependsOn.map((dep) => {
            const earlier = releases[dep];
            if (earlier === undefined) {
                throw new pulumi.ResourceError(
                    `release ${release.name} depends on ${dep}, which is not planned before it`,
                    opts.parent,
                );
            }
            return earlier;
        });
        releases[release.name] = new kubernetes.helm.v3.Release(
            `${name}-${release.name}`,
            {
                name: release.name,
                namespace: release.namespace,
                // Helm creates the namespace with the first release; the charts' own createNamespace stays off (§3).
                createNamespace: index === 0,
                chart: release.chart,
                version: release.version,
                repositoryOpts: { repo: release.repository },
                values: release.values,
                // A failed install or upgrade is rolled back instead of leaving a half-installed release behind;
                // waiting for hook Jobs is what makes the operator-ready check and the evictor's CRD Job count.
                atomic: true,
                cleanupOnFail: true,
                waitForJobs: true,
                timeout: RELEASE_TIMEOUT_SECONDS,
            },
            {
                parent: opts.parent,
                provider: opts.provider,
                dependsOn: dependsOn.length > 0 ? dependsOn : opts.dependsOn,
            },
        );
    });
    return releases;
}

/** One release described for a GitOps tool (Argo CD, Flux) instead of installed. */
export interface GitOpsRelease {
    readonly chart: string;
    readonly version: string;
    readonly repository: string;
    readonly namespace: string;
    /** Helm values; secrets stay secret Outputs, so exporting them keeps them encrypted. */
    readonly values: HelmValues;
    /** Releases to sync first (e.g. Argo CD sync waves). */
    readonly dependsOn: readonly string[];
}

/** The plan as data for `inCluster: false`: `{ [releaseName]: { chart, version, repository, namespace, values } }`. */
export function gitOpsValues(plan: readonly ReleasePlan[]): Record<string, GitOpsRelease> {
    return Object.fromEntries(
        plan.map((release): [string, GitOpsRelease] => [
            release.name,
            {
                chart: release.chart,
                version: release.version,
                repository: release.repository,
                namespace: release.namespace,
                values: release.values,
                dependsOn: release.dependsOn,
            },
        ]),
    );
}
