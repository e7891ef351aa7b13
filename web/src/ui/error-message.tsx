// Shows an API error in the user's language where the code is known, with the server's own message beside it.
import { Show } from "solid-js";
import { ApiError } from "../api/api-error";
import { t } from "../i18n/i18n";
import { errorMessageKey } from "./error-text";

export function describeError(error: unknown): { title: string; detail: string | null; code: string } {
  if (error instanceof ApiError) {
    const key = errorMessageKey(error.code);
    return key
      ? { title: t(key), detail: error.message, code: error.code }
      : { title: error.message, detail: null, code: error.code };
  }
  return { title: error instanceof Error ? error.message : String(error), detail: null, code: "client_error" };
}

export function ErrorMessage(props: { error: unknown }) {
  return (
    <Show when={props.error}>
      {(error) => {
        const described = () => describeError(error());
        return (
          <div class="error" role="alert" data-code={described().code}>
            <strong>{described().title}</strong>
            <Show when={described().detail}>
              <span class="error-detail">
                {described().detail} ({described().code})
              </span>
            </Show>
          </div>
        );
      }}
    </Show>
  );
}
