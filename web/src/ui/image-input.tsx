// An optional image field: an http(s) URL typed in, or an uploaded file shown as a preview and held as a data: URL.
import { createSignal, Show } from "solid-js";
import { t } from "../i18n/i18n";
import type { MessageKey } from "../i18n/zh-CN";

/** A refusal the page can say in the user's language (wrong type, too large, unreadable). */
export class ImageFileProblem extends Error {
  constructor(readonly problem: MessageKey) {
    super(problem);
    this.name = "ImageFileProblem";
  }
}

export function ImageInput(props: {
  /** "" (none), an http(s) URL as typed, or the uploaded image as a data: URL. */
  value: string;
  onChange: (value: string) => void;
  /** Turns the chosen file into a data: URL, or throws ImageFileProblem. */
  readFile: (file: File) => Promise<string>;
  accept: readonly string[];
  name: string;
  labels: { field: MessageKey; url: MessageKey; upload: MessageKey; remove: MessageKey; urlInvalid: MessageKey };
  disabled?: boolean;
}) {
  const [problem, setProblem] = createSignal<MessageKey | null>(null);
  const isUpload = () => props.value.startsWith("data:");

  async function pick(file: File | undefined) {
    setProblem(null);
    if (!file) return;
    try {
      props.onChange(await props.readFile(file));
    } catch (err) {
      setProblem(err instanceof ImageFileProblem ? err.problem : "error.file_read");
    }
  }

  return (
    <fieldset class="field frame-input" disabled={props.disabled}>
      <span>{t(props.labels.field)}</span>
      <Show
        when={isUpload()}
        fallback={
          <input
            name={props.name}
            type="url"
            placeholder={`${t(props.labels.url)}: https://…`}
            value={props.value}
            onInput={(e) => {
              const next = e.currentTarget.value.trim();
              setProblem(next && !/^https?:\/\//.test(next) ? props.labels.urlInvalid : null);
              props.onChange(next);
            }}
          />
        }
      >
        <div class="frame-preview">
          <img src={props.value} alt={t(props.labels.field)} />
          <button type="button" class="button ghost" onClick={() => props.onChange("")}>
            {t(props.labels.remove)}
          </button>
        </div>
      </Show>
      <Show when={!isUpload()}>
        <label class="button upload">
          {t(props.labels.upload)}
          <input
            type="file"
            accept={props.accept.join(",")}
            class="visually-hidden"
            onChange={(e) => void pick(e.currentTarget.files?.[0])}
          />
        </label>
      </Show>
      <Show when={problem()}>{(key) => <small class="field-error">{t(key())}</small>}</Show>
    </fieldset>
  );
}
