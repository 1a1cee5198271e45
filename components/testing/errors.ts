// Error replies in the two shapes the CAST AI API uses (castai-api.md §1.4).

export interface FieldViolation {
  field: string;
  description: string;
}

/** Thrown by route handlers; the server turns it into the error body of the service the path belongs to. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldViolations: FieldViolation[] = [],
  ) {
    super(message);
  }
}

export const notFound = (message = "not found"): ApiError => new ApiError(404, message);

/** A 400 about the request as a whole (a rule, a state conflict), not about one field. */
export const badRequest = (message: string): ApiError => new ApiError(400, message);

/** A 400 whose message also names every offending field, so a log line alone says what to fix. */
export const invalidFields = (violations: FieldViolation[]): ApiError =>
  new ApiError(400, `invalid request: ${violations.map((v) => `${v.field}: ${v.description}`).join("; ")}`, violations);

export const fieldError = (field: string, description: string): ApiError => invalidFields([{ field, description }]);

/** The newer services answer with google.rpc.Status; the /v1 API with {message, fieldViolations}. */
const RPC_SERVICE_PREFIXES = ["/cluster-autoscaler/", "/patching-engine/", "/organization-management/"];

export const isRpcServicePath = (path: string): boolean => RPC_SERVICE_PREFIXES.some((p) => path.startsWith(p));

// The gRPC code grpc-gateway maps to each HTTP status (google.rpc.Code), used in google.rpc.Status bodies.
const GRPC_CODE_BY_STATUS: Record<number, number> = {
  400: 3, // INVALID_ARGUMENT
  401: 16, // UNAUTHENTICATED
  403: 7, // PERMISSION_DENIED
  404: 5, // NOT_FOUND
  409: 6, // ALREADY_EXISTS
  429: 8, // RESOURCE_EXHAUSTED
  499: 1, // CANCELLED
  500: 13, // INTERNAL
  501: 12, // UNIMPLEMENTED
  503: 14, // UNAVAILABLE
  504: 4, // DEADLINE_EXCEEDED
};
const GRPC_UNKNOWN = 2;

/**
 * The error body for `path`. ASSUMPTION: every error of an rpc-service path has the google.rpc.Status shape,
 * 401s and unknown-route 404s included (they may come from a gateway in front of it in reality).
 */
export function errorBody(path: string, status: number, message: string, fieldViolations: FieldViolation[]): unknown {
  if (!isRpcServicePath(path)) return { message, fieldViolations };
  // ASSUMPTION: field violations of the rpc services travel as a google.rpc.BadRequest detail, the standard
  // place for them in google.rpc.Status; the reference only establishes {code, message, details}.
  const details = fieldViolations.length
    ? [{ "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations }]
    : [];
  return { code: GRPC_CODE_BY_STATUS[status] ?? GRPC_UNKNOWN, message, details };
}
