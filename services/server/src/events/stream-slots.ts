// Open task-event streams per tenant on this instance: each holds a connection, a bus subscription and a timer
// until its task ends, so without a cap one tenant could open thousands (RPM only limits how fast) and exhaust them.
export type StreamSlots = {
  /** A release function (safe to call more than once), or null when the tenant already holds `max` streams. */
  acquire(tenantId: string): (() => void) | null;
  open(tenantId: string): number;
};

/** `max` 0 turns the cap off. */
export function createStreamSlots(max: number): StreamSlots {
  const open = new Map<string, number>();
  return {
    acquire(tenantId) {
      const current = open.get(tenantId) ?? 0;
      if (max > 0 && current >= max) return null;
      open.set(tenantId, current + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (open.get(tenantId) ?? 1) - 1;
        if (left > 0) open.set(tenantId, left);
        else open.delete(tenantId);
      };
    },
    open: (tenantId) => open.get(tenantId) ?? 0,
  };
}
