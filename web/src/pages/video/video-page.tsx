// Video generation: prompt, optional first frame, duration/resolution/ratio with a price estimate; submitted tasks follow live below.
import { createResource, createSignal, For, Show } from "solid-js";
import type { Task } from "@waule/shared/tasks";
import { MAX_VIDEO_SECONDS, videoRatio, videoResolution, type VideoRatio, type VideoResolution } from "@waule/shared/videos";
import { api } from "../../api/api";
import { t } from "../../i18n/i18n";
import { navigate } from "../../router";
import { ErrorMessage } from "../../ui/error-message";
import { chosenModel, ModelSelect } from "../../ui/model-select";
import { FrameInput, frameIsInvalid } from "./frame-input";
import { estimateVideoCredits } from "./price";
import { TaskCard } from "./task-card";

const durations = [3, 5, 8, 10, 15, MAX_VIDEO_SECONDS] as const;
const RECENT = 6;

export function VideoPage(props: { onCreditsChanged: () => void }) {
  const [models] = createResource(() => api.models("video"));
  const [picked, setPicked] = createSignal("");
  const [prompt, setPrompt] = createSignal("");
  const [frame, setFrame] = createSignal("");
  const [duration, setDuration] = createSignal(5);
  const [resolution, setResolution] = createSignal<VideoResolution>("720p");
  const [ratio, setRatio] = createSignal<VideoRatio>("16:9");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>(null);
  // Tasks submitted on this page, newest first, ahead of the recent ones the API lists.
  const [submitted, setSubmitted] = createSignal<Task[]>([]);
  const [recent] = createResource(() => api.tasks({ page: 1, limit: RECENT, order: "desc", type: "video" }).then((p) => p.data));

  const model = () => chosenModel(models, picked());
  const estimate = () => estimateVideoCredits(model(), duration(), resolution());
  const shown = () => {
    const mine = submitted();
    const ids = new Set(mine.map((task) => task.id));
    return [...mine, ...(recent.error ? [] : recent() ?? []).filter((task) => !ids.has(task.id))].slice(0, Math.max(RECENT, mine.length));
  };
  const canSubmit = () => !busy() && !!model() && (prompt().trim() !== "" || frame() !== "") && !frameIsInvalid(frame());

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const m = model();
    if (!m || !canSubmit()) return;
    setBusy(true);
    setError(null);
    try {
      const accepted = await api.createVideo({
        model: m.id,
        prompt: prompt().trim() || undefined,
        first_frame: frame() || undefined,
        duration: duration(),
        resolution: resolution(),
        ratio: ratio(),
      });
      // The events stream sends the task's real state first; until then show what was accepted.
      const queued: Task = {
        id: accepted.id, object: "task", type: "video", model: m.id, status: accepted.status, progress: 0, result: null,
        error: null, credits: null, created_at: accepted.created_at, updated_at: accepted.created_at, finished_at: null,
      };
      setSubmitted((list) => [queued, ...list]);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      // The cost is held at submit, so the balance moves now (and again if the task is refunded).
      props.onCreditsChanged();
    }
  }

  return (
    <section class="page video">
      <h1>{t("video.title")}</h1>
      <div class="generate-layout">
        <form class="card form" onSubmit={submit}>
          <ErrorMessage error={models.error} />
          <ModelSelect models={models} value={model()?.id ?? ""} onChange={setPicked} label={t("video.model")} emptyLabel={t("video.noModels")} />
          <label class="field">
            <span>{t("video.prompt")}</span>
            <textarea name="prompt" rows={4} maxLength={4000} placeholder={t("video.placeholder")} value={prompt()} onInput={(e) => setPrompt(e.currentTarget.value)} />
          </label>
          <FrameInput value={frame()} onChange={setFrame} />
          <div class="field-row three">
            <label class="field">
              <span>{t("video.duration")}</span>
              <select name="duration" value={String(duration())} onChange={(e) => setDuration(Number(e.currentTarget.value))}>
                <For each={durations}>{(d) => <option value={String(d)}>{t("video.seconds", { seconds: d })}</option>}</For>
              </select>
            </label>
            <label class="field">
              <span>{t("video.resolution")}</span>
              <select name="resolution" value={resolution()} onChange={(e) => setResolution(e.currentTarget.value as VideoResolution)}>
                <For each={videoResolution.options}>{(r) => <option value={r}>{r}</option>}</For>
              </select>
            </label>
            <label class="field">
              <span>{t("video.ratio")}</span>
              <select name="ratio" value={ratio()} onChange={(e) => setRatio(e.currentTarget.value as VideoRatio)}>
                <For each={videoRatio.options}>{(r) => <option value={r}>{r}</option>}</For>
              </select>
            </label>
          </div>
          <Show when={estimate() !== null}>
            <p class="estimate" data-testid="video-estimate">
              {t("video.estimate", { credits: estimate() ?? 0 })}
            </p>
          </Show>
          <ErrorMessage error={error()} />
          <button class="button primary" type="submit" disabled={!canSubmit()}>
            {busy() ? t("video.submitting") : t("video.submit")}
          </button>
        </form>
        <div class="results">
          <div class="section-head">
            <h2>{t("video.recent")}</h2>
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
            <For each={shown()} fallback={<div class="card empty">{recent.loading ? t("common.loading") : t("video.empty")}</div>}>
              {(task) => <TaskCard initial={task} onFinished={() => props.onCreditsChanged()} />}
            </For>
          </div>
        </div>
      </div>
    </section>
  );
}
