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
