// The plain decisions behind CastAiCluster: argument checks and the CAST AI documents derived from a profile.
import { strict as assert } from "assert";
import {
    ClusterArgsShape,
    autoscalerPolicies,
    clusterArgsProblems,
    identityArgsProblems,
    resumeInstanceTypes,
    spotShareGroups,
    spotTemplateConstraints,
} from "../../components/clusterPlan";
import { EnvironmentProfile, environmentProfile } from "../../components/environments";

const EKS = { accountId: "123456789012", region: "eu-central-1", clusterName: "shop", vpcId: "vpc-1" };
const GKE = { projectId: "shop-1", location: "europe-west1", clusterName: "shop" };
const AKS = {
    subscriptionId: "sub",
    region: "westeurope",
    resourceGroupName: "rg",
    nodeResourceGroup: "MC_rg",
    clusterName: "shop",
    castaiImpersonationServiceAccountId: "1072",
};

/** Valid args for an in-cluster phase-2 EKS cluster in prod; tests change one thing at a time. */
function shape(overrides: Partial<ClusterArgsShape> = {}): ClusterArgsShape {
    return {
        provider: "eks",
        environment: "prod",
        phase: 2,
        inCluster: true,
        hasKubernetesProvider: false,
        hasApiToken: true,
        clouds: { eks: EKS, gke: undefined, aks: undefined },
        explicitProfile: {},
        ...overrides,
    };
}

const prod = environmentProfile("prod");
const problems = (overrides: Partial<ClusterArgsShape> = {}, profile: EnvironmentProfile | undefined = prod) => clusterArgsProblems(shape(overrides), profile);

describe("autoscalerPolicies", () => {
    const table = [
        ["dev", 16, 5, 60, true],
        ["staging", 50, 5, 60, false],
        ["prod", 200, 15, 300, false],
    ] as const;
    for (const [env, maxCores, headroom, delay, aggressive] of table) {
        it(`${env}: ${maxCores} cores, ${headroom}% headroom for CPU and memory, ${delay} s empty-node delay, evictor aggressive ${aggressive}`, () => {
            assert.deepEqual(autoscalerPolicies(environmentProfile(env)), {
                enabled: true,
                unschedulablePods: { enabled: true, headroom: { enabled: true, cpuPercentage: headroom, memoryPercentage: headroom } },
                clusterLimits: { enabled: true, cpu: { maxCores } },
                nodeDownscaler: {
                    enabled: true,
                    emptyNodes: { enabled: true, delaySeconds: delay },
                    evictor: { enabled: true, aggressiveMode: aggressive },
                },
            });
        });
    }

    it("keeps 0 and false from the profile instead of dropping them", () => {
        const p = autoscalerPolicies({ ...prod, headroomPercent: 0, emptyNodeDelaySeconds: 0, evictorAggressive: false });
        assert.equal(p.unschedulablePods?.headroom?.cpuPercentage, 0);
        assert.equal(p.nodeDownscaler?.emptyNodes?.delaySeconds, 0);
        assert.equal(p.nodeDownscaler?.evictor?.aggressiveMode, false);
    });
});

describe("spotShareGroups", () => {
    it("splits pods between a spot-only group and an on-demand group that always sum to 100", () => {
        for (let percent = 0; percent <= 100; percent++) {
            const groups = spotShareGroups(percent);
            assert.deepEqual(groups.map((g) => g.name), ["spot", "on-demand"]);
            assert.equal(groups[0].percentage + groups[1].percentage, 100, `${percent}%`);
            assert.equal(groups[0].percentage, percent);
        }
    });

    it("sends the spot group to spot only and leaves the other group's placement alone", () => {
        assert.deepEqual(spotShareGroups(60), [
            { name: "spot", percentage: 60, config: { spotType: "USE_ONLY_SPOT" } },
            { name: "on-demand", percentage: 40, config: {} },
        ]);
    });
});

describe("spotTemplateConstraints and resumeInstanceTypes", () => {
    it("is seed 000's spot worker template: spot with on-demand fallback, restored after 30 minutes", () => {
        assert.deepEqual(spotTemplateConstraints(), {
            spot: true,
            onDemand: false,
            useSpotFallbacks: true,
            fallbackRestoreRateSeconds: 1800,
            architectures: ["amd64"],
        });
    });

    it("wakes a hibernated cluster with a small general-purpose node of its cloud", () => {
        assert.deepEqual({ ...resumeInstanceTypes }, { eks: "m5.large", gke: "e2-standard-4", aks: "Standard_D4s_v5" });
    });
});

describe("clusterArgsProblems", () => {
    it("finds nothing wrong with valid args on each cloud, phase and mode", () => {
        assert.deepEqual(problems(), []);
        assert.deepEqual(problems({ provider: "gke", clouds: { eks: undefined, gke: GKE, aks: undefined } }), []);
        assert.deepEqual(problems({ provider: "aks", clouds: { eks: undefined, gke: undefined, aks: AKS } }), []);
        assert.deepEqual(problems({ phase: 1, clouds: { eks: { ...EKS, vpcId: undefined }, gke: undefined, aks: undefined } }), []);
        assert.deepEqual(problems({ inCluster: false, hasApiToken: false }), []);
        assert.deepEqual(problems({ hasKubernetesProvider: true, monitoring: true }), []);
    });

    const cases: [string, Partial<ClusterArgsShape>, string][] = [
        ["no environment", { environment: "" }, 'environment is required: "dev", "staging", "prod", or another name with a full profile'],
        ["provider gcp", { provider: "gcp" }, 'provider must be "eks", "gke" or "aks", got "gcp"'],
        ["no provider", { provider: undefined }, 'provider must be "eks", "gke" or "aks", got undefined'],
        ["no eks block", { clouds: { eks: undefined, gke: undefined, aks: undefined } }, 'eks is required when provider is "eks": accountId, region, clusterName'],
        ["missing eks.accountId", { clouds: { eks: { ...EKS, accountId: undefined }, gke: undefined, aks: undefined } }, "eks.accountId is required"],
        ["empty eks.region", { clouds: { eks: { ...EKS, region: "" }, gke: undefined, aks: undefined } }, "eks.region is required"],
        ["malformed eks.accountId", { clouds: { eks: { ...EKS, accountId: "12-34" }, gke: undefined, aks: undefined } }, 'eks.accountId must be the 12-digit AWS account id, got "12-34"'],
        ["gke args with provider eks", { clouds: { eks: EKS, gke: GKE, aks: undefined } }, 'gke is set but provider is "eks": remove gke or change provider'],
        ["missing aks.nodeResourceGroup", { provider: "aks", clouds: { eks: undefined, gke: undefined, aks: { ...AKS, nodeResourceGroup: undefined } } }, "aks.nodeResourceGroup is required"],
        ["phase 3", { phase: 3 }, "phase must be 1 (read-only monitoring) or 2 (automation), got 3"],
        [
            "explicit hibernation in phase 1",
            { phase: 1, explicitProfile: { hibernation: { pauseCron: "0 19 * * *", resumeCron: "0 7 * * *" } } },
            "profile.hibernation needs phase 2: a read-only (phase 1) cluster gives CAST AI no credentials to pause nodes",
        ],
        [
            "explicit spot share in phase 1",
            { phase: 1, explicitProfile: { spotSharePercent: 80 } },
            "profile.spotSharePercent needs phase 2: the pod mutator that splits pods runs only with automation",
        ],
        [
            "explicit spot template in phase 1",
            { phase: 1, spotNodeTemplate: true },
            "spotNodeTemplate needs phase 2: a read-only (phase 1) cluster gives CAST AI no credentials to launch nodes",
        ],
        [
            "in-cluster without an API token",
            { hasApiToken: false },
            "apiToken is required to install the operator: set `pulumi config set --secret castai:apiToken <key>` or pass apiToken",
        ],
        [
            "GitOps with a kubernetes provider",
            { inCluster: false, hasKubernetesProvider: true },
            "kubernetesProvider is set but inCluster is false: nothing is installed in the cluster, so remove one of them",
        ],
        [
            "GitOps with monitoring",
            { inCluster: false, monitoring: true },
            "monitoring is set but inCluster is false: the PrometheusRule and PodMonitor are installed in the cluster, so remove one of them",
        ],
        [
            "an EKS role to create without a VPC",
            { clouds: { eks: { ...EKS, vpcId: undefined }, gke: undefined, aks: undefined } },
            "eks.vpcId is required to create the CAST AI role (or pass eks.existingRoleArn)",
        ],
    ];
    for (const [what, overrides, message] of cases) {
        it(`${what}: ${message}`, () => {
            assert.deepEqual(problems(overrides), [message]);
        });
    }

    it("phase 1 accepts what does not ask for automation: hibernation false, a 100% share, no template", () => {
        assert.deepEqual(problems({ phase: 1, explicitProfile: { hibernation: false, spotSharePercent: 100 }, spotNodeTemplate: false }), []);
    });

    it("adds the resolved profile's problems, named profile.<field>", () => {
        assert.deepEqual(problems({}, { ...prod, spotSharePercent: 150 }), ["profile.spotSharePercent must be a whole number from 0 to 100 percent, got 150"]);
    });

    it("reports every problem at once, and a malformed account id once", () => {
        const found = problems({ environment: "", phase: 3, clouds: { eks: { ...EKS, accountId: "1" }, gke: GKE, aks: undefined }, hasApiToken: false });
        assert.deepEqual(found, [
            'environment is required: "dev", "staging", "prod", or another name with a full profile',
            'eks.accountId must be the 12-digit AWS account id, got "1"',
            'gke is set but provider is "eks": remove gke or change provider',
            "phase must be 1 (read-only monitoring) or 2 (automation), got 3",
            "apiToken is required to install the operator: set `pulumi config set --secret castai:apiToken <key>` or pass apiToken",
        ]);
        const phase2 = problems({ clouds: { eks: { ...EKS, accountId: "1" }, gke: undefined, aks: undefined } });
        assert.deepEqual(phase2, ['eks.accountId must be the 12-digit AWS account id, got "1"']);
    });
});

describe("identityArgsProblems", () => {
    it("names the identity rules of each cloud as CastAiCluster fields", () => {
        assert.deepEqual(identityArgsProblems("eks", { ...EKS, vpcId: undefined, existingInstanceProfileArn: "arn:aws:iam::123456789012:instance-profile/p" }), [
            "eks.vpcId is required to create the CAST AI role (or pass eks.existingRoleArn)",
            "eks.existingInstanceProfileArn needs eks.existingRoleArn: bring both, or only the role, or neither (an existing instance profile with a role this component creates would be half-managed)",
        ]);
        assert.deepEqual(identityArgsProblems("eks", { ...EKS, existingRoleArn: "role/x" }), [
            'eks.existingRoleArn must be an IAM role or user ARN (arn:aws:iam::<account>:role/<name>), got "role/x"',
        ]);
        assert.deepEqual(identityArgsProblems("gke", { ...GKE, existingServiceAccountKeyJson: "{}" }), [
            'gke.existingServiceAccountKeyJson must be a service-account key JSON document with "type": "service_account", "client_email" and "private_key"',
        ]);
        // CastAiCluster looks the impersonation account up itself when it is not given.
        assert.deepEqual(identityArgsProblems("aks", { ...AKS, castaiImpersonationServiceAccountId: undefined }), []);
        assert.deepEqual(identityArgsProblems("aks", { ...AKS, existingClientId: "c", existingClientSecret: "s", existingFederationId: "f" }), [
            "aks.existingClientSecret and aks.existingFederationId exclude each other: CAST AI takes one credential",
            "aks.tenantId is required with aks.existingClientId",
        ]);
    });

    it("needs nothing from the user that the component supplies itself (the EKS principal and cluster id, the AKS impersonation account)", () => {
        assert.deepEqual(identityArgsProblems("eks", EKS), []);
        assert.deepEqual(identityArgsProblems("eks", { ...EKS, vpcId: undefined, existingRoleArn: "arn:aws:iam::123456789012:role/r" }), []);
        assert.deepEqual(identityArgsProblems("gke", GKE), []);
        assert.deepEqual(identityArgsProblems("aks", AKS), []);
    });
});
