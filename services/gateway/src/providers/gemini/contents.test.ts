import { describe, expect, test } from "bun:test";
import { fromUsageMetadata, normalizeFinishReason, toGenerateContentRequest } from "./contents.ts";

describe("gemini contents mapping", () => {
  test("system and developer turns become systemInstruction; same-role turns merge so roles alternate", () => {
    const body = toGenerateContentRequest({
      model: "gemini-2.5-flash",
      messages: [
        { role: "system", content: "Rule one." },
        { role: "developer", content: [{ type: "text", text: "Rule two." }] },
        { role: "user", content: "Look:" },
        { role: "user", content: [{ type: "image_url", image_url: { url: "https://cdn.test/cat.PNG?sig=1" } }] },
        { role: "assistant", content: null },
        { role: "tool", content: "42" },
      ],
    });
    expect(body).toEqual({
      contents: [
        {
          role: "user",
          parts: [
            { text: "Look:" },
            { fileData: { mimeType: "image/png", fileUri: "https://cdn.test/cat.PNG?sig=1" } },
            { text: "42" },
          ],
        },
      ],
      systemInstruction: { parts: [{ text: "Rule one." }, { text: "Rule two." }] },
    });
  });

  test("finish reasons speak the platform's (OpenAI) vocabulary", () => {
    expect(normalizeFinishReason("STOP")).toBe("stop");
    expect(normalizeFinishReason("MAX_TOKENS")).toBe("length");
    expect(normalizeFinishReason("PROHIBITED_CONTENT")).toBe("content_filter");
    expect(normalizeFinishReason("MALFORMED_FUNCTION_CALL")).toBe("malformed_function_call");
    expect(normalizeFinishReason(undefined)).toBeUndefined();
  });

  test("usage without a total adds prompt, candidates and thoughts", () => {
    expect(fromUsageMetadata({ promptTokenCount: 3, candidatesTokenCount: 4, thoughtsTokenCount: 5 })).toEqual({
      promptTokens: 3,
      completionTokens: 9,
      totalTokens: 12,
    });
    expect(fromUsageMetadata(undefined)).toBeNull();
  });
});
