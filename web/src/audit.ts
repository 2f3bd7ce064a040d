// The audit log under the licences view: Verify the audit chain (GET /v1/audit/verify, open to any
// reader) and the log itself (GET /v1/audit, an admin token: every entry, oldest first, no filters
// on the server), shown newest first a page at a time (Show more), narrowed here by kind, actor
// and text (subject or payload); Export CSV writes every entry the filters keep, whole payloads
// and hashes included. The admin token typed here becomes the tab's token (session_token.ts), as
// every other token field does.
import { ApiError, api, type AuditEntry } from "./api";
import { announce, count } from "./announce";
import { busy } from "./busy";
import { csvLines, download } from "./csv";
import { clearError, el, showError } from "./render";
import { sessionToken } from "./session_token";

const kPage = 50;
const kColumns: (keyof AuditEntry)[] = ["seq", "recorded_at", "kind", "subject", "actor", "payload", "prev_hash", "hash"];
const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;

let entries: AuditEntry[] = [];  // newest first
let shown = kPage;

function token(): string {
  return $<HTMLInputElement>("#audit-token").value.trim();
}

function matching(): AuditEntry[] {
  const kind = $<HTMLSelectElement>("#audit-kind").value;
  const actor = $<HTMLInputElement>("#audit-actor").value.trim().toLowerCase();
  const text = $<HTMLInputElement>("#audit-text").value.trim().toLowerCase();
  return entries.filter((e) => (!kind || e.kind === kind) && (!actor || e.actor.toLowerCase().includes(actor)) &&
    (!text || e.subject.toLowerCase().includes(text) || e.payload.toLowerCase().includes(text)));
}

// The payload's fields as "key: value" (long values cut), the whole JSON in the cell's title.
function payloadText(payload: string): string {
  let text = payload;
  try {
    const o = JSON.parse(payload) as Record<string, unknown>;
    text = Object.entries(o).filter(([k]) => k !== "recorded_at")
      .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`).join(" · ");
  } catch { /* not JSON: as it is */ }
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

function render(): void {
  const rows = matching();
  const drawn = rows.slice(0, shown);
  $("#audit-summary").textContent = entries.length
    ? `${count(rows.length, "entry", "entries")} of ${entries.length}, newest first` +
      (drawn.length < rows.length ? `; the newest ${drawn.length} shown` : "") + "."
    : "The audit log is empty.";
  const kindSelect = $<HTMLSelectElement>("#audit-kind");
  const kinds = [...new Set(entries.map((e) => e.kind))].sort();
  const was = kindSelect.value;
  kindSelect.replaceChildren(el("option", { value: "" }, "any"), ...kinds.map((k) => el("option", { value: k }, k)));
  kindSelect.value = kinds.includes(was) ? was : "";
  if (!rows.length) {
    $("#audit-list").replaceChildren(entries.length ? el("p", { class: "muted" }, "No entry matches these filters.") : "");
    return;
  }
  const exportButton = el("button", { type: "button", class: "secondary small export-csv", "data-export": "audit-log" },
    `Export CSV (${count(rows.length, "entry", "entries")})`);
  exportButton.addEventListener("click", () => download(`exportctl-audit-${new Date().toISOString().slice(0, 10)}.csv`,
    csvLines([kColumns, ...rows.map((e) => kColumns.map((k) => e[k]))])));
  const more = el("button", { type: "button", class: "secondary", id: "audit-more" }, `Show ${Math.min(kPage, rows.length - drawn.length)} more`);
  more.addEventListener("click", () => { shown += kPage; render(); });
  const head = ["#", "recorded (UTC)", "kind", "subject", "by", "what"];
  $("#audit-list").replaceChildren(el("div", { class: "table-box" },
    el("div", { class: "table-tools" }, exportButton),
    el("div", { class: "scroll" }, el("table", { class: "trace", id: "audit-table" },
      el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, ...drawn.map((e) => el("tr", { class: "audit-row", "data-seq": String(e.seq), "data-kind": e.kind, "data-subject": e.subject },
        el("td", {}, String(e.seq)), el("td", {}, e.recorded_at), el("td", {}, e.kind),
        el("td", { class: "audit-subject" }, e.subject.length > 24 ? `${e.subject.slice(0, 20)}…` : e.subject),
        el("td", { class: "audit-actor" }, e.actor || "—"),
        el("td", { class: "audit-payload", title: e.payload }, payloadText(e.payload)))))))),
    ...(drawn.length < rows.length ? [more] : []));
}

async function load(): Promise<void> {
  const errorBox = $("#audit-error");
  clearError(errorBox);
  if (!token()) return showError(errorBox, "reading the audit log needs an admin token");
  sessionToken.set(token());
  await busy($<HTMLButtonElement>("#audit-submit"), async () => {
    $("#audit-list").setAttribute("aria-busy", "true");
    try {
      entries = (await api.audit(token())).entries.sort((a, b) => b.seq - a.seq);
      shown = kPage;
      render();
      announce("licences", `${count(matching().length, "audit entry", "audit entries")} listed`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) sessionToken.forget();
      showError(errorBox, e);
    } finally {
      $("#audit-list").removeAttribute("aria-busy");
    }
  });
}

// Called by the router on #licences: the token field takes the tab's token.
export function showAudit(): void {
  const field = $<HTMLInputElement>("#audit-token");
  if (!field.value.trim()) field.value = sessionToken.get();
}

export function initAudit(): void {
  $<HTMLFormElement>("#audit-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    void load();
  });
  const refilter = () => { shown = kPage; if (entries.length) render(); };
  $("#audit-kind").addEventListener("change", refilter);
  $("#audit-actor").addEventListener("input", refilter);
  $("#audit-text").addEventListener("input", refilter);
  const verify = $<HTMLButtonElement>("#audit-verify");
  const out = $("#audit-result");
  verify.addEventListener("click", () => void busy(verify, async () => {
    out.textContent = "";
    try {
      const r = await api.auditVerify(token() || sessionToken.get());
      const text = r.ok
        ? `The audit chain is intact: ${r.entries} entries${r.decision_log_entries !== undefined ? `, decision log ${r.decision_log_entries} entries` : ""}, head ${r.head_hash.slice(0, 16)}…`
        : `The audit chain is broken: ${r.problems.join("; ")}`;
      out.replaceChildren(el("span", { id: "audit-report", "data-ok": String(r.ok), class: r.ok ? "" : "error" }, text));
      announce("licences", r.ok ? `The audit chain is intact (${r.entries} entries)` : `The audit chain is broken: ${count(r.problems.length, "problem")}`);
    } catch (e) {
      out.textContent = e instanceof ApiError ? `${e.body.code}: ${e.body.message}` : String(e);
      announce("licences", out.textContent);
    }
  }));
}
