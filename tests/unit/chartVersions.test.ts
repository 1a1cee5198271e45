import * as assert from "assert/strict";
import { validateInstallSettings } from "../../components/kubernetes/settings";
import {
    CHART_NAMES,
    CHART_REPOSITORY,
    CASTAI_NAMESPACE,
    compareVersions,
    componentVersion,
    DEFAULT_CHART_VERSIONS,
    isExactVersion,
    resolveChartVersions,
} from "../../components/kubernetes/versions";
import { settings } from "./installSettingsFixture";

describe("chart versions", () => {
    it("pins every chart of the install, and only those", () => {
        assert.deepEqual([...CHART_NAMES].sort(), [
            "castai-agent",
            "castai-cluster-controller",
            "castai-evictor",
            "castai-kvisor",
            "castai-pod-mutator",
            "castai-pod-pinner",
            "castai-spot-handler",
            "castware-components",
            "castware-operator",
        ]);
    });

    it("pins every default to one exact version", () => {
        for (const [chart, version] of Object.entries(DEFAULT_CHART_VERSIONS)) {
            assert.ok(isExactVersion(version), `${chart} ${version}`);
        }
    });

    it("pins the known-compatible set of reference §2 (Helm index and umbrella, 2026-08-21)", () => {
        assert.deepEqual(DEFAULT_CHART_VERSIONS, {
            "castware-operator": "0.10.1",
            "castware-components": "0.4.0",
            "castai-agent": "0.161.1",
            "castai-spot-handler": "0.35.5",
            "castai-cluster-controller": "0.92.14",
            "castai-evictor": "0.35.143",
            "castai-pod-pinner": "1.13.0",
            "castai-pod-mutator": "0.17.6",
            "castai-kvisor": "1.164.7",
        });
    });

    it("takes the operator's Component CR versions from the same table", () => {
        const versions = resolveChartVersions();
        assert.equal(componentVersion(versions, "castai-agent"), "0.161.1");
        assert.equal(componentVersion(versions, "spot-handler"), "0.35.5");
        assert.equal(componentVersion(versions, "cluster-controller"), "0.92.14");
    });

    it("names the CAST AI repository and namespace", () => {
        assert.equal(CHART_REPOSITORY, "https://castai.github.io/helm-charts");
        assert.equal(CASTAI_NAMESPACE, "castai-agent");
    });

    describe("isExactVersion", () => {
        for (const v of ["1.2.3", "0.10.1", "0.10.1-rc1", "1.0.0-alpha.1", "1.0.0+build.5", "1.0.0-beta+exp.sha.5114f85"]) {
            it(`accepts ${v}`, () => assert.equal(isExactVersion(v), true));
        }
        for (const v of ["", "latest", "^1.2.3", "~1.2.3", ">=1.0.0", "1.2", "1.2.x", "*", "v1.2.3", "01.2.3", "1.2.3 ", "1.2.3 || 1.2.4"]) {
            it(`refuses ${JSON.stringify(v)}`, () => assert.equal(isExactVersion(v), false));
        }
        it("refuses non-strings", () => {
            assert.equal(isExactVersion(undefined), false);
            assert.equal(isExactVersion(123), false);
        });
    });

    it("orders versions by precedence, a pre-release before its release", () => {
        assert.ok(compareVersions("0.10.1", "0.9.2") > 0);
        assert.ok(compareVersions("0.2.3", "0.3.0") < 0);
        assert.equal(compareVersions("1.0.0", "1.0.0+build"), 0);
        assert.ok(compareVersions("0.3.0-rc1", "0.3.0") < 0);
        assert.throws(() => compareVersions("latest", "1.0.0"), /exact/);
    });

    describe("overrides", () => {
        it("replace one chart's version and keep the other defaults", () => {
            const versions = resolveChartVersions({ "castai-kvisor": "1.164.8" });
            assert.equal(versions["castai-kvisor"], "1.164.8");
            assert.equal(versions["castai-agent"], DEFAULT_CHART_VERSIONS["castai-agent"]);
        });

        it("are validated: an inexact override is reported under chartVersions.<chart>", () => {
            const errors = validateInstallSettings(
                settings({ chartVersions: resolveChartVersions({ "castai-evictor": "latest", "castai-pod-pinner": "1.x" }) }),
            );
            assert.deepEqual(errors.map((e) => e.field), ["chartVersions.castai-evictor", "chartVersions.castai-pod-pinner"]);
            assert.match(errors[0].message, /"latest" is not an exact version/);
        });

        it("are validated: a misspelt chart is reported, not dropped", () => {
            const versions = resolveChartVersions({ "castai-evicter": "0.35.140" } as never);
            const errors = validateInstallSettings(settings({ chartVersions: versions }));
            assert.deepEqual(errors.map((e) => e.field), ["chartVersions.castai-evicter"]);
            assert.match(errors[0].message, /unknown chart/);
        });

        it("accept a pinned pre-release", () => {
            const versions = resolveChartVersions({ "castware-operator": "0.10.1-rc1" });
            assert.deepEqual(validateInstallSettings(settings({ chartVersions: versions })), []);
        });
    });
});
