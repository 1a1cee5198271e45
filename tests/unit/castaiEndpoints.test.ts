import * as assert from "assert/strict";
import { apiBaseUrlProblem } from "../../components/api/client";
import { apiUrlProblem, castaiEndpoints } from "../../components/kubernetes/endpoints";

describe("CAST AI endpoints derived from the API URL", () => {
    it("uses the documented US addresses for api.cast.ai", () => {
        assert.deepEqual(castaiEndpoints("https://api.cast.ai"), {
            apiUrl: "https://api.cast.ai",
            grpcUrl: "grpc.cast.ai:443",
            kvisorGrpcAddr: "kvisor.prod-master.cast.ai:443",
        });
    });

    it("uses the documented EU addresses for api.eu.cast.ai, with or without a trailing slash", () => {
        for (const url of ["https://api.eu.cast.ai", "https://api.eu.cast.ai/"]) {
            assert.deepEqual(castaiEndpoints(url), {
                apiUrl: "https://api.eu.cast.ai",
                grpcUrl: "grpc.eu.cast.ai:443",
                kvisorGrpcAddr: "kvisor.prod-eu.cast.ai:443",
            });
        }
    });

    it("replaces the first DNS label for a private endpoint, as the operator does", () => {
        assert.deepEqual(castaiEndpoints("https://api.psc.example.com"), {
            apiUrl: "https://api.psc.example.com",
            grpcUrl: "grpc.psc.example.com:443",
            kvisorGrpcAddr: "kvisor.psc.example.com:443",
        });
    });

    for (const [url, why] of [
        ["api.cast.ai", /absolute https URL/],
        ["http://api.cast.ai", /https/],
        ["https://api.cast.ai/v1", /bare base URL/],
        ["https://user:pw@api.cast.ai", /bare base URL/],
        ["https://localhost", /DNS name/],
        ["https://cast.ai", /DNS name/],
        ["https://10.0.0.1", /DNS name/],
    ] as const) {
        it(`refuses ${url}`, () => {
            assert.match(apiUrlProblem(url) ?? "", why);
            assert.throws(() => castaiEndpoints(url), /^Error: apiUrl: /);
        });
    }
});

describe("the API base URL rule every resource, the client and CastAiCluster apply", () => {
    for (const url of ["https://api.cast.ai", "https://api.eu.cast.ai", "https://proxy.example.com/castai", "http://127.0.0.1:8080", "http://localhost:9"]) {
        it(`accepts ${url}`, () => assert.equal(apiBaseUrlProblem(url), undefined));
    }
    for (const [url, why] of [
        ["http://api.cast.ai", /must use https \(the API key is sent to it; plain http is only for an emulator on 127.0.0.1 or localhost\), got "http:\/\/api.cast.ai"/],
        ["http://castai-proxy.internal:8080", /must use https/],
        ["api.cast.ai", /must be an absolute https URL/],
    ] as const) {
        it(`refuses ${url}`, () => assert.match(apiBaseUrlProblem(url) ?? "", why));
    }
});
