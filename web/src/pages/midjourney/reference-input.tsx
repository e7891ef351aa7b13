// The optional reference image: an http(s) URL (downloaded by the browser at submit) or an uploaded file.
import { createSignal, Show } from "solid-js";
import { t } from "../../i18n/i18n";
import { blobToDataUrl, REFERENCE_TYPES, ReferenceImageError, type ReferenceProblem } from "./reference-image";

/** `value` is "" (none), an http(s) URL as typed, or the uploaded image as a data: URL. */
export function ReferenceInput(props: { value: string; onChange: (value: string) => void; disabled?: boolean }) {
  const [problem, setProblem] = createSignal<ReferenceProblem | "error.file_read" | null>(null);
  const isUpload = () => props.value.startsWith("data:");

  async function pick(file: File | undefined) {
    setProblem(null);
    if (!file) return;
    try {
      props.onChange(await blobToDataUrl(file));
    } catch (err) {
      setProblem(err instanceof ReferenceImageError ? err.problem : "error.file_read");
    }
  }

  return (
    <fieldset class="field frame-input" disabled={props.disabled}>
      <span>{t("mj.reference")}</span>
      <Show
        when={isUpload()}
        fallback={
          <input
            name="reference_url"
            type="url"
            placeholder={`${t("mj.referenceUrl")}: https://…`}
            value={props.value}
            onInput={(e) => {
              const next = e.currentTarget.value.trim();
              setProblem(next && !/^https?:\/\//.test(next) ? "mj.referenceUnreachable" : null);
              props.onChange(next);
            }}
          />
        }
      >
        <div class="frame-preview">
          <img src={props.value} alt={t("mj.reference")} />
          <button type="button" class="button ghost" onClick={() => props.onChange("")}>
            {t("mj.referenceRemove")}
          </button>
        </div>
      </Show>
      <Show when={!isUpload()}>
        <label class="button upload">
          {t("mj.referenceUpload")}
          <input type="file" accept={REFERENCE_TYPES.join(",")} class="visually-hidden" onChange={(e) => void pick(e.currentTarget.files?.[0])} />
        </label>
      </Show>
      <Show when={problem()}>{(key) => <small class="field-error">{t(key())}</small>}</Show>
    </fieldset>
  );
}
