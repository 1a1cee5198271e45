// The documented formats of the cloud ids a cluster is registered under. Each function returns the problem with a
// value given as a string (undefined when it is well formed); `shown` is how the value is printed. Free of @pulumi
// runtime imports: the dynamic providers' bundles include it, so the component and the resources apply one rule.
import { givenValue } from "../argShape";

const AWS_ACCOUNT_ID = /^\d{12}$/;
const GCP_PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function awsAccountIdProblem(field: string, value: string, shown = givenValue(value)): string | undefined {
    return AWS_ACCOUNT_ID.test(value) ? undefined : `${field} must be the 12-digit AWS account id, got ${shown}`;
}

export function gcpProjectIdProblem(field: string, value: string, shown = givenValue(value)): string | undefined {
    return GCP_PROJECT_ID.test(value)
        ? undefined
        : `${field} must be a GCP project id: 6 to 30 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen, got ${shown}`;
}

export function azureSubscriptionIdProblem(field: string, value: string, shown = givenValue(value)): string | undefined {
    return GUID.test(value) ? undefined : `${field} must be an Azure subscription id, a GUID such as 8c2f4e1a-6b3d-4f7e-9a05-d1c8b7e3f260, got ${shown}`;
}

export function azureTenantIdProblem(field: string, value: string, shown = givenValue(value)): string | undefined {
    return GUID.test(value) ? undefined : `${field} must be an Entra tenant id, a GUID such as 5d9b1c7e-2a4f-4e8b-b316-0f7a9c2e4d81, got ${shown}`;
}
