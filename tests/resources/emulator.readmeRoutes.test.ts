// The route table of components/testing/README.md, which users read to know what the emulator covers, lists exactly
// the routes the emulator answers.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { API_ROUTES } from "../../components/testing/emulator";
import { adminRoutes, type AdminHooks } from "../../components/testing/routes/admin";

const README = path.resolve(__dirname, "../../../components/testing/README.md");

describe("emulator: README route table", () => {
  it("lists every route the emulator answers, and no other", () => {
    const documented = [...readFileSync(README, "utf8").matchAll(/^\| (GET|POST|PUT|PATCH|DELETE) \| `([^`]+)` \|/gm)].map((m) => `${m[1]} ${m[2]}`);
    const served = [...API_ROUTES, ...adminRoutes({} as AdminHooks)].map((r) => `${r.method} ${r.template}`);
    assert.deepEqual([...documented].sort(), [...served].sort());
  });
});
