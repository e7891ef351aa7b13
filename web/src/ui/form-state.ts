// A form's typed values as one object: each input binds to its key, a submit reads them all, a reset patches them.
// With createForm the keys are the body paths the form sends, so each input's binding carries its own message too.
import { createSignal } from "solid-js";
import { createFormErrors } from "./form-errors";

export function createFormValues<V extends Record<string, string>>(initial: V) {
  const [values, setValues] = createSignal<V>(initial);
  const set = (patch: Partial<V>) => setValues((v) => ({ ...v, ...patch }));
  return {
    values,
    set,
    /** An input's value and setter, spread on an InputField or SelectField: `{...form.bind("price")}`. */
    bind(key: Extract<keyof V, string>) {
      return {
        get value() {
          return values()[key];
        },
        onValue: (value: string) => set({ [key]: value } as Partial<V>),
      };
    },
  };
}

/**
 * One form whose inputs are named by the body paths it sends: `{...form.bind("price")}` gives an input its value,
 * its setter and the server's message for that path; `form.rest()` is what the alert above still shows.
 */
export function createForm<V extends Record<string, string>>(error: () => unknown, initial: V) {
  const values = createFormValues(initial);
  const errors = createFormErrors(error, Object.keys(initial));
  return {
    values: values.values,
    set: values.set,
    rest: errors.rest,
    bind(key: Extract<keyof V, string>) {
      const bound = values.bind(key);
      return {
        get value() {
          return bound.value;
        },
        onValue: bound.onValue,
        get error() {
          return errors.of(key);
        },
      };
    },
  };
}
