// placeholder, regenerated below
import type { SchemaMap } from "./validate";
export type SchemaName = string;
export const SCHEMAS: SchemaMap = {};
