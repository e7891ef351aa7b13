// One labelled form control: the label, the control itself (a slot), a hint, and the message of the field's own
// error right under it. The control gets the ids that tie them together (aria-labelledby/-describedby, aria-invalid),
// so a screen reader reads the label, then the hint and what is wrong.
import { createUniqueId, For, type JSX, Show, splitProps } from "solid-js";

/** What the slot spreads on its control: `<input {...control} …/>`. */
export type FieldControl = {
  id: string;
  "aria-labelledby": string;
  "aria-describedby": string | undefined;
  "aria-invalid": "true" | undefined;
};

export type FieldFrame = {
  label: JSX.Element;
  hint?: JSX.Element;
  /** The message of this field's error, already in the reader's language (see createFormErrors). */
  error?: string | undefined;
  /** Label and control on one line. */
  inline?: boolean;
  /** A checkbox: the control first, its label after it, on one line. */
  check?: boolean;
  class?: string;
};

export function FormField(props: FieldFrame & { children: (control: FieldControl) => JSX.Element }) {
  const id = createUniqueId();
  const control: FieldControl = {
    id,
    "aria-labelledby": `${id}-label`,
    get "aria-describedby"() {
      const ids = [props.hint ? `${id}-hint` : "", props.error ? `${id}-error` : ""].filter(Boolean).join(" ");
      return ids || undefined;
    },
    get "aria-invalid"() {
      return props.error ? "true" : undefined;
    },
  };
  const label = <span id={`${id}-label`}>{props.label}</span>;
  return (
    <label
      for={id}
      class={["field", props.inline || props.check ? "inline" : "", props.class ?? ""].filter(Boolean).join(" ")}
    >
      {props.check ? null : label}
      {props.children(control)}
      {props.check ? label : null}
      <Show when={props.hint}>
        <small class="field-hint muted" id={`${id}-hint`}>
          {props.hint}
        </small>
      </Show>
      <Show when={props.error}>
        <small class="field-error" id={`${id}-error`} data-field-error>
          {props.error}
        </small>
      </Show>
    </label>
  );
}

type InputAttrs = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, "value" | "onInput" | "onChange" | "children">;

/**
 * A FormField holding one input bound to a string. `onValue` runs on every keystroke, or only when the value is
 * committed (blur, Enter, a picked date) with `commit: "change"`, as filter bars want.
 */
export function InputField(
  props: FieldFrame & InputAttrs & { value: string; onValue: (value: string) => void; commit?: "input" | "change" },
) {
  const [frame, own, input] = splitProps(
    props,
    ["label", "hint", "error", "inline", "check", "class"],
    ["value", "onValue", "commit"],
  );
  return (
    <FormField {...frame}>
      {(control) => (
        <input
          {...input}
          {...control}
          value={own.value}
          onInput={(e) => own.commit !== "change" && own.onValue(e.currentTarget.value)}
          onChange={(e) => own.commit === "change" && own.onValue(e.currentTarget.value)}
        />
      )}
    </FormField>
  );
}

export type Choice = { value: string; label: string };

/** A FormField holding a select over `options`, with a first empty choice named `all` when the field may be unset. */
export function SelectField(
  props: FieldFrame & {
    name: string;
    value: string;
    options: readonly Choice[];
    onValue: (value: string) => void;
    all?: string;
    disabled?: boolean;
  },
) {
  return (
    <FormField label={props.label} hint={props.hint} error={props.error} inline={props.inline} class={props.class}>
      {(control) => (
        <select
          {...control}
          name={props.name}
          disabled={props.disabled}
          value={props.value}
          onChange={(e) => props.onValue(e.currentTarget.value)}
        >
          <Show when={props.all !== undefined}>
            <option value="">{props.all}</option>
          </Show>
          <For each={props.options}>{(o) => <option value={o.value}>{o.label}</option>}</For>
        </select>
      )}
    </FormField>
  );
}
