// Reading an upstream's answer body leniently: error pages are often HTML or empty, and a mapper must not throw on them.

/** The body as a JSON object; undefined for anything else (not JSON, an array, a bare value). */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
