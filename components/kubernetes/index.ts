// In-cluster software: pinned chart versions, release planning, Helm releases and monitoring. Nothing here loads
// @pulumi/kubernetes until a resource is created.
export * from "./endpoints";
export { CastwareFullRemoval, LEFT_BY_HELM } from "./fullRemoval";
export * from "./monitoring";
export * from "./plan";
export * from "./releases";
export * from "./settings";
export * from "./target";
export * from "./values";
export * from "./versions";
