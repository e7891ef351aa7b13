// POST /internal/v1/files/links: signs fresh links for stored objects of one tenant, so a result stays reachable after
// the link it was first handed out with expired. Only keys under that tenant's own prefix are signed: the server asks
// with keys read from the tenant's rows, and a key of another tenant is refused outright rather than skipped.
import { AppError } from "@waule/shared/errors";
import { type InternalFileLinks, internalFileLinksRequest } from "@waule/shared/file-links";
import { Hono } from "hono";
import type { CallContext } from "../calls/context";
import { validate } from "../http/validate";
import { assertStorableTenant, isSafeKey } from "./keys";
import { storageForTarget } from "./targets";

export function fileLinksRoute(deps: Pick<CallContext, "storage" | "config">) {
  return new Hono().post("/v1/files/links", validate("json", internalFileLinksRequest), async (c) => {
    const { tenantId, storage: target, keys } = c.req.valid("json");
    assertStorableTenant(tenantId);
    const prefix = `tenants/${tenantId}/`;
    const foreign = keys.find((key) => !isSafeKey(key) || !key.startsWith(prefix));
    if (foreign !== undefined) throw new AppError("forbidden", `key ${foreign} is not a file of tenant ${tenantId}`);
    const storage = storageForTarget(target, deps.storage, deps.config);
    const urls = await Promise.all(keys.map((key) => storage.urlFor(key)));
    return c.json({ urls } satisfies InternalFileLinks);
  });
}
