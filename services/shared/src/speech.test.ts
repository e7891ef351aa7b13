import { expect, test } from "bun:test";
import { speechCharacters, speechRequest } from "./speech";

test("speech defaults to mp3 bytes at speed 1 and bounds the billed input", () => {
  const body = speechRequest.parse({ model: "tts", input: "hello", voice: "alloy" });
  expect(body).toMatchObject({ response_format: "mp3", speed: 1, waule_response: "bytes" });
  expect(speechRequest.safeParse({ model: "tts", input: "x".repeat(4097), voice: "alloy" }).success).toBe(false);
  expect(speechRequest.safeParse({ model: "tts", input: "x", voice: "alloy", speed: 9 }).success).toBe(false);
  expect(speechRequest.safeParse({ model: "tts", input: "x", voice: "alloy", extra: 1 }).success).toBe(false);
});

test("characters are code points, so astral and CJK characters bill once", () => {
  expect(speechCharacters("你好😀")).toBe(3);
});
