// The QR code a buyer scans (WeChat Native code_url, Alipay's QR), drawn as SVG by `qrcode` (no canvas), with the
// link itself kept beside it for copying.
import { createResource, Show } from "solid-js";
import { t } from "../../i18n/i18n";
import { PAY_QR_OPTIONS, payQrDataUrl } from "./qr-image";

export function PayQr(props: { content: string }) {
  const [src] = createResource(() => props.content, payQrDataUrl);
  return (
    <div class="pay-qr" data-testid="order-qr">
      <p>{t("credits.scan")}</p>
      <Show when={src()}>
        {(url) => (
          <img
            data-testid="order-qr-image"
            src={url()}
            alt={t("credits.qrAlt")}
            width={PAY_QR_OPTIONS.width}
            height={PAY_QR_OPTIONS.width}
          />
        )}
      </Show>
      <label class="field">
        <span>{t("credits.payLink")}</span>
        <input data-testid="order-qr-text" readonly value={props.content} onFocus={(e) => e.currentTarget.select()} />
      </label>
    </div>
  );
}
