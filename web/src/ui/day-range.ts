// Date inputs (yyyy-mm-dd, the user's own days) as the ISO instants the API's `from` / `to` (exclusive) filters take.

/** The start of that day in the user's time zone, `plusDays` later; undefined for an empty input. */
export function dayStart(value: string, plusDays = 0): string | undefined {
  if (!value) return undefined;
  const [y, m, d] = value.split("-").map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + plusDays).toISOString();
}

/** `from`..`to` inclusive of both days, as the API's [from, to). */
export function dayRange(from: string, to: string): { from?: string; to?: string } {
  return { from: dayStart(from), to: dayStart(to, 1) };
}
