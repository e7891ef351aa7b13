// /provider-keys: operators add, edit, enable/disable, test and remove upstream keys; answers never carry a secret.
import { AppError } from "@waule/shared/errors";
import { pageQuery } from "@waule/shared/pagination";
import { Hono } from "hono";
import { z } from "zod";
import { validate } from "../http/validate";
import { createKeyRepository } from "../keys/repository";
import { optionalBody } from "./body";
import type { ManagementDeps } from "./deps";
import { createKeyTests } from "./key-tests";

const providerName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "lowercase letters, digits, - and _");
const keyFields = {
  name: z.string().trim().min(1).max(100),
  secret: z.string().trim().min(4).max(4000),
  // http(s) only: Bun's fetch would read a file: URL from local disk.
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullish(),
  weight: z.number().int().min(1).max(1000),
};
const keyInput = z.object({
  provider: providerName,
  ...keyFields,
  weight: keyFields.weight.default(1),
  enabled: z.boolean().default(true),
});
// No defaults here: an omitted field must stay as it is, not fall back to its creation default.
const keyPatch = z
  .object(keyFields)
  .partial()
  .refine((p) => Object.values(p).some((v) => v !== undefined), "nothing to change");
const listQuery = pageQuery.extend({ provider: providerName.optional() });
const idParam = z.object({ id: z.string().min(1) });
const disableBody = z.object({ reason: z.string().trim().min(1).max(500).optional() });

export function providerKeyRoutes(deps: ManagementDeps) {
  const keys = createKeyRepository({
    db: deps.db,
    clock: deps.clock,
    ids: deps.ids,
    encryptionKey: deps.config.encryptionKey,
  });
  const tests = createKeyTests(deps.db);

  function checkProvider(provider: string): void {
    if (deps.providers && !deps.providers.includes(provider)) {
      throw new AppError(
        "invalid_request",
        `provider: unknown provider "${provider}" (known: ${deps.providers.join(", ")})`,
      );
    }
  }

  return new Hono()
    .get("/", validate("query", listQuery), async (c) => {
      const page = await keys.list(c.req.valid("query"));
      return c.json({ ...page, data: await tests.attach(page.data) });
    })
    .post("/", validate("json", keyInput), async (c) => {
      const input = c.req.valid("json");
      checkProvider(input.provider);
      return c.json(await keys.create(input), 201);
    })
    .get("/:id", validate("param", idParam), async (c) => {
      const [view] = await tests.attach([await keys.get(c.req.valid("param").id)]);
      return c.json(view);
    })
    .patch("/:id", validate("param", idParam), validate("json", keyPatch), async (c) =>
      c.json(await keys.update(c.req.valid("param").id, c.req.valid("json"))),
    )
    .delete("/:id", validate("param", idParam), async (c) => {
      await keys.remove(c.req.valid("param").id);
      return c.body(null, 204);
    })
    .post("/:id/enable", validate("param", idParam), async (c) =>
      c.json(await keys.setEnabled(c.req.valid("param").id, true)),
    )
    .post("/:id/disable", validate("param", idParam), async (c) => {
      const reason = (await optionalBody(c, disableBody))?.reason;
      return c.json(await keys.setEnabled(c.req.valid("param").id, false, reason));
    })
    .post("/:id/test", validate("param", idParam), async (c) => {
      const { view, secret } = await keys.reveal(c.req.valid("param").id);
      const started = deps.clock.now();
      try {
        await deps.testKey(view.provider, {
          id: view.id,
          provider: view.provider,
          name: view.name,
          secret,
          baseUrl: view.baseUrl,
        });
        const latencyMs = deps.clock.now() - started;
        await tests.record(view.id, {
          ok: true,
          code: null,
          message: `${latencyMs} ms`,
          latencyMs,
          testedAt: started,
        });
        return c.json({ ok: true, latencyMs });
      } catch (err) {
        const error =
          err instanceof AppError
            ? { code: err.code, message: err.message }
            : { code: "upstream_unavailable", message: err instanceof Error ? err.message : String(err) };
        // The message may echo the key back (some upstreams quote it); never let the secret through.
        error.message = error.message.replaceAll(secret, "****");
        const latencyMs = deps.clock.now() - started;
        await keys.noteTestFailure(view.id, `test call: ${error.message}`);
        await tests.record(view.id, {
          ok: false,
          code: error.code,
          message: error.message,
          latencyMs,
          testedAt: started,
        });
        return c.json({ ok: false, latencyMs, error });
      }
    });
}
