// Guards the gateway management API with the admin token: no token configured means no API, never a default.

import { createHash, timingSafeEqual } from "node:crypto";
import { AppError } from "@waule/shared/errors";
import type { MiddlewareHandler } from "hono";

const MIN_TOKEN_LENGTH = 16;

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

export function adminAuth(adminToken: string): MiddlewareHandler {
  if (adminToken.length < MIN_TOKEN_LENGTH) {
    throw new Error(
      `GATEWAY_ADMIN_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters; the management API refuses to run without one`,
    );
  }
  // Comparing fixed-size digests keeps the comparison constant-time whatever length the caller sends.
  const expected = digest(adminToken);
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match || !timingSafeEqual(digest(match[1]!.trim()), expected)) {
      throw new AppError(
        "unauthorized",
        "a valid admin token is required (Authorization: Bearer <GATEWAY_ADMIN_TOKEN>)",
      );
    }
    await next();
  };
}
