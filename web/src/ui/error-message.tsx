// Shows an API error in the user's language: a title for its code, the fields it named, and the code for support.
// The server's own message is English and may carry library text (ENOTFOUND, DNSException): it is shown only to
// English readers, and only for codes whose message is written for them (which field, what conflicts).
// Short credits also say what to do about it (top up, or ask the team admin); a screen that speaks to someone else
// (the operator console) names its own title for a code instead.
import { For, Show } from "solid-js";
import { ApiError } from "../api/api-error";
import { locale, t } from "../i18n/i18n";
import type { MessageKey } from "../i18n/zh-CN";
import { errorMessageKey } from "./error-text";
import { describeFieldIssue, fieldIssues } from "./field-issues";
import { TopUpHint } from "./top-up";

/** Codes whose server message is meant for the person who sent the request. */
const readableMessageCodes = new Set(["invalid_request", "conflict"]);

/** A screen's own title for a code: a message key of the app, or text the screen has already translated. */
export type ErrorTitles = Partial<Record<string, MessageKey | { text: string }>>;

/** The server's `details` of a refused hold, in the reader's words. */
function insufficientDetail(error: ApiError): string | null {
  const details = error.details as { required?: unknown; balance?: unknown } | null | undefined;
  if (typeof details?.required !== "number" || typeof details.balance !== "number") return null;
  return t("money.insufficientDetail", { required: details.required, balance: details.balance });
}

export function describeError(
  error: unknown,
  titles: ErrorTitles = {},
): { title: string; detail: string | null; code: string; fields: string[]; own: boolean } {
  if (error instanceof ApiError) {
    const own = titles[error.code];
    const title = typeof own === "object" ? own.text : t(own ?? errorMessageKey(error.code) ?? "error.http");
    const fields = fieldIssues(error).map((issue) => describeFieldIssue(locale(), issue));
    if (error.code === "insufficient_credits" && !own)
      return { title, detail: insufficientDetail(error), code: error.code, fields, own: false };
    const showMessage = locale() === "en" && readableMessageCodes.has(error.code) && fields.length === 0;
    return { title, detail: showMessage ? error.message : null, code: error.code, fields, own: own !== undefined };
  }
  // The app's own errors (a reference image too large…) are already written in the reader's language.
  return {
    title: error instanceof Error ? error.message : String(error),
    detail: null,
    code: "client_error",
    fields: [],
    own: false,
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
            <Show when={!described().own && described().code === "insufficient_credits"}>
              <span class="error-detail">
                <TopUpHint />
              </span>
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
