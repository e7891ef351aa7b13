// Sign-in: tenant API key + username + password → JWT kept in localStorage.
import { createSignal } from "solid-js";
import { api } from "../../api/api";
import { t } from "../../i18n/i18n";
import { signIn } from "../../session/session";
import { ErrorMessage } from "../../ui/error-message";
import { LanguageSwitch } from "../../ui/language-switch";

export function LoginPage(props: { onSignedIn: () => void }) {
  const [apiKey, setApiKey] = createSignal("");
  const [username, setUsername] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>(null);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api.login({ apiKey: apiKey().trim(), username: username().trim(), password: password() });
      signIn(result);
      props.onSignedIn();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="login-screen">
      <div class="login-lang">
        <LanguageSwitch />
      </div>
      <form class="card login-card" onSubmit={submit}>
        <h1>{t("app.name")}</h1>
        <h2>{t("login.title")}</h2>
        <p class="muted">{t("login.subtitle")}</p>
        <label class="field">
          <span>{t("login.apiKey")}</span>
          <input name="apiKey" autocomplete="off" placeholder="wk_live_…" required value={apiKey()} onInput={(e) => setApiKey(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{t("login.username")}</span>
          <input name="username" autocomplete="username" required value={username()} onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{t("login.password")}</span>
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password()}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <ErrorMessage error={error()} />
        <button class="button primary" type="submit" disabled={busy()}>
          {busy() ? t("login.submitting") : t("login.submit")}
        </button>
      </form>
    </main>
  );
}
