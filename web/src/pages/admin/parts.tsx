// Small pieces every console screen uses: in-app links, a pager, dates in the chosen language.
import type { JSX } from "solid-js";
import { locale } from "../../i18n/i18n";
import { currentPath, navigate } from "../../router";
import { at } from "./messages";

export function AdminLink(props: { to: string; class?: string; children: JSX.Element; testid?: string }) {
  return (
    <a
      href={props.to}
      class={props.class ?? "link"}
      classList={{ active: currentPath() === props.to }}
      data-testid={props.testid}
      onClick={(e) => {
        e.preventDefault();
        navigate(props.to);
      }}
    >
      {props.children}
    </a>
  );
}

export const formatDate = (iso: string | null) => (iso ? new Date(iso).toLocaleString(locale()) : "—");

export function Pager(props: { page: number; limit: number; total: number; onPage: (page: number) => void }) {
  const pages = () => Math.max(1, Math.ceil(props.total / props.limit));
  return (
    <div class="pager">
      <button class="button" type="button" disabled={props.page <= 1} onClick={() => props.onPage(props.page - 1)}>
        {at("common.previous")}
      </button>
      <span class="muted">{at("common.page", { page: props.page, pages: pages(), total: props.total })}</span>
      <button class="button" type="button" disabled={props.page >= pages()} onClick={() => props.onPage(props.page + 1)}>
        {at("common.next")}
      </button>
    </div>
  );
}

/** The gateway's own admin pages (provider keys, storage, Discord accounts); set VITE_GATEWAY_ADMIN_URL when it lives elsewhere. */
export const gatewayAdminUrl: string = import.meta.env.VITE_GATEWAY_ADMIN_URL ?? "http://localhost:9000/admin";
