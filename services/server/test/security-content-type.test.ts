// A JSON body sent as text/plain, as a form or with no content type is refused with 415 on every JSON route, and
// nothing is written (Hono alone would read it as {} and apply the defaults).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { adminSession } from "./support/admin";
import { type Stack, startStack } from "./support/stack";
import { stateSnapshot } from "./support/temp-db";

let stack: Stack;
let apiKey: string;
beforeAll(async () => {
  stack = await startStack();
  apiKey = (await stack.createTenant(1_000)).apiKey;
  await stack.app.request("/api/v1/me", { headers: { authorization: `Bearer ${apiKey}` } });
});
afterAll(async () => {
  await stack.stop();
});

const WRONG_TYPES: Record<string, string>[] = [
  { "content-type": "text/plain" },
  { "content-type": "text/plain;charset=UTF-8" },
  { "content-type": "application/x-www-form-urlencoded" },
  { "content-type": "multipart/form-data; boundary=x" },
  {},
];

async function expect415(path: string, body: unknown, auth: Record<string, string>, method = "POST") {
  for (const headers of WRONG_TYPES) {
    const before = await stateSnapshot(stack.db);
    const res = await stack.app.request(path, {
      method,
      headers: { ...auth, ...headers },
      body: JSON.stringify(body),
    });
    const answer = (await res.json()) as { error?: { code: string; message: string } };
    expect({ path, headers, status: res.status, code: answer.error?.code }).toEqual({
      path,
      headers,
      status: 415,
      code: "unsupported_media_type",
    });
    expect(answer.error?.message).toContain("application/json");
    expect(await stateSnapshot(stack.db)).toBe(before);
  }
}

describe("JSON routes and the content type", () => {
  test("tenant routes: a key named in a text/plain body is not created as 'default'", async () => {
    const auth = { authorization: `Bearer ${apiKey}` };
    await expect415("/api/v1/tenant/keys", { name: "x" }, auth);
    await expect415("/api/v1/images/generations", { model: "sandbox-image", prompt: "p" }, auth);
    await expect415("/api/v1/chat/completions", { model: "sandbox-chat", messages: [] }, auth);
    await expect415("/api/v1/webhooks", { url: "https://hooks.example.com/x" }, auth, "PUT");
    await expect415("/api/v1/auth/login", { apiKey, username: "a", password: "b" }, {});
  });

  test("operator routes too; the same body as JSON is accepted", async () => {
    const { call, token } = await adminSession(stack);
    await expect415("/admin/api/tenants", { name: "Plain" }, { authorization: `Bearer ${token}` });
    const made = await call("POST", "/tenants", { name: "Json" });
    expect(made.status).toBe(201);
  });
});
