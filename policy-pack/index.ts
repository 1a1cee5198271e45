// The castai-fleet CrossGuard pack. This file only assembles the policies (one file each under policies/);
// tests/policy/pack.test.ts checks that every file there is listed here.
// Entry: package.json `main` is the compiled dist/index.js, so build first: `npm install && npm run build` in
// policy-pack/, then `pulumi preview --stack <stack> --policy-pack policy-pack [--policy-pack-config <file.json>]`.
// Never require this file from tests: the PolicyPack constructor starts the analyzer's gRPC server.
import { PolicyPack } from "@pulumi/policy";
import { castaiApiUrlConsistent } from "./policies/castai-api-url-consistent";
import { castaiClusterCpuLimits } from "./policies/castai-cluster-cpu-limits";
import { castaiKeyPerEnvironment } from "./policies/castai-key-per-environment";
import { castaiOneEnvironmentPerStack } from "./policies/castai-one-environment-per-stack";
import { castaiPinnedChartVersions } from "./policies/castai-pinned-chart-versions";
import { castaiProdConservativeEviction } from "./policies/castai-prod-conservative-eviction";
import { castaiProdEmptyNodeDelay } from "./policies/castai-prod-empty-node-delay";
import { castaiProdMinHeadroom } from "./policies/castai-prod-min-headroom";
import { castaiProdNoDeleteNodesOnDisconnect } from "./policies/castai-prod-no-delete-nodes-on-disconnect";
import { castaiProdNoHibernation } from "./policies/castai-prod-no-hibernation";
import { castaiProdPinnedComponents } from "./policies/castai-prod-pinned-components";
import { castaiProdRespectPdbs } from "./policies/castai-prod-respect-pdbs";
import { castaiProdSpotShareCap } from "./policies/castai-prod-spot-share-cap";
import { castaiProdStackEnvironment } from "./policies/castai-prod-stack-environment";
import { castaiSpotFallback } from "./policies/castai-spot-fallback";
import { castaiSpotFallbackNonprod } from "./policies/castai-spot-fallback-nonprod";

new PolicyPack("castai-fleet", {
    description: "castai-fleet guardrails: per-environment rules for CAST AI clusters, autoscaling and in-cluster charts.",
    policies: [
        castaiOneEnvironmentPerStack,
        castaiKeyPerEnvironment,
        castaiProdStackEnvironment,
        castaiProdNoHibernation,
        castaiProdNoDeleteNodesOnDisconnect,
        castaiPinnedChartVersions,
        castaiProdPinnedComponents,
        castaiApiUrlConsistent,
        castaiProdConservativeEviction,
        castaiProdRespectPdbs,
        castaiProdMinHeadroom,
        castaiProdEmptyNodeDelay,
        castaiClusterCpuLimits,
        castaiSpotFallback,
        castaiSpotFallbackNonprod,
        castaiProdSpotShareCap,
    ],
});
