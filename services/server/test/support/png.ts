// Checks bytes are a well-formed PNG (signature, every chunk CRC, IHDR first, IEND last) and reads its size.
import { crc32 } from "node:zlib";

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function readPng(bytes: Uint8Array): { width: number; height: number; chunks: string[] } {
  if (!SIGNATURE.every((b, i) => bytes[i] === b)) throw new Error("not a PNG signature");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: string[] = [];
  let offset = 8;
  while (offset < bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (view.getUint32(offset + 8 + length) !== crc32(bytes.subarray(offset + 4, offset + 8 + length)))
      throw new Error(`bad CRC in ${type}`);
    chunks.push(type);
    offset += 12 + length;
    if (type === "IEND") break;
  }
  if (offset !== bytes.length || chunks[0] !== "IHDR" || chunks.at(-1) !== "IEND" || !chunks.includes("IDAT"))
    throw new Error("malformed PNG");
  return { width: view.getUint32(16), height: view.getUint32(20), chunks };
}
