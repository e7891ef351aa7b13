// The OpenAPI 3.1 document of the tenant API (/api/v1), generated from the app's own routes and the zod schemas they
// validate with (see @waule/shared/validate), so a route added or a field changed shows up without a second copy.
import type { Hono } from "hono";
import { generateSpecs } from "hono-openapi";
import { z } from "zod";
import { operations } from "./operations";

export const OPENAPI_JSON_PATH = "/api/v1/openapi.json";

/** The tenant API's own routes: not the operator console's API, not the document itself, not middleware wildcards. */
export function isPublicRoute(method: string, path: string): boolean {
  if (method === "ALL" || path.includes("*")) return false;
  if (path === OPENAPI_JSON_PATH) return false;
  return path.startsWith("/api/v1/");
}

/** Hono's `/tasks/:id` as OpenAPI writes it, `/tasks/{id}`. */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:(\w+)/g, "{$1}");
}

/** The body of every error answer (@waule/shared/http-errors writes it). */
const errorBody = z.toJSONSchema(
  z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) }),
) as Record<string, unknown>;

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

type OperationObject = {
  tags?: string[];
  summary?: string;
  responses?: Record<string, unknown>;
};

export async function openApiDocument(app: Hono) {
  const spec = await generateSpecs(app, {
    includeEmptyPaths: true,
    // The CSV statements end in ".csv" but are routes, not static files.
    excludeStaticFile: false,
    // Only the tenant API: not the console's /admin/api, the payment notifies, /health or /docs.
    exclude: [/^(?!\/api\/v1\/)/, OPENAPI_JSON_PATH],
    defaultValidationErrorResponse: errorResponse("Invalid request: `invalid_request`, naming the first bad field"),
    documentation: {
      info: {
        title: "Waule API",
        version: "1",
        description:
          'The tenant API: OpenAI-compatible images, chat and speech; video and Midjourney tasks; usage and the tenant\'s own administration. Send a tenant API key (`X-API-Key: …` or `Authorization: Bearer …`) or a signed-in user\'s token (`Authorization: Bearer …`). Every error is `{ "error": { "code", "message" } }`.',
      },
      servers: [{ url: "/" }],
      components: {
        schemas: { Error: errorBody },
        securitySchemes: {
          apiKey: { type: "apiKey", in: "header", name: "X-API-Key" },
          bearer: { type: "http", scheme: "bearer" },
        },
      },
      security: [{ apiKey: [] }, { bearer: [] }],
    },
  });
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const [method, op] of Object.entries(item ?? {}) as [string, OperationObject][]) {
      describeOperation(`${method.toUpperCase()} ${path}`, op);
    }
  }
  // Login and the site's public description take no credential.
  const site = spec.paths?.["/api/v1/site"]?.get as
    | { security?: unknown[]; responses?: Record<string, unknown> }
    | undefined;
  if (site) site.security = [];
  if (site?.responses) delete site.responses["401"];
  const login = spec.paths?.["/api/v1/auth/login"]?.post as
    | { security?: unknown[]; responses?: Record<string, unknown> }
    | undefined;
  if (login) login.security = [];
  if (login?.responses) login.responses["401"] = errorResponse("Wrong key, username or password");
  return spec;
}

function describeOperation(key: string, op: OperationObject) {
  const known = operations[key];
  if (known) {
    op.tags = [known.tag];
    op.summary = known.summary;
  }
  const responses: Record<string, unknown> = { ...op.responses };
  delete responses["200"];
  const ok = known?.ok ?? { status: 200 };
  const media = ok.media ?? "application/json";
  responses[String(ok.status)] = {
    description: ok.description ?? "Success",
    content: {
      [media]: { schema: ok.schema ? z.toJSONSchema(ok.schema, { io: "output", unrepresentable: "any" }) : {} },
    },
  };
  responses["401"] = errorResponse("No or a bad credential");
  responses.default = errorResponse("Any other error (see `code`)");
  op.responses = responses;
}
