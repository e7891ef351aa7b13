// The capability interfaces every provider folder implements; the registry and the key pool speak only these.
import type { Clock } from "@waule/shared/clock";

/** What the key pool hands a provider for one call. Sandbox and keyless upstreams get `secret: ""`. */
export type ProviderKeyUse = { id: string | null; secret: string; baseUrl?: string | null };

export type ProviderContext = {
  key: ProviderKeyUse;
  /** Injected so tests and the pool can wrap it; adapters never call the global fetch directly. */
  fetch: typeof fetch;
  signal?: AbortSignal;
  clock: Clock;
  /** How tenant-supplied URLs (frames, reference images) may be downloaded; absent means the strict default (no private hosts). */
  tenantUrls?: TenantUrlAccess;
};

export type TenantUrlAccess = {
  /** Loopback/private/link-local targets are allowed (tests, or an operator's explicit choice). */
  allowPrivate: boolean;
  maxBytes?: number;
  timeoutMs?: number;
  /** Resolves a hostname to its addresses; Bun's DNS by default, injected in tests. */
  lookup?: (hostname: string) => Promise<string[]>;
};

/** A produced file: raw bytes, or an upstream URL the gateway copies into storage before answering. */
export type MediaOutput =
  | { kind: "bytes"; data: Uint8Array; mimeType: string; width?: number; height?: number; durationSeconds?: number }
  | { kind: "url"; url: string; mimeType?: string; width?: number; height?: number; durationSeconds?: number };

export type ImageInput = {
  model: string;
  prompt: string;
  n: number;
  width: number;
  height: number;
  seed?: number;
  referenceImage?: string;
};
export type ImageOutput = { images: (MediaOutput & { revisedPrompt?: string })[] };

export interface ImageCapability {
  generate(input: ImageInput, ctx: ProviderContext): Promise<ImageOutput>;
}

export type ChatContentPart = { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };
export type ChatMessage = {
  role: "system" | "user" | "assistant" | "tool" | "developer";
  content: string | ChatContentPart[] | null;
  name?: string;
};
export type ChatInput = {
  model: string;
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  seed?: number;
};
export type ChatUsage = {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Of promptTokens, the ones served from the upstream's prompt cache; only when the upstream reports it. */
  cachedPromptTokens?: number;
};
export type ChatResult = { id: string; model: string; content: string; finishReason: string; usage: ChatUsage | null };
/** One streamed piece: a text delta, the finish reason, and usage when the upstream reports it (usually last). */
export type ChatDelta = { content?: string; finishReason?: string; usage?: ChatUsage };

export interface ChatCapability {
  complete(input: ChatInput, ctx: ProviderContext): Promise<ChatResult>;
  /** Yields deltas as the upstream sends them; never buffers the whole answer. */
  stream(input: ChatInput, ctx: ProviderContext): AsyncIterable<ChatDelta>;
}

export type SpeechInput = {
  model: string;
  input: string;
  voice: string;
  format: "mp3" | "wav" | "opus" | "aac" | "flac" | "pcm";
  speed?: number;
};
export type SpeechOutput = { audio: MediaOutput };

export interface SpeechCapability {
  synthesize(input: SpeechInput, ctx: ProviderContext): Promise<SpeechOutput>;
}

export type VideoInput = {
  model: string;
  prompt: string;
  /** First frame (image-to-video), as a URL or data: URL. */
  firstFrame?: string;
  lastFrame?: string;
  durationSeconds: number;
  resolution: string;
  ratio: string;
  seed?: number;
};
/** An upstream job accepted: its id is the only link to it from here on (nothing is ever matched by prompt). */
export type TaskSubmitted = { upstreamTaskId: string };
export type VideoSubmitted = TaskSubmitted;
export type VideoPoll =
  | { status: "queued" | "running"; progress?: number }
  | { status: "succeeded"; videos: MediaOutput[] }
  | { status: "failed"; code: string; message: string };

export interface VideoCapability {
  submit(input: VideoInput, ctx: ProviderContext): Promise<VideoSubmitted>;
  poll(upstreamTaskId: string, ctx: ProviderContext): Promise<VideoPoll>;
}

/** A button of a finished job (Midjourney's upscale, variation…): what a later action presses. */
export type TaskButton = { customId: string; label: string };
/** One poll of an upstream job, as the gateway's task engine stores it: progress, the result files, or the failure. */
export type TaskPoll =
  | { status: "queued" | "running"; progress?: number }
  | { status: "succeeded"; files: MediaOutput[]; buttons?: TaskButton[] }
  | { status: "failed"; code: string; message: string };

/** midjourney-proxy's account selector; `instanceId` names one Discord account instance (by default its channel id). */
export type MidjourneyAccountFilter = { instanceId: string };

export type MidjourneyImagineInput = {
  prompt: string;
  /** Reference images as data: URLs (midjourney-proxy uploads them to Discord). */
  base64Array?: string[];
  botType?: "MID_JOURNEY" | "NIJI_JOURNEY";
  accountFilter?: MidjourneyAccountFilter;
  /** Opaque value the proxy echoes back on the task; handy for correlating with our own task id. */
  state?: string;
};

export type MidjourneyActionInput = {
  /** The finished task whose button is pressed. */
  taskId: string;
  /** The button's customId from that task, e.g. "MJ::JOB::upsample::1::<hash>". */
  customId: string;
  accountFilter?: MidjourneyAccountFilter;
  state?: string;
};

/** Image jobs on a Discord account: imagine, then a button of the finished job (upscale, variation…), polled by id. */
export interface MidjourneyCapability {
  imagine(input: MidjourneyImagineInput, ctx: ProviderContext): Promise<TaskSubmitted>;
  action(input: MidjourneyActionInput, ctx: ProviderContext): Promise<TaskSubmitted>;
  poll(upstreamTaskId: string, ctx: ProviderContext): Promise<TaskPoll>;
}

export type Provider = {
  name: string;
  /** Whether calls need a key from the pool; false for the sandbox. */
  requiresKey: boolean;
  defaultBaseUrl?: string;
  image?: ImageCapability;
  chat?: ChatCapability;
  speech?: SpeechCapability;
  video?: VideoCapability;
  midjourney?: MidjourneyCapability;
  /** One free, read-only call proving the upstream accepts the key (the management test-call); throws an UpstreamError if not. */
  verifyKey?: (ctx: ProviderContext) => Promise<void>;
};

export type Capability = "image" | "chat" | "speech" | "video" | "midjourney";
