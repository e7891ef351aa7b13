// A strict PNG reader for tests: checks the signature and every chunk CRC, inflates IDAT.
// The CRC comes from node:zlib, independent of the encoder under test.
import { crc32, inflateSync } from "node:zlib";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export type ParsedPng = {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  chunks: string[];
  raw: Uint8Array;
};

export function parsePng(bytes: Uint8Array): ParsedPng {
  if (!PNG_SIGNATURE.every((b, i) => bytes[i] === b)) throw new Error("not a PNG signature");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: string[] = [];
  const idat: Uint8Array[] = [];
  let width = 0,
    height = 0,
    bitDepth = 0,
    colourType = 0;
  let offset = 8;
  while (offset < bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    const crc = view.getUint32(offset + 8 + length);
    if (crc !== crc32(bytes.subarray(offset + 4, offset + 8 + length))) throw new Error(`bad CRC in ${type}`);
    chunks.push(type);
    if (type === "IHDR") {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      bitDepth = data[8]!;
      colourType = data[9]!;
    }
    if (type === "IDAT") idat.push(data);
    offset += 12 + length;
    if (type === "IEND") break;
  }
  if (offset !== bytes.length) throw new Error("trailing bytes after IEND");
  const raw = new Uint8Array(inflateSync(Buffer.concat(idat)));
  return { width, height, bitDepth, colourType, chunks, raw };
}
