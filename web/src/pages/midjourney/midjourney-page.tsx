// Midjourney: a prompt (and an optional reference image) with its price, submitted as a task; each task card follows
// its job live and offers the finished grid's buttons, whose new tasks join the list.

import type { Task } from "@waule/shared/tasks";
import { createResource, createSignal } from "solid-js";
import { api } from "../../api/api";
import { t } from "../../i18n/i18n";
import { CreationForm, CreationPage, PromptField } from "../../ui/creation-form";
import { chosenModel, ModelSelect } from "../../ui/model-select";
import { createSubmission } from "../../ui/submission";
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
    <CreationPage name="midjourney" title={t("mj.title")} capability="midjourney">
      <CreationForm
        onSubmit={submit}
        modelsError={models.error}
        estimate={estimate()}
        estimateText={t("mj.estimate", { credits: estimate() ?? 0 })}
        estimateTestId="mj-estimate"
        submission={submission}
        disabled={!canSubmit()}
        submitLabel={t("mj.submit")}
        busyLabel={t("mj.submitting")}
      >
        <ModelSelect
          models={models}
          value={model()?.id ?? ""}
          onChange={setPicked}
          label={t("mj.model")}
          emptyLabel={t("mj.noModels")}
        />
        <PromptField label={t("mj.prompt")} placeholder={t("mj.placeholder")} value={prompt()} onValue={setPrompt} />
        <ReferenceInput value={reference()} onChange={setReference} disabled={submission.busy()} />
      </CreationForm>
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
    </CreationPage>
  );
}
