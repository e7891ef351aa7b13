// The operator console at /admin: its own sign-in, navigation, and the screen for the current /admin/... path.
import { Match, Show, Switch } from "solid-js";
import { currentPath } from "../../router";
import { LanguageSwitch } from "../../ui/language-switch";
import { AccountsScreen } from "./accounts-screen";
import { AdminLogin } from "./admin-login";
import { adminSession, adminSignOut } from "./admin-session";
import { AuditScreen } from "./audit-screen";
import { DashboardScreen } from "./dashboard-screen";
import { at } from "./messages";
import { ModelsScreen } from "./models-screen";
import { OrdersScreen } from "./orders-screen";
import { PackagesScreen } from "./packages-screen";
import { AdminLink, gatewayAdminUrl } from "./parts";
import { PriceGroupsScreen } from "./price-groups-screen";
import { RedemptionScreen } from "./redemption-screen";
import { SettingsScreen } from "./settings-screen";
import { TasksScreen } from "./tasks-screen";
import { TenantDetailScreen } from "./tenant-detail-screen";
import { TenantsScreen } from "./tenants-screen";
import { UsageScreen } from "./usage-screen";

const tenantId = () => /^\/admin\/tenants\/([^/]+)$/.exec(currentPath())?.[1];

export function AdminPage() {
  return (
    <Show when={adminSession()} fallback={<AdminLogin />}>
      {(session) => (
        <div class="shell admin-console">
          <header class="topbar">
            <div class="brand">{at("title")}</div>
            <nav class="nav">
              <AdminLink to="/admin" class="nav-link">
                {at("nav.dashboard")}
              </AdminLink>
              <AdminLink to="/admin/tenants" class="nav-link">
                {at("nav.tenants")}
              </AdminLink>
              <AdminLink to="/admin/models" class="nav-link">
                {at("nav.models")}
              </AdminLink>
              <AdminLink to="/admin/price-groups" class="nav-link">
                {at("nav.priceGroups")}
              </AdminLink>
              <AdminLink to="/admin/redemption-codes" class="nav-link">
                {at("nav.redemption")}
              </AdminLink>
              <AdminLink to="/admin/packages" class="nav-link">
                {at("nav.packages")}
              </AdminLink>
              <AdminLink to="/admin/orders" class="nav-link">
                {at("nav.orders")}
              </AdminLink>
              <AdminLink to="/admin/settings" class="nav-link">
                {at("nav.settings")}
              </AdminLink>
              <AdminLink to="/admin/usage" class="nav-link">
                {at("nav.usage")}
              </AdminLink>
              <AdminLink to="/admin/tasks" class="nav-link">
                {at("nav.tasks")}
              </AdminLink>
              <AdminLink to="/admin/audit" class="nav-link">
                {at("nav.audit")}
              </AdminLink>
              <AdminLink to="/admin/accounts" class="nav-link">
                {at("nav.accounts")}
              </AdminLink>
              <a
                class="nav-link"
                href={gatewayAdminUrl}
                target="_blank"
                rel="noopener"
                data-testid="gateway-admin-link"
              >
                {at("nav.providerKeys")} ↗
              </a>
            </nav>
            <div class="account">
              <span class="username" data-testid="admin-username">
                {session().admin.username}
              </span>
              <LanguageSwitch />
              <button type="button" class="button ghost" onClick={adminSignOut}>
                {at("nav.logout")}
              </button>
            </div>
          </header>
          <main class="content">
            <Switch fallback={<DashboardScreen />}>
              <Match when={tenantId()}>{(id) => <TenantDetailScreen tenantId={decodeURIComponent(id())} />}</Match>
              <Match when={currentPath() === "/admin/tenants"}>
                <TenantsScreen />
              </Match>
              <Match when={currentPath() === "/admin/models"}>
                <ModelsScreen />
              </Match>
              <Match when={currentPath() === "/admin/price-groups"}>
                <PriceGroupsScreen />
              </Match>
              <Match when={currentPath() === "/admin/redemption-codes"}>
                <RedemptionScreen />
              </Match>
              <Match when={currentPath() === "/admin/packages"}>
                <PackagesScreen />
              </Match>
              <Match when={currentPath() === "/admin/orders"}>
                <OrdersScreen />
              </Match>
              <Match when={currentPath() === "/admin/settings"}>
                <SettingsScreen />
              </Match>
              <Match when={currentPath() === "/admin/usage"}>
                <UsageScreen />
              </Match>
              <Match when={currentPath() === "/admin/tasks"}>
                <TasksScreen />
              </Match>
              <Match when={currentPath() === "/admin/audit"}>
                <AuditScreen />
              </Match>
              <Match when={currentPath() === "/admin/accounts"}>
                <AccountsScreen />
              </Match>
            </Switch>
          </main>
        </div>
      )}
    </Show>
  );
}
