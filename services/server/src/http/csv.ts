// CSV downloads streamed page by page: nothing is buffered whole, so an export has no size cap.
export type Cell = string | number | null;

/**
 * Numbers go out as they are; text is quoted when it must be, and text a spreadsheet would run as a formula
 * (= + - @ at the start, e.g. an operator's note) is prefixed with ' so opening the file runs nothing.
 */
export function csvCell(value: Cell): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvLine = (cells: Cell[]) => `${cells.map(csvCell).join(",")}\r\n`;

/** One page of rows and where the next page starts (null: this was the last one). */
export type CsvPage<C> = { rows: Cell[][]; next: C | null };

/**
 * A streamed text/csv download (UTF-8 with a BOM, so spreadsheet apps read Chinese notes right). Each pull reads one
 * page through `read`, keyed by the cursor the page before returned, so the database is read only as the client reads.
 */
export function csvResponse<C>(
  filename: string,
  header: string[],
  read: (cursor: C | null) => Promise<CsvPage<C>>,
): Response {
  const encoder = new TextEncoder();
  let cursor: C | null = null;
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(header)}`));
        return;
      }
      const page = await read(cursor);
      if (page.rows.length > 0) controller.enqueue(encoder.encode(page.rows.map(csvLine).join("")));
      if (page.next === null) controller.close();
      else cursor = page.next;
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
}

/** Reads a streamed CSV back into rows (tests and the web app's preview); handles quotes, strips the BOM. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n") {
      row.push(cell.replace(/\r$/, ""));
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}
