// The sign-in screen both the tenant app and the operator console use: language switch, one card, its error and submit button.
import type { JSX } from "solid-js";
import { t } from "../i18n/i18n";
import { ErrorMessage, type ErrorTitles } from "./error-message";
import type { FormErrors } from "./form-errors";
import { InputField } from "./form-field";
import { LanguageSwitch } from "./language-switch";

export function LoginScreen(props: {
  title: string;
  heading: string;
  onSubmit: () => void;
  busy: boolean;
  error: unknown;
  /** Titles of this form's own (a refused sign-in is a wrong credential here, never an expired session). */
  errorTitles?: ErrorTitles;
  submitLabel: string;
  testId?: string;
  /** The form's fields (and any line of explanation above them). */
  children: JSX.Element;
}) {
  return (
    <main class="login-screen">
      <div class="login-lang">
        <LanguageSwitch />
      </div>
      <form
        class="card login-card"
        data-testid={props.testId}
        onSubmit={(e) => {
          e.preventDefault();
          props.onSubmit();
        }}
      >
        <h1>{props.title}</h1>
        <h2>{props.heading}</h2>
        {props.children}
        <ErrorMessage error={props.error} titles={props.errorTitles} />
        <button class="button primary" type="submit" disabled={props.busy}>
          {props.submitLabel}
        </button>
      </form>
    </main>
  );
}

/** The username and password every sign-in asks for, each with its own message. */
export function CredentialFields(props: {
  username: string;
  password: string;
  onUsername: (value: string) => void;
  onPassword: (value: string) => void;
  errors: FormErrors;
}) {
  return (
    <>
      <InputField
        label={t("login.username")}
        error={props.errors.of("username")}
        name="username"
        autocomplete="username"
        required
        value={props.username}
        onValue={props.onUsername}
      />
      <InputField
        label={t("login.password")}
        error={props.errors.of("password")}
        name="password"
        type="password"
        autocomplete="current-password"
        required
        value={props.password}
        onValue={props.onPassword}
      />
    </>
  );
}
