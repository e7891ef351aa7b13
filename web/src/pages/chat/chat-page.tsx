// Chat: pick a chat model, talk to it; answers stream in token by token, Stop aborts, and the cost shows when done.
import { createResource, createSignal, For, onCleanup, Show } from "solid-js";
import { createStore, produce } from "solid-js/store";
import { api } from "../../api/api";
import { CapabilityGate } from "../../capabilities/capability-gate";
import { t } from "../../i18n/i18n";
import { BalanceShort, isShort } from "../../ui/balance-short";
import { ErrorMessage } from "../../ui/error-message";
import { chosenModel, ModelSelect } from "../../ui/model-select";
import { messagesForRequest, type Turn } from "./conversation";
import { estimateChatHold } from "./price";

type Cost = { credits: number; tokens: number | null };

export function ChatPage(props: { onCreditsChanged: () => void }) {
  const [models] = createResource(() => api.models("chat"));
  const [picked, setPicked] = createSignal("");
  const [draft, setDraft] = createSignal("");
  const [turns, setTurns] = createStore<Turn[]>([]);
  const [error, setError] = createSignal<unknown>(null);
  const [cost, setCost] = createSignal<Cost | null>(null);
  const [controller, setController] = createSignal<AbortController | null>(null);
  const streaming = () => controller() !== null;
  const model = () => chosenModel(models, picked());
  const hold = () => estimateChatHold(model(), turns, draft());
  let log: HTMLDivElement | undefined;

  // Leaving the page mid-answer stops the stream; the server bills only what was produced.
  onCleanup(() => controller()?.abort());

  const scrollDown = () => queueMicrotask(() => log?.scrollTo({ top: log.scrollHeight }));

  async function send() {
    const text = draft().trim();
    const m = model();
    if (!text || !m || streaming() || isShort(hold())) return;
    setError(null);
    setCost(null);
    setDraft("");
    setTurns(turns.length, { role: "user", content: text, state: "done" });
    const messages = messagesForRequest(turns);
    const index = turns.length;
    setTurns(index, { role: "assistant", content: "", state: "streaming" });
    scrollDown();
    const abort = new AbortController();
    setController(abort);
    let tokens: number | null = null;
    let before: number | null = null;
    try {
      before = (await api.me()).tenant.credits;
      for await (const chunk of api.streamChat({ model: m.id, messages }, abort.signal)) {
        const piece = chunk.choices[0]?.delta.content;
        if (piece) {
          setTurns(index, "content", (c) => c + piece);
          scrollDown();
        }
        if (chunk.usage) tokens = chunk.usage.total_tokens;
      }
      setTurns(index, "state", "done");
    } catch (err) {
      if (abort.signal.aborted) setTurns(index, "state", "stopped");
      else {
        // Refused before any text (no credits, bad model): drop the empty bubble, the error says why.
        if (turns[index]?.content === "") setTurns(produce((list) => list.splice(index, 1)));
        else setTurns(index, "state", "failed");
        setError(err);
      }
    } finally {
      setController(null);
      await showCost(before, tokens, abort.signal.aborted);
    }
  }

  /** The server settles before it sends [DONE], so /me right after shows the final balance; a stop settles a moment later. */
  async function showCost(before: number | null, tokens: number | null, stopped: boolean) {
    props.onCreditsChanged();
    if (before === null) return;
    try {
      if (stopped) await new Promise((r) => setTimeout(r, 500));
      const after = (await api.me()).tenant.credits;
      setCost({ credits: before - after, tokens });
      if (stopped) props.onCreditsChanged();
    } catch {
      // The answer is shown; a failed balance read only hides the cost line.
    }
  }

  function clear() {
    controller()?.abort();
    setTurns(produce((list) => list.splice(0, list.length)));
    setCost(null);
    setError(null);
  }

  return (
    <section class="page chat">
      <div class="page-head">
        <h1>{t("chat.title")}</h1>
        <button type="button" class="button" onClick={clear} disabled={turns.length === 0}>
          {t("chat.clear")}
        </button>
      </div>
      <CapabilityGate capability="chat">
        <div class="chat-layout">
          <aside class="card form">
            <ErrorMessage error={models.error} />
            <ModelSelect
              models={models}
              value={model()?.id ?? ""}
              onChange={setPicked}
              label={t("chat.model")}
              emptyLabel={t("chat.noModels")}
              disabled={streaming()}
            />
            <Show when={model()?.waule.price !== undefined}>
              <p class="muted small">{t("chat.price", { price: model()?.waule.price ?? 0 })}</p>
            </Show>
            <Show when={hold() !== null}>
              <p class="estimate" data-testid="chat-estimate">
                {t("chat.holdEstimate", { credits: hold() ?? 0 })}
              </p>
            </Show>
          </aside>
          <div class="card chat-panel">
            <div class="chat-log" ref={log} data-testid="chat-log" aria-live="polite">
              <For each={turns} fallback={<p class="empty-inline muted">{t("chat.empty")}</p>}>
                {(turn) => (
                  <div class={`bubble ${turn.role}`} data-role={turn.role} data-state={turn.state}>
                    <span class="bubble-who">{turn.role === "user" ? t("chat.you") : t("chat.assistant")}</span>
                    <div class="bubble-text" data-testid={turn.role === "assistant" ? "assistant-text" : undefined}>
                      {turn.content}
                      <Show when={turn.state === "streaming"}>
                        <span class="cursor" role="status" aria-label={t("chat.streaming")} />
                      </Show>
                    </div>
                    <Show when={turn.state === "stopped"}>
                      <span class="bubble-note">{t("chat.stopped")}</span>
                    </Show>
                  </div>
                )}
              </For>
            </div>
            <Show when={cost()}>
              {(c) => (
                <p class="result-meta chat-cost" data-testid="chat-credits-used">
                  {c().tokens === null
                    ? t("chat.creditsUsedNoTokens", { credits: c().credits })
                    : t("chat.creditsUsed", { credits: c().credits, tokens: c().tokens ?? 0 })}
                </p>
              )}
            </Show>
            <ErrorMessage error={error()} />
            <BalanceShort estimate={hold()} />
            <form
              class="chat-input"
              onSubmit={(e) => {
                e.preventDefault();
                void send();
              }}
            >
              <textarea
                name="message"
                rows={3}
                aria-label={t("chat.input")}
                placeholder={t("chat.placeholder")}
                value={draft()}
                onInput={(e) => setDraft(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
                    e.preventDefault();
                    void send();
                  }
                }}
              />
              <Show
                when={streaming()}
                fallback={
                  <button
                    class="button primary"
                    type="submit"
                    data-testid="chat-send"
                    disabled={!draft().trim() || !model() || isShort(hold())}
                  >
                    {t("chat.send")}
                  </button>
                }
              >
                <button
                  class="button danger"
                  type="button"
                  data-testid="chat-stop"
                  onClick={() => controller()?.abort()}
                >
                  {t("chat.stop")}
                </button>
              </Show>
            </form>
          </div>
        </div>
      </CapabilityGate>
    </section>
  );
}
