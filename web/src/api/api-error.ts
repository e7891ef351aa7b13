// The one error the web app shows: the API's `{ error: { code, message } }`, or a network/shape failure in the same form.
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Reads an error body; anything that is not the documented shape still becomes a readable ApiError. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (body.error && typeof body.error.code === "string" && typeof body.error.message === "string") {
      return new ApiError(body.error.code, body.error.message, res.status);
    }
  } catch {
    // not JSON: fall through to the status line
  }
  return new ApiError("http_error", `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`, res.status);
}
