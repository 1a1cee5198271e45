// Generates the CAST AI wire types (components/api/wire.ts) and the emulator's validator schemas
// (components/testing/contract/openapi.ts) from the OpenAPI subset in components/api/castai-openapi.json:
//   node dist/scripts/castaiSchema.js                  regenerate both from the subset
//   node dist/scripts/castaiSchema.js --extract [dir]  first refresh the subset from the reconstructed specs (default
//                                                      ../shared/reference/data/castai-openapi): the operations the
//                                                      emulator answers, which are the ones the package calls
// tests/unit/castaiSchemaGenerated.test.ts fails when the committed files differ from what this writes.
import { writeFileSync } from "fs";
import * as path from "path";
import { API_ROUTES } from "../components/testing/emulator";
import { extractSubset } from "./castaiSchema/extract";
import { REPO_ROOT, SUBSET_FILE, readSubset, renderSubset, type Subset } from "./castaiSchema/subset";
import { VALIDATOR_SCHEMAS_FILE, renderValidatorSchemas } from "./castaiSchema/validatorSchemas";
import { WIRE_TYPES_FILE, renderWireTypes } from "./castaiSchema/wireTypes";

/** Every generated file's path (from the repository root) and content. */
export const generatedFiles = (subset: Subset): Record<string, string> => ({
    [VALIDATOR_SCHEMAS_FILE]: renderValidatorSchemas(subset),
    [WIRE_TYPES_FILE]: renderWireTypes(subset),
});

function main(args: string[]): void {
    const write = (file: string, content: string) => {
        writeFileSync(path.join(REPO_ROOT, file), content);
        console.log(`wrote ${file}`);
    };
    if (args[0] === "--extract") {
        const specDir = path.resolve(REPO_ROOT, args[1] ?? "../shared/reference/data/castai-openapi");
        const subset = extractSubset(specDir, API_ROUTES);
        write(SUBSET_FILE, renderSubset(subset));
        for (const operation of subset.outsideSpec) console.log(`not in the specs, left out: ${operation}`);
    } else if (args.length) {
        throw new Error(`unknown arguments ${args.join(" ")}: pass nothing, or --extract [spec dir]`);
    }
    for (const [file, content] of Object.entries(generatedFiles(readSubset()))) write(file, content);
}

if (require.main === module) main(process.argv.slice(2));
