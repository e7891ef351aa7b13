// zh-CN / English toggle; the choice is remembered across visits.
import { For } from "solid-js";
import { locale, setLocale, t } from "../i18n/i18n";
import { isLocale, type Locale } from "../i18n/translate";

const labels: Record<Locale, string> = { "zh-CN": "简体中文", en: "English" };

export function LanguageSwitch() {
  return (
    <label class="language-switch">
      <span class="visually-hidden">{t("header.language")}</span>
      <select
        aria-label={t("header.language")}
        data-testid="language-switch"
        value={locale()}
        onChange={(e) => {
          const next = e.currentTarget.value;
          if (isLocale(next)) setLocale(next);
        }}
      >
        <For each={Object.keys(labels) as Locale[]}>{(l) => <option value={l}>{labels[l]}</option>}</For>
      </select>
    </label>
  );
}
