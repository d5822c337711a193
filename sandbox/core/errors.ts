/**
 * Stripe's error envelope: `{ error: { type, code, decline_code, message, param, doc_url } }`
 * with the HTTP status Stripe uses for each kind (400 invalid request, 401 bad key,
 * 402 card error, 404 missing object).
 */
export type StripeErrorType =
  "api_error" | "card_error" | "idempotency_error" | "invalid_request_error" | "rate_limit_error";

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: object;
  payment_method?: object;
  request_log_url?: string;
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    /**
     * Stripe stores an idempotent result only once the endpoint started executing;
     * a request rejected while its parameters were being validated can be retried
     * with the same key.
     */
    readonly executed = true,
  ) {
    super(body.message);
  }
}

function docUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replace(/_/g, "-")}`;
}

/** A parameter failed validation (nothing executed, nothing stored for idempotency). */
export function paramError(param: string, message: string, code = "parameter_invalid"): StripeApiError {
  return new StripeApiError(400, { type: "invalid_request_error", code, param, message, doc_url: docUrl(code) }, false);
}

export function missingParam(param: string): StripeApiError {
  return paramError(param, `Missing required param: ${param}.`, "parameter_missing");
}

/** A request that was valid but not allowed in the object's current state. */
export function invalidRequest(message: string, code?: string, param?: string): StripeApiError {
  return new StripeApiError(400, {
    type: "invalid_request_error",
    message,
    ...(code ? { code, doc_url: docUrl(code) } : {}),
    ...(param ? { param } : {}),
  });
}

export function resourceMissing(objectName: string, id: string, param = "id", hint = ""): StripeApiError {
  return new StripeApiError(404, {
    type: "invalid_request_error",
    code: "resource_missing",
    doc_url: docUrl("resource_missing"),
    message: `No such ${objectName}: '${id}'${hint}`,
    param,
  });
}

export function unauthorized(message: string): StripeApiError {
  return new StripeApiError(401, { type: "invalid_request_error", message }, false);
}

export function notFoundRoute(method: string, path: string): StripeApiError {
  return new StripeApiError(
    404,
    {
      type: "invalid_request_error",
      message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    },
    false,
  );
}

export function idempotencyError(message: string, status = 400): StripeApiError {
  return new StripeApiError(status, { type: "idempotency_error", message }, false);
}

export function cardError(body: Omit<StripeErrorBody, "type"> & { code: string }): StripeApiError {
  return new StripeApiError(402, { type: "card_error", doc_url: docUrl(body.code), ...body });
}
