// Sign-in: tenant API key + username + password → JWT kept in localStorage.
import { createSignal } from "solid-js";
import { api } from "../../api/api";
import { t } from "../../i18n/i18n";
import { signIn } from "../../session/session";
import { createChangeRunner } from "../../ui/change-runner";
import { createFormErrors } from "../../ui/form-errors";
import { InputField } from "../../ui/form-field";
import { CredentialFields, LoginScreen } from "../../ui/login-screen";
import { rememberApiKey, rememberedApiKey } from "./remembered-key";

export function LoginPage(props: { onSignedIn: () => void }) {
  const [apiKey, setApiKey] = createSignal(rememberedApiKey());
  const [remember, setRemember] = createSignal(rememberedApiKey() !== "");
  const [username, setUsername] = createSignal("");
  const [password, setPassword] = createSignal("");
  const { busy, error, run } = createChangeRunner(() => undefined);
  const fields = createFormErrors(error, ["apiKey", "username", "password"]);

  function submit() {
    void run(async () => {
      const key = apiKey().trim();
      signIn(await api.login({ apiKey: key, username: username().trim(), password: password() }));
      rememberApiKey(remember() ? key : null);
      props.onSignedIn();
    });
  }

  return (
    <LoginScreen
      title={t("app.name")}
      heading={t("login.title")}
      onSubmit={submit}
      busy={busy()}
      error={fields.rest()}
      errorTitles={{ unauthorized: "login.error.wrong" }}
      submitLabel={busy() ? t("login.submitting") : t("login.submit")}
    >
      <p class="muted">{t("login.subtitle")}</p>
      <InputField
        label={t("login.apiKey")}
        error={fields.of("apiKey")}
        name="apiKey"
        autocomplete="off"
        placeholder="wk_live_…"
        required
        value={apiKey()}
        onValue={setApiKey}
      />
      <label class="check">
        <input
          type="checkbox"
          name="rememberApiKey"
          checked={remember()}
          onChange={(e) => setRemember(e.currentTarget.checked)}
        />
        <span>{t("login.remember")}</span>
      </label>
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
