// POST /internal/v1/images/generations: validated by the shared schema, answered with the shared response shape.
import { type InternalImageResponse, internalImageRequest } from "@waule/shared/images";
import { Hono } from "hono";
import type { CallContext } from "../calls/context";
import { validate } from "../http/validate";
import { generateImages } from "./generate";

export function imagesRoute(deps: CallContext) {
  return new Hono().post("/v1/images/generations", validate("json", internalImageRequest), async (c) => {
    const result: InternalImageResponse = await generateImages(deps, c.req.valid("json"), c.req.raw.signal);
    return c.json(result, 200);
  });
}
