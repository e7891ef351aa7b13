// One field of 系统设置 as its kind wants it: a checkbox, the Alipay mode, a line, or a text area. A secret is never
// shown: its label says whether one is stored, and its input starts empty.
import { FormField, InputField, SelectField } from "../../ui/form-field";
import { type AdminMessageKey, at } from "./messages";

export type Kind = "text" | "longtext" | "count" | "int" | "bool" | "secret" | "mode";
export type Field = { name: string; kind: Kind; label?: AdminMessageKey; hint?: AdminMessageKey };

const modeChoices = [
  { value: "qr", label: "QR (precreate)" },
  { value: "page", label: "Page (page.pay)" },
];

export function SettingField(props: {
  id: string;
  field: Field;
  stored: unknown;
  edited: string | boolean | undefined;
  error: string | undefined;
  onEdit: (value: string | boolean) => void;
}) {
  const kind = props.field.kind;
  const label = props.field.label ? at(props.field.label) : props.field.name;
  if (kind === "bool")
    return (
      <FormField check label={label} error={props.error}>
        {(control) => (
          <input
            {...control}
            type="checkbox"
            name={props.id}
            checked={(props.edited as boolean | undefined) ?? Boolean(props.stored)}
            onChange={(e) => props.onEdit(e.currentTarget.checked)}
          />
        )}
      </FormField>
    );
  if (kind === "mode")
    return (
      <SelectField
        label={label}
        error={props.error}
        name={props.id}
        value={String(props.edited ?? props.stored)}
        options={modeChoices}
        onValue={props.onEdit}
      />
    );
  const shown = () => (kind === "secret" ? String(props.edited ?? "") : String(props.edited ?? props.stored ?? ""));
  const frame = {
    get label() {
      return kind === "secret" && props.stored ? `${label} — ${at("settings.secretSet")}` : label;
    },
    get hint() {
      return props.field.hint ? at(props.field.hint) : undefined;
    },
    get error() {
      return props.error;
    },
  };
  if (kind === "longtext" || kind === "secret")
    return (
      <FormField {...frame}>
        {(control) => (
          <textarea
            {...control}
            name={props.id}
            rows={kind === "secret" ? 2 : 3}
            value={shown()}
            onInput={(e) => props.onEdit(e.currentTarget.value)}
          />
        )}
      </FormField>
    );
  return (
    <InputField
      {...frame}
      name={props.id}
      type={kind === "count" || kind === "int" ? "number" : "text"}
      value={shown()}
      onValue={props.onEdit}
    />
  );
}
