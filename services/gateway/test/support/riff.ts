// Reads a WAV file's RIFF header independently of the sandbox's encoder, so tests check real files.
export type WavHeader = {
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  dataBytes: number;
  durationSeconds: number;
};

export function parseWavHeader(bytes: Uint8Array): WavHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (tag(0) !== "RIFF" || tag(8) !== "WAVE") throw new Error("not a RIFF/WAVE file");
  if (view.getUint32(4, true) !== bytes.length - 8) throw new Error("RIFF size does not match the file length");
  let at = 12;
  let fmt: Omit<WavHeader, "dataBytes" | "durationSeconds"> | undefined;
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    if (id === "fmt ") {
      if (view.getUint16(at + 8, true) !== 1) throw new Error("not PCM");
      fmt = {
        channels: view.getUint16(at + 10, true),
        sampleRate: view.getUint32(at + 12, true),
        bitsPerSample: view.getUint16(at + 22, true),
      };
    } else if (id === "data") {
      if (!fmt) throw new Error("data chunk before fmt chunk");
      if (at + 8 + size > bytes.length) throw new Error("data chunk runs past the end of the file");
      return {
        ...fmt,
        dataBytes: size,
        durationSeconds: size / (fmt.sampleRate * fmt.channels * (fmt.bitsPerSample / 8)),
      };
    }
    at += 8 + size + (size % 2);
  }
  throw new Error("no data chunk");
}
