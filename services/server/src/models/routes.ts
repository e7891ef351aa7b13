// GET /api/v1/models: OpenAI's model list, with Waule's pricing alongside.
import type { Model } from "@waule/db/server";
import { Hono } from "hono";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { listEnabledModels } from "./catalogue";

function toListed(model: Model) {
  return {
    id: model.id,
    object: "model" as const,
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
    const list = await listEnabledModels(deps.db);
    return c.json({ object: "list" as const, data: list.map(toListed) });
  });
}
