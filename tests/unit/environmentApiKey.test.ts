// How an environment stack gets its key from the organization stack, under Pulumi mocks: which entry it reads,
// the provider that carries the key (secret) and whose key it is, and the refusals.
import { strict as assert } from "assert";
import { apiKeyFromConfig, apiKeyFromStack } from "../../components/environmentApiKey";
import { useConfig } from "../helpers/castAiMocks";
import { forgetPendingRegistrations, isSecretValue, promiseOf, recordResources, revealSecrets, waitForRegistrations } from "../helpers/mocks";

const ORG = "organization/castai-fleet-org/org";
const KEYS = { dev: { environment: "dev", apiKey: "dev-key-0123456789abcdef" }, prod: { environment: "prod", apiKey: "prod-key-0123456789abcdef" } };

const recorder = recordResources(({ type, inputs }) =>
    type === "pulumi:pulumi:StackReference" ? { outputs: inputs.name === ORG ? { environments: KEYS } : {}, secretOutputNames: ["environments"] } : {},
);

describe("the key of an environment stack, from the organization stack", () => {
    let restore: (() => void) | undefined;
    before(() => recorder.setup());
    beforeEach(() => recorder.reset());
    afterEach(() => restore?.());

    it("reads its own environment's entry; the provider carries the key as a secret and names whose key it is", async () => {
        restore = useConfig({ "castai:apiUrl": "https://api.eu.cast.ai" });
        const key = apiKeyFromStack({ stack: ORG }, "prod");
        assert.equal(await promiseOf(key.apiToken), "prod-key-0123456789abcdef");
        await waitForRegistrations();
        assert.deepEqual(recorder.named("castai-api-key").type, "pulumi:providers:pulumi-nodejs");
        const props = recorder.ofType("pulumi:providers:pulumi-nodejs")[0].inputs;
        assert.ok(isSecretValue(props["castai:apiToken"]), "the key is a secret provider input");
        assert.deepEqual(revealSecrets(props), {
            "castai:apiToken": "prod-key-0123456789abcdef",
            "castai:apiUrl": "https://api.eu.cast.ai",
            "castai:apiTokenEnvironment": "prod",
            "castai:stackEnvironment": "prod",
        });
    });

    it("reads the entry named in {stack, environment} from fleet:apiTokenFrom, and nothing without it", async () => {
        restore = useConfig({ "fleet:apiTokenFrom": { stack: ORG, environment: "dev" } });
        const key = apiKeyFromConfig("prod");
        assert.equal(await promiseOf(key!.apiToken), "dev-key-0123456789abcdef");
        await waitForRegistrations();
        const props = revealSecrets(recorder.ofType("pulumi:providers:pulumi-nodejs")[0].inputs);
        assert.deepEqual([props["castai:apiTokenEnvironment"], props["castai:stackEnvironment"]], ["dev", "prod"]);
        restore();
        restore = useConfig({});
        assert.equal(apiKeyFromConfig("prod"), undefined, "the key then comes from castai:apiToken");
    });

    it("refuses both key sources at once, and names the environment the organization stack lacks", async () => {
        restore = useConfig({ "fleet:apiTokenFrom": ORG, "castai:apiToken": "x" }, ["castai:apiToken"]);
        assert.throws(() => apiKeyFromConfig("prod"), /set either fleet:apiTokenFrom or castai:apiToken, not both/);
        const missing = apiKeyFromStack({ stack: ORG }, "staging");
        // An Output whose apply throws never calls a later apply; its internal promise carries the error.
        const settled = (missing.apiToken as unknown as { promise(): Promise<unknown> }).promise();
        await assert.rejects(settled, /organization stack organization\/castai-fleet-org\/org has no key for environment "staging"/);
        // The key provider waits on the failed key forever, as a program's would (its update fails with the error).
        forgetPendingRegistrations();
    });
});
