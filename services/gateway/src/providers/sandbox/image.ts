// Sandbox images: a deterministic pattern (two-colour gradient with a checker overlay) derived from prompt, seed and index.
import { createHash } from "node:crypto";
import type { ImageCapability, ImageInput } from "../types";
import { encodePng } from "./png";
import type { Simulation } from "./simulation";

/** Renders one image; integer arithmetic only, so the bytes are identical on every machine. */
export function renderSandboxImage(input: {
  prompt: string;
  seed?: number;
  index: number;
  width: number;
  height: number;
}): Uint8Array {
  const h = createHash("sha256")
    .update(`${input.prompt}\n${input.seed ?? 0}\n${input.index}`)
    .digest();
  const { width: w, height: ht } = input;
  const from = [h[0]!, h[1]!, h[2]!];
  const to = [h[3]!, h[4]!, h[5]!];
  const accent = [h[6]!, h[7]!, h[8]!];
  const shift = 3 + (h[9]! % 4);
  const offsetX = h[10]! | (h[11]! << 8);
  const offsetY = h[12]! | (h[13]! << 8);
  // Gradient direction: weights for x and y in 0..15, never both zero.
  const dx = h[14]! & 15;
  const dy = h[15]! & 15 || (dx === 0 ? 1 : 0);
  const span = dx * (w - 1) + dy * (ht - 1) || 1;
  const rgb = new Uint8Array(w * ht * 3);
  let i = 0;
  for (let y = 0; y < ht; y++) {
    for (let x = 0; x < w; x++) {
      const t = dx * x + dy * y;
      const checker = (((x + offsetX) >> shift) ^ ((y + offsetY) >> shift)) & 1;
      for (let c = 0; c < 3; c++) {
        const base = Math.floor((from[c]! * (span - t) + to[c]! * t) / span);
        rgb[i++] = checker ? (base * 3 + accent[c]!) >> 2 : base;
      }
    }
  }
  return encodePng(w, ht, rgb);
}

export function sandboxImage(simulation: Simulation): ImageCapability {
  return {
    async generate(input: ImageInput, ctx) {
      await simulation.beforeCall(ctx.signal);
      const images = Array.from({ length: input.n }, (_, index) => ({
        kind: "bytes" as const,
        data: renderSandboxImage({
          prompt: input.prompt,
          seed: input.seed,
          index,
          width: input.width,
          height: input.height,
        }),
        mimeType: "image/png",
        width: input.width,
        height: input.height,
        revisedPrompt: `[sandbox] ${input.prompt}`,
      }));
      return { images };
    },
  };
}
