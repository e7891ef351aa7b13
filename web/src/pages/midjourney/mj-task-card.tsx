// One Midjourney task followed live: status, progress, the finished grid, and its buttons (U1…U4, V1…V4, reroll) as
// actions that submit a new task priced by the same rule the server bills with.

import type { Task } from "@waule/shared/tasks";
import { createSignal, For, Show } from "solid-js";
import { api } from "../../api/api";
import type { ModelEntry } from "../../api/models";
import { t } from "../../i18n/i18n";
import { ErrorMessage } from "../../ui/error-message";
import { TaskCardHead, TaskError, TaskProgress } from "../../ui/task-status";
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
              const credits = () => estimateMidjourneyCredits(props.model, button.custom_id);
              return (
                <button
                  type="button"
                  class="button ghost small"
                  data-testid="mj-action"
                  data-label={button.label}
                  disabled={pressing() !== null}
                  title={credits() === null ? undefined : t("task.credits", { credits: credits() ?? 0 })}
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
      </Show>
      <ErrorMessage error={error()} />
    </article>
  );
}
