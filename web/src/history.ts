// The History view: the decision log (GET /v1/decisions, a viewer token: the tab's token of
// session_token.ts), newest first, filtered by party, chip, outcome, kind and recorded dates; each
// entry has its own URL (#history/SEQ, GET /v1/decisions/{seq}) that reopens it in another page
// (asking for a token there when that tab has none) as its decision record (record.ts), printable
// alone (Print record); the listed table exports as CSV.
import { announce } from "./announce";
import { api, type DecisionLogEntry, type RuleInfo } from "./api";
import { csvCell, download } from "./csv";
import { latestOnly, showLatest } from "./latest";
import { decisionRecord, loadRules } from "./record";
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
  const held = rows.filter((r) => r.outcome === "hold").length;
  announce("history", rows.length ? `${rows.length} decision${rows.length === 1 ? "" : "s"}${held ? `, ${held} on hold` : ""}` : "No decision matches");
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
  $("#history-submit").setAttribute("aria-busy", "true");  // enabled still: the newest list wins
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
    if (current()) {
      $("#history-list").removeAttribute("aria-busy");
      $("#history-submit").removeAttribute("aria-busy");
    }
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

function printButton(): HTMLElement {
  const b = el("button", { type: "button", class: "secondary", id: "history-print" }, "Print record");
  b.addEventListener("click", () => window.print());
  return b;
}

function renderDetail(d: DecisionLogEntry, rules: RuleInfo[]): HTMLElement {
  const body = d.body ?? {};
  const request = (body.request ?? {}) as Record<string, unknown>;
  return el("article", { class: "history-entry", id: "history-entry", "data-seq": String(d.seq), "data-decision-id": d.decision_id },
    el("h3", { class: "no-print" }, `Decision #${d.seq}: `, el("span", { class: `outcome ${d.outcome}`, id: "history-entry-outcome" }, d.outcome.replaceAll("_", " "))),
    el("p", { class: "muted no-print" }, "Link to this decision: ",
      el("a", { href: `#history/${d.seq}`, id: "history-permalink" }, `${location.origin}${location.pathname}#history/${d.seq}`),
      " · ", el("a", { href: "#history" }, "back to the list")),
    el("p", { class: "no-print" }, printButton()),
    decisionRecord(d, rules),
    Object.keys(request).length
      ? el("div", {}, el("h4", {}, "Request"), el("dl", { class: "metrics request" }, ...Object.entries(request).filter(([, v]) => !empty(v)).flatMap(([k, v]) => field(k, v))))
      : null,
    el("details", { class: "no-print" }, el("summary", {}, "The whole answer (JSON)"), el("pre", { class: "raw" }, JSON.stringify(body, null, 2))));
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
  const load = () => Promise.all([api.decision(seq, token()), loadRules(api.rules)]);
  await showLatest(out, errorBox, current, load, ([d, rules]) => {
    document.querySelectorAll("tr.history-row.selected").forEach((r) => r.classList.remove("selected"));
    document.querySelector(`tr.history-row[data-seq="${d.seq}"]`)?.classList.add("selected");
    announce("history", `Decision #${d.seq}: ${d.outcome.replaceAll("_", " ")}`);
    return renderDetail(d, rules);
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
    download(`exportctl-decisions-${new Date().toISOString().slice(0, 10)}.csv`, toCsv(listed));
  });
}
