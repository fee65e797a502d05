/** A Markdown table, so what a suite or benchmark prints can be pasted into docs/ as is. */
export function markdownTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>, alignRight: readonly number[] = []): string {
  const separator = headers.map((_, i) => (alignRight.includes(i) ? '---:' : '---'));
  return [headers, separator, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
