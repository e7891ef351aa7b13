// Shows an API error in the user's language where the code is known, with the server's own message beside it.
// Short credits also say what to do about it (top up, or ask the team admin); a screen that speaks to someone else
// (the operator console) names its own title for a code instead.
import { Show } from "solid-js";
import { ApiError } from "../api/api-error";
import { t } from "../i18n/i18n";
import { errorMessageKey } from "./error-text";
import { TopUpHint } from "./top-up";

/** The server's `details` of a refused hold, in the reader's words. */
function insufficientDetail(error: ApiError): string | null {
  const details = error.details as { required?: unknown; balance?: unknown } | null | undefined;
  if (typeof details?.required !== "number" || typeof details.balance !== "number") return null;
  return t("money.insufficientDetail", { required: details.required, balance: details.balance });
}

export function describeError(error: unknown): { title: string; detail: string | null; code: string } {
  if (error instanceof ApiError) {
    const key = errorMessageKey(error.code);
    if (error.code === "insufficient_credits" && key)
      return { title: t(key), detail: insufficientDetail(error), code: error.code };
    return key
      ? { title: t(key), detail: error.message, code: error.code }
      : { title: error.message, detail: null, code: error.code };
  }
  return { title: error instanceof Error ? error.message : String(error), detail: null, code: "client_error" };
}

export function ErrorMessage(props: { error: unknown; titles?: Partial<Record<string, string>> }) {
  return (
    <Show when={props.error}>
      {(error) => {
        const described = () => describeError(error());
        const own = () => props.titles?.[described().code];
        return (
          <div class="error" role="alert" data-code={described().code}>
            <strong>{own() ?? described().title}</strong>
            <Show when={!own() && described().detail}>
              <span class="error-detail">
                {described().detail} ({described().code})
              </span>
            </Show>
            <Show when={!own() && described().code === "insufficient_credits"}>
              <span class="error-detail">
                <TopUpHint />
              </span>
            </Show>
          </div>
        );
      }}
    </Show>
  );
}
