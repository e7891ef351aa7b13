// The pieces the key-limits and member-caps forms share: a labelled text input bound to a signal, and the parse of
// a credits field.
import type { JSX } from "solid-js";

/** Empty removes the limit; anything not a whole number goes to the server as typed, so its 400 names the field. */
export const creditsInput = (text: string): number | null =>
  text.trim() === "" ? null : /^\d+$/.test(text.trim()) ? Number(text) : (text as unknown as number);

export function LimitField(props: {
  label: string;
  name: string;
  value: string;
  onInput: (value: string) => void;
  type?: string;
  inputMode?: JSX.HTMLAttributes<HTMLInputElement>["inputMode"];
}) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <input
        name={props.name}
        type={props.type}
        inputMode={props.inputMode}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </label>
  );
}
