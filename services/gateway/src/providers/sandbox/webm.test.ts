// Walks the muxed file with a small EBML reader to check every size, the track and the cue offsets.
import { expect, test } from "bun:test";
import { muxWebm } from "./webm";

type Node = { id: number; start: number; dataStart: number; end: number };

function readVint(b: Uint8Array, at: number, keepMarker: boolean): { value: number; length: number } {
  const first = b[at]!;
  let length = 1;
  while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++;
  let value = keepMarker ? first : first & (0xff >> length);
  for (let i = 1; i < length; i++) value = value * 256 + b[at + i]!;
  return { value, length };
}

function children(b: Uint8Array, from: number, to: number): Node[] {
  const out: Node[] = [];
  for (let at = from; at < to; ) {
    const id = readVint(b, at, true);
    const size = readVint(b, at + id.length, false);
    const dataStart = at + id.length + size.length;
    out.push({ id: id.value, start: at, dataStart, end: dataStart + size.value });
    at = dataStart + size.value;
  }
  expect(out.at(-1)?.end).toBe(to);
  return out;
}

const uintOf = (b: Uint8Array, n: Node) => b.slice(n.dataStart, n.end).reduce((v, x) => v * 256 + x, 0);
const textOf = (b: Uint8Array, n: Node) => new TextDecoder().decode(b.slice(n.dataStart, n.end));
const find = (nodes: Node[], id: number) => nodes.find((n) => n.id === id)!;

test("muxes a well-formed WebM: header, one VP8 track, every frame a keyframe block, cues pointing at clusters", () => {
  const frames = Array.from({ length: 90 }, (_, i) => Uint8Array.from([i, 1, 2, 3]));
  const file = muxWebm({ width: 320, height: 180, frames, frameDurationMs: 125 });

  const [ebml, segment] = children(file, 0, file.length);
  expect(ebml!.id).toBe(0x1a45dfa3);
  expect(textOf(file, find(children(file, ebml!.dataStart, ebml!.end), 0x4282))).toBe("webm");
  expect(segment!.id).toBe(0x18538067);

  const top = children(file, segment!.dataStart, segment!.end);
  const info = children(file, find(top, 0x1549a966).dataStart, find(top, 0x1549a966).end);
  expect(uintOf(file, find(info, 0x2ad7b1))).toBe(1_000_000);
  const durationNode = find(info, 0x4489);
  expect(new DataView(file.buffer, durationNode.dataStart, 8).getFloat64(0)).toBe(90 * 125);

  const trackEntry = children(file, find(top, 0x1654ae6b).dataStart, find(top, 0x1654ae6b).end)[0]!;
  const track = children(file, trackEntry.dataStart, trackEntry.end);
  expect(textOf(file, find(track, 0x86))).toBe("V_VP8");
  expect(uintOf(file, find(track, 0x83))).toBe(1);
  const video = children(file, find(track, 0xe0).dataStart, find(track, 0xe0).end);
  expect([uintOf(file, find(video, 0xb0)), uintOf(file, find(video, 0xba))]).toEqual([320, 180]);

  const clusters = top.filter((n) => n.id === 0x1f43b675);
  expect(clusters.length).toBe(3); // 5 s clusters of 40 frames at 8 fps
  const blocks = clusters.flatMap((c) =>
    children(file, c.dataStart, c.end)
      .filter((n) => n.id === 0xa3)
      .map((n) => ({ n, cluster: c })),
  );
  expect(blocks.length).toBe(90);
  blocks.forEach(({ n, cluster }, i) => {
    const clusterTime = uintOf(file, find(children(file, cluster.dataStart, cluster.end), 0xe7));
    const relative = (file[n.dataStart + 1]! << 8) | file[n.dataStart + 2]!;
    expect([file[n.dataStart], clusterTime + relative, file[n.dataStart + 3]]).toEqual([0x81, i * 125, 0x80]);
    expect(Array.from(file.slice(n.dataStart + 4, n.end))).toEqual([i, 1, 2, 3]);
  });

  const cues = children(file, find(top, 0x1c53bb6b).dataStart, find(top, 0x1c53bb6b).end);
  expect(cues.length).toBe(3);
  cues.forEach((cue, i) => {
    const point = children(file, cue.dataStart, cue.end);
    const positions = children(file, find(point, 0xb7).dataStart, find(point, 0xb7).end);
    expect(segment!.dataStart + uintOf(file, find(positions, 0xf1))).toBe(clusters[i]!.start);
    expect(uintOf(file, find(point, 0xb3))).toBe(i * 5000);
  });
});
