// The one error the web app shows: the API's `{ error: { code, message } }`, or a network/shape failure in the same form.
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** The answer's `error.details`, when the server named more (e.g. `{ reason: "seats_full" }`). */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The rule that refused the call, when the server named one in `details.reason`. */
  get reason(): string | undefined {
    const reason = (this.details as { reason?: unknown } | null | undefined)?.reason;
    return typeof reason === "string" ? reason : undefined;
  }
}

/** Codes the web client makes itself, beside the server's ErrorCode set. */
export type ClientErrorCode = "network_error" | "unexpected_response" | "stream_interrupted" | "http_error";

/** Reads an error body; anything that is not the documented shape still becomes a readable ApiError. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    if (body.error && typeof body.error.code === "string" && typeof body.error.message === "string") {
      return new ApiError(body.error.code, body.error.message, res.status, body.error.details);
    }
  } catch {
    // not JSON: fall through to the status line
  }
  return new ApiError("http_error", `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`, res.status);
}
