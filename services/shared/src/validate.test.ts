import { expect, test } from "bun:test";
import { Hono } from "hono";
import { z } from "zod";
import { AppError } from "./errors";
import { validate } from "./validate";

const app = new Hono()
  .post("/", validate("json", z.object({ name: z.string().min(1), n: z.number().int() })), (c) =>
    c.json(c.req.valid("json")),
  )
  .onError((err, c) =>
    c.json(
      {
        code: err instanceof AppError ? err.code : "other",
        message: err.message,
        details: err instanceof AppError ? err.details : null,
      },
      400,
    ),
  );

test("a bad body becomes invalid_request naming the first bad field, with every issue attached", async () => {
  const res = await app.request("/", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "", n: 1.5 }),
  });
  const body = (await res.json()) as { code: string; message: string; details: { path: string }[] };
  expect(body.code).toBe("invalid_request");
  expect(body.message).toStartWith("name: ");
  expect(body.details.map((d) => d.path)).toEqual(["name", "n"]);
  // The kind and limit of each issue, for messages in the reader's language.
  expect(body.details[0]).toMatchObject({ code: "too_small", minimum: 1 });
  expect(body.details[1]).toMatchObject({ code: "invalid_type" });
});

test("a good body reaches the handler parsed", async () => {
  const res = await app.request("/", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "a", n: 2 }),
  });
  expect(await res.json()).toEqual({ name: "a", n: 2 });
});

test("a JSON route refuses a body that is not sent as JSON with 415, before the handler runs", async () => {
  let handled = 0;
  const strict = new Hono()
    .post("/", validate("json", z.object({ name: z.string().default("default") })), (c) => {
      handled++;
      return c.json(c.req.valid("json"));
    })
    .onError((err, c) => c.json({ code: err instanceof AppError ? err.code : "other", message: err.message }, 415));
  const body = JSON.stringify({ name: "x" });
  const wrongTypes: Record<string, string>[] = [
    { "content-type": "text/plain" },
    {},
    { "content-type": "application/x-www-form-urlencoded" },
  ];
  for (const headers of wrongTypes) {
    const res = await strict.request("/", { method: "POST", headers, body });
    const answer = (await res.json()) as { code: string; message: string };
    expect({ headers, code: answer.code }).toEqual({ headers, code: "unsupported_media_type" });
    expect(answer.message).toContain("application/json");
  }
  expect(handled).toBe(0);
  // JSON types (with parameters, or +json) pass; so does a request with no body at all.
  for (const type of ["application/json", "application/json; charset=utf-8", "application/merge-patch+json"]) {
    const res = await strict.request("/", { method: "POST", headers: { "content-type": type }, body });
    expect(await res.json()).toEqual({ name: "x" });
  }
  expect(await (await strict.request("/", { method: "POST" })).json()).toEqual({ name: "default" });
  expect(handled).toBe(4);
});

test("a schema with an async check still validates (the synchronous parse falls back to the async one)", async () => {
  const taken = new Set(["alice"]);
  const app = new Hono()
    .post(
      "/",
      validate(
        "json",
        z.object({
          name: z.string().refine(async (name) => !taken.has(name), { message: "already taken" }),
        }),
      ),
      (c) => c.json(c.req.valid("json")),
    )
    .onError((err, c) => c.json({ code: err instanceof AppError ? err.code : "other", message: err.message }, 400));
  const post = (name: string) =>
    app.request("/", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name }),
    });
  const refused = await post("alice");
  expect(refused.status).toBe(400);
  expect(await refused.json()).toEqual({ code: "invalid_request", message: "name: already taken" });
  const accepted = await post("bob");
  expect(accepted.status).toBe(200);
  expect(await accepted.json()).toEqual({ name: "bob" });
});
