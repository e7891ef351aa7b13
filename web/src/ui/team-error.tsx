// Shows a self-service error: a refusal whose rule is known (seats full, last admin, …) in the user's language, anything else as usual.
import { Show } from "solid-js";
import { ApiError } from "../api/api-error";
import { locale, t } from "../i18n/i18n";
import { locales } from "../i18n/translate";
import type { MessageKey } from "../i18n/zh-CN";
import { ErrorMessage } from "./error-message";

const reasons: Record<string, MessageKey> = {
  seats_full: "team.error.seats_full",
  last_admin: "team.error.last_admin",
  last_key: "team.error.last_key",
  already_revoked: "team.error.already_revoked",
  username_taken: "team.error.username_taken",
  wrong_password: "team.error.wrong_password",
  storage_check_failed: "team.error.storage_check_failed",
};

/** The string and number fields of the refusal's details, for the message's `{placeholders}` ("{step}", "{bucket}"). */
function detailParams(error: unknown): Record<string, string | number> {
  const details = error instanceof ApiError ? error.details : undefined;
  if (typeof details !== "object" || details === null) return {};
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(details)) if (typeof v === "string" || typeof v === "number") params[k] = v;
  // The bucket probe's step (write, read, delete) in words of the reader's language.
  const step = `team.error.step.${params.step}`;
  if (Object.hasOwn(locales[locale()], step)) params.step = t(step as MessageKey);
  return params;
}

export function TeamError(props: { error: unknown }) {
  const reason = () => (props.error instanceof ApiError ? props.error.reason : undefined);
  const known = () => {
    const r = reason();
    return r === undefined ? undefined : reasons[r];
  };
  return (
    <Show when={known()} fallback={<ErrorMessage error={props.error} />}>
      {(key) => (
        <div class="error" role="alert" data-code={reason()}>
          <strong>{t(key(), detailParams(props.error))}</strong>
        </div>
      )}
    </Show>
  );
}
