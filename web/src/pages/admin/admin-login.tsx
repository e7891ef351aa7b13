// Operator sign-in: username + password → a 12-hour admin token (never a tenant's).
import { createSignal } from "solid-js";
import { createChangeRunner } from "../../ui/change-runner";
import { createFormErrors } from "../../ui/form-errors";
import { CredentialFields, LoginScreen } from "../../ui/login-screen";
import { adminApi } from "./admin-api";
import { adminSignIn } from "./admin-session";
import { at } from "./messages";

export function AdminLogin() {
  const [username, setUsername] = createSignal("");
  const [password, setPassword] = createSignal("");
  const { busy, error, run } = createChangeRunner(() => undefined);
  const fields = createFormErrors(error, ["username", "password"]);

  function submit() {
    void run(async () => adminSignIn(await adminApi.login(username().trim(), password())));
  }

  return (
    <LoginScreen
      title={at("title")}
      heading={at("login.title")}
      onSubmit={submit}
      busy={busy()}
      error={fields.rest()}
      errorTitles={{ unauthorized: "login.error.wrong_operator" }}
      submitLabel={at("login.submit")}
      testId="admin-login"
    >
      <CredentialFields
        username={username()}
        password={password()}
        onUsername={setUsername}
        onPassword={setPassword}
        errors={fields}
      />
    </LoginScreen>
  );
}
