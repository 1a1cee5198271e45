// Whether a region (or GCP zone) names one of the cloud's regions, kept as data in regions.json. Each function returns
// the problem with a value given as a string (undefined when it is a known region); `shown` is how the value is
// printed. Free of @pulumi runtime imports: the dynamic providers' bundles include it.
import { closest, distance } from "fastest-levenshtein";
import { givenValue } from "../argShape";
import REGIONS from "./regions.json";

const GCP_ZONE = /^(.+)-[a-z]$/;

/** "; did you mean <region>?" when a known region is a slip away (a wrong digit, a dropped letter, display spelling). */
function suggestion(value: string, regions: readonly string[]): string {
    const normalized = value.toLowerCase().replace(/\s+/g, "");
    const near = closest(normalized, [...regions]);
    return distance(normalized, near) <= 2 ? `; did you mean ${near}?` : "";
}

export function awsRegionProblem(field: string, value: string, shown = givenValue(value)): string | undefined {
    return REGIONS.aws.regions.includes(value)
        ? undefined
        : `${field} must be an AWS region (commercial, GovCloud, China or European Sovereign Cloud) such as eu-central-1, got ${shown}${suggestion(value, REGIONS.aws.regions)}`;
}

/** A GKE location: a region, or a zone of one (`<region>-<letter>`). */
export function gcpLocationProblem(field: string, value: string, shown = givenValue(value)): string | undefined {
    const region = GCP_ZONE.exec(value)?.[1] ?? value;
    return REGIONS.gcp.regions.includes(region)
        ? undefined
        : `${field} must be a GCP region such as europe-west1 or one of its zones such as europe-west1-b, got ${shown}${suggestion(region, REGIONS.gcp.regions)}`;
}

export function azureRegionProblem(field: string, value: string, shown = givenValue(value)): string | undefined {
    return REGIONS.azure.regions.includes(value)
        ? undefined
        : `${field} must be an Azure region as the ARM API names it, lowercase without spaces, such as westeurope, got ${shown}${suggestion(value, REGIONS.azure.regions)}`;
}
