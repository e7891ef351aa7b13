// /sora-proxy: base URL and key of the external sora2api service, key sealed and masked.
import { AppError } from "@waule/shared/errors";
import { Hono } from "hono";
import { validate } from "../http/validate";
import { describeSoraProxy, loadSoraProxy, saveSoraProxy, soraProxyInput } from "../sora-proxy/settings";
import type { ManagementDeps } from "./deps";

export function soraProxyRoutes(deps: ManagementDeps) {
  const settings = { db: deps.db, encryptionKey: deps.config.encryptionKey };
  return new Hono()
    .get("/", async (c) => c.json(await describeSoraProxy(settings)))
    .put("/", validate("json", soraProxyInput), async (c) => {
      const input = c.req.valid("json");
      const apiKey = input.apiKey ?? (await loadSoraProxy(settings))?.apiKey;
      if (!apiKey) throw new AppError("invalid_request", "apiKey: required (none is stored yet)");
      await saveSoraProxy(settings, { baseUrl: input.baseUrl, apiKey }, new Date(deps.clock.now()));
      return c.json(await describeSoraProxy(settings));
    });
}
