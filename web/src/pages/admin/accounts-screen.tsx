// Operator accounts: everyone sees the list; owners add operators, change roles, deactivate and reset passwords.
import type { AdminAccount, AdminRole } from "@waule/shared/admin";
import { createResource, createSignal, For, Show } from "solid-js";
import { createChangeRunner } from "../../ui/change-runner";
import { ErrorMessage } from "../../ui/error-message";
import { createFormsErrors } from "../../ui/form-errors";
import { InputField, SelectField } from "../../ui/form-field";
import { adminApi } from "./admin-api";
import { adminSession } from "./admin-session";
import { at } from "./messages";
import { formatDate } from "./parts";

export function AccountsScreen() {
  const [accounts, { refetch }] = createResource(() => adminApi.accounts());
  const [username, setUsername] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [role, setRole] = createSignal<AdminRole>("operator");
  const isOwner = () => adminSession()?.admin.role === "owner";

  const { error, run } = createChangeRunner(() => refetch());
  // Only the add form puts issues under its inputs; a row's change (the password prompt) keeps them above.
  const fields = createFormsErrors(error, { add: ["username", "password", "role"] });
  const change = (form: "add" | null, action: () => Promise<unknown>) => fields.sentBy(form, () => run(action));
  const resetPassword = (account: AdminAccount) => {
    const next = globalThis.prompt(at("accounts.password"));
    if (next) void change(null, () => adminApi.patchAccount(account.id, { password: next }));
  };

  return (
    <section class="page">
      <h1>{at("accounts.title")}</h1>
      <Show when={!isOwner()}>
        <p class="muted">{at("accounts.ownersOnly")}</p>
      </Show>
      <Show when={accounts.error}>
        <ErrorMessage error={accounts.error} />
      </Show>
      <div class="card table-card">
        <table class="table" data-testid="accounts-table">
          <thead>
            <tr>
              <th>{at("login.username")}</th>
              <th>{at("accounts.role")}</th>
              <th>{at("tenants.status")}</th>
              <th>{at("tenant.users.lastLogin")}</th>
              <Show when={isOwner()}>
                <th>{at("common.actions")}</th>
              </Show>
            </tr>
          </thead>
          <tbody>
            <For each={accounts.error ? [] : (accounts.latest?.data ?? [])}>
              {(account) => (
                <tr>
                  <td>{account.username}</td>
                  <td>{account.role === "owner" ? at("accounts.owner") : at("accounts.operator")}</td>
                  <td>{account.isActive ? at("common.active") : at("common.inactive")}</td>
                  <td>{formatDate(account.lastLoginAt)}</td>
                  <Show when={isOwner()}>
                    <td>
                      <button
                        class="button"
                        type="button"
                        onClick={() =>
                          void change(null, () => adminApi.patchAccount(account.id, { isActive: !account.isActive }))
                        }
                      >
                        {account.isActive ? at("tenant.users.deactivate") : at("tenant.users.activate")}
                      </button>{" "}
                      <button
                        class="button"
                        type="button"
                        onClick={() =>
                          void change(null, () =>
                            adminApi.patchAccount(account.id, {
                              role: account.role === "owner" ? "operator" : "owner",
                            }),
                          )
                        }
                      >
                        {account.role === "owner" ? at("accounts.operator") : at("accounts.owner")}
                      </button>{" "}
                      <button class="button" type="button" onClick={() => resetPassword(account)}>
                        {at("tenant.users.resetPassword")}
                      </button>
                    </td>
                  </Show>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <ErrorMessage error={fields.rest()} />
      <Show when={isOwner()}>
        <form
          class="card form"
          onSubmit={(e) => {
            e.preventDefault();
            void change("add", async () => {
              await adminApi.createAccount({ username: username().trim(), password: password(), role: role() });
              setUsername("");
              setPassword("");
            });
          }}
        >
          <h2>{at("accounts.add")}</h2>
          <div class="field-row">
            <InputField
              label={at("login.username")}
              error={fields.of("username")}
              name="accountUsername"
              required
              value={username()}
              onValue={setUsername}
            />
            <InputField
              label={at("accounts.password")}
              error={fields.of("password")}
              name="accountPassword"
              type="password"
              required
              minLength={10}
              value={password()}
              onValue={setPassword}
            />
            <SelectField
              label={at("accounts.role")}
              error={fields.of("role")}
              name="accountRole"
              value={role()}
              onValue={(v) => setRole(v as AdminRole)}
              options={[
                { value: "operator", label: at("accounts.operator") },
                { value: "owner", label: at("accounts.owner") },
              ]}
            />
          </div>
          <button class="button" type="submit">
            {at("accounts.add")}
          </button>
        </form>
      </Show>
    </section>
  );
}
