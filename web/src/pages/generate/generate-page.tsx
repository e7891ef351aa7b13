// Image generation: pick an image model, write a prompt, choose size and count; shows the images and what they cost.

import type { ImageGenerationResponse } from "@waule/shared/images";
import { createResource, createSignal, For, Show } from "solid-js";
import { api } from "../../api/api";
import { modelLabel } from "../../api/models";
import { t } from "../../i18n/i18n";
import { CreationForm, CreationPage, PromptField } from "../../ui/creation-form";
import { createSubmission } from "../../ui/submission";
import { estimateImageCredits } from "./price";
import { imageCounts, imageSizes } from "./sizes";

function imageSource(item: ImageGenerationResponse["data"][number]): string | null {
  if (item.url) return item.url;
  return item.b64_json ? `data:image/png;base64,${item.b64_json}` : null;
}

export function GeneratePage(props: { onCreditsChanged: () => void }) {
  const [models] = createResource(() => api.imageModels());
  const [model, setModel] = createSignal("");
  const [prompt, setPrompt] = createSignal("");
  const [size, setSize] = createSignal<string>(imageSizes[0]);
  const [count, setCount] = createSignal(1);
  const submission = createSubmission({ onCreditsChanged: props.onCreditsChanged });
  const [result, setResult] = createSignal<ImageGenerationResponse | null>(null);

  // Reading a failed resource throws, so the error case is checked first.
  const listed = () => (models.error ? [] : (models() ?? []));
  const chosenModel = () => model() || listed()[0]?.id || "";
  const estimate = () =>
    estimateImageCredits(
      listed().find((m) => m.id === chosenModel()),
      count(),
    );

  function submit(e: SubmitEvent) {
    e.preventDefault();
    void submission.run(async () => {
      setResult(await api.generateImages({ model: chosenModel(), prompt: prompt().trim(), size: size(), n: count() }));
    });
  }

  return (
    <CreationPage name="generate" title={t("generate.title")} capability="image">
      <CreationForm
        onSubmit={submit}
        modelsError={models.error}
        estimate={estimate()}
        estimateText={t("generate.estimate", { credits: estimate() ?? 0, count: count() })}
        estimateTestId="image-estimate"
        submission={submission}
        disabled={!chosenModel()}
        submitLabel={t("generate.submit")}
        busyLabel={t("generate.submitting")}
      >
        <label class="field">
          <span>{t("generate.model")}</span>
          <select
            name="model"
            value={chosenModel()}
            onChange={(e) => setModel(e.currentTarget.value)}
            disabled={listed().length === 0}
          >
            <For
              each={listed()}
              fallback={<option value="">{models.loading ? t("common.loading") : t("generate.noModels")}</option>}
            >
              {(m) => <option value={m.id}>{modelLabel(m)}</option>}
            </For>
          </select>
        </label>
        <PromptField
          label={t("generate.prompt")}
          placeholder={t("generate.promptPlaceholder")}
          value={prompt()}
          onValue={setPrompt}
          rows={5}
          required
        />
        <div class="field-row">
          <label class="field">
            <span>{t("generate.size")}</span>
            <select name="size" value={size()} onChange={(e) => setSize(e.currentTarget.value)}>
              <For each={imageSizes}>{(s) => <option value={s}>{s}</option>}</For>
            </select>
          </label>
          <label class="field">
            <span>{t("generate.count")}</span>
            <select name="n" value={String(count())} onChange={(e) => setCount(Number(e.currentTarget.value))}>
              <For each={imageCounts}>{(n) => <option value={String(n)}>{n}</option>}</For>
            </select>
          </label>
        </div>
      </CreationForm>
      <div class="results">
        <Show when={result()} fallback={<div class="card empty">{t("generate.empty")}</div>}>
          {(r) => (
            <>
              <Show when={r().waule}>
                {(w) => (
                  <p class="result-meta" data-testid="credits-used">
                    {t("generate.creditsUsed", { credits: w().credits })}
                    <Show when={w().sandbox}>
                      <span class="badge">{t("generate.sandbox")}</span>
                    </Show>
                  </p>
                )}
              </Show>
              <div class="gallery">
                <For each={r().data}>
                  {(item) => (
                    <Show when={imageSource(item)}>
                      {(src) => (
                        <figure class="card image-card">
                          <img src={src()} alt={item.revised_prompt ?? prompt()} data-testid="generated-image" />
                          <Show when={item.revised_prompt}>
                            <figcaption>{item.revised_prompt}</figcaption>
                          </Show>
                        </figure>
                      )}
                    </Show>
                  )}
                </For>
              </div>
            </>
          )}
        </Show>
      </div>
    </CreationPage>
  );
}
