// Video generation: prompt, optional first frame, duration/resolution/ratio with a price estimate; submitted tasks follow live below.

import {
  MAX_VIDEO_SECONDS,
  type VideoRatio,
  type VideoResolution,
  videoRatio,
  videoResolution,
} from "@waule/shared/videos";
import { createResource, createSignal, For } from "solid-js";
import { api } from "../../api/api";
import { t } from "../../i18n/i18n";
import { CreationForm, CreationPage, PromptField } from "../../ui/creation-form";
import { chosenModel, ModelSelect } from "../../ui/model-select";
import { createSubmission } from "../../ui/submission";
import { queuedTask } from "../tasks/queued-task";
import { createRecentTasks, RecentTasksPanel } from "../tasks/recent-tasks";
import { FrameInput, frameIsInvalid } from "./frame-input";
import { estimateVideoCredits } from "./price";
import { TaskCard } from "./task-card";

const durations = [3, 5, 8, 10, 15, MAX_VIDEO_SECONDS] as const;

export function VideoPage(props: { onCreditsChanged: () => void }) {
  const [models] = createResource(() => api.models("video"));
  const [picked, setPicked] = createSignal("");
  const [prompt, setPrompt] = createSignal("");
  const [frame, setFrame] = createSignal("");
  const [duration, setDuration] = createSignal(5);
  const [resolution, setResolution] = createSignal<VideoResolution>("720p");
  const [ratio, setRatio] = createSignal<VideoRatio>("16:9");
  // The cost is held at submit, so the balance moves now (and again if the task is refunded).
  const submission = createSubmission({ onCreditsChanged: props.onCreditsChanged });
  const tasks = createRecentTasks("video");

  const model = () => chosenModel(models, picked());
  const estimate = () => estimateVideoCredits(model(), duration(), resolution());
  const canSubmit = () => !!model() && (prompt().trim() !== "" || frame() !== "") && !frameIsInvalid(frame());

  function submit(e: SubmitEvent) {
    e.preventDefault();
    const m = model();
    if (!m || !canSubmit() || submission.busy()) return;
    void submission.run(async () => {
      const accepted = await api.createVideo({
        model: m.id,
        prompt: prompt().trim() || undefined,
        first_frame: frame() || undefined,
        duration: duration(),
        resolution: resolution(),
        ratio: ratio(),
      });
      tasks.add(queuedTask(accepted, m.id, "video"));
    });
  }

  return (
    <CreationPage name="video" title={t("video.title")} capability="video">
      <CreationForm
        onSubmit={submit}
        modelsError={models.error}
        estimate={estimate()}
        estimateText={t("video.estimate", { credits: estimate() ?? 0 })}
        estimateTestId="video-estimate"
        submission={submission}
        disabled={!canSubmit()}
        submitLabel={t("video.submit")}
        busyLabel={t("video.submitting")}
      >
        <ModelSelect
          models={models}
          value={model()?.id ?? ""}
          onChange={setPicked}
          label={t("video.model")}
          emptyLabel={t("video.noModels")}
        />
        <PromptField
          label={t("video.prompt")}
          placeholder={t("video.placeholder")}
          value={prompt()}
          onValue={setPrompt}
        />
        <FrameInput value={frame()} onChange={setFrame} />
        <div class="field-row three">
          <label class="field">
            <span>{t("video.duration")}</span>
            <select
              name="duration"
              value={String(duration())}
              onChange={(e) => setDuration(Number(e.currentTarget.value))}
            >
              <For each={durations}>
                {(d) => <option value={String(d)}>{t("video.seconds", { seconds: d })}</option>}
              </For>
            </select>
          </label>
          <label class="field">
            <span>{t("video.resolution")}</span>
            <select
              name="resolution"
              value={resolution()}
              onChange={(e) => setResolution(e.currentTarget.value as VideoResolution)}
            >
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
      </CreationForm>
      <RecentTasksPanel title={t("video.recent")} emptyText={t("video.empty")} tasks={tasks}>
        {(task) => <TaskCard initial={task} onFinished={() => props.onCreditsChanged()} />}
      </RecentTasksPanel>
    </CreationPage>
  );
}
