// GET /files/<key>?expires=&sig=: serves stored files to whoever holds a valid, unexpired signed link.
import type { Clock } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import { Hono } from "hono";
import { extensionFor } from "./keys";
import { verifyFileSignature } from "./signed-url";
import type { ObjectStorage } from "./types";

export function filesRoute(deps: { storage: ObjectStorage; signingSecret: string; clock: Clock }) {
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
      nowMs: deps.clock.now(),
    });
    if (!check.ok)
      throw new AppError("forbidden", check.reason === "expired" ? "file link expired" : "invalid file link");
    const file = await deps.storage.get(key);
    if (!file) throw new AppError("not_found", "file not found");
    // Files share the admin UI's origin: only the media types we store are served inline; anything else (an S3 object
    // put with an upstream's text/html or image/svg+xml) is opaque bytes to download, and no file may run script.
    const inline = extensionFor(file.mimeType) !== "bin";
    return c.body(file.data as Uint8Array<ArrayBuffer>, 200, {
      "content-type": inline ? file.mimeType : "application/octet-stream",
      ...(inline ? {} : { "content-disposition": "attachment" }),
      "content-length": String(file.data.byteLength),
      "cache-control": "private, max-age=3600",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
    });
  });
}
