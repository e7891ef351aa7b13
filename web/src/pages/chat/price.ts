// What sending the next message holds, by the server's own rule (@waule/shared/pricing planChat): the estimated prompt
// (every turn sent) plus the completion budget, at the model's price per 1K tokens. The settle is what was used.
import { planChat } from "@waule/shared/pricing";
import type { ModelEntry } from "../../api/models";
import { messagesForRequest, type Turn } from "./conversation";

/** Null when the model lists no price, so the page shows no number rather than a wrong one. */
export function estimateChatHold(model: ModelEntry | undefined, turns: readonly Turn[], draft: string): number | null {
  const price = model?.waule.price;
  if (model === undefined || price === undefined) return null;
  const next: Turn[] = [...turns, { role: "user", content: draft.trim() || " ", state: "done" }];
  return planChat({ price, pricing: model.waule.pricing }, { messages: messagesForRequest(next) }).hold;
}
