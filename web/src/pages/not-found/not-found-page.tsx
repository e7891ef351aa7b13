// What a signed-in user sees at an address the app has no screen for, instead of a silent jump to another page.
import { t } from "../../i18n/i18n";
import { AppLink } from "../../ui/app-link";

export function NotFoundPage() {
  return (
    <section class="card not-found" data-testid="not-found">
      <h1>{t("notfound.title")}</h1>
      <p class="muted">{t("notfound.body")}</p>
      <AppLink class="button primary" to="/generate" data-testid="not-found-back">
        {t("notfound.back")}
      </AppLink>
    </section>
  );
}
