// A minimal WebM (Matroska/EBML) muxer for one VP8 video track of keyframes, with Cues so players can seek.

type Element = { id: number; body: Uint8Array };

function idBytes(id: number): Uint8Array {
  // Matroska ids carry their own length marker, so they are written as-is in big-endian order.
  const bytes: number[] = [];
  for (let v = id; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.from(bytes);
}

/** The data size as an EBML variable-length integer: the shortest length whose all-ones value is not used. */
function sizeBytes(size: number): Uint8Array {
  let len = 1;
  while (size >= 2 ** (7 * len) - 1) len++;
  const out = new Uint8Array(len);
  let v = size;
  for (let i = len - 1; i >= 0; i--) {
    out[i] = v & 0xff;
    v = Math.floor(v / 256);
  }
  out[0]! |= 0x80 >> (len - 1);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function encode(el: Element): Uint8Array {
  return concat([idBytes(el.id), sizeBytes(el.body.length), el.body]);
}

const master = (id: number, children: Uint8Array[]): Uint8Array => encode({ id, body: concat(children) });
const bin = (id: number, body: Uint8Array): Uint8Array => encode({ id, body });
const str = (id: number, s: string): Uint8Array => bin(id, new TextEncoder().encode(s));
function uint(id: number, value: number): Uint8Array {
  const bytes: number[] = [];
  for (let v = value; v > 0 || bytes.length === 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return bin(id, Uint8Array.from(bytes));
}
function float(id: number, value: number): Uint8Array {
  const body = new Uint8Array(8);
  new DataView(body.buffer).setFloat64(0, value);
  return bin(id, body);
}

export type WebmVideo = {
  width: number;
  height: number;
  /** Each frame a VP8 keyframe bitstream (what a lossy WebP's 'VP8 ' chunk holds). */
  frames: Uint8Array[];
  frameDurationMs: number;
};

/** Clusters start a fresh timecode base before the 16-bit relative block timecode would overflow. */
const CLUSTER_SPAN_MS = 5_000;

export function muxWebm(video: WebmVideo): Uint8Array {
  const header = master(0x1a45dfa3, [
    uint(0x4286, 1), // EBMLVersion
    uint(0x42f7, 1), // EBMLReadVersion
    uint(0x42f2, 4), // EBMLMaxIDLength
    uint(0x42f3, 8), // EBMLMaxSizeLength
    str(0x4282, "webm"), // DocType
    uint(0x4287, 2), // DocTypeVersion
    uint(0x4285, 2), // DocTypeReadVersion
  ]);
  const durationMs = video.frames.length * video.frameDurationMs;
  const info = master(0x1549a966, [
    uint(0x2ad7b1, 1_000_000), // TimecodeScale: timecodes in milliseconds
    float(0x4489, durationMs), // Duration
    str(0x4d80, "waule-sandbox"), // MuxingApp
    str(0x5741, "waule-sandbox"), // WritingApp
  ]);
  const tracks = master(0x1654ae6b, [
    master(0xae, [
      uint(0xd7, 1), // TrackNumber
      uint(0x73c5, 1), // TrackUID
      uint(0x83, 1), // TrackType: video
      uint(0x9c, 0), // FlagLacing
      str(0x86, "V_VP8"), // CodecID
      uint(0x23e383, Math.round(video.frameDurationMs * 1_000_000)), // DefaultDuration (ns)
      master(0xe0, [uint(0xb0, video.width), uint(0xba, video.height)]), // Video: PixelWidth, PixelHeight
    ]),
  ]);

  const clusters: { timecode: number; bytes: Uint8Array }[] = [];
  const perCluster = Math.max(1, Math.floor(CLUSTER_SPAN_MS / video.frameDurationMs));
  for (let start = 0; start < video.frames.length; start += perCluster) {
    const timecode = Math.round(start * video.frameDurationMs);
    const blocks = video.frames.slice(start, start + perCluster).map((frame, i) => {
      const relative = Math.round((start + i) * video.frameDurationMs) - timecode;
      // SimpleBlock: track number (vint 1), int16 timecode relative to the cluster, flags (0x80 = keyframe).
      const head = Uint8Array.from([0x81, (relative >> 8) & 0xff, relative & 0xff, 0x80]);
      return bin(0xa3, concat([head, frame]));
    });
    clusters.push({ timecode, bytes: master(0x1f43b675, [uint(0xe7, timecode), ...blocks]) });
  }

  // Cue positions are offsets from the start of the Segment's data, where Info begins.
  let offset = info.length + tracks.length;
  const cuePoints = clusters.map((c) => {
    const point = master(0xbb, [uint(0xb3, c.timecode), master(0xb7, [uint(0xf7, 1), uint(0xf1, offset)])]);
    offset += c.bytes.length;
    return point;
  });
  const segment = master(0x18538067, [info, tracks, ...clusters.map((c) => c.bytes), master(0x1c53bb6b, cuePoints)]);
  return concat([header, segment]);
}
