import * as assert from "assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { needsPodMutator, planReleases, ReleasePlan } from "../../components/kubernetes/plan";
import { validateInstallSettings } from "../../components/kubernetes/settings";
import { eksMetadataEnv } from "../../components/kubernetes/values";
import { CHART_REPOSITORY, DEFAULT_CHART_VERSIONS, resolveChartVersions } from "../../components/kubernetes/versions";
import { API_KEY, CLUSTER_ID, CLUSTER_TOKEN, resolved, secretPaths, settings } from "./installSettingsFixture";

function byName(plan: ReleasePlan[], name: string): ReleasePlan {
    const release = plan.find((r) => r.name === name);
    assert.ok(release, `release ${name} is planned`);
    return release;
}

function names(plan: ReleasePlan[]): string[] {
    return plan.map((r) => r.name);
}

describe("release plan", () => {
    describe("order, names and dependencies", () => {
        it("installs operator, components, evictor, pod-pinner, pod-mutator, kvisor in that order", () => {
            assert.deepEqual(names(planReleases(settings())), [
                "castware-operator",
                "castware-components",
                "castai-evictor",
                "castai-pod-pinner",
                "castai-pod-mutator",
                "castai-kvisor",
            ]);
        });

        it("makes components wait for the operator and every other chart wait for the components", () => {
            const deps = Object.fromEntries(planReleases(settings()).map((r) => [r.name, r.dependsOn]));
            assert.deepEqual(deps, {
                "castware-operator": [],
                "castware-components": ["castware-operator"],
                "castai-evictor": ["castware-components"],
                "castai-pod-pinner": ["castware-components"],
                "castai-pod-mutator": ["castware-components"],
                "castai-kvisor": ["castware-components"],
            });
        });

        it("puts every release in castai-agent with its own chart at the pinned version, from the settings' repository", () => {
            for (const release of planReleases(settings())) {
                assert.equal(release.repository, CHART_REPOSITORY);
                assert.equal(release.namespace, "castai-agent");
                assert.equal(release.chart, release.name);
                assert.equal(release.version, DEFAULT_CHART_VERSIONS[release.chart]);
            }
        });

        it("takes every chart from a mirror given as chartRepository", () => {
            const plan = planReleases(settings({ chartRepository: "http://127.0.0.1:8879/charts" }));
            assert.deepEqual([...new Set(plan.map((r) => r.repository))], ["http://127.0.0.1:8879/charts"]);
        });

        it("uses an overridden chart version", () => {
            const plan = planReleases(settings({ chartVersions: resolveChartVersions({ "castai-evictor": "0.35.140" }) }));
            assert.equal(byName(plan, "castai-evictor").version, "0.35.140");
            assert.equal(byName(plan, "castware-operator").version, "0.10.1");
        });
    });

    describe("phases", () => {
        it("installs only the operator and the read-only components in phase 1", () => {
            assert.deepEqual(names(planReleases(settings({ phase: 1, security: false }))), [
                "castware-operator",
                "castware-components",
            ]);
        });

        it("adds kvisor in phase 1 when security is on, but no automation charts even with a spot split", () => {
            assert.deepEqual(names(planReleases(settings({ phase: 1, security: true, spotSharePercent: 60 }))), [
                "castware-operator",
                "castware-components",
                "castai-kvisor",
            ]);
        });

        it("gives the operator extended permissions only in phase 2", () => {
            const phase1 = byName(planReleases(settings({ phase: 1 })), "castware-operator").values;
            const phase2 = byName(planReleases(settings({ phase: 2 })), "castware-operator").values;
            assert.equal(phase1.extendedPermissions, false);
            assert.equal(phase2.extendedPermissions, true);
        });
    });

    describe("operator values", () => {
        it("installs the operator for IaC: terraform flag on, default components off, cluster adopted, components from the same repository", async () => {
            const values = await resolved(byName(planReleases(settings()), "castware-operator").values);
            assert.deepEqual(values, {
                apiKeySecret: { apiKey: API_KEY },
                extendedPermissions: true,
                defaultCluster: {
                    terraform: true,
                    provider: "eks",
                    migrationMode: "write",
                    api: { apiUrl: "https://api.cast.ai" },
                    cluster: { clusterID: CLUSTER_ID },
                    helmRepoURL: "https://castai.github.io/helm-charts",
                },
                defaultComponents: { enabled: false },
            });
        });

        it("points the operator at a mirrored chart repository", () => {
            const values = byName(planReleases(settings({ chartRepository: "https://charts.mirror.example/castai" })), "castware-operator")
                .values as { defaultCluster: { helmRepoURL: string } };
            assert.equal(values.defaultCluster.helmRepoURL, "https://charts.mirror.example/castai");
        });

        it("passes the provider and an explicit migration mode through", () => {
            const values = byName(planReleases(settings({ provider: "gke", migrationMode: "read" })), "castware-operator")
                .values as { defaultCluster: { provider: string; migrationMode: string } };
            assert.equal(values.defaultCluster.provider, "gke");
            assert.equal(values.defaultCluster.migrationMode, "read");
        });
    });

    describe("castware-components values", () => {
        it("pins Component CRs for castai-agent and spot-handler, and cluster-controller in phase 2", async () => {
            const values = await resolved(byName(planReleases(settings()), "castware-components").values);
            assert.deepEqual(values, {
                components: {
                    "castai-agent": {
                        component: "castai-agent",
                        cluster: "castai",
                        enabled: true,
                        version: "0.161.1",
                        overrides: { additionalEnv: { STATIC_CLUSTER_ID: CLUSTER_ID } },
                    },
                    "spot-handler": { component: "spot-handler", cluster: "castai", enabled: true, version: "0.35.5" },
                    "cluster-controller": {
                        component: "cluster-controller",
                        cluster: "castai",
                        enabled: true,
                        version: "0.92.14",
                    },
                },
            });
        });

        it("leaves cluster-controller out in phase 1", () => {
            const values = byName(planReleases(settings({ phase: 1 })), "castware-components").values as {
                components: Record<string, unknown>;
            };
            assert.deepEqual(Object.keys(values.components), ["castai-agent", "spot-handler"]);
        });

        it("takes Component CR versions from the version table", () => {
            const versions = resolveChartVersions({
                "castai-agent": "0.160.2",
                "castai-spot-handler": "0.35.4",
                "castai-cluster-controller": "0.92.13",
            });
            const values = byName(planReleases(settings({ chartVersions: versions })), "castware-components").values as {
                components: Record<string, { version: string }>;
            };
            assert.equal(values.components["castai-agent"].version, "0.160.2");
            assert.equal(values.components["spot-handler"].version, "0.35.4");
            assert.equal(values.components["cluster-controller"].version, "0.92.13");
        });

        it("on AKS sets the cluster-controller's aks flag and does not pin the agent's cluster ID", async () => {
            const values = (await resolved(
                byName(planReleases(settings({ provider: "aks" })), "castware-components").values,
            )) as { components: Record<string, { overrides?: unknown }> };
            assert.deepEqual(values.components["cluster-controller"].overrides, { aks: { enabled: true } });
            assert.equal(values.components["castai-agent"].overrides, undefined);
        });
    });

    describe("operator environment (clusters without IMDS) and additionalEnv", () => {
        const metadata = eksMetadataEnv({ accountId: "123456789012", region: "eu-west-1", clusterName: "prod" });

        it("names the EKS account, region and cluster as the operator reads them without IMDS", () => {
            assert.deepEqual(metadata, { EKS_ACCOUNT_ID: "123456789012", EKS_REGION: "eu-west-1", EKS_CLUSTER_NAME: "prod" });
        });

        it("puts the operator's extra environment under webhook.env, the only env map chart 0.10.1 renders, not additionalEnv", () => {
            const values = byName(planReleases(settings({ metadataEnv: metadata })), "castware-operator").values;
            assert.deepEqual(values.webhook, { env: metadata });
            assert.equal("additionalEnv" in values, false);
        });

        it("adds additionalEnv to the metadata, a same-named variable replacing the package's", () => {
            const values = byName(
                planReleases(settings({ metadataEnv: metadata, additionalEnv: { EKS_REGION: "eu-west-2", HTTPS_PROXY: "http://proxy:3128" } })),
                "castware-operator",
            ).values;
            assert.deepEqual(values.webhook, {
                env: { EKS_ACCOUNT_ID: "123456789012", EKS_REGION: "eu-west-2", EKS_CLUSTER_NAME: "prod", HTTPS_PROXY: "http://proxy:3128" },
            });
        });

        it("carries values given as Outputs (a cluster created in the same program)", async () => {
            const values = byName(
                planReleases(settings({ metadataEnv: eksMetadataEnv({ accountId: pulumi.output("123456789012"), region: "eu-west-1", clusterName: pulumi.output("prod") }) })),
                "castware-operator",
            ).values;
            assert.deepEqual(await resolved(values.webhook), { env: metadata });
        });

        it("gives the agent's Component overrides additionalEnv and its cluster pin, not the operator's metadata", async () => {
            const env = { HTTPS_PROXY: "http://proxy:3128" };
            const plan = planReleases(settings({ metadataEnv: metadata, additionalEnv: env }));
            const components = (await resolved(byName(plan, "castware-components").values)) as {
                components: Record<string, { overrides?: { additionalEnv?: unknown } }>;
            };
            assert.deepEqual(components.components["castai-agent"].overrides?.additionalEnv, { ...env, STATIC_CLUSTER_ID: CLUSTER_ID });
        });

        it("leaves webhook out of the operator values when there is no extra environment", () => {
            assert.equal("webhook" in byName(planReleases(settings()), "castware-operator").values, false);
        });
    });

    describe("evictor", () => {
        it("is aggressive exactly when the profile says so, and self-managed", () => {
            for (const evictorAggressive of [true, false]) {
                const values = byName(planReleases(settings({ evictorAggressive })), "castai-evictor").values;
                assert.deepEqual(values, { managedByCASTAI: false, aggressiveMode: evictorAggressive });
            }
        });
    });

    describe("pod mutator", () => {
        for (const [share, expected] of [
            [100, false],
            [99, true],
            [60, true],
            [1, true],
            [0, false],
        ] as const) {
            it(`is ${expected ? "" : "not "}installed at a ${share}% spot share`, () => {
                const plan = planReleases(settings({ spotSharePercent: share }));
                assert.equal(names(plan).includes("castai-pod-mutator"), expected);
                assert.equal(needsPodMutator({ phase: 2, spotSharePercent: share }), expected);
            });
        }

        it("is not needed in phase 1, whatever the share", () => {
            assert.equal(needsPodMutator({ phase: 1, spotSharePercent: 60 }), false);
        });
    });

    describe("kvisor", () => {
        it("is installed only when security is on", () => {
            assert.equal(names(planReleases(settings({ security: false }))).includes("castai-kvisor"), false);
            assert.equal(names(planReleases(settings({ security: true }))).includes("castai-kvisor"), true);
        });

        it("scans for this cloud and reports to the US kvisor address", async () => {
            const values = await resolved(byName(planReleases(settings({ provider: "gke" })), "castai-kvisor").values);
            assert.deepEqual(values, {
                castai: {
                    apiKey: CLUSTER_TOKEN,
                    apiURL: "https://api.cast.ai",
                    grpcAddr: "kvisor.prod-master.cast.ai:443",
                    clusterID: CLUSTER_ID,
                },
                controller: {
                    extraArgs: {
                        "kube-bench-cloud-provider": "gke",
                        "image-scan-enabled": true,
                        "kube-bench-enabled": true,
                        "kube-linter-enabled": true,
                    },
                },
                agent: { enabled: true, extraArgs: { "ebpf-events-enabled": true, "file-hash-enricher-enabled": true } },
            });
        });
    });

    describe("credentials", () => {
        // The operator takes the organization API key (reference §4, §5.11) and hands it to the components it manages;
        // standalone charts take the cluster token like CAST AI's Terraform modules (§4, §8); the evictor reads the
        // cluster-controller Secret (§6.4).
        const expected: Record<string, { secrets: string[]; credential?: string }> = {
            "castware-operator": { secrets: ["apiKeySecret.apiKey"], credential: API_KEY },
            "castware-components": { secrets: [] },
            "castai-evictor": { secrets: [] },
            "castai-pod-pinner": { secrets: ["castai.apiKey"], credential: CLUSTER_TOKEN },
            "castai-pod-mutator": { secrets: ["castai.apiKey"], credential: CLUSTER_TOKEN },
            "castai-kvisor": { secrets: ["castai.apiKey"], credential: CLUSTER_TOKEN },
        };

        for (const [name, { secrets, credential }] of Object.entries(expected)) {
            const what = credential === API_KEY ? "the API key, as a secret" : credential ? "the cluster token, as a secret" : "no credential";
            it(`${name} gets ${what}`, async () => {
                const release = byName(planReleases(settings()), name);
                assert.deepEqual(await secretPaths(release.values), secrets);
                const text = JSON.stringify(await resolved(release.values));
                assert.equal(text.includes(API_KEY), credential === API_KEY, "API key presence");
                assert.equal(text.includes(CLUSTER_TOKEN), credential === CLUSTER_TOKEN, "cluster token presence");
            });
        }

        it("keeps credentials secret even when they are given as plain strings", async () => {
            const plan = planReleases(settings());
            const paths = await secretPaths(Object.fromEntries(plan.map((r) => [r.name, r.values])));
            assert.equal(paths.length, 4);
        });
    });

    describe("EU API URL", () => {
        it("flows into every chart that takes an address, and no US address is left anywhere", async () => {
            const plan = planReleases(settings({ apiUrl: "https://api.eu.cast.ai" }));
            const values = Object.fromEntries(
                await Promise.all(plan.map(async (r) => [r.name, await resolved(r.values)] as const)),
            ) as Record<string, any>;
            assert.equal(values["castware-operator"].defaultCluster.api.apiUrl, "https://api.eu.cast.ai");
            assert.equal(values["castai-pod-pinner"].castai.apiURL, "https://api.eu.cast.ai");
            assert.equal(values["castai-pod-pinner"].castai.grpcURL, "grpc.eu.cast.ai:443");
            assert.equal(values["castai-pod-mutator"].castai.apiURL, "https://api.eu.cast.ai");
            assert.equal(values["castai-kvisor"].castai.apiURL, "https://api.eu.cast.ai");
            assert.equal(values["castai-kvisor"].castai.grpcAddr, "kvisor.prod-eu.cast.ai:443");
            // The operator injects its apiUrl into agent, spot-handler and cluster-controller; the evictor reads
            // cluster-controller's ConfigMap. So neither of them carries an address of its own.
            const text = JSON.stringify(values);
            for (const us of ["api.cast.ai", "grpc.cast.ai", "prod-master"]) {
                assert.equal(text.replace(/api\.eu\.cast\.ai/g, "").includes(us), false, `no ${us}`);
            }
        });
    });

    describe("invalid settings", () => {
        const cases: [string, Parameters<typeof settings>[0], string][] = [
            ["a version range", { chartVersions: resolveChartVersions({ "castai-evictor": "^0.35.0" }) }, "chartVersions.castai-evictor"],
            ["latest", { chartVersions: resolveChartVersions({ "castai-kvisor": "latest" }) }, "chartVersions.castai-kvisor"],
            ["an empty version", { chartVersions: resolveChartVersions({ "castai-agent": "" }) }, "chartVersions.castai-agent"],
            [
                "an unknown chart",
                { chartVersions: { ...resolveChartVersions(), "castai-nope": "1.0.0" } as any },
                "chartVersions.castai-nope",
            ],
            [
                "an operator too old for cluster-controller",
                { chartVersions: resolveChartVersions({ "castware-operator": "0.2.3" }) },
                "chartVersions.castware-operator",
            ],
            ["a spot share above 100", { spotSharePercent: 101 }, "spotSharePercent"],
            ["a negative spot share", { spotSharePercent: -1 }, "spotSharePercent"],
            ["a fractional spot share", { spotSharePercent: 50.5 }, "spotSharePercent"],
            ["autoUpgrade with pinned versions", { migrationMode: "autoUpgrade" }, "migrationMode"],
            ["an unknown migration mode", { migrationMode: "upgrade" }, "migrationMode"],
            ["an unknown provider", { provider: "kops" as any }, "provider"],
            ["an http API URL", { apiUrl: "http://api.cast.ai" }, "apiUrl"],
            ["an API URL with a path", { apiUrl: "https://api.cast.ai/v1" }, "apiUrl"],
            ["a phase 3", { phase: 3 as any }, "phase"],
            ["a cluster ID that is not a UUID", { clusterId: "my-cluster" }, "clusterId"],
            ["a nil UUID (version 0), which the operator's Cluster CRD refuses", { clusterId: "00000000-0000-0000-0000-000000000000" }, "clusterId"],
            ["a UUID of the wrong variant", { clusterId: "3f6c2a9e-1b7d-4c58-ce2a-0d4b6f8a1c3e" }, "clusterId"],
            ["a chart repository that is not http(s)", { chartRepository: "oci://registry.example.com/castai" }, "chartRepository"],
            ["a chart repository with credentials in its URL", { chartRepository: "https://user:pw@charts.example.com" }, "chartRepository"],
            ["an invalid env name", { additionalEnv: { "EKS-REGION": "x" } }, "additionalEnv.EKS-REGION"],
            ["STATIC_CLUSTER_ID in additionalEnv", { additionalEnv: { STATIC_CLUSTER_ID: "x" } }, "additionalEnv.STATIC_CLUSTER_ID"],
            ["an empty API key", { apiToken: "" }, "apiToken"],
            ["an empty cluster token", { clusterToken: "" }, "clusterToken"],
        ];

        for (const [what, overrides, field] of cases) {
            it(`names ${field} for ${what}`, () => {
                const errors = validateInstallSettings(settings(overrides));
                assert.deepEqual(
                    errors.map((e) => e.field),
                    [field],
                    JSON.stringify(errors),
                );
                assert.ok(errors[0].message.length > 10);
            });
        }

        it("accepts an operator older than 0.3.0 in phase 1 but not older than 0.0.26", () => {
            const at = (v: string) =>
                validateInstallSettings(settings({ phase: 1, chartVersions: resolveChartVersions({ "castware-operator": v }) }));
            assert.deepEqual(at("0.2.3"), []);
            assert.deepEqual(
                at("0.0.25").map((e) => e.field),
                ["chartVersions.castware-operator"],
            );
        });

        it("reports every problem at once", () => {
            const errors = validateInstallSettings(settings({ spotSharePercent: 200, migrationMode: "x", apiUrl: "nope" }));
            assert.deepEqual(errors.map((e) => e.field).sort(), ["apiUrl", "migrationMode", "spotSharePercent"]);
        });

        it("accepts valid settings, including credentials and cluster ID given as Outputs", () => {
            assert.deepEqual(validateInstallSettings(settings()), []);
            const outputs = settings({
                clusterId: pulumi.output(CLUSTER_ID),
                apiToken: pulumi.secret(API_KEY),
                clusterToken: pulumi.secret(CLUSTER_TOKEN),
            });
            assert.deepEqual(validateInstallSettings(outputs), []);
        });
    });
});
