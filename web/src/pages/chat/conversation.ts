// The conversation as the chat page holds it, and the messages the API is sent (only finished turns plus the new one).
import type { ChatMessageBody } from "@waule/shared/chat";

export type Turn = {
  role: "user" | "assistant";
  content: string;
  state: "done" | "streaming" | "stopped" | "failed";
};

/**
 * What to send for the next question: every turn that produced text, in order. A stopped answer is
 * kept (the user saw it and may refer to it); an empty or failed one is left out.
 */
export function messagesForRequest(turns: readonly Turn[]): ChatMessageBody[] {
  return turns
    .filter((turn) => turn.content.length > 0 && turn.state !== "failed")
    .map((turn) => ({ role: turn.role, content: turn.content }));
}
