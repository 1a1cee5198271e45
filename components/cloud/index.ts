// CAST AI's cloud identity per cloud. Each component loads its cloud SDK only when constructed.
export * from "./aks";
export * from "./eks";
export * from "./gke";
export * from "./policies";
