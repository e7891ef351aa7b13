// The parse of a credits field, shared by the key-limits and member-caps forms.

/** Empty removes the limit; anything not a whole number goes to the server as typed, so its 400 names the field. */
export const creditsInput = (text: string): number | null =>
  text.trim() === "" ? null : /^\d+$/.test(text.trim()) ? Number(text) : (text as unknown as number);
