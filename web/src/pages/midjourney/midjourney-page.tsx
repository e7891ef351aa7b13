// Midjourney: a prompt (and an optional reference image) with its price, submitted as a task; each task card follows
// its job live and offers the finished grid's buttons, whose new tasks join the list.
import { createResource, createSignal, For, Show } from "solid-js";
import { MIDJOURNEY_MODEL } from "@waule/shared/midjourney";
import type { Task } from "@waule/shared/tasks";
import { api } from "../../api/api";
import { t } from "../../i18n/i18n";
import { navigate } from "../../router";
import { ErrorMessage } from "../../ui/error-message";
import { chosenModel, ModelSelect } from "../../ui/model-select";
import { midjourneyApi, queuedTask } from "./midjourney-api";
import { MidjourneyTaskCard } from "./mj-task-card";
import { estimateMidjourneyCredits } from "./price";
import { ReferenceImageError, referenceAsDataUrl } from "./reference-image";
import { ReferenceInput } from "./reference-input";

const RECENT = 6;

export function MidjourneyPage(props: { onCreditsChanged: () => void }) {
  const [models] = createResource(() => api.models("midjourney"));
  const [picked, setPicked] = createSignal("");
  const [prompt, setPrompt] = createSignal("");
  const [reference, setReference] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>(null);
  // Tasks submitted on this page (imagines and button presses), newest first, ahead of the recent ones the API lists.
  const [submitted, setSubmitted] = createSignal<Task[]>([]);
  const [recent] = createResource(() => api.tasks({ page: 1, limit: RECENT, order: "desc", type: "midjourney" }).then((p) => p.data));

  const model = () => chosenModel(models, picked());
  const estimate = () => estimateMidjourneyCredits(model());
  const modelOf = (task: Task) => (models.error ? [] : models() ?? []).find((m) => m.id === task.model);
  const shown = () => {
    const mine = submitted();
    const ids = new Set(mine.map((task) => task.id));
    return [...mine, ...(recent.error ? [] : recent() ?? []).filter((task) => !ids.has(task.id))].slice(0, Math.max(RECENT, mine.length));
  };
  const canSubmit = () => !busy() && !!model() && prompt().trim() !== "";

  function added(task: Task) {
    setSubmitted((list) => [task, ...list]);
    // The cost is held at submit, so the balance moves now (and again if the task is refunded).
    props.onCreditsChanged();
  }

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const m = model();
    if (!m || !canSubmit()) return;
    setBusy(true);
    setError(null);
    try {
      const image = await referenceAsDataUrl(reference());
      const accepted = await midjourneyApi.imagine({ model: m.id, prompt: prompt().trim(), reference_images: image ? [image] : [] });
      added(queuedTask(accepted, m.id));
    } catch (err) {
      setError(err instanceof ReferenceImageError ? new Error(t(err.problem)) : err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page midjourney">
      <h1>{t("mj.title")}</h1>
      <div class="generate-layout">
        <form class="card form" onSubmit={submit}>
          <ErrorMessage error={models.error} />
          <ModelSelect models={models} value={model()?.id ?? MIDJOURNEY_MODEL} onChange={setPicked} label={t("mj.model")} emptyLabel={t("mj.noModels")} />
          <label class="field">
            <span>{t("mj.prompt")}</span>
            <textarea name="prompt" rows={4} maxLength={4000} placeholder={t("mj.placeholder")} value={prompt()} onInput={(e) => setPrompt(e.currentTarget.value)} />
          </label>
          <ReferenceInput value={reference()} onChange={setReference} disabled={busy()} />
          <Show when={estimate() !== null}>
            <p class="estimate" data-testid="mj-estimate">
              {t("mj.estimate", { credits: estimate() ?? 0 })}
            </p>
          </Show>
          <ErrorMessage error={error()} />
          <button class="button primary" type="submit" disabled={!canSubmit()}>
            {busy() ? t("mj.submitting") : t("mj.submit")}
          </button>
        </form>
        <div class="results">
          <div class="section-head">
            <h2>{t("mj.recent")}</h2>
            <a
              href="/tasks"
              class="link"
              onClick={(e) => {
                e.preventDefault();
                navigate("/tasks");
              }}
            >
              {t("video.allTasks")}
            </a>
          </div>
          <ErrorMessage error={recent.error} />
          <div class="task-list">
            <For each={shown()} fallback={<div class="card empty">{recent.loading ? t("common.loading") : t("mj.empty")}</div>}>
              {(task) => <MidjourneyTaskCard initial={task} model={modelOf(task)} onFinished={() => props.onCreditsChanged()} onSubmitted={added} />}
            </For>
          </div>
        </div>
      </div>
    </section>
  );
}
