// What the HTTP bench scripts share besides their stack: their `--name=value` flags and the median of rounds.

/** The script's arguments after `bun <script>`. */
export const args = process.argv.slice(2);

/** `--name=N` as a number, or `fallback` when it is not given. */
export function flag(name: string, fallback: number): number {
  return Number(args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
}

/** The middle value (the upper one of an even count); rounds on a noisy machine are compared by it. */
export function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}
