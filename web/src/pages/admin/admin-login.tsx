// Operator sign-in: username + password → a 12-hour admin token (never a tenant's).
import { createSignal } from "solid-js";
import { createChangeRunner } from "../../ui/change-runner";
import { LoginScreen } from "../../ui/login-screen";
import { adminApi } from "./admin-api";
import { adminSignIn } from "./admin-session";
import { at } from "./messages";

export function AdminLogin() {
  const [username, setUsername] = createSignal("");
  const [password, setPassword] = createSignal("");
  const { busy, error, run } = createChangeRunner(() => undefined);

  function submit() {
    void run(async () => adminSignIn(await adminApi.login(username().trim(), password())));
  }

  return (
    <LoginScreen
      title={at("title")}
      heading={at("login.title")}
      onSubmit={submit}
      busy={busy()}
      error={error()}
      errorTitles={{ unauthorized: "login.error.wrong_operator" }}
      submitLabel={at("login.submit")}
      testId="admin-login"
    >
      <label class="field">
        <span>{at("login.username")}</span>
        <input
          name="username"
          autocomplete="username"
          required
          value={username()}
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span>{at("login.password")}</span>
        <input
          name="password"
          type="password"
          autocomplete="current-password"
          required
          value={password()}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </label>
    </LoginScreen>
  );
}
