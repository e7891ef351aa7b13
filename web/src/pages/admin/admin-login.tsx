// Operator sign-in: username + password → a 12-hour admin token (never a tenant's).
import { createSignal } from "solid-js";
import { ErrorMessage } from "../../ui/error-message";
import { LanguageSwitch } from "../../ui/language-switch";
import { adminApi } from "./admin-api";
import { adminSignIn } from "./admin-session";
import { at } from "./messages";

export function AdminLogin() {
  const [username, setUsername] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>(null);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      adminSignIn(await adminApi.login(username().trim(), password()));
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
      <form class="card login-card" onSubmit={submit} data-testid="admin-login">
        <h1>{at("title")}</h1>
        <h2>{at("login.title")}</h2>
        <label class="field">
          <span>{at("login.username")}</span>
          <input name="username" autocomplete="username" required value={username()} onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{at("login.password")}</span>
          <input name="password" type="password" autocomplete="current-password" required value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        <ErrorMessage error={error()} />
        <button class="button primary" type="submit" disabled={busy()}>
          {at("login.submit")}
        </button>
      </form>
    </main>
  );
}
