// Midjourney: a prompt (and an optional reference image) with its price, submitted as a task; each task card follows
// its job live and offers the finished grid's buttons, whose new tasks join the list.

import type { Task } from "@waule/shared/tasks";
import { createResource, createSignal, Show } from "solid-js";
import { api } from "../../api/api";
import { CapabilityGate } from "../../capabilities/capability-gate";
import { t } from "../../i18n/i18n";
import { ErrorMessage } from "../../ui/error-message";
import { chosenModel, ModelSelect } from "../../ui/model-select";
import { createSubmission, SubmitRow } from "../../ui/submission";
import { queuedTask } from "../tasks/queued-task";
import { createRecentTasks, RecentTasksPanel } from "../tasks/recent-tasks";
import { MidjourneyTaskCard } from "./mj-task-card";
import { estimateMidjourneyCredits } from "./price";
import { ReferenceImageError, referenceAsDataUrl } from "./reference-image";
import { ReferenceInput } from "./reference-input";

export function MidjourneyPage(props: { onCreditsChanged: () => void }) {
  const [models] = createResource(() => api.models("midjourney"));
  const [picked, setPicked] = createSignal("");
  const [prompt, setPrompt] = createSignal("");
  const [reference, setReference] = createSignal("");
  // The cost is held at submit, so the balance moves now (and again if the task is refunded).
  const submission = createSubmission({
    onCreditsChanged: props.onCreditsChanged,
    describeError: (err) => (err instanceof ReferenceImageError ? new Error(t(err.problem)) : err),
  });
  // Imagines and button presses submitted here join the recent list.
  const tasks = createRecentTasks("midjourney");

  const model = () => chosenModel(models, picked());
  const estimate = () => estimateMidjourneyCredits(model());
  const modelOf = (task: Task) => (models.error ? [] : (models() ?? [])).find((m) => m.id === task.model);
  const canSubmit = () => !!model() && prompt().trim() !== "";

  /** A button press on a card was accepted: its hold moved the balance too. */
  function added(task: Task) {
    tasks.add(task);
    props.onCreditsChanged();
  }

  function submit(e: SubmitEvent) {
    e.preventDefault();
    const m = model();
    if (!m || !canSubmit() || submission.busy()) return;
    void submission.run(async () => {
      const image = await referenceAsDataUrl(reference());
      const accepted = await api.midjourney.imagine({
        model: m.id,
        prompt: prompt().trim(),
        reference_images: image ? [image] : [],
      });
      tasks.add(queuedTask(accepted, m.id, "midjourney"));
    });
  }

  return (
    <section class="page midjourney">
      <h1>{t("mj.title")}</h1>
      <CapabilityGate capability="midjourney">
        <div class="generate-layout">
          <form class="card form" onSubmit={submit}>
            <ErrorMessage error={models.error} />
            <ModelSelect
              models={models}
              value={model()?.id ?? ""}
              onChange={setPicked}
              label={t("mj.model")}
              emptyLabel={t("mj.noModels")}
            />
            <label class="field">
              <span>{t("mj.prompt")}</span>
              <textarea
                name="prompt"
                rows={4}
                maxLength={4000}
                placeholder={t("mj.placeholder")}
                value={prompt()}
                onInput={(e) => setPrompt(e.currentTarget.value)}
              />
            </label>
            <ReferenceInput value={reference()} onChange={setReference} disabled={submission.busy()} />
            <Show when={estimate() !== null}>
              <p class="estimate" data-testid="mj-estimate">
                {t("mj.estimate", { credits: estimate() ?? 0 })}
              </p>
            </Show>
            <SubmitRow
              submission={submission}
              disabled={!canSubmit()}
              label={t("mj.submit")}
              estimate={estimate()}
              busyLabel={t("mj.submitting")}
            />
          </form>
          <RecentTasksPanel title={t("mj.recent")} emptyText={t("mj.empty")} tasks={tasks}>
            {(task) => (
              <MidjourneyTaskCard
                initial={task}
                model={modelOf(task)}
                onFinished={() => props.onCreditsChanged()}
                onSubmitted={added}
              />
            )}
          </RecentTasksPanel>
        </div>
      </CapabilityGate>
    </section>
  );
}
