// Buying credits: the packages on sale, a payment method, then the order's pay link or QR content until it is credited.
import type { OrderView, PaymentProviderName } from "@waule/shared/orders";
import { createResource, createSignal, For, onCleanup, Show } from "solid-js";
import { api } from "../../api/api";
import { formatPrice } from "../../api/commerce";
import { t } from "../../i18n/i18n";
import { ErrorMessage } from "../../ui/error-message";
import { siteInfo } from "../../ui/site-info";
import { ExpiringCredits } from "./expiring-credits";
import { PayQr } from "./pay-qr";

/** While an order waits, ask again this often (the provider's notify usually lands within seconds). */
const POLL_MS = 3000;

export function CreditsPage(props: { onCreditsChanged: () => void }) {
  const [packages] = createResource(() => api.commerce.packages());
  const [expiring, { refetch: refetchExpiring }] = createResource(() => api.commerce.expiringCredits());
  const providers = () => siteInfo()?.payment_providers ?? [];
  const [provider, setProvider] = createSignal<PaymentProviderName | null>(null);
  const [order, setOrder] = createSignal<OrderView | null>(null);
  const [error, setError] = createSignal<unknown>(null);
  let timer: ReturnType<typeof setInterval> | undefined;
  onCleanup(() => clearInterval(timer));

  const credited = () => {
    props.onCreditsChanged();
    void refetchExpiring();
  };
  const chosen = () => provider() ?? providers()[0] ?? null;
  const follow = (refresh: boolean) => {
    const current = order();
    if (current?.status !== "created") return;
    void api.commerce
      .order(current.id, refresh)
      .then((next) => {
        setOrder(next);
        if (next.status !== "created") {
          clearInterval(timer);
          if (next.status === "credited") credited();
        }
      })
      .catch(setError);
  };
  const watch = () => {
    clearInterval(timer);
    timer = setInterval(() => follow(false), POLL_MS);
  };
  // Back from a payment page (Stripe Checkout, Alipay page pay): /credits?order=… asks the provider at once, then follows.
  const returning = new URLSearchParams(globalThis.location?.search ?? "").get("order");
  if (returning)
    void api.commerce
      .order(returning, true)
      .then((found) => {
        setOrder(found);
        if (found.status === "credited") credited();
        else watch();
      })
      .catch(setError);
  const buy = async (packageId: string) => {
    const name = chosen();
    if (!name) return;
    setError(null);
    try {
      setOrder(await api.commerce.createOrder({ package_id: packageId, provider: name }));
      watch();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section class="page">
      <h1>{t("credits.title")}</h1>
      <Show when={providers().length > 0} fallback={<p class="muted">{t("credits.noProviders")}</p>}>
        <label class="field">
          <span>{t("credits.provider")}</span>
          <select
            name="provider"
            data-testid="provider"
            value={chosen() ?? ""}
            onChange={(e) => setProvider(e.currentTarget.value as PaymentProviderName)}
          >
            <For each={providers()}>{(p) => <option value={p}>{t(`provider.${p}`)}</option>}</For>
          </select>
        </label>
      </Show>
      <Show when={packages.error}>
        <ErrorMessage error={packages.error} />
      </Show>
      <div class="card table-card">
        <table class="table" data-testid="packages-table">
          <tbody>
            <For
              each={packages()?.data ?? []}
              fallback={
                <tr>
                  <td class="muted">{t("credits.noPackages")}</td>
                </tr>
              }
            >
              {(pkg) => (
                <tr data-testid="package-row">
                  <td>{pkg.name}</td>
                  <td>
                    {pkg.credits}
                    <Show when={pkg.bonusCredits > 0}> ({t("credits.bonus", { n: pkg.bonusCredits })})</Show>
                    <Show when={pkg.validityDays}>
                      {(days) => <span class="muted"> · {t("credits.validity", { days: days() })}</span>}
                    </Show>
                  </td>
                  <td>{formatPrice(pkg.price, pkg.currency)}</td>
                  <td>
                    <button class="button" type="button" disabled={!chosen()} onClick={() => void buy(pkg.id)}>
                      {t("credits.buy")}
                    </button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <ExpiringCredits list={expiring()} />
      <ErrorMessage error={error()} />
      <Show when={order()}>
        {(o) => (
          <div class="card" data-testid="order">
            <p>
              {o().package_name} · {formatPrice(o().amount, o().currency)} · {t("credits.status")}:{" "}
              <strong data-testid="order-status" data-status={o().status}>
                {t(`credits.status.${o().status}`)}
              </strong>
            </p>
            <Show when={o().status === "created"}>
              <Show when={o().qr_code}>{(qr) => <PayQr content={qr()} />}</Show>
              <Show when={o().pay_url}>
                {(url) => (
                  <p>
                    <a class="button" href={url()} target="_blank" rel="noopener" data-testid="order-pay-url">
                      {t("credits.open")}
                    </a>
                  </p>
                )}
              </Show>
              <button class="button ghost" type="button" onClick={() => follow(true)}>
                {t("credits.check")}
              </button>
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}
