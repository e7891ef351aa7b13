// A tenant's users within its seat limit: add, activate/deactivate, change role, reset password.
import type { AdminTenantUser } from "@waule/shared/admin";
import { createResource, createSignal, For, Show } from "solid-js";
import { createChangeRunner } from "../../ui/change-runner";
import { ErrorMessage } from "../../ui/error-message";
import { adminApi } from "./admin-api";
import { at } from "./messages";
import { formatDate } from "./parts";

export function TenantUsers(props: { tenantId: string; onChanged: () => void }) {
  const [users, { refetch }] = createResource(
    () => props.tenantId,
    (id) => adminApi.users(id),
  );
  const [username, setUsername] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [role, setRole] = createSignal<"member" | "admin">("member");

  const { error, notice, run } = createChangeRunner(async () => {
    await refetch();
    props.onChanged();
  });

  const add = (e: SubmitEvent) => {
    e.preventDefault();
    void run(async () => {
      await adminApi.createUser(props.tenantId, { username: username().trim(), password: password(), role: role() });
      setUsername("");
      setPassword("");
    });
  };
  const resetPassword = (user: AdminTenantUser) => {
    const next = globalThis.prompt(at("tenant.users.newPassword"));
    if (next)
      void run(() => adminApi.patchUser(props.tenantId, user.id, { password: next }), at("tenant.users.passwordReset"));
  };

  return (
    <div class="card table-card">
      <h2>
        {at("tenant.users.title")}{" "}
        <Show when={!users.error && users.latest}>
          {(u) => (
            <span class="badge" data-testid="seats">
              {at("tenant.users.seats", u().seats)}
            </span>
          )}
        </Show>
      </h2>
      <Show when={users.error}>
        <ErrorMessage error={users.error} />
      </Show>
      <table class="table" data-testid="users-table">
        <thead>
          <tr>
            <th>{at("tenant.users.username")}</th>
            <th>{at("tenant.users.role")}</th>
            <th>{at("tenants.status")}</th>
            <th>{at("tenant.users.lastLogin")}</th>
            <th>{at("common.actions")}</th>
          </tr>
        </thead>
        <tbody>
          <For each={users.error ? [] : (users.latest?.data ?? [])}>
            {(user) => (
              <tr>
                <td>
                  {user.username}
                  {user.nickname ? ` (${user.nickname})` : ""}
                </td>
                <td>
                  <select
                    value={user.role}
                    onChange={(e) =>
                      void run(() =>
                        adminApi.patchUser(props.tenantId, user.id, {
                          role: e.currentTarget.value as "member" | "admin",
                        }),
                      )
                    }
                  >
                    <option value="member">{at("tenant.users.member")}</option>
                    <option value="admin">{at("tenant.users.admin")}</option>
                  </select>
                </td>
                <td>{user.isActive ? at("common.active") : at("common.inactive")}</td>
                <td>{formatDate(user.lastLoginAt)}</td>
                <td>
                  <button
                    class="button"
                    type="button"
                    onClick={() =>
                      void run(() => adminApi.patchUser(props.tenantId, user.id, { isActive: !user.isActive }))
                    }
                  >
                    {user.isActive ? at("tenant.users.deactivate") : at("tenant.users.activate")}
                  </button>{" "}
                  <button class="button" type="button" onClick={() => resetPassword(user)}>
                    {at("tenant.users.resetPassword")}
                  </button>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <form class="field-row" onSubmit={add}>
        <label class="field">
          <span>{at("tenant.users.username")}</span>
          <input name="newUsername" required value={username()} onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{at("tenant.users.password")}</span>
          <input
            name="newPassword"
            type="password"
            required
            minLength={8}
            value={password()}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>{at("tenant.users.role")}</span>
          <select name="newRole" value={role()} onChange={(e) => setRole(e.currentTarget.value as "member" | "admin")}>
            <option value="member">{at("tenant.users.member")}</option>
            <option value="admin">{at("tenant.users.admin")}</option>
          </select>
        </label>
        <button class="button" type="submit">
          {at("tenant.users.add")}
        </button>
      </form>
      <ErrorMessage error={error()} />
      <Show when={notice()}>
        <p class="muted">{notice()}</p>
      </Show>
    </div>
  );
}
