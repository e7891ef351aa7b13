// Text to speech: model, voice, text with a live character count and price estimate; the result plays in <audio> and downloads.

import {
  MAX_SPEECH_CHARACTERS,
  type SpeechFormat,
  type SpeechUrlResponse,
  speechCharacters,
} from "@waule/shared/speech";
import { createResource, createSignal, For, Show } from "solid-js";
import { api } from "../../api/api";
import { t } from "../../i18n/i18n";
import { CreationForm, CreationPage } from "../../ui/creation-form";
import { chosenModel, ModelSelect } from "../../ui/model-select";
import { createSubmission } from "../../ui/submission";
import { estimateSpeechCredits, playableFormats, suggestedVoices } from "./price";

const speeds = [0.75, 1, 1.25, 1.5] as const;

export function SpeechPage(props: { onCreditsChanged: () => void }) {
  const [models] = createResource(() => api.models("speech"));
  const [picked, setPicked] = createSignal("");
  const [voice, setVoice] = createSignal<string>(suggestedVoices[0]);
  const [text, setText] = createSignal("");
  const [format, setFormat] = createSignal<SpeechFormat>("mp3");
  const [speed, setSpeed] = createSignal(1);
  const submission = createSubmission({ onCreditsChanged: props.onCreditsChanged });
  const [result, setResult] = createSignal<SpeechUrlResponse | null>(null);

  const model = () => chosenModel(models, picked());
  const characters = () => speechCharacters(text());
  const estimate = () => estimateSpeechCredits(model(), text());
  const tooLong = () => characters() > MAX_SPEECH_CHARACTERS;

  function submit(e: SubmitEvent) {
    e.preventDefault();
    const m = model();
    if (!m || !text().trim() || tooLong()) return;
    void submission.run(async () => {
      setResult(
        await api.speech({
          model: m.id,
          input: text(),
          voice: voice().trim(),
          response_format: format(),
          speed: speed(),
        }),
      );
    });
  }

  return (
    <CreationPage name="speech" title={t("speech.title")} capability="speech">
      <CreationForm
        onSubmit={submit}
        modelsError={models.error}
        estimate={estimate()}
        estimateText={t("speech.estimate", { credits: estimate() ?? 0, price: model()?.waule.price ?? 0 })}
        estimateTestId="speech-estimate"
        submission={submission}
        disabled={!model() || !text().trim() || tooLong()}
        submitLabel={t("speech.submit")}
        busyLabel={t("speech.submitting")}
      >
        <ModelSelect
          models={models}
          value={model()?.id ?? ""}
          onChange={setPicked}
          label={t("speech.model")}
          emptyLabel={t("speech.noModels")}
        />
        <label class="field">
          <span>{t("speech.voice")}</span>
          <input
            name="voice"
            list="speech-voices"
            required
            maxLength={64}
            value={voice()}
            onInput={(e) => setVoice(e.currentTarget.value)}
          />
          <datalist id="speech-voices">
            <For each={suggestedVoices}>{(v) => <option value={v} />}</For>
          </datalist>
          <small class="muted">{t("speech.voiceHint")}</small>
        </label>
        <label class="field">
          <span>{t("speech.text")}</span>
          <textarea
            name="input"
            rows={6}
            required
            placeholder={t("speech.placeholder")}
            value={text()}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <small class="counter" classList={{ over: tooLong() }} data-testid="speech-characters">
            {t("speech.characters", { count: characters(), max: MAX_SPEECH_CHARACTERS })}
          </small>
        </label>
        <div class="field-row">
          <label class="field">
            <span>{t("speech.format")}</span>
            <select name="format" value={format()} onChange={(e) => setFormat(e.currentTarget.value as SpeechFormat)}>
              <For each={playableFormats}>{(f) => <option value={f}>{f.toUpperCase()}</option>}</For>
            </select>
          </label>
          <label class="field">
            <span>{t("speech.speed")}</span>
            <select name="speed" value={String(speed())} onChange={(e) => setSpeed(Number(e.currentTarget.value))}>
              <For each={speeds}>{(s) => <option value={String(s)}>{s}×</option>}</For>
            </select>
          </label>
        </div>
      </CreationForm>
      <div class="results">
        <Show
          when={result()}
          fallback={<div class="card empty">{submission.busy() ? t("speech.submitting") : t("speech.empty")}</div>}
        >
          {(r) => (
            <div class="card media-card">
              <p class="result-meta" data-testid="speech-credits-used">
                <Show when={r().waule}>{(w) => t("speech.creditsUsed", { credits: w().credits })}</Show>
                <Show when={r().duration_seconds !== undefined}>
                  <span>· {t("speech.duration", { seconds: (r().duration_seconds ?? 0).toFixed(1) })}</span>
                </Show>
                <Show when={r().waule?.sandbox}>
                  <span class="badge">{t("common.sandbox")}</span>
                </Show>
              </p>
              {/* biome-ignore lint/a11y/useMediaCaption: generated speech has no caption track; its text is the input shown above */}
              <audio controls preload="auto" src={r().url} data-testid="speech-audio" />
              <a class="button" href={r().url} download="" target="_blank" rel="noopener" data-testid="speech-download">
                {t("speech.download")}
              </a>
            </div>
          )}
        </Show>
      </div>
    </CreationPage>
  );
}
