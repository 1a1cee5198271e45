// The CAST AI OpenAPI subset in the repository covers what the package and the emulator use, and the wire types and
// validator schemas generated from it are committed exactly as scripts/castaiSchema.ts writes them.
import * as assert from "assert/strict";
import * as fs from "fs";
import * as path from "path";
import { API_ROUTES } from "../../components/testing/emulator";
import { generatedFiles } from "../../scripts/castaiSchema";
import { REPO_ROOT, readSubset, refsIn } from "../../scripts/castaiSchema/subset";

describe("the CAST AI schema generated from the in-repository OpenAPI subset", () => {
    const subset = readSubset();

    for (const [file, expected] of Object.entries(generatedFiles(subset))) {
        it(`${file} is what the generator writes (regenerate with node dist/scripts/castaiSchema.js)`, () => {
            assert.ok(fs.readFileSync(path.join(REPO_ROOT, file), "utf8") === expected, `${file} is stale or edited by hand: regenerate it`);
        });
    }

    it("holds every operation the emulator answers, or lists it as outside the specs", () => {
        const operations = API_ROUTES.map((r) => `${r.method} ${r.template}`);
        for (const route of API_ROUTES) {
            const groups = Object.keys(subset.groups).filter((g) => subset.groups[g].paths[route.template]?.[route.method.toLowerCase()]);
            const outside = subset.outsideSpec.includes(`${route.method} ${route.template}`);
            assert.equal(groups.length + (outside ? 1 : 0), 1, `${route.method} ${route.template}: in groups [${groups}], outside the specs: ${outside}`);
        }
        for (const listed of subset.outsideSpec) assert.ok(operations.includes(listed), `${listed} is listed outside the specs but no route answers it`);
    });

    it("holds every schema its operations reference, transitively, each within its own API group", () => {
        for (const [group, { paths, schemas }] of Object.entries(subset.groups)) {
            for (const name of refsIn(paths).concat(refsIn(schemas))) {
                assert.ok(schemas[name] !== undefined, `${group} refers to ${name}, which the subset does not hold`);
            }
        }
        // Services name schemas independently: both keep their own NodeAffinity.
        assert.notDeepEqual(subset.groups["cluster-autoscaler"].schemas.NodeAffinity, subset.groups["patching-engine"].schemas.NodeAffinity);
    });
});
