// A form's share of a refused request: each issue the API named goes under the input it belongs to (by the body path
// that input sends), and the alert above the form keeps only what belongs to no input.
import { createMemo, createSignal } from "solid-js";
import { ApiError } from "../api/api-error";
import { locale } from "../i18n/i18n";
import { type Locale, translate } from "../i18n/translate";
import { type FieldIssue, fieldIssues, issueText } from "./field-issues";

export type SplitIssues = {
  /** The issues of each input, by the name the form gave it (the body path it sends, e.g. `ip_allowlist`). */
  byField: Record<string, FieldIssue[]>;
  /** The error for the alert: the original when no input claims it, a copy with the unclaimed issues, or null. */
  rest: unknown;
};

/** The input an issue belongs to: the longest field name that is its path or a prefix of it (`ip_allowlist.2`). */
function owner(path: string, fields: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const f of fields)
    if ((path === f || path.startsWith(`${f}.`)) && (best === undefined || f.length > best.length)) best = f;
  return best;
}

export function splitFieldIssues(error: unknown, fields: readonly string[]): SplitIssues {
  const issues = fieldIssues(error);
  if (issues.length === 0 || !(error instanceof ApiError)) return { byField: {}, rest: error ?? null };
  const byField: Record<string, FieldIssue[]> = {};
  const unclaimed: FieldIssue[] = [];
  for (const issue of issues) {
    const field = owner(issue.path, fields);
    if (field === undefined) unclaimed.push(issue);
    else byField[field] = [...(byField[field] ?? []), issue];
  }
  if (unclaimed.length === issues.length) return { byField, rest: error };
  const rest = unclaimed.length ? new ApiError(error.code, error.message, error.status, unclaimed) : null;
  return { byField, rest };
}

/** What one input shows under it: "At least 8 characters", or "Item 2: has the wrong format" for one entry of a list. */
export function fieldMessage(lang: Locale, field: string, issues: FieldIssue[], custom?: string): string {
  return issues
    .map((issue) => {
      const text = issue.code === "custom" && custom ? custom : issueText(lang, issue);
      const item = issue.path.slice(field.length + 1).split(".")[0] ?? "";
      const line = /^\d+$/.test(item) ? translate(lang, "error.field.item", { n: Number(item) + 1, text }) : text;
      return line.charAt(0).toLocaleUpperCase(lang) + line.slice(1);
    })
    .join(" · ");
}

/**
 * Reads a form's last error (a change runner's or submission's signal) as per-input messages and the alert's rest.
 * `custom`: a form's own words for an input's refined rule (zod's "custom" issue), e.g. an IP range that does not parse.
 */
export function createFormErrors(
  error: () => unknown,
  /** The inputs on screen now, by the body path each sends (a function when forms open and close). */
  fields: readonly string[] | (() => readonly string[]),
  custom: Partial<Record<string, () => string>> = {},
) {
  const split = createMemo(() => splitFieldIssues(error(), typeof fields === "function" ? fields() : fields));
  return {
    /** The message under input `name` in the reader's language, or undefined when it is fine. */
    of(name: string): string | undefined {
      const issues = split().byField[name];
      return issues?.length ? fieldMessage(locale(), name, issues, custom[name]?.()) : undefined;
    },
    /** What the alert above the form shows (null when every issue sits under its input). */
    rest: () => split().rest,
  };
}

export type FormErrors = ReturnType<typeof createFormErrors>;

/**
 * Several forms (and a table's row buttons) sharing one change runner: each change names the form that sent it (null
 * for a button without inputs), and only that form's inputs claim the issues of its refusal.
 */
export function createFormsErrors<Form extends string>(
  error: () => unknown,
  forms: Record<Form, readonly string[]>,
  custom: Partial<Record<string, () => string>> = {},
) {
  const [sender, setSender] = createSignal<Form | null>(null);
  const errors = createFormErrors(
    error,
    () => {
      const form = sender();
      return form === null ? [] : forms[form];
    },
    custom,
  );
  return {
    ...errors,
    /** Runs `send` (which starts the change) as sent by `form`. */
    sentBy<T>(form: Form | null, send: () => T): T {
      setSender(() => form);
      return send();
    },
  };
}
