// POST /internal/v1/audio/speech: `respond: "bytes"` answers the audio itself, `respond: "url"` stores it and answers JSON.
import { internalSpeechRequest } from "@waule/shared/speech";
import { Hono } from "hono";
import type { CallContext } from "../calls/context";
import { validate } from "../http/validate";
import { assertStorableTenant } from "../storage/keys";
import { audioBytes, storeSpeech, synthesizeSpeech } from "./synthesize";

export function speechRoute(deps: CallContext) {
  return new Hono().post("/v1/audio/speech", validate("json", internalSpeechRequest), async (c) => {
    const req = c.req.valid("json");
    const signal = c.req.raw.signal;
    if (req.respond === "url") {
      assertStorableTenant(req.tenantId);
      const speech = await synthesizeSpeech(deps, req, signal);
      return c.json(await storeSpeech(deps, req, speech, signal), 200);
    }
    const speech = await synthesizeSpeech(deps, req, signal);
    const audio = await audioBytes(deps, speech, signal);
    // Provider and sandbox travel in headers because the body is the audio itself.
    const headers: Record<string, string> = {
      "content-type": audio.mimeType,
      "x-waule-provider": speech.provider,
      "x-waule-model": speech.model,
      "x-waule-sandbox": String(speech.sandbox),
    };
    if (audio.durationSeconds !== undefined) headers["x-waule-duration-seconds"] = String(audio.durationSeconds);
    // Provider outputs are ArrayBuffer-backed; the cast only narrows the generic for BodyInit.
    return new Response(audio.data as Uint8Array<ArrayBuffer>, { status: 200, headers });
  });
}
