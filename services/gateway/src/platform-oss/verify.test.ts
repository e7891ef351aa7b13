// The probe's failure message reaches the admin UI: whatever the S3 service quotes back, the secret key never does.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { verifyPlatformOss } from "./verify";

const SECRET = "platform-secret-key-do-not-echo-0123";
let echo: ReturnType<typeof Bun.serve>;
beforeAll(() => {
  // An S3-compatible endpoint whose error message quotes the secret (misconfigured proxies and some vendors do).
  echo = Bun.serve({
    port: 0,
    fetch: () =>
      new Response(
        `<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>key ${SECRET} is not allowed</Message></Error>`,
        {
          status: 403,
          headers: { "content-type": "application/xml" },
        },
      ),
  });
});
afterAll(() => echo.stop(true));

describe("verifyPlatformOss", () => {
  test("a failure quoting the secret answers it masked", async () => {
    const result = await verifyPlatformOss(
      {
        endpoint: `http://127.0.0.1:${echo.port}`,
        bucket: "b",
        region: "us-east-1",
        accessKeyId: "AK",
        secretAccessKey: SECRET,
        forcePathStyle: true,
      },
      { clock: { now: () => 0 }, probeId: "p1" },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.step).toBe("write");
    expect(result.error).not.toContain(SECRET);
    expect(result.error).toContain("****");
  });
});
