// The web app's one API client: typed calls to the tenant API, every answer checked against the shared zod schemas.
import { imageGenerationResponse, type ImageGenerationRequest, type ImageGenerationResponse } from "@waule/shared/images";
import {
  loginResponse,
  meResponse,
  usagePage,
  type LoginRequest,
  type LoginResponse,
  type MeResponse,
  type UsagePage,
  type UsageQuery,
} from "@waule/shared/account";
import type { z } from "zod";
import { ApiError, errorFromResponse } from "./api-error";
import { isImageModel, modelList, type ModelEntry } from "./models";

export type ApiClientOptions = {
  /** Origin of the server ("" = same origin as the page). */
  baseUrl?: string;
  getToken: () => string | null;
  /** Called on any 401 so the app can drop a stale session. */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
};

export type ImageGenerationInput = Pick<ImageGenerationRequest, "model" | "prompt" | "n" | "size">;

export function createApiClient(options: ApiClientOptions) {
  const base = (options.baseUrl ?? "").replace(/\/+$/, "");
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));

  async function call<S extends z.ZodType>(schema: S, path: string, init: RequestInit = {}): Promise<z.infer<S>> {
    const headers = new Headers(init.headers);
    const token = options.getToken();
    if (token) headers.set("authorization", `Bearer ${token}`);
    if (init.body !== undefined) headers.set("content-type", "application/json");
    let res: Response;
    try {
      res = await doFetch(`${base}/api/v1${path}`, { ...init, headers });
    } catch (err) {
      throw new ApiError("network_error", err instanceof Error ? err.message : String(err), 0);
    }
    if (!res.ok) {
      const error = await errorFromResponse(res);
      if (res.status === 401) options.onUnauthorized?.();
      throw error;
    }
    const parsed = schema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) throw new ApiError("unexpected_response", `${path}: ${parsed.error.issues[0]?.message ?? "bad shape"}`, res.status);
    return parsed.data;
  }

  return {
    login(body: LoginRequest): Promise<LoginResponse> {
      return call(loginResponse, "/auth/login", { method: "POST", body: JSON.stringify(body) });
    },
    me(): Promise<MeResponse> {
      return call(meResponse, "/me");
    },
    async imageModels(): Promise<ModelEntry[]> {
      const list = await call(modelList, "/models");
      return list.data.filter(isImageModel);
    },
    generateImages(input: ImageGenerationInput): Promise<ImageGenerationResponse> {
      return call(imageGenerationResponse, "/images/generations", { method: "POST", body: JSON.stringify(input) });
    },
    usage(query: Pick<UsageQuery, "page" | "limit" | "order">): Promise<UsagePage> {
      const params = new URLSearchParams({ page: String(query.page), limit: String(query.limit), order: query.order });
      return call(usagePage, `/usage?${params}`);
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
