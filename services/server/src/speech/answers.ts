// The audio answer OpenAI's SDK expects: the bytes with their real Content-Type, plus Waule's billing headers.
export function audioResponse(
  audio: { data: Uint8Array; mimeType: string },
  meta: { requestId: string; credits: number; sandbox: boolean },
  extra: Record<string, string> = {},
): Response {
  return new Response(audio.data as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      "content-type": audio.mimeType,
      "x-waule-request-id": meta.requestId,
      "x-waule-credits": String(meta.credits),
      "x-waule-sandbox": String(meta.sandbox),
      ...extra,
    },
  });
}
