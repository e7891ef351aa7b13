// What the key-limits and member-caps forms share: the parse of a credits field, and the save / close buttons.
import { t } from "../i18n/i18n";

/** Empty removes the limit; anything not a whole number goes to the server as typed, so its 400 names the field. */
export const creditsInput = (text: string): number | null =>
  text.trim() === "" ? null : /^\d+$/.test(text.trim()) ? Number(text) : (text as unknown as number);

/** The forms' last row: save (disabled while a save runs) and close without saving. */
export function LimitActions(props: { busy: boolean; saveTestId: string; onClose: () => void }) {
  return (
    <div class="actions">
      <button type="submit" class="button primary" disabled={props.busy} data-testid={props.saveTestId}>
        {t("team.keys.limits.save")}
      </button>
      <button type="button" class="button ghost" onClick={() => props.onClose()}>
        {t("team.keys.limits.close")}
      </button>
    </div>
  );
}
