// What a redemption code looks like: WR- and 16 Crockford base32 characters (80 random bits), kept only as a SHA-256.
import { createHash, randomBytes } from "node:crypto";

// No I, L, O, U: nothing to misread when a code is typed from a printed card.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const LENGTH = 16;
const PREFIX_CHARS = 4;

/** A fresh code, grouped for reading: WR-7K3M-Q9ZD-2HXA-PC4N. */
export function generateCode(random: (n: number) => Uint8Array = randomBytes): string {
  const bytes = random(LENGTH);
  // 256 is a multiple of 32, so taking each byte mod 32 is unbiased.
  const chars = Array.from(bytes, (b) => ALPHABET[b % 32]).join("");
  return `WR-${chars.match(/.{4}/g)?.join("-")}`;
}

/** The code's 16 characters as typed by anyone: case, spaces, dashes and the WR- lead do not matter. */
export function normalizeCode(input: string): string | null {
  let body = input.toUpperCase().replace(/[\s-]/g, "");
  if (body.length === LENGTH + 2 && body.startsWith("WR")) body = body.slice(2);
  return body.length === LENGTH && [...body].every((ch) => ALPHABET.includes(ch)) ? body : null;
}

export function hashCode(normalized: string): string {
  return createHash("sha256").update(normalized).digest("hex");
}

/** What lists and exports show of a code: enough to tell codes apart, far too little to guess the rest (60 bits). */
export function prefixOf(normalized: string): string {
  return `WR-${normalized.slice(0, PREFIX_CHARS)}`;
}
