// One tenant: balance and status, recharge/adjust with a note, the ledger, its keys, users and allowed models.

import type { AdminTenantDetail } from "@waule/shared/admin";
import { createResource, createSignal, Show } from "solid-js";
import { type ApiKeyCalls, ApiKeysPanel } from "../../ui/api-keys-panel";
import { ErrorMessage } from "../../ui/error-message";
import { createFormErrors, type FormErrors } from "../../ui/form-errors";
import { InputField } from "../../ui/form-field";
import { StatementsPanel } from "../../ui/statements-panel";
import { type TenantUserCalls, UsersPanel } from "../../ui/users-panel";
import { adminApi } from "./admin-api";
import { at } from "./messages";
import { AdminLink } from "./parts";
import { CreditForm, LedgerTable } from "./tenant-credits";
import { TenantModels } from "./tenant-models";
import { TenantPriceGroup } from "./tenant-price-group";

export function TenantDetailScreen(props: { tenantId: string }) {
  const [detail, { refetch }] = createResource(
    () => props.tenantId,
    (id) => adminApi.tenant(id),
  );
  // Bumped after each credit change so the ledger table reloads.
  const [ledgerVersion, setLedgerVersion] = createSignal(0);
  const [error, setError] = createSignal<unknown>(null);
  const fields = createFormErrors(error, ["maxUsers"]);

  async function patch(body: Parameters<typeof adminApi.patchTenant>[1]) {
    setError(null);
    try {
      await adminApi.patchTenant(props.tenantId, body);
      await refetch();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section class="page">
      <AdminLink to="/admin/tenants">{at("tenant.back")}</AdminLink>
      <Show when={detail.error}>
        <ErrorMessage error={detail.error} />
      </Show>
      <Show when={!detail.error && detail.latest}>
        {(d) => <Summary detail={d()} onPatch={patch} errors={fields} />}
      </Show>
      <ErrorMessage error={fields.rest()} />
      <CreditForm
        tenantId={props.tenantId}
        onChanged={() => {
          void refetch();
          setLedgerVersion(ledgerVersion() + 1);
        }}
      />
      <LedgerTable tenantId={props.tenantId} version={ledgerVersion()} />
      <div class="card">
        <h2>{at("tenant.statements.title")}</h2>
        <StatementsPanel
          fileStem={props.tenantId}
          calls={{
            monthly: (month) => adminApi.monthlyStatement(props.tenantId, month),
            csv: (which, range) => adminApi.statementCsv(props.tenantId, which, range),
          }}
        />
      </div>
      <div class="card">
        <h2>{at("tenant.keys.title")}</h2>
        <ApiKeysPanel calls={keyCalls(props.tenantId)} />
      </div>
      <div class="card">
        <h2>
          {at("tenant.users.title")}{" "}
          <Show when={!detail.error && detail.latest}>
            {(d) => (
              <span class="badge" data-testid="seats">
                {at("tenant.users.seats", d().users)}
              </span>
            )}
          </Show>
        </h2>
        <UsersPanel calls={userCalls(props.tenantId)} onSeatsChanged={() => void refetch()} />
      </div>
      <Show when={!detail.error && detail.latest}>
        {(d) => (
          <TenantPriceGroup
            tenantId={props.tenantId}
            current={d().tenant.priceGroupId}
            onSaved={() => void refetch()}
          />
        )}
      </Show>
      <Show when={!detail.error && detail.latest}>
        {(d) => <TenantModels tenantId={props.tenantId} enabled={d().enabledModels} onSaved={() => void refetch()} />}
      </Show>
    </section>
  );
}

/** The operator manages any tenant's keys (no rotate: a tenant rotates its own) and users through /admin/api. */
function keyCalls(tenantId: string): ApiKeyCalls {
  return {
    list: () => adminApi.keys(tenantId),
    create: (name) => adminApi.createKey(tenantId, name),
    revoke: (keyId) => adminApi.revokeKey(tenantId, keyId),
    setLimits: (keyId, body) => adminApi.setKeyLimits(tenantId, keyId, body),
  };
}

function userCalls(tenantId: string): TenantUserCalls {
  return {
    list: () => adminApi.users(tenantId),
    create: (body) => adminApi.createUser(tenantId, body),
    update: (userId, body) => adminApi.patchUser(tenantId, userId, body),
    setCaps: (userId, body) => adminApi.setUserCaps(tenantId, userId, body),
  };
}

function Summary(props: {
  detail: AdminTenantDetail;
  onPatch: (body: { name?: string; isActive?: boolean; maxUsers?: number }) => void;
  errors: FormErrors;
}) {
  const tenant = () => props.detail.tenant;
  const [maxUsers, setMaxUsers] = createSignal(String(props.detail.tenant.maxUsers));
  return (
    <div class="card">
      <h1 data-testid="tenant-title">{tenant().name}</h1>
      <p class="muted small">{tenant().id}</p>
      <p>
        {at("tenant.balance")}: <strong data-testid="tenant-balance">{tenant().credits}</strong>
      </p>
      <p>
        {tenant().isActive ? at("common.active") : at("common.inactive")}{" "}
        <button
          class="button"
          type="button"
          data-testid="toggle-active"
          onClick={() => props.onPatch({ isActive: !tenant().isActive })}
        >
          {tenant().isActive ? at("tenant.deactivate") : at("tenant.activate")}
        </button>
      </p>
      <form
        class="field-row"
        onSubmit={(e) => {
          e.preventDefault();
          props.onPatch({ maxUsers: Number(maxUsers()) });
        }}
      >
        <InputField
          label={at("tenants.maxUsers")}
          error={props.errors.of("maxUsers")}
          name="maxUsers"
          type="number"
          min="1"
          value={maxUsers()}
          onValue={setMaxUsers}
        />
        <button class="button" type="submit">
          {at("common.save")}
        </button>
      </form>
    </div>
  );
}
