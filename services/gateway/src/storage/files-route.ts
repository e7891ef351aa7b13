// GET /files/<key>?expires=&sig=: serves stored files to whoever holds a valid, unexpired signed link.
import { AppError } from "@waule/shared/errors";
import { Hono } from "hono";
import { verifyFileSignature } from "./signed-url";
import type { ObjectStorage } from "./types";

export function filesRoute(deps: { storage: ObjectStorage; signingSecret: string; now: () => number }) {
  return new Hono().get("/*", async (c) => {
    const rawPath = new URL(c.req.url).pathname.replace(/^\/files\//, "");
    let key: string;
    try {
      key = rawPath.split("/").map(decodeURIComponent).join("/");
    } catch {
      throw new AppError("forbidden", "invalid file link");
    }
    const check = verifyFileSignature({
      secret: deps.signingSecret,
      key,
      expires: c.req.query("expires"),
      sig: c.req.query("sig"),
      nowMs: deps.now(),
    });
    if (!check.ok) throw new AppError("forbidden", check.reason === "expired" ? "file link expired" : "invalid file link");
    const file = await deps.storage.get(key);
    if (!file) throw new AppError("not_found", "file not found");
    return c.body(file.data as Uint8Array<ArrayBuffer>, 200, {
      "content-type": file.mimeType,
      "content-length": String(file.data.byteLength),
      "cache-control": "private, max-age=3600",
      "x-content-type-options": "nosniff",
    });
  });
}
