// The sandbox's image cost: rendering its pattern and encoding the PNG at 64x64 (what the tests ask for)
// against 1024x1024 (the API's default size), and the encoder alone on pixels rendered beforehand.
// Relative imports: bench/ is not a workspace package; the sandbox modules need only node: built-ins.

import { renderSandboxImage } from "../services/gateway/src/providers/sandbox/image";
import { encodePng } from "../services/gateway/src/providers/sandbox/png";
import { type BenchResult, compare, costRatio, formatRatio } from "./measure";

/** Pixels of a size, as a rough and repeatable stand-in for a rendered image (a gradient, like the sandbox's). */
function gradient(width: number, height: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < rgb.length; i++) rgb[i] = (Math.floor(i / 3) % width) & 0xff;
  return rgb;
}

export async function run(): Promise<BenchResult[]> {
  const small = gradient(64, 64);
  const large = gradient(1024, 1024);
  const render = (size: number) => () =>
    renderSandboxImage({ prompt: "a red fox", seed: 7, index: 0, width: size, height: size });

  const [render64, render1024, encode64, encode1024] = await compare(
    [
      { name: "render + encode 64x64 (baseline)", op: render(64), batch: 20 },
      { name: "render + encode 1024x1024", op: render(1024) },
      { name: "encodePng alone 64x64", op: () => encodePng(64, 64, small), batch: 20 },
      { name: "encodePng alone 1024x1024", op: () => encodePng(1024, 1024, large) },
    ],
    { warmup: 3 },
  );

  const pixels = (1024 * 1024) / (64 * 64);
  const megapixelsPerSec = (r: BenchResult, side: number) => ((r.opsPerSec * side * side) / 1e6).toFixed(1);
  render64!.note = `${megapixelsPerSec(render64!, 64)} Mpx/s`;
  render1024!.note = `= ${formatRatio(costRatio(render64!, render1024!))} 64x64 images (${pixels}x the pixels); ${megapixelsPerSec(render1024!, 1024)} Mpx/s`;
  encode64!.note = `${Math.round((render64!.opsPerSec / encode64!.opsPerSec) * 100)}% of render + encode 64x64`;
  encode1024!.note = `= ${formatRatio(costRatio(encode64!, encode1024!))} 64x64 encodes; ${Math.round((render1024!.opsPerSec / encode1024!.opsPerSec) * 100)}% of render + encode 1024x1024`;
  return [render64!, render1024!, encode64!, encode1024!];
}
