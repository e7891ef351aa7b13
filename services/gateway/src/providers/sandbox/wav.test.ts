import { expect, test } from "bun:test";
import { encodeWav, pcmBytes } from "./wav";

test("writes a RIFF/WAVE header whose sizes and format fields match the samples", () => {
  const samples = Int16Array.from([0, 1000, -1000, 32767, -32768]);
  const wav = encodeWav(samples, 8000);
  const view = new DataView(wav.buffer);
  const ascii = (o: number) => String.fromCharCode(...wav.slice(o, o + 4));
  expect([ascii(0), ascii(8), ascii(12), ascii(36)]).toEqual(["RIFF", "WAVE", "fmt ", "data"]);
  expect(view.getUint32(4, true)).toBe(wav.length - 8);
  expect([view.getUint16(20, true), view.getUint16(22, true), view.getUint32(24, true)]).toEqual([1, 1, 8000]);
  expect([view.getUint32(28, true), view.getUint16(32, true), view.getUint16(34, true)]).toEqual([16000, 2, 16]);
  expect(view.getUint32(40, true)).toBe(10);
  expect(Array.from({ length: 5 }, (_, i) => view.getInt16(44 + i * 2, true))).toEqual([0, 1000, -1000, 32767, -32768]);
  expect(Buffer.from(wav.slice(44)).equals(Buffer.from(pcmBytes(samples)))).toBe(true);
});
