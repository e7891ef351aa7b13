// The fields a refused request named (`invalid_request` details from the shared validator), in the reader's language:
// "密码：至少 8 个字符", never zod's English text.
import { ApiError } from "../api/api-error";
import { type Locale, locales, translate } from "../i18n/translate";
import type { MessageKey } from "../i18n/zh-CN";

export type FieldIssue = { path: string; code?: string; origin?: string; minimum?: number; maximum?: number };

/** The issues an error carries, or none (only an invalid_request answer names fields). */
export function fieldIssues(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiError) || error.code !== "invalid_request" || !Array.isArray(error.details)) return [];
  return error.details.filter(
    (d): d is FieldIssue => typeof d === "object" && d !== null && typeof (d as FieldIssue).path === "string",
  );
}

function issueKey(issue: FieldIssue): MessageKey {
  const kind =
    issue.origin === "number" || issue.origin === "int" ? "_number" : issue.origin === "array" ? "_array" : "";
  switch (issue.code) {
    case "too_small":
      return `error.field.too_small${kind}` as MessageKey;
    case "too_big":
      return `error.field.too_big${kind}` as MessageKey;
    case "invalid_format":
      return "error.field.invalid_format";
    case "invalid_type":
      return "error.field.invalid_type";
    default:
      return "error.field.other";
  }
}

/** The field's own label where the app has one ("password" → 密码), else the last part of its path as sent. */
export function fieldLabel(locale: Locale, path: string): string {
  const last = path.split(".").pop() || path;
  const key = `field.${last}` as MessageKey;
  return Object.hasOwn(locales[locale], key) ? translate(locale, key) : last;
}

export function issueText(locale: Locale, issue: FieldIssue): string {
  const n = issue.code === "too_small" ? issue.minimum : issue.maximum;
  return translate(locale, issueKey(issue), n === undefined ? undefined : { n });
}

/** One line per issue: the field's label, then what is wrong with it. */
export function describeFieldIssue(locale: Locale, issue: FieldIssue): string {
  return `${fieldLabel(locale, issue.path)}${translate(locale, "error.field.separator")}${issueText(locale, issue)}`;
}
