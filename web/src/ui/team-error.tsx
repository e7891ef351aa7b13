// Shows a self-service error: a refusal whose rule is known (seats full, last admin, …) in the user's language, anything else as usual.
import { Show } from "solid-js";
import { ApiError } from "../api/api-error";
import { t } from "../i18n/i18n";
import type { MessageKey } from "../i18n/zh-CN";
import { ErrorMessage } from "./error-message";

const reasons: Record<string, MessageKey> = {
  seats_full: "team.error.seats_full",
  last_admin: "team.error.last_admin",
  last_key: "team.error.last_key",
  already_revoked: "team.error.already_revoked",
  username_taken: "team.error.username_taken",
  wrong_password: "team.error.wrong_password",
};

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
          <strong>{t(key())}</strong>
        </div>
      )}
    </Show>
  );
}
