// Placeholder for the operator console (a later issue); it says where operators work today.
import { t } from "../../i18n/i18n";
import { LanguageSwitch } from "../../ui/language-switch";

export function AdminPage() {
  return (
    <main class="login-screen">
      <div class="login-lang">
        <LanguageSwitch />
      </div>
      <div class="card login-card">
        <h1>{t("admin.title")}</h1>
        <p class="muted">{t("admin.placeholder")}</p>
      </div>
    </main>
  );
}
