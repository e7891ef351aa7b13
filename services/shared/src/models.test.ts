import { expect, test } from "bun:test";
import { modelList } from "./models";

test("parses the server's listed model with its pricing block", () => {
  const list = modelList.parse({
    object: "list",
    data: [
      {
        id: "sandbox-video",
        object: "model",
        created: 1,
        owned_by: "waule",
        waule: {
          display_name: "Sandbox video",
          capability: "video",
          price: 5,
          price_unit: "per_second",
          pricing: { "1080p": 2 },
          sandbox: true,
          future_field: 1,
        },
      },
    ],
  });
  expect(list.data[0]?.waule).toMatchObject({
    capability: "video",
    price: 5,
    price_unit: "per_second",
    pricing: { "1080p": 2 },
  });
});

test("refuses an unknown capability or price unit, since prices are computed from them", () => {
  expect(modelList.safeParse({ data: [{ id: "m", waule: { capability: "teleport" } }] }).success).toBe(false);
  expect(
    modelList.safeParse({ data: [{ id: "m", waule: { capability: "chat", price_unit: "per_mood" } }] }).success,
  ).toBe(false);
});
