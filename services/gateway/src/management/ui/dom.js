// DOM building (textContent only, so API data can never inject markup), the API client and the toast.
import { t } from "./i18n.js";

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k in el && typeof v !== "string") el[k] = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat())
    if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

export function field(labelKey, input) {
  return h("label", {}, t(labelKey), input);
}

export function table(columns, rows) {
  return h(
    "table",
    {},
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        columns.map((c) => h("th", {}, t(c.label))),
      ),
    ),
    h(
      "tbody",
      {},
      // An empty list says so instead of showing a bare header row.
      rows.length === 0
        ? h("tr", { class: "empty" }, h("td", { colspan: String(columns.length), class: "muted" }, t("empty")))
        : rows.map((row) =>
            h(
              "tr",
              {},
              columns.map((c) => {
                const v = c.render ? c.render(row) : row[c.key];
                return h("td", { class: c.class }, v ?? "");
              }),
            ),
          ),
    ),
  );
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : "";
}

export function toast(message) {
  const el = document.getElementById("toast");
  el.textContent = message;
  el.classList.add("show");
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => el.classList.remove("show"), 3500);
}

const TOKEN = "waule-gw-admin-token";
export const session = {
  get: () => sessionStorage.getItem(TOKEN),
  set: (token) => sessionStorage.setItem(TOKEN, token),
  clear: () => sessionStorage.removeItem(TOKEN),
};

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
  }
}

/** Calls the management API with the session's token; a 401 sends the operator back to the login form. */
export async function api(method, path, body) {
  const base = document.querySelector('meta[name="api-base"]').content;
  const headers = { authorization: `Bearer ${session.get()}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(base + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (res.status === 401) {
    session.clear();
    window.dispatchEvent(new Event("waule-logout"));
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

/** Runs an action, shows its error as a toast, and re-renders the page on success. */
export function action(fn, rerender) {
  return async (event) => {
    event?.preventDefault?.();
    try {
      await fn(event);
      await rerender?.();
    } catch (err) {
      toast(err.message);
    }
  };
}

/** The non-empty fields of a form as an object; `numbers` are converted, blanks are left out. */
export function formValues(form, numbers = []) {
  const out = {};
  for (const [k, v] of new FormData(form)) {
    if (typeof v !== "string" || v.trim() === "") continue;
    out[k] = numbers.includes(k) ? Number(v) : v.trim();
  }
  return out;
}
