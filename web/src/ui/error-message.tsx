// Shows an API error in the user's language: a title for its code, the fields it named, and the code for support.
// The server's own message is English and may carry library text (ENOTFOUND, DNSException): it is shown only to
// English readers, and only for codes whose message is written for them (which field, what conflicts).
import { For, Show } from "solid-js";
import { ApiError } from "../api/api-error";
import { locale, t } from "../i18n/i18n";
import type { MessageKey } from "../i18n/zh-CN";
import { errorMessageKey } from "./error-text";
import { describeFieldIssue, fieldIssues } from "./field-issues";

/** Codes whose server message is meant for the person who sent the request. */
const readableMessageCodes = new Set(["invalid_request", "conflict"]);

export type ErrorTitles = Partial<Record<string, MessageKey>>;

export function describeError(
  error: unknown,
  titles: ErrorTitles = {},
): { title: string; detail: string | null; code: string; fields: string[] } {
  if (error instanceof ApiError) {
    const key = titles[error.code] ?? errorMessageKey(error.code) ?? "error.http";
    const fields = fieldIssues(error).map((issue) => describeFieldIssue(locale(), issue));
    const showMessage = locale() === "en" && readableMessageCodes.has(error.code) && fields.length === 0;
    return { title: t(key), detail: showMessage ? error.message : null, code: error.code, fields };
  }
  // The app's own errors (a reference image too large…) are already written in the reader's language.
  return {
    title: error instanceof Error ? error.message : String(error),
    detail: null,
    code: "client_error",
    fields: [],
  };
}

export function ErrorMessage(props: { error: unknown; titles?: ErrorTitles }) {
  return (
    <Show when={props.error}>
      {(error) => {
        const described = () => describeError(error(), props.titles);
        return (
          <div class="error" role="alert" data-code={described().code}>
            <strong>{described().title}</strong>
            <Show when={described().fields.length > 0}>
              <ul class="error-fields">
                <For each={described().fields}>{(line) => <li>{line}</li>}</For>
              </ul>
            </Show>
            <Show when={described().detail}>
              <span class="error-detail">{described().detail}</span>
            </Show>
            <span class="error-code">
              {t("error.code")}: {described().code}
            </span>
          </div>
        );
      }}
    </Show>
  );
}
