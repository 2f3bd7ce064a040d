// An order book as `exportctl check --batch` reads it, parsed in the page: CSV with a header row of
// request fields (chip, quantity, destination, end_user …; id or order_id names the row), or JSONL
// (one request object per line; also .ndjson/.json). Each row keeps the line it starts on (the
// header is line 1), and a row that cannot be read becomes a bad row with that line and the reason
// (the CLI's words: "N fields, but the header has M"); blank lines are skipped. The server checks
// the fields themselves (an unknown column is its error, per row).

export interface BookRow { line: number; id: string; request?: Record<string, unknown>; error?: string }
export interface Book { format: "csv" | "jsonl"; rows: BookRow[] }

// Records of a CSV text: fields with the line each record starts on; quotes may span lines.
function csvRecords(text: string): { line: number; fields: string[]; error?: string }[] {
  const out: { line: number; fields: string[]; error?: string }[] = [];
  let fields: string[] = [], field = "", quoted = false, line = 1, start = 1, touched = false;
  const end = () => {
    fields.push(field);
    if (touched || fields.length > 1 || field !== "") out.push({ line: start, fields });
    fields = [];
    field = "";
    touched = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else { if (c === "\n") line++; field += c; }
      continue;
    }
    if (c === '"') { quoted = true; touched = true; }
    else if (c === ",") { fields.push(field); field = ""; touched = true; }
    else if (c === "\n") { end(); line++; start = line; }
    else if (c === "\r" && text[i + 1] === "\n") continue;
    else field += c;
  }
  if (quoted) out.push({ line: start, fields: [], error: "a quoted field is not closed" });
  else if (field !== "" || fields.length) end();
  return out;
}

function rowId(r: Record<string, unknown>): string {
  const id = r.id ?? r.order_id;
  return id === undefined || id === null ? "" : String(id);
}

export function parseCsv(text: string): Book {
  const records = csvRecords(text.replace(/^\uFEFF/, ""));
  const head = records.shift();
  if (!head || head.error) throw new Error("the order book has no header row (chip,quantity,destination,…)");
  const header = head.fields.map((h) => h.replace(/[ \r]+$/, ""));
  const rows = records.map((r): BookRow => {
    if (r.error) return { line: r.line, id: "", error: r.error };
    if (r.fields.length !== header.length)
      return { line: r.line, id: "", error: `${r.fields.length} fields, but the header has ${header.length}` };
    const request: Record<string, unknown> = {};
    header.forEach((h, k) => { if (r.fields[k] !== "") request[h] = r.fields[k]; });
    return { line: r.line, id: rowId(request), request };
  });
  return { format: "csv", rows };
}

export function parseJsonl(text: string): Book {
  const rows: BookRow[] = [];
  text.split("\n").forEach((raw, i) => {
    const record = raw.trim();
    if (!record) return;
    try {
      const v = JSON.parse(record) as unknown;
      if (typeof v !== "object" || v === null || Array.isArray(v)) rows.push({ line: i + 1, id: "", error: "a row is a JSON object" });
      else rows.push({ line: i + 1, id: rowId(v as Record<string, unknown>), request: v as Record<string, unknown> });
    } catch (e) {
      rows.push({ line: i + 1, id: "", error: `not JSON: ${e instanceof Error ? e.message : String(e)}` });
    }
  });
  return { format: "jsonl", rows };
}

// By the file's name, as the CLI decides: .jsonl, .ndjson and .json are JSONL, anything else CSV.
export function parseBook(name: string, text: string): Book {
  return /\.(jsonl|ndjson|json)$/i.test(name) ? parseJsonl(text) : parseCsv(text);
}
