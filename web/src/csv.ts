// The insights download: `pal attribute`'s CSV (same columns, values, order and quoting).

import type { AttributionRow } from "./api";
import { compareCodePoints } from "./money";

export const ATTRIBUTION_COLUMNS = [
  "month",
  "partner_id",
  "partner_name",
  "tenant_id",
  "subscription_id",
  "association",
  "cost",
  "currency",
] as const;

/** Quotes a field only when it holds a comma, a quote or a line break (RFC 4180). */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The CSV text: header, then one LF-terminated line per row, sorted by every column in order. */
export function attributionCsv(partnerId: string, partnerName: string, rows: AttributionRow[]): string {
  const lines = rows
    .map((r) => [r.month, r.partnerId || partnerId, partnerName, r.tenantId, r.subscriptionId, r.association, r.cost ?? "", r.currency])
    .sort((a, b) => {
      for (let i = 0; i < a.length; i += 1) {
        const d = compareCodePoints(a[i]!, b[i]!);
        if (d !== 0) return d;
      }
      return 0;
    });
  return [ATTRIBUTION_COLUMNS.join(","), ...lines.map((line) => line.map(csvField).join(","))]
    .map((line) => `${line}\n`)
    .join("");
}

/** Offers text as a file download, built in the browser. */
export function download(filename: string, text: string, type = "text/csv"): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
