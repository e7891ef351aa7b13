// /discord-accounts: the Midjourney accounts (CRUD, enable/disable, concurrency); tokens never leave sealed.
import { pageQuery } from "@waule/shared/pagination";
import { Hono } from "hono";
import { z } from "zod";
import {
  concurrencyInput,
  createDiscordAccounts,
  discordAccountInput,
  discordAccountPatch,
} from "../discord-accounts/repository";
import { validate } from "../http/validate";
import { optionalBody } from "./body";
import type { ManagementDeps } from "./deps";

const idParam = z.object({ id: z.string().min(1) });
const disableBody = z.object({ reason: z.string().trim().min(1).max(500).optional() });
const patchBody = discordAccountPatch.refine((p) => Object.values(p).some((v) => v !== undefined), "nothing to change");

export function discordAccountRoutes(deps: ManagementDeps) {
  const accounts = createDiscordAccounts({
    db: deps.db,
    clock: deps.clock,
    ids: deps.ids,
    encryptionKey: deps.config.encryptionKey,
  });
  return new Hono()
    .get("/", validate("query", pageQuery), async (c) => c.json(await accounts.list(c.req.valid("query"))))
    .post("/", validate("json", discordAccountInput), async (c) =>
      c.json(await accounts.create(c.req.valid("json")), 201),
    )
    .get("/:id", validate("param", idParam), async (c) => c.json(await accounts.get(c.req.valid("param").id)))
    .patch("/:id", validate("param", idParam), validate("json", patchBody), async (c) =>
      c.json(await accounts.update(c.req.valid("param").id, c.req.valid("json"))),
    )
    .delete("/:id", validate("param", idParam), async (c) => {
      await accounts.remove(c.req.valid("param").id);
      return c.body(null, 204);
    })
    .post("/:id/enable", validate("param", idParam), async (c) =>
      c.json(await accounts.setEnabled(c.req.valid("param").id, true)),
    )
    .post("/:id/disable", validate("param", idParam), async (c) => {
      const reason = (await optionalBody(c, disableBody))?.reason;
      return c.json(await accounts.setEnabled(c.req.valid("param").id, false, reason));
    })
    .put("/:id/concurrency", validate("param", idParam), validate("json", concurrencyInput), async (c) =>
      c.json(await accounts.setConcurrency(c.req.valid("param").id, c.req.valid("json"))),
    );
}
