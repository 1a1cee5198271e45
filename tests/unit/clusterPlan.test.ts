// planCluster: every problem with CastAiCluster's args at once, each naming the field as the user wrote it, or the
// complete plan of what the component creates. Pure: these tests create no resource.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import type { CastAiClusterArgs } from "../../components/clusterArgs";
import { autoscalerPolicies, spotShareGroups, spotTemplateConstraints } from "../../components/clusterObjects";
import { ClusterPlan, planCluster } from "../../components/clusterPlan";
import { environmentProfile } from "../../components/environments";
import { CHART_REPOSITORY, resolveChartVersions } from "../../components/kubernetes/versions";
import { resolved } from "./installSettingsFixture";

const API = { apiUrl: "https://api.eu.cast.ai", apiToken: "org-key" };
const EKS = { accountId: "123456789012", region: "eu-central-1", clusterName: "shop", vpcId: "vpc-1" };
const GKE = { projectId: "shop-1", location: "europe-west1", clusterName: "shop" };
const AKS = {
    subscriptionId: "8f3c2a1e-5b6d-4e7f-9a0b-1c2d3e4f5a6b",
    region: "westeurope",
    resourceGroupName: "rg",
    nodeResourceGroup: "MC_rg",
    clusterName: "shop",
    castaiImpersonationServiceAccountId: "1072",
};
/** Stands for a `k8s.Provider`: planCluster only records which one was given. */
const PROVIDER = { urn: "urn:pulumi:stack::project::pulumi:providers:kubernetes::target" } as unknown as pulumi.ProviderResource;

/** Valid args for an in-cluster phase-2 EKS cluster in prod; tests change one thing at a time. */
const eksArgs = (overrides: Partial<CastAiClusterArgs> = {}): CastAiClusterArgs => ({ environment: "prod", provider: "eks", eks: EKS, ...API, ...overrides });

function planOf(name: string, args: CastAiClusterArgs): ClusterPlan {
    const result = planCluster(name, args);
    assert.ok("plan" in result, `expected a plan, got problems: ${"problems" in result ? result.problems.join("; ") : ""}`);
    return result.plan;
}

function problemsOf(args: CastAiClusterArgs): readonly string[] {
    const result = planCluster("c", args);
    assert.ok("problems" in result, "expected problems, got a plan");
    return result.problems;
}

describe("planCluster", () => {
    describe("valid args give the complete plan", () => {
        it("an in-cluster phase-2 EKS cluster: profile, phase, target derived from EKS, identity with principal, every phase-2 object", () => {
            const plan = planOf("shop", eksArgs());
            assert.deepEqual(plan.profile, environmentProfile("prod"));
            assert.deepEqual([plan.environment, plan.provider, plan.phase, plan.inCluster, plan.apiUrl, plan.apiToken], ["prod", "eks", 2, true, API.apiUrl, API.apiToken]);
            assert.deepEqual(plan.kubeTarget, { kind: "eks", clusterName: "shop", region: "eu-central-1" });
            assert.equal(plan.identity?.provider, "eks");
            assert.equal(plan.identity?.resourceName, "shop-identity");
            assert.deepEqual(plan.identity?.provider === "eks" && plan.identity.principal, {
                resourceName: "shop-principal",
                args: { name: "shop", accountId: EKS.accountId, region: EKS.region, clusterName: EKS.clusterName },
            });
            assert.deepEqual(plan.registration, {
                resourceName: "shop-registration",
                args: { name: "shop", eks: { accountId: EKS.accountId, region: EKS.region, clusterName: EKS.clusterName }, gke: undefined, aks: undefined, deleteNodesOnDisconnect: false },
            });
            assert.equal(plan.autoscalerPolicy?.resourceName, "shop-autoscaler");
            assert.deepEqual(plan.autoscalerPolicy?.args.policies, autoscalerPolicies(environmentProfile("prod")));
            assert.deepEqual(plan.spotTemplate, { resourceName: "shop-spot-template", args: { name: "prod-spot-workers", shouldTaint: false, constraints: spotTemplateConstraints() } });
            assert.deepEqual(plan.spotShare, { resourceName: "shop-spot-share", args: { name: "prod-spot-share", distributionGroups: spotShareGroups(60) } });
            assert.equal(plan.hibernation, undefined, "prod never hibernates");
            assert.equal(plan.monitoring, undefined);
            assert.deepEqual(plan.notices, []);
        });

        it("plans the releases from the resolved install settings: repository, versions, profile fields, IMDS-less metadata on EKS", () => {
            const plan = planOf("shop", eksArgs({ chartVersions: { "castai-evictor": "0.35.100" }, additionalEnv: { HTTPS_PROXY: "http://proxy:3128" } }));
            assert.deepEqual(plan.install, {
                apiUrl: API.apiUrl,
                apiToken: API.apiToken,
                phase: 2,
                migrationMode: undefined,
                additionalEnv: { HTTPS_PROXY: "http://proxy:3128" },
                security: false,
                chartVersions: resolveChartVersions({ "castai-evictor": "0.35.100" }),
                chartRepository: CHART_REPOSITORY,
                provider: "eks",
                metadataEnv: { EKS_ACCOUNT_ID: EKS.accountId, EKS_REGION: EKS.region, EKS_CLUSTER_NAME: EKS.clusterName },
                evictorAggressive: false,
                spotSharePercent: 60,
            });
            assert.equal(planOf("g", { environment: "prod", provider: "gke", gke: GKE, ...API }).install.metadataEnv, undefined, "the metadata variables are EKS's");
        });

        it("takes a chartRepository for every release", () => {
            assert.equal(planOf("shop", eksArgs({ chartRepository: "http://127.0.0.1:8879" })).install.chartRepository, "http://127.0.0.1:8879");
        });

        it("plans the full removal on destroy only when asked", () => {
            assert.equal(planOf("a", eksArgs({ kubeconfig: "apiVersion: v1", fullRemovalOnDestroy: true })).fullRemovalOnDestroy, true);
            assert.equal(planOf("b", eksArgs({ kubeconfig: "apiVersion: v1" })).fullRemovalOnDestroy, false);
        });

        it("targets the given kubeconfig or provider, the cloud cluster when neither is given, and nothing for GitOps", () => {
            assert.deepEqual(planOf("a", eksArgs({ kubeconfig: "apiVersion: v1" })).kubeTarget, { kind: "kubeconfig", kubeconfig: "apiVersion: v1" });
            assert.deepEqual(planOf("b", eksArgs({ kubernetesProvider: PROVIDER })).kubeTarget, { kind: "provider", provider: PROVIDER });
            assert.deepEqual(planOf("c", eksArgs({ inCluster: false })).kubeTarget, { kind: "none" });
            assert.deepEqual(planOf("d", { environment: "prod", provider: "gke", gke: GKE, ...API }).kubeTarget, {
                kind: "gke",
                projectId: GKE.projectId,
                location: GKE.location,
                clusterName: GKE.clusterName,
            });
            assert.deepEqual(planOf("e", { environment: "prod", provider: "aks", aks: AKS, ...API }).kubeTarget, { kind: "aks", resourceGroupName: "rg", clusterName: "shop" });
        });

        it("phase 1: no identity and no phase-2 object, and a notice that the dev profile's hibernation waits for phase 2", () => {
            const plan = planOf("dev", eksArgs({ environment: "dev", phase: 1, eks: { ...EKS, vpcId: undefined } }));
            assert.deepEqual([plan.identity, plan.autoscalerPolicy, plan.spotTemplate, plan.spotShare, plan.hibernation], [undefined, undefined, undefined, undefined, undefined]);
            assert.deepEqual(plan.notices, [`CastAiCluster "dev" is phase 1 (read-only): the dev profile's hibernation and spot share apply once it moves to phase 2`]);
        });

        it("GitOps needs no API token and no Kubernetes target", () => {
            const plan = planOf("g", eksArgs({ inCluster: false, apiToken: undefined }));
            assert.equal(plan.inCluster, false);
            assert.deepEqual(plan.kubeTarget, { kind: "none" });
        });

        it("brought identities: no EKS principal to look up, no AKS impersonation lookup", () => {
            const eks = planOf("e", eksArgs({ eks: { ...EKS, vpcId: undefined, existingRoleArn: "arn:aws:iam::123456789012:role/r" } })).identity;
            assert.ok(eks?.provider === "eks" && eks.principal === undefined);
            const aks = planOf("a", { environment: "prod", provider: "aks", aks: { ...AKS, castaiImpersonationServiceAccountId: undefined }, ...API }).identity;
            assert.ok(aks?.provider === "aks" && aks.lookUpImpersonationAccount, "looked up when creating without a subject");
            const byo = planOf("b", {
                environment: "prod",
                provider: "aks",
                aks: { ...AKS, castaiImpersonationServiceAccountId: undefined, tenantId: "2b7d4c9e-1a3f-4e5b-8c6d-7e8f9a0b1c2d", existingClientId: "c", existingFederationId: "f" },
                ...API,
            }).identity;
            assert.ok(byo?.provider === "aks" && !byo.lookUpImpersonationAccount);
        });

        it("accepts identity args given as Outputs (a cluster created in the same program) and passes them on unchanged", async () => {
            const accountId = pulumi.output("12-not-checked-yet");
            const clusterName = pulumi.output("shop-from-eks");
            const plan = planOf("o", eksArgs({ eks: { ...EKS, accountId, clusterName, vpcId: pulumi.output("vpc-2") } }));
            const registration = plan.registration.args.eks as { accountId: unknown; clusterName: unknown };
            assert.equal(registration.accountId, accountId, "format checks wait for the value: the registration checks it at preview");
            assert.equal(registration.clusterName, clusterName);
            assert.equal(plan.registration.args.name, clusterName, "the CAST AI name defaults to the cluster name, an Output too");
            const dev = planOf("h", eksArgs({ environment: "dev", eks: { ...EKS, clusterName } }));
            assert.equal(await resolved(dev.hibernation?.args.name), "shop-from-eks-off-hours");
            assert.deepEqual(plan.kubeTarget, { kind: "eks", clusterName, region: EKS.region });
        });
    });

    describe("invalid args give every problem, each one line naming the field", () => {
        const cases: [string, Partial<CastAiClusterArgs>, string][] = [
            ["no environment", { environment: "" }, 'environment is required: "dev", "staging", "prod", or another name with a full profile'],
            ["provider gcp", { provider: "gcp" as "gke" }, 'provider must be "eks", "gke" or "aks", got "gcp"'],
            ["no eks block", { eks: undefined }, 'eks is required when provider is "eks": accountId, region, clusterName'],
            ["missing eks.accountId", { eks: { ...EKS, accountId: undefined as unknown as string } }, "eks.accountId is required"],
            ["empty eks.region", { eks: { ...EKS, region: "" } }, "eks.region is required"],
            ["an unquoted eks.accountId from YAML", { eks: { ...EKS, accountId: 123456789012 as unknown as string } }, "eks.accountId must be a string, got 123456789012"],
            ["malformed eks.accountId", { eks: { ...EKS, accountId: "12-34" } }, 'eks.accountId must be the 12-digit AWS account id, got "12-34" (a string)'],
            [
                "an unknown eks.region",
                { eks: { ...EKS, region: "mars-north-9" } },
                'eks.region must be an AWS region (commercial, GovCloud, China or European Sovereign Cloud) such as eu-central-1, got "mars-north-9" (a string)',
            ],
            ["gke args with provider eks", { gke: GKE }, 'gke is set but provider is "eks": remove gke or change provider'],
            ["phase 3", { phase: 3 as 2 }, "phase must be 1 (read-only monitoring) or 2 (automation), got 3"],
            [
                "explicit hibernation in phase 1",
                { phase: 1, profile: { hibernation: { pauseCron: "0 19 * * *", resumeCron: "0 7 * * *" } } },
                "profile.hibernation needs phase 2: a read-only (phase 1) cluster gives CAST AI no credentials to pause nodes",
            ],
            ["explicit spot share in phase 1", { phase: 1, profile: { spotSharePercent: 80 } }, "profile.spotSharePercent needs phase 2: the pod mutator that splits pods runs only with automation"],
            ["explicit spot template in phase 1", { phase: 1, spotNodeTemplate: true }, "spotNodeTemplate needs phase 2: a read-only (phase 1) cluster gives CAST AI no credentials to launch nodes"],
            ["GitOps with monitoring", { inCluster: false, monitoring: true }, "monitoring is set but inCluster is false: the PrometheusRule and PodMonitor are installed in the cluster, so remove one of them"],
            ["GitOps with a kubernetes provider", { inCluster: false, kubernetesProvider: PROVIDER }, "kubernetesProvider is set but inCluster is false: nothing is installed in the cluster, so remove one of them"],
            ["GitOps with a kubeconfig", { inCluster: false, kubeconfig: "apiVersion: v1" }, "kubeconfig is set but inCluster is false: nothing is installed in the cluster, so remove one of them"],
            ["an empty kubeconfig", { kubeconfig: "" }, "kubeconfig is empty: pass the target cluster's kubeconfig, or leave it out to derive one from the cloud cluster"],
            ["GitOps with full removal", { inCluster: false, fullRemovalOnDestroy: true }, "fullRemovalOnDestroy is set but inCluster is false: nothing is installed in the cluster, so remove one of them"],
            [
                "full removal through a kubernetes provider",
                { kubernetesProvider: PROVIDER, fullRemovalOnDestroy: true },
                "fullRemovalOnDestroy needs the cluster's kubeconfig, which a kubernetesProvider does not expose: pass kubeconfig instead of kubernetesProvider",
            ],
            ["full removal as a string from YAML", { fullRemovalOnDestroy: "yes" as unknown as boolean }, 'fullRemovalOnDestroy must be true or false, got "yes" (a string)'],
            ["a misspelled top-level field", { inCluser: false } as Partial<CastAiClusterArgs>, "inCluser is not a field of CastAiCluster; did you mean inCluster?"],
            ["a field in the wrong case", { profile: { maxCPUCores: 8 } } as unknown as Partial<CastAiClusterArgs>, "profile.maxCPUCores is not a field of profile; did you mean profile.maxCpuCores?"],
            ["a misspelled cloud field", { eks: { ...EKS, acountId: "1" } } as Partial<CastAiClusterArgs>, "eks.acountId is not a field of eks; did you mean eks.accountId?"],
            [
                "a field that is nowhere near a known one",
                { profile: { colour: "blue" } } as unknown as Partial<CastAiClusterArgs>,
                "profile.colour is not a field of profile; the fields are maxCpuCores, spotSharePercent, hibernation, evictorAggressive, headroomPercent, emptyNodeDelaySeconds",
            ],
            ["a misspelled monitoring option", { monitoring: { label: { a: "b" } } } as unknown as Partial<CastAiClusterArgs>, "monitoring.label is not a field of monitoring; did you mean monitoring.labels?"],
            ["inCluster as a string from YAML", { inCluster: "false" as unknown as boolean, kubeconfig: undefined }, 'inCluster must be true or false, got "false" (a string)'],
            ["security as a number", { security: 1 as unknown as boolean }, "security: must be true or false, got 1"],
            ["monitoring as a string", { monitoring: "yes" as unknown as boolean }, 'monitoring must be true, false or { labels }, got "yes" (a string)'],
            ["an empty CAST AI name", { name: "" }, "name must not be empty: leave it out to use the cloud cluster name"],
            ["an EKS role to create without a VPC", { eks: { ...EKS, vpcId: undefined } }, "eks.vpcId is required to create the CAST AI role (or pass eks.existingRoleArn)"],
            ["a malformed existing role", { eks: { ...EKS, existingRoleArn: "role/x" } }, 'eks.existingRoleArn must be an IAM role or user ARN (arn:aws:iam::<account>:role/<name>), got "role/x"'],
            ["a chart version range", { chartVersions: { "castware-operator": "^0.10.0" } }, 'chartVersions.castware-operator: "^0.10.0" is not an exact version; pin one chart version like 1.2.3 (ranges, "latest" and "" would drift)'],
            ["an unknown chart", { chartVersions: { "castai-agnet": "1.0.0" } as CastAiClusterArgs["chartVersions"] }, "chartVersions.castai-agnet: unknown chart; known charts: castware-operator, castware-components, castai-agent, castai-spot-handler, castai-cluster-controller, castai-evictor, castai-pod-pinner, castai-pod-mutator, castai-kvisor"],
            ["an OCI chart repository", { chartRepository: "oci://ghcr.io/castai" }, 'chartRepository: must be the http(s) URL of a Helm chart repository, e.g. https://castai.github.io/helm-charts; got "oci://ghcr.io/castai"'],
            ["an empty API token", { apiToken: "" }, "apiToken: is empty; the operator needs the organization API key"],
            ["STATIC_CLUSTER_ID in additionalEnv", { additionalEnv: { STATIC_CLUSTER_ID: "x" } }, "additionalEnv.STATIC_CLUSTER_ID: is set from clusterId; remove it"],
            ["a waitForConnected below 10 s", { waitForConnected: 5 }, "waitForConnected must be true, false or a whole number of seconds from 10 to 3600, got 5"],
            ["a waitForConnected given as a string", { waitForConnected: "600" as unknown as number }, 'waitForConnected must be true, false or a whole number of seconds from 10 to 3600, got "600" (a string)'],
            ["an http API URL", { apiUrl: "http://api.cast.ai" }, 'apiUrl: must use https (the API key is sent to it; plain http is only for an emulator on 127.0.0.1 or localhost), got "http://api.cast.ai"'],
        ];
        for (const [what, overrides, message] of cases) {
            it(`${what}: ${message}`, () => {
                assert.deepEqual(problemsOf(eksArgs(overrides)), [message]);
            });
        }

        it("kubeconfig and kubernetesProvider together: they exclude each other", () => {
            assert.deepEqual(problemsOf(eksArgs({ kubeconfig: "apiVersion: v1", kubernetesProvider: PROVIDER })), [
                "kubeconfig and kubernetesProvider exclude each other: pass the target cluster's kubeconfig or a provider for it, not both",
            ]);
        });

        it("never quotes the kubeconfig, whatever is wrong", () => {
            const kubeconfig = "users: [{ name: admin, user: { token: s3cr3t-kube-token } }]";
            const problems = problemsOf(eksArgs({ kubeconfig, kubernetesProvider: PROVIDER, inCluster: false }));
            assert.equal(problems.length, 3);
            assert.ok(!problems.join("\n").includes("s3cr3t"));
        });

        it("in-cluster without any API token (no argument, no castai:apiToken, no CASTAI_API_TOKEN)", () => {
            const saved = process.env.CASTAI_API_TOKEN;
            delete process.env.CASTAI_API_TOKEN;
            try {
                assert.deepEqual(problemsOf(eksArgs({ apiToken: undefined })), [
                    "apiToken is required to install the operator: set `pulumi config set --secret castai:apiToken <key>` or pass apiToken",
                ]);
            } finally {
                if (saved !== undefined) {
                    process.env.CASTAI_API_TOKEN = saved;
                }
            }
        });

        it("names each cloud's identity fields under its block", () => {
            assert.deepEqual(problemsOf({ environment: "prod", provider: "gke", gke: { ...GKE, location: "", existingServiceAccountKeyJson: "{}" }, ...API }), [
                "gke.location is required",
                'gke.existingServiceAccountKeyJson must be a service-account key JSON document with "type": "service_account", "client_email" and "private_key"',
            ]);
            assert.deepEqual(
                problemsOf({ environment: "prod", provider: "aks", aks: { ...AKS, nodeResourceGroup: undefined as unknown as string, existingClientId: "c", existingClientSecret: "s", existingFederationId: "f" }, ...API }),
                [
                    "aks.nodeResourceGroup is required",
                    "aks.existingClientSecret and aks.existingFederationId exclude each other: CAST AI takes one credential",
                    "aks.tenantId is required with aks.existingClientId",
                ],
            );
            assert.deepEqual(problemsOf(eksArgs({ eks: { ...EKS, existingInstanceProfileArn: "arn:aws:iam::123456789012:instance-profile/p" } })), [
                "eks.existingInstanceProfileArn needs eks.existingRoleArn: bring both, or only the role, or neither (an existing instance profile with a role this component creates would be half-managed)",
            ]);
        });

        it("checks each cloud's ids and region by their formats and region lists, every problem at once", () => {
            assert.deepEqual(problemsOf({ environment: "prod", provider: "gke", gke: { ...GKE, projectId: "My Project!", location: "europe-west7-b" }, ...API }), [
                'gke.projectId must be a GCP project id: 6 to 30 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen, got "My Project!" (a string)',
                'gke.location must be a GCP region such as europe-west1 or one of its zones such as europe-west1-b, got "europe-west7-b" (a string); did you mean europe-west1?',
            ]);
            assert.deepEqual(problemsOf({ environment: "prod", provider: "aks", aks: { ...AKS, subscriptionId: "abc", region: "West Europe", tenantId: "t" }, ...API }), [
                'aks.subscriptionId must be an Azure subscription id, a GUID such as 8c2f4e1a-6b3d-4f7e-9a05-d1c8b7e3f260, got "abc" (a string)',
                'aks.tenantId must be an Entra tenant id, a GUID such as 5d9b1c7e-2a4f-4e8b-b316-0f7a9c2e4d81, got "t" (a string)',
                'aks.region must be an Azure region as the ARM API names it, lowercase without spaces, such as westeurope, got "West Europe" (a string); did you mean westeurope?',
            ]);
            planOf("z", { environment: "prod", provider: "gke", gke: { ...GKE, location: "us-central1-f" }, ...API });
        });

        it("checks only the registration's fields in phase 1, where no identity is created", () => {
            assert.deepEqual(problemsOf(eksArgs({ phase: 1, eks: { ...EKS, accountId: "1", vpcId: undefined } })), ['eks.accountId must be the 12-digit AWS account id, got "1" (a string)']);
        });

        it("needs nothing from the user that the component supplies itself (the EKS principal and cluster id, the AKS subject)", () => {
            planOf("e", eksArgs());
            planOf("a", { environment: "prod", provider: "aks", aks: { ...AKS, castaiImpersonationServiceAccountId: undefined }, ...API });
        });

        it("reports every problem at once, in one list, each reported once", () => {
            assert.deepEqual(
                problemsOf({
                    environment: "prod",
                    provider: "eks",
                    eks: { ...EKS, accountId: "1", vpcId: undefined },
                    gke: GKE,
                    profile: { headroomPercent: -1 },
                    apiUrl: API.apiUrl,
                    apiToken: "",
                    kubeconfig: "apiVersion: v1",
                    kubernetesProvider: PROVIDER,
                    chartVersions: { "castware-operator": "0.2.0" },
                    chartRepository: "castai.github.io/helm-charts",
                }),
                [
                    'eks.accountId must be the 12-digit AWS account id, got "1" (a string)',
                    "eks.vpcId is required to create the CAST AI role (or pass eks.existingRoleArn)",
                    'gke is set but provider is "eks": remove gke or change provider',
                    "kubeconfig and kubernetesProvider exclude each other: pass the target cluster's kubeconfig or a provider for it, not both",
                    "profile.headroomPercent must be a whole number from 0 to 100 percent, got -1",
                    "apiToken: is empty; the operator needs the organization API key",
                    'chartRepository: must be the http(s) URL of a Helm chart repository, e.g. https://castai.github.io/helm-charts; got "castai.github.io/helm-charts"',
                    "chartVersions.castware-operator: 0.2.0 is older than 0.3.0, the first operator release that supports cluster-controller (phase 2)",
                ],
            );
        });

        it("reports an unknown environment's missing profile fields", () => {
            assert.deepEqual(problemsOf(eksArgs({ environment: "qa", profile: { maxCpuCores: 8 } })), [
                'environment "qa" has no built-in profile (dev, staging, prod do): set profile.spotSharePercent, profile.hibernation, profile.evictorAggressive, profile.headroomPercent, profile.emptyNodeDelaySeconds',
            ]);
        });
    });
});
