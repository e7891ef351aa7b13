// A tenant's users within its seats: create form, and per-user deactivate/reactivate, role and password reset. One
// panel for the tenant admin's team page and the operator's tenant screen; each passes its own calls.

import type { MemberCapsRequest } from "@waule/shared/key-limits";
import type {
  CreateTenantUserRequest,
  TenantRole,
  TenantUserList,
  TenantUserView,
  UpdateTenantUserRequest,
} from "@waule/shared/tenant-admin";
import { createResource, createSignal, For, Show } from "solid-js";
import { locale, t } from "../i18n/i18n";
import { createChangeRunner } from "./change-runner";
import { createFormsErrors } from "./form-errors";
import { InputField, SelectField } from "./form-field";
import { MemberCapsForm, memberCapFields } from "./member-caps-form";
import { TeamError } from "./team-error";
import "./panels.css";

export type TenantUserCalls = {
  list(): Promise<TenantUserList>;
  create(body: CreateTenantUserRequest): Promise<unknown>;
  update(id: string, body: UpdateTenantUserRequest): Promise<unknown>;
  /** The member's spending caps per day and month. */
  setCaps(id: string, body: MemberCapsRequest): Promise<unknown>;
};

/** The create form's inputs, by the body path each sends. */
const createUserFields = ["username", "nickname", "password", "role"];

/** `onSeatsChanged`: after each change, so the page around shows the seats the server now counts. */
export function UsersPanel(props: { calls: TenantUserCalls; onSeatsChanged: () => void }) {
  const [list, { refetch }] = createResource(() => props.calls.list());
  const [username, setUsername] = createSignal("");
  const [nickname, setNickname] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [role, setRole] = createSignal<TenantRole>("member");
  const [editing, setEditing] = createSignal<string | null>(null);

  /** Each change re-reads the list and the seat count so the page shows what the server stored. */
  const { busy, error, notice, run } = createChangeRunner(async () => {
    await refetch();
    props.onSeatsChanged();
  });

  // A row's button (or the password prompt) has no inputs: its issues stay in the alert, with the field named.
  const fields = createFormsErrors(error, { create: createUserFields, caps: memberCapFields });
  const change = (form: "create" | "caps" | null, action: () => Promise<unknown>, done: string) =>
    fields.sentBy(form, () => run(action, done));
  const update = (user: TenantUserView, body: UpdateTenantUserRequest) =>
    change(null, () => props.calls.update(user.id, body), t("team.users.saved"));

  function resetPassword(user: TenantUserView) {
    const next = globalThis.prompt?.(t("team.users.newPasswordPrompt", { username: user.username }));
    if (next) void update(user, { password: next });
  }

  const seats = () => (list.error ? null : list.latest?.seats);
  const full = () => {
    const s = seats();
    return s ? s.used >= s.max : false;
  };

  return (
    <div class="panel" data-testid="users-panel">
      <TeamError error={fields.rest() ?? list.error} />
      <Show when={notice()}>
        <p class="notice" role="status">
          {notice()}
        </p>
      </Show>
      <div class="card table-card">
        <table class="table" data-testid="users-table">
          <thead>
            <tr>
              <th>{t("login.username")}</th>
              <th>{t("team.users.nickname")}</th>
              <th>{t("team.users.role")}</th>
              <th>{t("team.users.status")}</th>
              <th>{t("team.users.lastLogin")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            <For each={list.error ? [] : (list.latest?.data ?? [])}>
              {(user) => (
                <tr data-testid={`user-${user.username}`}>
                  <td>{user.username}</td>
                  <td>{user.nickname ?? ""}</td>
                  <td>{user.role === "admin" ? t("team.users.admin") : t("team.users.member")}</td>
                  <td>{user.isActive ? t("team.users.active") : t("team.users.inactive")}</td>
                  <td>{user.lastLoginAt ? new Date(user.lastLoginAt).toLocaleString(locale()) : "—"}</td>
                  <td class="actions">
                    <button
                      type="button"
                      class="button"
                      disabled={busy()}
                      onClick={() => void update(user, { isActive: !user.isActive })}
                    >
                      {user.isActive ? t("team.users.deactivate") : t("team.users.activate")}
                    </button>
                    <button
                      type="button"
                      class="button"
                      disabled={busy()}
                      onClick={() => void update(user, { role: user.role === "admin" ? "member" : "admin" })}
                    >
                      {user.role === "admin" ? t("team.users.makeMember") : t("team.users.makeAdmin")}
                    </button>
                    <button type="button" class="button" disabled={busy()} onClick={() => resetPassword(user)}>
                      {t("team.users.resetPassword")}
                    </button>
                    <button
                      type="button"
                      class="button"
                      data-testid="edit-member-caps"
                      onClick={() => setEditing(editing() === user.id ? null : user.id)}
                    >
                      {t("team.users.caps")}
                    </button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={(list.error ? [] : (list.latest?.data ?? [])).find((u) => u.id === editing())}>
        {(user) => (
          <MemberCapsForm
            user={user()}
            busy={busy()}
            errors={fields}
            onSave={(body) => void change("caps", () => props.calls.setCaps(user().id, body), t("team.users.saved"))}
            onClose={() => setEditing(null)}
          />
        )}
      </Show>
      <form
        class="card form"
        data-testid="create-user"
        onSubmit={(e) => {
          e.preventDefault();
          void change(
            "create",
            async () => {
              await props.calls.create({
                username: username().trim(),
                password: password(),
                nickname: nickname().trim() || null,
                role: role(),
              });
              setUsername("");
              setNickname("");
              setPassword("");
            },
            t("team.users.created"),
          );
        }}
      >
        <h2>{t("team.users.create")}</h2>
        <Show when={full()}>
          <p class="field-error">{t("team.users.seatsFull")}</p>
        </Show>
        <div class="field-row">
          <InputField
            label={t("login.username")}
            error={fields.of("username")}
            name="newUsername"
            required
            minLength={3}
            value={username()}
            onValue={setUsername}
          />
          <InputField
            label={t("team.users.nickname")}
            error={fields.of("nickname")}
            name="newNickname"
            value={nickname()}
            onValue={setNickname}
          />
        </div>
        <div class="field-row">
          <InputField
            label={t("login.password")}
            error={fields.of("password")}
            name="newPassword"
            type="password"
            required
            minLength={8}
            autocomplete="new-password"
            value={password()}
            onValue={setPassword}
          />
          <SelectField
            label={t("team.users.role")}
            error={fields.of("role")}
            name="newRole"
            value={role()}
            onValue={(v) => setRole(v as TenantRole)}
            options={[
              { value: "member", label: t("team.users.member") },
              { value: "admin", label: t("team.users.admin") },
            ]}
          />
        </div>
        <button type="submit" class="button primary" disabled={busy() || full()}>
          {t("team.users.create")}
        </button>
      </form>
    </div>
  );
}
