// What the package assumes about the pinned castware-operator chart, checked against that chart's own source in
// ../shared/testdata (the real chart, never copied into the package): the Cluster CRD's clusterID pattern, and the
// one values map its Deployment template turns into container environment.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { CASTAI_ID_PATTERN } from "../../components/castaiId";
import { DEFAULT_CHART_VERSIONS } from "../../components/kubernetes/versions";
import { newId } from "../../components/testing/ids";

const REPO_ROOT = path.resolve(__dirname, "../../..");
const CHART = path.join(REPO_ROOT, "..", "shared", "testdata", "charts", `castware-operator-${DEFAULT_CHART_VERSIONS["castware-operator"]}`);

describe("the pinned castware-operator chart", () => {
    it("requires spec.cluster.clusterID to match exactly the pattern the install settings check", () => {
        const crds = fs.readFileSync(path.join(CHART, "crds", "crds.yaml"), "utf8");
        const clusterId = crds.indexOf("clusterID:");
        assert.ok(clusterId > 0, "the CRD declares clusterID");
        const pattern = /pattern: (\S+)/.exec(crds.slice(clusterId))?.[1];
        assert.equal(pattern, CASTAI_ID_PATTERN.source);
    });

    it("accepts the cluster ids the bundled emulator hands out", () => {
        for (let i = 0; i < 200; i++) {
            const id = newId();
            assert.match(id, CASTAI_ID_PATTERN);
        }
    });

    it("renders the operator container's extra environment from webhook.env only, never from additionalEnv", () => {
        const deployment = fs.readFileSync(path.join(CHART, "templates", "deployment.yaml"), "utf8");
        assert.match(deployment, /\{\{-? with \.Values\.webhook\.env \}\}\s*\{\{-? range \$key, \$value := \. \}\}\s*- name: \{\{ \$key \}\}\s*value: \{\{ \$value \| quote \}\}/);
        const templates = fs.readdirSync(path.join(CHART, "templates")).map((f) => fs.readFileSync(path.join(CHART, "templates", f), "utf8"));
        assert.ok(!templates.some((t) => t.includes(".Values.additionalEnv")), "no template reads additionalEnv");
    });
});
