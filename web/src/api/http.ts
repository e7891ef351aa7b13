// The one HTTP transport under every API client (tenant API and operator console): token, JSON, errors as ApiError, answers checked by schema.
import type { z } from "zod";
import { ApiError, errorFromResponse } from "./api-error";

export type HttpOptions = {
  /** Origin of the server ("" = same origin as the page). */
  baseUrl?: string;
  /** Where the API lives under the origin: "/api/v1" or "/admin/api". */
  prefix: string;
  getToken: () => string | null;
  /** Called on any 401 so the app can drop a stale session. */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
};

export type JsonInit = Omit<RequestInit, "body"> & { body?: unknown };

export function createHttp(options: HttpOptions) {
  const base = `${(options.baseUrl ?? "").replace(/\/+$/, "")}${options.prefix}`;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));

  /** Sends one request with the session's token and a JSON body; any non-2xx answer becomes an ApiError. */
  async function send(path: string, { body, ...init }: JsonInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const token = options.getToken();
    if (token) headers.set("authorization", `Bearer ${token}`);
    if (body !== undefined) headers.set("content-type", "application/json");
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        ...init,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      // The user's own stop is not a network failure: let the caller see the abort as it is.
      if (init.signal?.aborted) throw err;
      throw new ApiError("network_error", err instanceof Error ? err.message : String(err), 0);
    }
    if (!res.ok) {
      const error = await errorFromResponse(res);
      if (res.status === 401) options.onUnauthorized?.();
      throw error;
    }
    return res;
  }

  /** Sends, then checks the JSON answer against the shared schema. */
  async function call<S extends z.ZodType>(schema: S, path: string, init: JsonInit = {}): Promise<z.infer<S>> {
    const res = await send(path, init);
    const parsed = schema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success)
      throw new ApiError(
        "unexpected_response",
        `${path}: ${parsed.error.issues[0]?.message ?? "bad shape"}`,
        res.status,
      );
    return parsed.data;
  }

  return {
    send,
    call,
    get: <S extends z.ZodType>(schema: S, path: string) => call(schema, path),
    post: <S extends z.ZodType>(schema: S, path: string, body?: unknown) =>
      call(schema, path, { method: "POST", body }),
    put: <S extends z.ZodType>(schema: S, path: string, body?: unknown) => call(schema, path, { method: "PUT", body }),
    patch: <S extends z.ZodType>(schema: S, path: string, body?: unknown) =>
      call(schema, path, { method: "PATCH", body }),
    delete: <S extends z.ZodType>(schema: S, path: string) => call(schema, path, { method: "DELETE" }),
  };
}

export type Http = ReturnType<typeof createHttp>;

/** `?a=1&b=x` from the defined, non-empty values ("" when there are none). */
export function queryString(query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}
