// Small pieces every console screen uses: in-app links, a pager, dates in the chosen language.
import type { JSX } from "solid-js";
import { locale } from "../../i18n/i18n";
import { AppLink } from "../../ui/app-link";
import { Pager as ListPager } from "../../ui/list-parts";
import type { PageControls } from "../../ui/paged-list";
import { at } from "./messages";

export function AdminLink(props: { to: string; class?: string; children: JSX.Element; testid?: string }) {
  return (
    <AppLink to={props.to} class={props.class ?? "link"} data-testid={props.testid}>
      {props.children}
    </AppLink>
  );
}

export const formatDate = (iso: string | null) => (iso ? new Date(iso).toLocaleString(locale()) : "—");

/** The app's pager with the console's own summary line. */
export function Pager(props: { list: PageControls }) {
  return <ListPager list={props.list} summary={(counts) => at("common.page", counts)} />;
}

/** The gateway's own admin pages (provider keys, storage, Discord accounts); set VITE_GATEWAY_ADMIN_URL when it lives elsewhere. */
export const gatewayAdminUrl: string = import.meta.env.VITE_GATEWAY_ADMIN_URL ?? "http://localhost:9000/admin";
