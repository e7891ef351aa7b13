// POST /api/v1/images/generations: OpenAI-compatible body and answer, billed per delivered image.
import { imageGenerationRequest } from "@waule/shared/images";
import { Hono } from "hono";
import { assertModelAllowed } from "../api-keys/key-policy";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { idempotent } from "../idempotency/middleware";
import { assertImageUrl } from "../tenant-urls/policy";
import { generateImages } from "./generate";

export function imageRoutes(deps: ServerDeps) {
  return new Hono<AuthEnv>().post(
    "/generations",
    idempotent(deps),
    validate("json", imageGenerationRequest),
    async (c) => {
      const { tenant, user, apiKeyId, allowedModels } = c.var.principal;
      const body = c.req.valid("json");
      assertModelAllowed(allowedModels, body.model);
      // The gateway or provider fetches it: refused here, before any hold, if it points into the platform's network.
      if (body.reference_image) assertImageUrl(body.reference_image, deps.config, "reference_image");
      return c.json(await generateImages(deps, { tenantId: tenant.id, userId: user?.id ?? null, apiKeyId }, body));
    },
  );
}
