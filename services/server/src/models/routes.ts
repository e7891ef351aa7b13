// GET /api/v1/models: OpenAI's model list, with Waule's pricing alongside, in the shared shape the web app reads.
import type { Model } from "@waule/db/server";
import type { ModelEntry, ModelList } from "@waule/shared/models";
import { Hono } from "hono";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { listEnabledModels } from "./catalogue";

function toListed(model: Model): ModelEntry {
  return {
    id: model.id,
    object: "model",
    created: Math.floor(model.createdAt.getTime() / 1000),
    owned_by: "waule",
    waule: {
      display_name: model.displayName,
      capability: model.capability,
      price: model.price,
      price_unit: model.priceUnit,
      pricing: model.pricing ?? null,
      sandbox: model.provider === "sandbox",
    },
  };
}

export function modelRoutes(deps: ServerDeps) {
  return new Hono<AuthEnv>().get("/", async (c) => {
    const list: ModelList = {
      object: "list",
      data: (await listEnabledModels(deps.db, c.var.principal.tenant.id)).map(toListed),
    };
    return c.json(list);
  });
}
