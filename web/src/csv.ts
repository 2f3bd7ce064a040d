// CSV out of the desk: a cell quoted when needed (and a leading =, +, -, @ neutralised so that a
// spreadsheet never runs a party's name as a formula), a file offered for download, and any table
// of the page as CSV (its header row and the rows on show) behind an "Export CSV" button.
import { el } from "./render";

export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? "" : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvLines(rows: unknown[][]): string {
  return rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

// Offers `text` as a file named `name` (the browser's download).
export function download(name: string, text: string, type = "text/csv;charset=utf-8"): void {
  const a = el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

// The table as CSV: the last header row, then every body row not hidden (a filtered table exports
// what is on show); a cell's data-csv, when set, is its value (e.g. a number without its unit).
export function tableCsv(table: HTMLTableElement): string {
  const text = (c: Element) => c.getAttribute("data-csv") ?? (c.textContent ?? "").trim();
  const head = table.tHead?.rows[table.tHead.rows.length - 1];
  const rows: string[][] = head ? [[...head.cells].map(text)] : [];
  for (const body of table.tBodies) {
    if (body.hidden) continue;
    for (const r of body.rows) if (!r.hidden) rows.push([...r.cells].map(text));
  }
  return csvLines(rows);
}

// A wide table in its own scrolling box (the page itself never scrolls sideways), with an "Export
// CSV" button that downloads it as NAME-YYYY-MM-DD.csv.
export function tableBox(table: HTMLTableElement, name: string): HTMLElement {
  const button = el("button", { type: "button", class: "secondary small export-csv", "data-export": name }, "Export CSV");
  button.addEventListener("click", () => download(`${name}-${new Date().toISOString().slice(0, 10)}.csv`, tableCsv(table)));
  return el("div", { class: "table-box" }, el("div", { class: "table-tools" }, button), el("div", { class: "scroll" }, table));
}
