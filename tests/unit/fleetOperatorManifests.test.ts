import { strict as assert } from "node:assert";
import { parseAllDocuments } from "yaml";
import { manifestsYaml, operatorManifests, parseSecretRef } from "../../components/fleet/operatorManifests";

describe("castai-fleet operator-manifests: the operator's objects", () => {
    const base = {
        project: "castai-fleet",
        stacks: [{ name: "prod", environment: "prod" }, { name: "Dev_1" }],
        organization: "acme",
        repo: "https://github.com/acme/fleet.git",
        branch: "main",
        repoDir: "",
        namespace: "fleet",
        resyncSeconds: 3600,
    };

    it("on Pulumi Cloud: no backend field, the access token from its Secret, a DNS name per stack", () => {
        const objects = operatorManifests({ ...base, accessToken: { name: "pulumi-api-secret", key: "accessToken" } }) as any[];
        const [prod, dev] = objects.slice(2);
        assert.equal(prod.spec.stack, "acme/castai-fleet/prod");
        assert.equal(prod.spec.backend, undefined);
        assert.equal(prod.spec.repoDir, undefined, "the repository root is the default");
        assert.deepEqual(prod.spec.envRefs, { PULUMI_ACCESS_TOKEN: { type: "Secret", secret: { name: "pulumi-api-secret", key: "accessToken" } } });
        assert.equal(dev.metadata.name, "castai-fleet-dev-1");
        assert.equal(dev.metadata.labels["castai-fleet/environment"], undefined);
        assert.deepEqual(objects[1].subjects, [{ kind: "ServiceAccount", name: "castai-fleet-workspace", namespace: "fleet" }]);
    });

    it("writes one YAML document per object", () => {
        const objects = operatorManifests(base);
        assert.deepEqual(parseAllDocuments(manifestsYaml(objects)).map((d) => d.toJS()), objects);
    });

    it("reads a Secret reference as name[:key]", () => {
        assert.deepEqual(parseSecretRef("fleet-pass", "passphrase"), { name: "fleet-pass", key: "passphrase" });
        assert.deepEqual(parseSecretRef("fleet-pass:pw", "passphrase"), { name: "fleet-pass", key: "pw" });
        assert.ok("error" in parseSecretRef("a:b:c", "k"));
        assert.ok("error" in parseSecretRef("", "k"));
    });
});
