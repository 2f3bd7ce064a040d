// The History view: the decision log (GET /v1/decisions, a viewer token: the tab's token of
// session_token.ts), newest first, filtered by party, chip, outcome, kind and recorded dates; each
// entry has its own URL (#history/SEQ, GET /v1/decisions/{seq}) that reopens it in another page
// (asking for a token there when that tab has none); the listed table exports as CSV.
import { api, type DecisionLogEntry } from "./api";
import { latestOnly, showLatest } from "./latest";
import { clearError, el, showError } from "./render";
import { sessionToken } from "./session_token";

const kPageSize = 1000, kMaxRows = 5000;
const kColumns: [keyof DecisionLogEntry, string][] = [
  ["seq", "#"], ["recorded_at", "Recorded (UTC)"], ["kind", "Kind"], ["outcome", "Outcome"], ["chip", "Chip"],
  ["destination", "Destination"], ["party", "Party"], ["as_of", "As of"], ["actor", "Asked by"], ["decision_id", "Decision id"],
];
const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;

let listed: DecisionLogEntry[] = [];
let listedOnce = false;
const listTicket = latestOnly();
const detailTicket = latestOnly();

function token(): string {
  return $<HTMLInputElement>("#history-token").value.trim();
}

function filters(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ["party", "chip", "outcome", "kind", "from", "to"]) {
    const v = $<HTMLInputElement>(`#history-${name}`).value.trim();
    if (v) out[name] = v;
  }
  return out;
}

// A CSV cell: quoted when needed; a leading =, +, - or @ is neutralised so that a spreadsheet does
// not run a party's name as a formula.
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? "" : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function toCsv(rows: DecisionLogEntry[]): string {
  const lines = [kColumns.map(([k]) => k).join(",")];
  for (const r of rows) lines.push(kColumns.map(([k]) => csvCell(r[k])).join(","));
  return lines.join("\r\n") + "\r\n";
}

function renderTable(rows: DecisionLogEntry[], truncated: boolean): void {
  const out = $("#history-list");
  $("#history-summary").textContent = rows.length
    ? `${rows.length} decision${rows.length === 1 ? "" : "s"}, newest first${truncated ? ` (the newest ${kMaxRows} shown: narrow the filters)` : ""}`
    : "No decision matches these filters.";
  $<HTMLButtonElement>("#history-export").disabled = rows.length === 0;
  out.replaceChildren(rows.length ? el("div", { class: "scroll" }, el("table", { class: "trace history-table" },
    el("thead", {}, el("tr", {}, ...kColumns.map(([, h]) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...rows.map((r) => el("tr", { class: `history-row outcome-${r.outcome}`, "data-seq": String(r.seq), "data-decision-id": r.decision_id },
      ...kColumns.map(([k]) => k === "seq"
        ? el("td", {}, el("a", { href: `#history/${r.seq}`, class: "history-link" }, String(r.seq)))
        : el("td", { class: k === "outcome" ? `outcome ${r.outcome}` : k }, String(r[k] ?? "")))))))) : "");
}

async function list(): Promise<void> {
  const errorBox = $("#history-error");
  const current = listTicket();
  if (!token()) {
    $("#history-summary").textContent = "A viewer token is needed to read the decision log.";
    return;
  }
  clearError(errorBox);
  $("#history-list").setAttribute("aria-busy", "true");
  try {
    const rows: DecisionLogEntry[] = [];
    let after: number | null = null, truncated = false;
    do {
      const params: Record<string, string> = { ...filters(), limit: String(kPageSize) };
      if (after !== null) params.after = String(after);
      const page = await api.decisions(params, token());
      rows.push(...page.decisions);
      after = page.next_after;
      // Oldest first from the server: beyond the cap, only the newest are kept.
      if (rows.length > kMaxRows) { rows.splice(0, rows.length - kMaxRows); truncated = true; }
    } while (after !== null);
    if (!current()) return;
    listed = rows.reverse();
    listedOnce = true;
    renderTable(listed, truncated);
  } catch (e) {
    if (!current()) return;
    if ((e as { status?: number }).status === 401) sessionToken.forget();
    showError(errorBox, e);
  } finally {
    if (current()) $("#history-list").removeAttribute("aria-busy");
  }
}

function empty(v: unknown): boolean {
  return v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
}

function field(name: string, value: unknown): HTMLElement[] {
  const text = empty(value) ? "—"
    : Array.isArray(value) ? value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ")
    : typeof value === "object" ? JSON.stringify(value) : String(value);
  return [el("dt", {}, name), el("dd", { "data-field": name }, text)];
}

function renderDetail(d: DecisionLogEntry): HTMLElement {
  const body = d.body ?? {};
  const request = (body.request ?? {}) as Record<string, unknown>;
  return el("article", { class: "history-entry", id: "history-entry", "data-seq": String(d.seq), "data-decision-id": d.decision_id },
    el("h3", {}, `Decision #${d.seq}: `, el("span", { class: `outcome ${d.outcome}`, id: "history-entry-outcome" }, d.outcome.replaceAll("_", " "))),
    el("p", { class: "muted" }, "Link to this decision: ",
      el("a", { href: `#history/${d.seq}`, id: "history-permalink" }, `${location.origin}${location.pathname}#history/${d.seq}`),
      " · ", el("a", { href: "#history" }, "back to the list")),
    el("dl", { class: "metrics" },
      ...field("decision id", d.decision_id), ...field("kind", d.kind), ...field("recorded (UTC)", d.recorded_at),
      ...field("asked by", `${d.actor} (${d.channel})`), ...field("as of", d.as_of), ...field("chip", d.chip),
      ...field("destination", d.destination), ...field("party", d.party),
      ...("eccn" in body ? field("ECCN", body.eccn) : []),
      ...("review_policy" in body ? field("review policy", body.review_policy) : []),
      ...("rule_ids" in body ? field("deciding rules", body.rule_ids) : []),
      ...field("rule set", d.ruleset), ...field("lists", d.lists.map((l) => `${l.id ?? ""} ${l.version ?? ""}`.trim())),
      ...field("hash", d.hash), ...field("previous hash", d.prev_hash)),
    Object.keys(request).length
      ? el("div", {}, el("h4", {}, "Request"), el("dl", { class: "metrics request" }, ...Object.entries(request).filter(([, v]) => !empty(v)).flatMap(([k, v]) => field(k, v))))
      : null,
    el("details", {}, el("summary", {}, "The whole answer (JSON)"), el("pre", { class: "raw" }, JSON.stringify(body, null, 2))));
}

async function detail(seq: string): Promise<void> {
  const out = $("#history-detail");
  const errorBox = $("#history-detail-error");
  const current = detailTicket();
  clearError(errorBox);
  if (!token()) {
    out.replaceChildren(el("p", { class: "note", id: "history-needs-token" },
      `Enter a viewer token above and press List to open decision #${seq}.`));
    $<HTMLInputElement>("#history-token").focus();
    return;
  }
  await showLatest(out, errorBox, current, () => api.decision(seq, token()), (d) => {
    document.querySelectorAll("tr.history-row.selected").forEach((r) => r.classList.remove("selected"));
    document.querySelector(`tr.history-row[data-seq="${d.seq}"]`)?.classList.add("selected");
    return renderDetail(d);
  });
}

function currentSeq(): string | null {
  const m = /^#history\/(\d+)$/.exec(location.hash);
  return m ? m[1] : null;
}

// Called by the router on #history and #history/SEQ.
export async function showHistory(): Promise<void> {
  const tokenField = $<HTMLInputElement>("#history-token");
  if (!tokenField.value.trim()) tokenField.value = sessionToken.get();
  const seq = currentSeq();
  if (seq) void detail(seq);
  else $("#history-detail").replaceChildren();
  // The list is fetched again on #history (new decisions), kept while entries are opened.
  if (!seq || !listedOnce) await list();
}

export function initHistory(): void {
  $<HTMLFormElement>("#history-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (token()) sessionToken.set(token());
    void list();
    const seq = currentSeq();
    if (seq) void detail(seq);
  });
  $<HTMLButtonElement>("#history-export").addEventListener("click", () => {
    const blob = new Blob([toCsv(listed)], { type: "text/csv;charset=utf-8" });
    const a = el("a", { href: URL.createObjectURL(blob), download: `exportctl-decisions-${new Date().toISOString().slice(0, 10)}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });
}
