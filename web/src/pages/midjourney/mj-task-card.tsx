// One Midjourney task followed live: status, progress, the finished grid, and its buttons (U1…U4, V1…V4, reroll) as
// actions that submit a new task priced by the same rule the server bills with.

import type { Task } from "@waule/shared/tasks";
import { createSignal, For, Show } from "solid-js";
import { api } from "../../api/api";
import type { ModelEntry } from "../../api/models";
import { t } from "../../i18n/i18n";
import { balance } from "../../session/account";
import { isShort } from "../../ui/balance-short";
import { ErrorMessage } from "../../ui/error-message";
import { TaskCardHead, TaskError, TaskProgress } from "../../ui/task-status";
import { TopUpHint } from "../../ui/top-up";
import { createLiveTask } from "../tasks/live-task";
import { queuedTask } from "../tasks/queued-task";
import { estimateMidjourneyCredits } from "./price";

export function MidjourneyTaskCard(props: {
  initial: Task;
  /** The task's model as listed, for the buttons' prices; absent while the list loads. */
  model: ModelEntry | undefined;
  onFinished: (task: Task) => void;
  /** A button press was accepted: the new task to show. */
  onSubmitted: (task: Task) => void;
}) {
  // The card follows one task for its whole life; a new initial value means a new card, not a new stream.
  const { task, live } = createLiveTask(props.initial, props.onFinished);
  const [pressing, setPressing] = createSignal<string | null>(null);
  const [error, setError] = createSignal<unknown>(null);
  const image = () =>
    task().status === "succeeded" ? (task().result?.files?.[0]?.url ?? task().result?.urls[0]) : undefined;
  const buttons = () => (task().status === "succeeded" ? (task().result?.buttons ?? []) : []);
  const priceOf = (customId: string) => estimateMidjourneyCredits(props.model, customId);
  /** The cheapest action the balance does not cover, or null when it covers every one (or a price is unknown). */
  const shortFrom = () => {
    const short = buttons()
      .map((b) => priceOf(b.custom_id))
      .filter((credits): credits is number => credits !== null && isShort(credits));
    return short.length > 0 ? Math.min(...short) : null;
  };

  async function press(customId: string) {
    setPressing(customId);
    setError(null);
    try {
      const accepted = await api.midjourney.action({ task_id: task().id, custom_id: customId });
      props.onSubmitted(queuedTask(accepted, task().model, "midjourney"));
    } catch (err) {
      setError(err);
    } finally {
      setPressing(null);
    }
  }

  return (
    <article class="card task-card" data-testid="mj-task-card" data-task-id={task().id} data-status={task().status}>
      <TaskCardHead task={task()} live={live()} />
      <TaskProgress task={task()} />
      <TaskError task={task()} />
      <Show when={image()}>
        {(src) => (
          <a href={src()} target="_blank" rel="noopener">
            <img
              class="mj-image"
              style={{ width: "100%", "max-width": "512px", "border-radius": "8px" }}
              src={src()}
              alt={t("mj.imageAlt")}
              data-testid="mj-image"
            />
          </a>
        )}
      </Show>
      <Show when={buttons().length > 0}>
        <fieldset
          class="mj-actions"
          style={{ display: "flex", "flex-wrap": "wrap", gap: "0.4rem", border: "0", padding: "0", margin: "0" }}
          aria-label={t("mj.actions")}
        >
          <For each={buttons()}>
            {(button) => {
              const credits = () => priceOf(button.custom_id);
              const short = () => isShort(credits());
              return (
                <button
                  type="button"
                  class="button ghost small"
                  data-testid="mj-action"
                  data-label={button.label}
                  data-short={short() ? "true" : undefined}
                  disabled={pressing() !== null || short()}
                  aria-describedby={short() ? `mj-short-${task().id}` : undefined}
                  title={
                    short()
                      ? t("money.short", { needed: credits() ?? 0, balance: balance() ?? 0 })
                      : credits() === null
                        ? undefined
                        : t("task.credits", { credits: credits() ?? 0 })
                  }
                  onClick={() => void press(button.custom_id)}
                >
                  {button.label || t("mj.action")}
                  <Show when={credits() !== null}>
                    <span class="muted small"> · {credits()}</span>
                  </Show>
                </button>
              );
            }}
          </For>
        </fieldset>
        <Show when={shortFrom()}>
          {(needed) => (
            <p class="balance-short" role="status" id={`mj-short-${task().id}`} data-testid="mj-actions-short">
              {t("mj.actionsShort", { needed: needed(), balance: balance() ?? 0 })} <TopUpHint />
            </p>
          )}
        </Show>
      </Show>
      <ErrorMessage error={error()} />
    </article>
  );
}
