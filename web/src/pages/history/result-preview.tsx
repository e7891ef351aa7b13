// One stored result as History shows it: a thumbnail, a player or a video, each with its download link.
import type { UsageResult } from "@waule/shared/account";
import { Match, Switch } from "solid-js";
import { t } from "../../i18n/i18n";

function DownloadLink(props: { url: string }) {
  return (
    <a class="link small" href={props.url} download="" target="_blank" rel="noopener" data-testid="result-download">
      {t("history.download")}
    </a>
  );
}

export function ResultPreview(props: { result: UsageResult; alt: string }) {
  const kind = () => props.result.mimeType.split("/")[0];
  return (
    <figure class="result-preview" data-kind={kind()} data-testid="result-preview">
      <Switch fallback={<span class="muted small">{props.result.mimeType}</span>}>
        <Match when={kind() === "image"}>
          <a href={props.result.url} target="_blank" rel="noopener">
            <img src={props.result.url} alt={props.alt} loading="lazy" />
          </a>
        </Match>
        <Match when={kind() === "audio"}>
          {/* biome-ignore lint/a11y/useMediaCaption: generated speech has no caption track; its text is the prompt beside it */}
          <audio controls preload="none" src={props.result.url} />
        </Match>
        <Match when={kind() === "video"}>
          {/* biome-ignore lint/a11y/useMediaCaption: a generated video has no caption track; its prompt is beside it */}
          <video controls preload="metadata" src={props.result.url} />
        </Match>
      </Switch>
      <DownloadLink url={props.result.url} />
    </figure>
  );
}
