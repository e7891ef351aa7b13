import { describe, expect, test } from "bun:test";
import { assertImageUrl } from "./policy";

const frame = "http://10.0.0.5/frame.png";
const production = {
  NODE_ENV: "production" as const,
  ALLOW_PRIVATE_IMAGE_URLS: undefined,
  WEBHOOK_ALLOW_PRIVATE_URLS: undefined,
};

describe("image URL policy", () => {
  test("production refuses private image hosts, public ones and data:image URLs pass", () => {
    expect(() => assertImageUrl(frame, production, "first_frame")).toThrow("first_frame");
    expect(() => assertImageUrl("https://cdn.example.com/a.png", production, "first_frame")).not.toThrow();
    expect(() => assertImageUrl("data:image/png;base64,iVBORw0KGgo=", production, "reference_image")).not.toThrow();
  });

  test("ALLOW_PRIVATE_IMAGE_URLS is the images' own switch; unset, WEBHOOK_ALLOW_PRIVATE_URLS decides as before", () => {
    expect(() => assertImageUrl(frame, { ...production, ALLOW_PRIVATE_IMAGE_URLS: "true" }, "f")).not.toThrow();
    expect(() =>
      assertImageUrl(
        frame,
        { ...production, ALLOW_PRIVATE_IMAGE_URLS: "false", WEBHOOK_ALLOW_PRIVATE_URLS: "true" },
        "f",
      ),
    ).toThrow();
    expect(() => assertImageUrl(frame, { ...production, WEBHOOK_ALLOW_PRIVATE_URLS: "true" }, "f")).not.toThrow();
    expect(() => assertImageUrl(frame, { ...production, NODE_ENV: "development" }, "f")).not.toThrow();
    expect(() =>
      assertImageUrl(frame, { ...production, NODE_ENV: "test", ALLOW_PRIVATE_IMAGE_URLS: "false" }, "f"),
    ).toThrow();
  });
});
