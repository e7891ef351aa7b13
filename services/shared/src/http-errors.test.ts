import { describe, expect, test } from "bun:test";
import { serveErrorFor } from "./http-errors";

describe("serveErrorFor", () => {
  test("an error that escapes the app answers the JSON error shape from Bun.serve, not Bun's error page", async () => {
    const server = Bun.serve({
      port: 0,
      fetch() {
        throw new Error("escaped the app");
      },
      error: serveErrorFor("test"),
    });
    try {
      const res = await fetch(server.url);
      expect(res.status).toBe(500);
      expect(res.headers.get("content-type")).toContain("application/json");
      expect(await res.json()).toEqual({ error: { code: "internal_error", message: "internal error" } });
    } finally {
      server.stop(true);
    }
  });
});
