import { strict as assert } from "node:assert";
import { validatePolicies } from "../../components/resources/autoscalerPolicy";
import { cronProblem, isTimeZone, zonedCron } from "../../components/resources/cron";
import { ExternalClusterInputs, credentialsUpdate, gkeRegion, registrationRequest, validateExternalCluster } from "../../components/resources/externalCluster";
import { validateHibernationSchedule } from "../../components/resources/hibernationSchedule";
import { CONSTRAINT_FIELDS, NodeTemplateInputs, templateBody, validateNodeTemplate } from "../../components/resources/nodeTemplate";
import { NodeConfigurationInputs, validateNodeConfiguration } from "../../components/resources/nodeConfiguration";
import { validatePodMutation } from "../../components/resources/podMutation";
import { validateServiceAccountKey } from "../../components/resources/serviceAccountKey";
import { UNKNOWN } from "../../components/resources/compare";
import { Validator } from "../../components/resources/validation";

function failures(run: (v: Validator) => void): Record<string, string> {
    const v = new Validator();
    run(v);
    return Object.fromEntries(v.failures.map((f) => [f.property, f.reason]));
}

const eks = { accountId: "123456789012", region: "eu-central-1", clusterName: "a" };
const clusterId = "00000000-0000-4000-8000-000000000001";
const serviceAccountId = "00000000-0000-4000-8000-000000000002";

describe("resource input checks (run in `check`, before any API call)", () => {
    it("ExternalCluster: exactly one cloud, its identity, and that cloud's credentials", () => {
        assert.match(failures((v) => validateExternalCluster({ name: "a" } as ExternalClusterInputs, v)).eks, /exactly one of eks, gke or aks/);
        const f = failures((v) => validateExternalCluster({ name: "a", eks: { ...eks, accountId: "12" }, credentials: { assumeRoleArn: "role/x", clientId: "c" } }, v));
        assert.match(f["eks.accountId"], /12-digit/);
        assert.match(f["credentials.assumeRoleArn"], /IAM role ARN/);
        assert.match(f["credentials.clientId"], /^credentials.clientId is not a field of credentials; the fields are assumeRoleArn$/);
        const gke = failures((v) => validateExternalCluster({ name: "g", gke: { projectId: "shop-dev", location: "europe-west1", clusterName: "g" }, credentials: { serviceAccountKeyJson: '{"private_key":"TOPSECRET"}' } }, v));
        assert.ok(gke["credentials.serviceAccountKeyJson"]);
        assert.ok(!gke["credentials.serviceAccountKeyJson"].includes("TOPSECRET"), "the reason never quotes a key");
        const aks = failures((v) => validateExternalCluster({ name: "z", aks: { subscriptionId: "8f3c2a1e-5b6d-4e7f-9a0b-1c2d3e4f5a6b", region: "westeurope", nodeResourceGroup: "n" }, credentials: { clientId: "c", tenantId: "2b7d4c9e-1a3f-4e5b-8c6d-7e8f9a0b1c2d", clientSecret: "x", federationId: "f" } }, v));
        assert.match(aks["credentials.clientSecret"], /exactly one of credentials.clientSecret or credentials.federationId/);
        assert.deepEqual(failures((v) => validateExternalCluster({ name: "a", eks, credentials: { assumeRoleArn: UNKNOWN } }, v)), {}, "unknown at preview passes");
    });

    it("ExternalCluster: registration and credential bodies per cloud", () => {
        assert.equal(gkeRegion("europe-central2-a"), "europe-central2");
        assert.equal(gkeRegion("europe-west1"), "europe-west1");
        assert.deepEqual(registrationRequest({ name: "g", gke: { projectId: "p", location: "europe-west1-b", clusterName: "g" } }), {
            name: "g",
            gke: { projectId: "p", region: "europe-west1", location: "europe-west1-b", clusterName: "g" },
        });
        assert.deepEqual(credentialsUpdate({ name: "a", eks, credentials: { assumeRoleArn: "arn:aws:iam::123456789012:role/r" } }), { eks: { assumeRoleArn: "arn:aws:iam::123456789012:role/r" } });
        const aks = credentialsUpdate({ name: "z", aks: { subscriptionId: "s", region: "r", nodeResourceGroup: "n" }, credentials: { clientId: "c", tenantId: "t", federationId: "f" } });
        assert.deepEqual(JSON.parse(aks!.credentials!), { clientId: "c", tenantId: "t", subscriptionId: "s", federationId: "f" });
    });

    it("AutoscalerPolicy: names mistyped fields, out-of-range values and fields the server owns", () => {
        const f = failures((v) =>
            validatePolicies(
                {
                    unschedulablePods: { headroom: { cpuPercentage: 150, memoryPct: 5 } },
                    nodeDownscaler: { emptyNodes: { delaySeconds: -1 }, evictor: { cycleInterval: "often" } },
                    clusterLimits: { cpu: { minCores: 10, maxCores: 5 } },
                    spotInstances: { enabled: true },
                },
                v,
            ),
        );
        assert.match(f["policies.unschedulablePods.headroom.cpuPercentage"], /from 0 to 100 percent/);
        assert.match(f["policies.unschedulablePods.headroom.memoryPct"], /^policies.unschedulablePods.headroom.memoryPct is not a field of policies.unschedulablePods.headroom; the fields are enabled, cpuPercentage, memoryPercentage$/);
        assert.match(f["policies.nodeDownscaler.emptyNodes.delaySeconds"], /from 0 to 86400 seconds/);
        assert.match(f["policies.nodeDownscaler.evictor.cycleInterval"], /duration/);
        assert.match(f["policies.clusterLimits.cpu.minCores"], /must not exceed maxCores/);
        assert.match(f["policies.spotInstances"], /default node template/);
    });

    it("NodeTemplate: taints need shouldTaint; the body carries only what the user set", () => {
        const f = failures((v) => validateNodeTemplate({ clusterId, name: "Spot_Workers", customTaints: [{ key: "k", effect: "NoSchedule" }], constraints: { spot: false, onDemand: false } }, v));
        assert.match(f.name, /DNS label/);
        assert.match(f.shouldTaint, /must be true when customTaints/);
        assert.match(f["constraints.onDemand"], /cannot both be false/);
        assert.deepEqual(templateBody({ clusterId: "c", name: "spot", constraints: { spot: true } }), { isDefault: false, constraints: { spot: true } });
        assert.deepEqual(templateBody({ clusterId: "c", name: "default-by-castai", isEnabled: false }), { isDefault: true, isEnabled: false });
    });

    it("HibernationSchedule: cron expressions and IANA time zones", () => {
        assert.equal(cronProblem("0 19 * * 1-5"), undefined);
        assert.equal(cronProblem("*/15 7-19 * jan-mar mon-fri"), undefined);
        assert.match(cronProblem("0 25 * * *")!, /hour "25" is outside 0-23/);
        assert.match(cronProblem("0 19 * *")!, /needs 5 fields/);
        assert.equal(isTimeZone("Europe/Vilnius"), true);
        assert.equal(isTimeZone("Mars/Olympus"), false);
        assert.equal(zonedCron("0 19 * * 1-5", "Europe/Vilnius"), "CRON_TZ=Europe/Vilnius 0 19 * * 1-5");
        assert.equal(zonedCron("0 19 * * 1-5", "UTC"), "0 19 * * 1-5");
        const f = failures((v) => validateHibernationSchedule({ name: "n", enabled: true, clusterIds: [], pauseCron: "0 19 * * 1-5", resumeCron: "0 19 * * 1-5", timeZone: "Mars/Olympus", resumeInstanceType: "m5.large" }, v));
        assert.match(f.clusterIds, /at least one/);
        assert.match(f.resumeCron, /must differ from pauseCron/);
        assert.match(f.timeZone, /not an IANA time zone/);
    });

    it("PodMutation: distribution groups sum to at most 100 with unique names", () => {
        const f = failures((v) =>
            validatePodMutation({ clusterId, name: "m", distributionGroups: [{ name: "a", percentage: 70, config: { spotType: "USE_ONLY_SPOT" } }, { name: "a", percentage: 40, config: { spotType: "SPOTTY" as never } }] }, v),
        );
        assert.match(f.distributionGroups, /add up to 110/);
        assert.match(f["distributionGroups[1].name"], /used twice/);
        assert.match(f["distributionGroups[1].config.spotType"], /must be one of "OPTIONAL_SPOT"/);
    });

    it("ServiceAccountKey: expiry must be RFC 3339", () => {
        assert.match(failures((v) => validateServiceAccountKey({ serviceAccountId, name: "k", expiresAt: "next week" }, v)).expiresAt, /RFC 3339/);
        assert.deepEqual(failures((v) => validateServiceAccountKey({ serviceAccountId, name: "k", expiresAt: "2027-01-31T00:00:00Z" }, v)), {});
    });

    it("NodeConfiguration: the disk and drain ranges the API accepts, each message showing the value given", () => {
        const f = failures((v) => validateNodeConfiguration({ clusterId, name: "n", minDiskSize: 10, drainTimeoutSec: 86_400, diskCpuRatio: "2" } as unknown as NodeConfigurationInputs, v));
        assert.equal(f.minDiskSize, "minDiskSize must be a whole number from 30 to 65536 GiB, got 10");
        assert.equal(f.drainTimeoutSec, "drainTimeoutSec must be a whole number from 0 to 10800 seconds, got 86400");
        assert.equal(f.diskCpuRatio, 'diskCpuRatio must be a whole number from 0 to 1000 GiB per CPU, got "2" (a string)');
        assert.deepEqual(failures((v) => validateNodeConfiguration({ clusterId, name: "n", minDiskSize: 30, drainTimeoutSec: 10_800 }, v)), {});
    });

    it("NodeConfiguration: refuses a cloud setting the API does not know, naming the closest one", () => {
        const f = failures((v) => validateNodeConfiguration({ clusterId: "c", name: "n", eks: { instanceProfileArn: "arn:aws:iam::123456789012:instance-profile/p", volumeTyp: "gp3" } }, v));
        assert.equal(f["eks.volumeTyp"], "eks.volumeTyp is not a field of eks; did you mean eks.volumeType?");
    });

    it("NodeTemplate: refuses a constraint the API does not know, naming the closest one", () => {
        const f = failures((v) => validateNodeTemplate({ clusterId, name: "t", constraints: { minCPU: 4 } } as NodeTemplateInputs, v));
        assert.equal(f["constraints.minCPU"], "constraints.minCPU is not a field of constraints; did you mean constraints.minCpu?");
        assert.ok(CONSTRAINT_FIELDS.includes("minCpu"));
    });
});
