// The Kubernetes API server one CastAiCluster installs into. Every cluster gets its own target, never the ambient
// kube context: a fleet program installs into many clusters. @pulumi/kubernetes and the cloud SDKs load only on the
// path that needs them.
import * as pulumi from "@pulumi/pulumi";

/** Where the in-cluster software goes, as `planCluster` decides it from the args. */
export type KubeTarget =
    /** Nothing is installed (`inCluster: false`). */
    | { readonly kind: "none" }
    /** The user's own `kubernetesProvider`. */
    | { readonly kind: "provider"; readonly provider: pulumi.ProviderResource }
    /** A provider built from the user's `kubeconfig` (secret). */
    | { readonly kind: "kubeconfig"; readonly kubeconfig: pulumi.Input<string> }
    /** A provider built from the EKS cluster; kubectl's credentials come from `aws eks get-token`. */
    | { readonly kind: "eks"; readonly clusterName: pulumi.Input<string>; readonly region: pulumi.Input<string> }
    /** A provider built from the GKE cluster; credentials come from `gke-gcloud-auth-plugin`. */
    | {
          readonly kind: "gke";
          readonly projectId: pulumi.Input<string>;
          readonly location: pulumi.Input<string>;
          readonly clusterName: pulumi.Input<string>;
      }
    /** A provider built from the AKS cluster's user credentials (kubelogin when it uses Entra ID). */
    | { readonly kind: "aks"; readonly resourceGroupName: pulumi.Input<string>; readonly clusterName: pulumi.Input<string> };

/** The exec credential API the AWS CLI and gke-gcloud-auth-plugin answer in. */
const EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1";

/** How one cluster's API server is reached: the provider for the releases, and the kubeconfig when the package has it. */
export interface KubernetesConnection {
    /** Undefined when nothing is installed. */
    readonly provider?: pulumi.ProviderResource;
    /** The kubeconfig (secret) behind `provider`; undefined for a user's own provider and for GitOps. */
    readonly kubeconfig?: pulumi.Output<string>;
}

/**
 * The Kubernetes connection for `target`: the user's own provider, or a new `${name}-k8s` child of `parent` whose
 * kubeconfig (secret) is the given one or one built from the cloud cluster; nothing when nothing is installed. Cloud
 * lookups are invokes parented to `parent`, so the component's `providers` option chooses the cloud account.
 */
export function kubernetesConnectionFor(name: string, target: KubeTarget, parent: pulumi.Resource): KubernetesConnection {
    if (target.kind === "none") {
        return {};
    }
    if (target.kind === "provider") {
        return { provider: target.provider };
    }
    // Loaded here, not at module top: @pulumi/kubernetes is an optional peer that importing this package must not load.
    const kubernetes = require("@pulumi/kubernetes") as typeof import("@pulumi/kubernetes");
    const kubeconfig = pulumi.secret(kubeconfigFor(target, parent));
    return { provider: new kubernetes.Provider(`${name}-k8s`, { kubeconfig }, { parent }), kubeconfig };
}

function kubeconfigFor(target: Exclude<KubeTarget, { kind: "none" | "provider" }>, parent: pulumi.Resource): pulumi.Input<string> {
    switch (target.kind) {
        case "kubeconfig":
            return target.kubeconfig;
        case "eks": {
            const aws = require("@pulumi/aws") as typeof import("@pulumi/aws");
            const cluster = aws.eks.getClusterOutput({ name: target.clusterName, region: target.region }, { parent });
            return pulumi
                .all([target.clusterName, target.region, cluster.endpoint, cluster.certificateAuthorities])
                .apply(([clusterName, region, endpoint, authorities]) =>
                    execKubeconfig(clusterName, endpoint, authorities[0]?.data, {
                        command: "aws",
                        args: ["eks", "get-token", "--cluster-name", clusterName, "--region", region],
                        installHint: "Install the AWS CLI (v2) and sign in to the cluster's account (aws configure / AWS_PROFILE).",
                    }),
                );
        }
        case "gke": {
            const gcp = require("@pulumi/gcp") as typeof import("@pulumi/gcp");
            const cluster = gcp.container.getClusterOutput(
                { name: target.clusterName, location: target.location, project: target.projectId },
                { parent },
            );
            return pulumi
                .all([target.clusterName, cluster.endpoint, cluster.masterAuths])
                .apply(([clusterName, endpoint, auths]) =>
                    execKubeconfig(clusterName, `https://${endpoint}`, auths[0]?.clusterCaCertificate, {
                        command: "gke-gcloud-auth-plugin",
                        installHint: "Install gke-gcloud-auth-plugin (gcloud components install gke-gcloud-auth-plugin) and run gcloud auth login.",
                        provideClusterInfo: true,
                    }),
                );
        }
        case "aks": {
            const azure = require("@pulumi/azure-native") as typeof import("@pulumi/azure-native");
            // `exec` only changes Entra ID (AAD) clusters: their kubeconfig then runs kubelogin instead of the
            // auth-provider plugin that kubectl and client-go dropped.
            const credentials = azure.containerservice.listManagedClusterUserCredentialsOutput(
                { resourceGroupName: target.resourceGroupName, resourceName: target.clusterName, format: "exec" },
                { parent },
            );
            return pulumi.all([target.clusterName, credentials.kubeconfigs]).apply(([clusterName, kubeconfigs]) => {
                const first = kubeconfigs?.[0]?.value;
                if (!first) {
                    throw new Error(`AKS returned no user kubeconfig for cluster ${clusterName}; pass kubeconfig or kubernetesProvider instead`);
                }
                return Buffer.from(first, "base64").toString("utf8");
            });
        }
    }
}

/** How kubectl gets a token for a cluster: an exec credential plugin. */
interface ExecCredential {
    readonly command: string;
    readonly args?: readonly string[];
    readonly installHint: string;
    readonly provideClusterInfo?: boolean;
}

/** A kubeconfig (as JSON, which is YAML) with one cluster, user and context, all named after the cluster. */
function execKubeconfig(name: string, server: string, certificateAuthorityData: string | undefined, exec: ExecCredential): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server, "certificate-authority-data": certificateAuthorityData } }],
        users: [{ name, user: { exec: { apiVersion: EXEC_API_VERSION, ...exec } } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
    });
}
