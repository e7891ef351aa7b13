// Account settings for every signed-in user: change one's own password (the old one must match).

import { createSignal, Show } from "solid-js";
import { api } from "../../api/api";
import { t } from "../../i18n/i18n";
import { session, signIn } from "../../session/session";
import { createFormErrors } from "../../ui/form-errors";
import { InputField } from "../../ui/form-field";
import { TeamError } from "../../ui/team-error";
import "../team/team.css";

export function SettingsPage() {
  const [oldPassword, setOldPassword] = createSignal("");
  const [newPassword, setNewPassword] = createSignal("");
  const [repeat, setRepeat] = createSignal("");
  const [error, setError] = createSignal<unknown>(null);
  const [done, setDone] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const mismatch = () => repeat() !== "" && repeat() !== newPassword();
  const fields = createFormErrors(error, ["oldPassword", "newPassword"]);

  async function submit() {
    if (mismatch()) return;
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      const changed = await api.team.changePassword({ oldPassword: oldPassword(), newPassword: newPassword() });
      // The server ended every session of this user, this one included: carry on with the new token.
      const current = session();
      if (current) signIn({ ...current, token: changed.token, expiresAt: changed.expiresAt });
      setDone(true);
      setOldPassword("");
      setNewPassword("");
      setRepeat("");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page settings">
      <h1>{t("settings.title")}</h1>
      <form
        class="card form"
        data-testid="change-password"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2>{t("settings.password.title")}</h2>
        <TeamError error={fields.rest()} />
        <Show when={done()}>
          <p class="notice" role="status" data-testid="password-changed">
            {t("settings.password.changed")}
          </p>
        </Show>
        <InputField
          label={t("settings.password.old")}
          error={fields.of("oldPassword")}
          name="oldPassword"
          type="password"
          required
          autocomplete="current-password"
          value={oldPassword()}
          onValue={setOldPassword}
        />
        <InputField
          label={t("settings.password.new")}
          error={fields.of("newPassword")}
          name="newPassword"
          type="password"
          required
          minLength={8}
          autocomplete="new-password"
          value={newPassword()}
          onValue={setNewPassword}
        />
        <InputField
          label={t("settings.password.repeat")}
          error={mismatch() ? t("settings.password.mismatch") : undefined}
          name="repeatPassword"
          type="password"
          required
          autocomplete="new-password"
          value={repeat()}
          onValue={setRepeat}
        />
        <button type="submit" class="button primary" disabled={busy() || mismatch()}>
          {t("settings.password.submit")}
        </button>
      </form>
    </section>
  );
}
