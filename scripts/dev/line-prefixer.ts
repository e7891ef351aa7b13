// Splits a child's output stream into lines and tags each with the service name, so interleaved logs stay readable.
export function createLinePrefixer(prefix: string): { push(chunk: string): string[]; flush(): string[] } {
  let pending = "";
  return {
    push(chunk) {
      pending += chunk;
      const parts = pending.split(/\r?\n/);
      pending = parts.pop() ?? "";
      return parts.map((line) => `${prefix} ${line}`);
    },
    flush() {
      const rest = pending;
      pending = "";
      return rest === "" ? [] : [`${prefix} ${rest}`];
    },
  };
}
