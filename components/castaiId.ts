// CAST AI ids (clusters, organizations, service accounts, node configurations) as the API hands them out. Free of
// @pulumi runtime imports: the dynamic providers' bundles include it.
import { givenValue } from "./argShape";

/**
 * An RFC 4122 UUID: exactly the pattern the castware-operator chart's Cluster CRD requires of
 * `spec.cluster.clusterID`, so that an id refused there is refused here, at preview, instead of at the Helm install.
 */
export const CASTAI_ID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89ABab][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;

/** The problem with a CAST AI id given as a string, or undefined when it is one; `shown` is how the value is printed. */
export function castaiIdProblem(field: string, value: string, shown = givenValue(value)): string | undefined {
    return CASTAI_ID_PATTERN.test(value)
        ? undefined
        : `${field} must be a CAST AI id, an RFC 4122 UUID such as 3f2c8a91-5b7e-4d0a-9c6f-1e8b2d4a7c35, got ${shown}`;
}
