// The CAST AI documents a profile implies: autoscaler policy, spot template, spot share, resume instance types.
import { strict as assert } from "assert";
import { autoscalerPolicies, resumeInstanceTypes, spotShareGroups, spotTemplateConstraints } from "../../components/clusterObjects";
import { environmentProfile } from "../../components/environments";

const prod = environmentProfile("prod");

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
    it("is the spot worker template: spot with on-demand fallback, restored after 30 minutes", () => {
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
