// Whatever the path (NUL or any other byte, broken escapes, over-long names), every gateway answer is JSON or one of
// its admin pages, never a bare 500.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestGateway, TEST_BASE_URL, type TestGateway } from "./support/gateway";

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw.stop();
});

describe("gateway paths", () => {
  test("hostile paths under every mount answer JSON or the admin page", async () => {
    const escapes = Array.from({ length: 256 }, (_, b) => `%${b.toString(16).padStart(2, "0")}`);
    const paths = [
      ...["", "/files", "/admin", "/api", "/internal/v1"].flatMap((mount) =>
        escapes.flatMap((x) => [`${mount}/${x}`, `${mount}/a${x}b.png`]),
      ),
      `/files/${"a".repeat(5000)}.png?expires=1&sig=x`,
      `/admin/${"a".repeat(5000)}`,
      "/files/%",
      "/files/%zz",
    ];
    for (const path of paths) {
      for (const method of ["GET", "POST"]) {
        const res = await gw.app.request(`${TEST_BASE_URL}${path}`, { method });
        const type = res.headers.get("content-type") ?? "";
        const shape = type.includes("application/json") ? "json" : type.includes("text/html") ? "page" : type;
        expect({ path, method, serverError: res.status >= 500, shape }).toEqual({
          path,
          method,
          serverError: false,
          shape: shape === "page" ? "page" : "json",
        });
        await res.arrayBuffer();
      }
    }
  });
});
