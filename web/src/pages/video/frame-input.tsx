// The optional first frame of a video: an http(s) URL, or an uploaded image sent inline as a data: URL (the contract allows both).
import { createSignal, Show } from "solid-js";
import { t } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/zh-CN";

const MAX_FRAME_BYTES = 10 * 1024 * 1024;
const FRAME_TYPES = ["image/png", "image/jpeg", "image/webp"];

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error("read failed"));
    reader.readAsDataURL(file);
  });
}

/** `value` is what goes into `first_frame`: "" for none. */
export function FrameInput(props: { value: string; onChange: (frame: string) => void; disabled?: boolean }) {
  const [problem, setProblem] = createSignal<MessageKey | null>(null);
  const isUpload = () => props.value.startsWith("data:");

  async function pick(file: File | undefined) {
    setProblem(null);
    if (!file) return;
    if (!FRAME_TYPES.includes(file.type)) return setProblem("video.frameType");
    if (file.size > MAX_FRAME_BYTES) return setProblem("video.frameTooLarge");
    try {
      props.onChange(await readAsDataUrl(file));
    } catch {
      setProblem("error.file_read");
    }
  }

  return (
    <fieldset class="field frame-input" disabled={props.disabled}>
      <span>{t("video.firstFrame")}</span>
      <Show
        when={isUpload()}
        fallback={
          <input
            name="first_frame"
            type="url"
            placeholder={`${t("video.frameUrl")}: https://…`}
            value={props.value}
            onInput={(e) => {
              const next = e.currentTarget.value.trim();
              setProblem(next && !/^https?:\/\//.test(next) ? "video.frameUrlInvalid" : null);
              props.onChange(next);
            }}
          />
        }
      >
        <div class="frame-preview">
          <img src={props.value} alt={t("video.firstFrame")} />
          <button type="button" class="button ghost" onClick={() => props.onChange("")}>
            {t("video.frameRemove")}
          </button>
        </div>
      </Show>
      <Show when={!isUpload()}>
        <label class="button upload">
          {t("video.frameUpload")}
          <input type="file" accept={FRAME_TYPES.join(",")} class="visually-hidden" onChange={(e) => void pick(e.currentTarget.files?.[0])} />
        </label>
      </Show>
      <Show when={problem()}>{(key) => <small class="field-error">{t(key())}</small>}</Show>
    </fieldset>
  );
}

/** A frame the API would refuse: anything but an http(s) URL or an uploaded image. */
export function frameIsInvalid(frame: string): boolean {
  return frame !== "" && !/^https?:\/\//.test(frame) && !frame.startsWith("data:image/");
}
