export type ExportRow = Record<string, unknown>;

/**
 * One page of a Template's export, as far as the Dashboard relies on it.
 * The seed's API is `{data, count}` with limit/offset; our Template adds
 * `has_more` and `next_cursor`. `nextCursor` is present only when the answer
 * shows cursor paging (both fields with the right types): that, and nothing
 * the Dashboard assumes, is how it learns the Template supports it.
 */
export interface ReceivedPage {
  rows: ExportRow[];
  /** The Template pages by cursor: the cursor after this page, null on the last. Absent: seed-style paging by offset. */
  nextCursor?: string | null;
}

const isRow = (value: unknown): value is ExportRow => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The page in a Template's answer, or why the answer is not one. Fields other than `data` are optional: `count` is the seed's, the rest ours. */
export function readPage(body: unknown): ReceivedPage | string {
  if (!isRow(body)) return 'not a JSON object';
  const data = body.data;
  if (!Array.isArray(data)) return 'data: is not an array';
  const bad = data.findIndex((row) => !isRow(row));
  if (bad >= 0) return `data.${bad}: is not an object`;
  const cursor = body.next_cursor;
  const pagesByCursor = typeof body.has_more === 'boolean' && (typeof cursor === 'string' || cursor === null);
  return pagesByCursor ? { rows: data, nextCursor: cursor } : { rows: data };
}

/**
 * Offset paging against a Template we know nothing about: when is a table
 * read completely? An empty page ends it. So does a page shorter than the
 * limit asked, but only once the Template has shown a longer page: a server
 * may cap its pages below the limit (the first page cannot tell a cap from
 * the end, so one more request settles it).
 */
export function offsetPagingDone(rowsInPage: number, limitAsked: number, longestPageSoFar: number): boolean {
  if (rowsInPage === 0) return true;
  return rowsInPage < limitAsked && rowsInPage < longestPageSoFar;
}
