// The billed operations as a person reads them: each usage operation's name in words and the kind of work it makes.
import { t } from "../i18n/i18n";
import type { MessageKey } from "../i18n/zh-CN";

export const operations = [
  "image.generation",
  "audio.speech",
  "video.generation",
  "midjourney.generation",
  "chat.completion",
] as const;
export type Operation = (typeof operations)[number];

const labels: Record<Operation, MessageKey> = {
  "image.generation": "operation.image",
  "audio.speech": "operation.speech",
  "video.generation": "operation.video",
  "midjourney.generation": "operation.midjourney",
  "chat.completion": "operation.chat",
};

/** An operation this app does not know yet keeps its own name rather than vanishing. */
export function operationLabel(operation: string | null | undefined): string {
  if (!operation) return "";
  return Object.hasOwn(labels, operation) ? t(labels[operation as Operation]) : operation;
}
