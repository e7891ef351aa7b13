// How the pay QR is drawn: qrcode's SVG (no canvas) as an <img> source, with options the tests render with too.
import QRCode from "qrcode";

export const PAY_QR_OPTIONS = { type: "svg", margin: 2, width: 220, errorCorrectionLevel: "M" } as const;

/** An SVG document as an <img> source: drawn as an image, never run as markup. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

export async function payQrDataUrl(content: string): Promise<string> {
  return svgDataUrl(await QRCode.toString(content, PAY_QR_OPTIONS));
}
