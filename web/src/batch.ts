// The batch view: an order book (CSV or JSONL, read as `exportctl check --batch` reads it:
// batch_book.ts) decided row by row. The rows go to POST /v1/check/batch in chunks, in order, with
// a progress bar after each; a row the page cannot read, or the server refuses, is a bad row shown
// with its line and the message. The results table filters by outcome (or bad rows) and by text,
// and the rows matching the filter download as CSV in the CLI's own columns (`check --batch
// --format csv`). Stop ends the run after the chunk that is out; what was decided stays.
import { announce } from "./announce";
import { ApiError, api, type BatchResult, type Decision } from "./api";
import { parseBook, type BookRow } from "./batch_book";
import { csvLines, download } from "./csv";
import { clearError, el, showError } from "./render";
import { sessionToken } from "./session_token";

export const kChunk = 50;        // rows per request: the progress bar moves every chunk
const kShownRows = 2000;         // rows drawn at most (the download has them all)
const kOutcomes = ["no_license_required", "license_exception", "license_required", "prohibited", "hold"];

interface Row { line: number; id: string; request?: Record<string, unknown>; decision?: Decision; error?: string }

let rows: Row[] = [];
let stopping = false;
const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;

function errorText(e: { message: string; field?: string; code?: string }): string {
  return e.field && !e.message.includes(e.field) ? `${e.message} (field: ${e.field})` : e.message;
}

// The CLI's batch CSV: line,id,decision_id,outcome,eccn,review_policy,license_exceptions,rule_ids,
// import_restrictions,warnings,holds,error.
function resultsCsv(list: Row[]): string {
  const header = ["line", "id", "decision_id", "outcome", "eccn", "review_policy", "license_exceptions", "rule_ids",
                  "import_restrictions", "warnings", "holds", "error"];
  return csvLines([header, ...list.map((r) => {
    const d = r.decision;
    if (!d) return [r.line, r.id, "", "", "", "", "", "", "", "", "", r.error ?? "not decided"];
    return [r.line, r.id, d.decision_id, d.outcome, d.eccn, d.review_policy ?? "",
            d.license_exceptions.map((x) => x.exception).join(";"), d.rule_ids.join(";"),
            d.import_restrictions.map((x) => x.rule_id ?? "").join(";"), d.warnings.map((w) => w.text).join(" | "),
            d.holds.map((h) => h.text).join(" | "), ""];
  })]);
}

function wanted(): (r: Row) => boolean {
  const outcome = $<HTMLSelectElement>("#batch-outcome").value;
  const text = $<HTMLInputElement>("#batch-text").value.trim().toLowerCase();
  return (r) => {
    if (outcome === "error" ? !r.error : outcome ? r.decision?.outcome !== outcome : false) return false;
    if (!text) return true;
    const d = r.decision;
    return [r.id, r.error, d?.chip.id, d?.chip.name, d?.destination, d?.request?.end_user, d?.decision_id, ...(d?.rule_ids ?? [])]
      .some((v) => typeof v === "string" && v.toLowerCase().includes(text));
  };
}

function rowEl(r: Row): HTMLTableRowElement {
  const d = r.decision;
  if (!d)
    return el("tr", { class: "batch-row bad", "data-line": String(r.line), "data-outcome": "error" },
      el("td", {}, String(r.line)), el("td", {}, r.id), el("td", { class: "outcome error" }, "bad row"),
      el("td", { colspan: "6", class: "batch-message" }, r.error ?? "not decided"));
  return el("tr", { class: "batch-row", "data-line": String(r.line), "data-outcome": d.outcome, "data-decision-id": d.decision_id },
    el("td", {}, String(r.line)), el("td", {}, r.id),
    el("td", { class: `outcome ${d.outcome}` }, d.outcome.replaceAll("_", " ")),
    el("td", {}, `${d.quantity} × ${d.chip.id} to ${d.destination}`),
    el("td", { class: "party" }, String(d.request?.end_user ?? "")),
    el("td", {}, d.eccn), el("td", {}, (d.review_policy ?? "").replaceAll("_", " ")),
    el("td", { class: "rules" }, d.rule_ids.join(" ")),
    el("td", { class: "batch-message" }, d.holds.map((h) => h.text).join(" | ")));
}

function renderResults(): void {
  const keep = wanted();
  const shown = rows.filter(keep);
  const drawn = shown.slice(0, kShownRows);
  $("#batch-shown").textContent = `${shown.length} of ${rows.length} rows shown` +
    (shown.length > drawn.length ? ` (the first ${kShownRows} drawn; the download has all ${shown.length})` : "");
  $<HTMLButtonElement>("#batch-download").disabled = shown.length === 0;
  const head = ["line", "id", "outcome", "shipment", "end user", "ECCN", "review policy", "deciding rules", "holds / message"];
  $("#batch-result").replaceChildren(drawn.length
    ? el("div", { class: "scroll" }, el("table", { class: "trace batch-table", id: "batch-table" },
        el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, ...drawn.map(rowEl))))
    : el("p", { class: "muted" }, rows.length ? "No row matches this filter." : ""));
}

function summarise(done: number, total: number, finished: boolean): void {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const k = r.decision?.outcome ?? (r.error ? "error" : "");
    if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const select = $<HTMLSelectElement>("#batch-outcome");
  const was = select.value;
  select.replaceChildren(el("option", { value: "" }, `every row (${rows.length})`),
    el("option", { value: "error" }, `bad rows (${counts.get("error") ?? 0})`),
    ...kOutcomes.map((o) => el("option", { value: o }, `${o.replaceAll("_", " ")} (${counts.get(o) ?? 0})`)));
  select.value = was;
  const bad = counts.get("error") ?? 0;
  const parts = kOutcomes.filter((o) => counts.get(o)).map((o) => `${counts.get(o)} ${o.replaceAll("_", " ")}`);
  const text = `${finished ? "Done" : stopping ? "Stopped" : "Deciding"}: ${done} of ${total} rows` +
    (parts.length ? ` — ${parts.join(", ")}` : "") + (bad ? `; ${bad} bad row${bad === 1 ? "" : "s"}` : "") + ".";
  $("#batch-summary").textContent = text;
  if (finished || stopping) announce("batch", text);  // not every chunk: the end, or where it stopped
}

function progress(done: number, total: number): void {
  const bar = $<HTMLProgressElement>("#batch-progress");
  bar.max = Math.max(total, 1);
  bar.value = done;
  bar.setAttribute("aria-valuenow", String(done));
  bar.setAttribute("aria-valuemax", String(total));
  bar.setAttribute("data-done", String(done));
  $("#batch-progress-text").textContent = `${done} of ${total} rows decided`;
}

async function runBook(file: File, asOf: string): Promise<void> {
  const book = parseBook(file.name, await file.text());
  rows = book.rows.map((r: BookRow) => ({ ...r }));
  const total = rows.length;
  if (!total) throw new Error("the order book has no rows");
  $("#batch-progress-box").hidden = false;
  $("#batch-tools").hidden = false;
  progress(0, total);
  const token = sessionToken.get();
  let done = 0;
  // Rows the page could not read are settled already; the others go in order, a chunk at a time.
  const pending = rows.filter((r) => r.request);
  done = total - pending.length;
  progress(done, total);
  summarise(done, total, false);
  renderResults();
  for (let i = 0; i < pending.length && !stopping; i += kChunk) {
    const chunk = pending.slice(i, i + kChunk);
    const requests = chunk.map((r) => (asOf && !("as_of" in r.request!) ? { ...r.request, as_of: asOf } : r.request));
    const answer = await api.checkBatch(requests, token);
    answer.results.forEach((res: BatchResult) => {
      const row = chunk[res.index];
      if (res.decision) row.decision = res.decision;
      else row.error = res.error ? errorText(res.error) : "no answer for this row";
    });
    done += chunk.length;
    progress(done, total);
    summarise(done, total, done === total);
    renderResults();
  }
}

export function initBatch(): void {
  const form = $<HTMLFormElement>("#batch-form");
  const errorBox = $("#batch-error");
  const submit = $<HTMLButtonElement>("#batch-submit");
  const stop = $<HTMLButtonElement>("#batch-stop");
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (submit.disabled) return;
    clearError(errorBox);
    const file = $<HTMLInputElement>("#batch-file").files?.[0];
    if (!file) return showError(errorBox, "choose an order book first (a CSV file with a header row, or JSONL)");
    stopping = false;
    submit.disabled = true;
    submit.setAttribute("aria-busy", "true");
    $("#batch-result").setAttribute("aria-busy", "true");
    stop.hidden = false;
    try {
      await runBook(file, $<HTMLInputElement>("#batch-as-of").value);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) sessionToken.forget();
      showError(errorBox, e instanceof ApiError ? e : e instanceof Error ? e.message : String(e));
    } finally {
      submit.disabled = false;
      submit.removeAttribute("aria-busy");
      $("#batch-result").removeAttribute("aria-busy");
      stop.hidden = true;
      if (stopping && rows.length) summarise(rows.filter((r) => r.decision || r.error).length, rows.length, false);
    }
  });
  stop.addEventListener("click", () => { stopping = true; });
  $("#batch-outcome").addEventListener("change", renderResults);
  $("#batch-text").addEventListener("input", renderResults);
  $("#batch-download").addEventListener("click", () =>
    download(`exportctl-batch-${new Date().toISOString().slice(0, 10)}.csv`, resultsCsv(rows.filter(wanted()))));
}
