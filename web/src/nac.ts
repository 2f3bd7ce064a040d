// The NAC view (#nac): licence exception NAC (§740.8) in plain words, the notifications sent to BIS
// through SNAP-R (GET /v1/nac-notifications, newest sent first) with what each allows today — not
// before day 25 (earliest_export), usable up to its quantity, or objected by BIS (no NAC export on
// or after the objection's date: a licence is required) — a form that records a notification
// (POST /v1/nac-notifications) and, on a notification BIS has not objected to, a form that records
// BIS's objection (POST /v1/nac-notifications/{confirmation}/objection). The state shown is the one
// the API reports (data-state); Export CSV writes the notifications as the API gives them. The token is the tab's (session_token.ts).
import { ApiError, api, type NacNotification } from "./api";
import { announce, count } from "./announce";
import { busy } from "./busy";
import { csvLines, download } from "./csv";
import { clearError, el, showError, todayIso } from "./render";
import { sessionToken } from "./session_token";

const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;
const list = (v: string) => v.split(/[,\s]+/).map((x) => x.trim()).filter(Boolean);

function token(): string {
  return $<HTMLInputElement>("#nac-token").value.trim();
}

// What the notification allows on `today`, in plain words.
export function nacStatus(n: NacNotification, today: string): string {
  const left = n.quantity - n.quantity_shipped;
  if (n.state === "objected")
    return `BIS objected${n.objected_on ? ` on ${n.objected_on}` : ""}: no NAC export on or after that date — a licence is required` +
      (n.objection ? ` (“${n.objection}”)` : "");
  if (today < n.earliest_export) return `Notified: waiting for day 25 — no export under it before ${n.earliest_export}`;
  return left > 0 ? `Usable since ${n.earliest_export} (no objection recorded): ${left} of ${n.quantity} units left`
                  : `Used up: all ${n.quantity} units shipped`;
}

function objectionForm(n: NacNotification): HTMLElement {
  const on = el("input", { type: "date", class: "nac-objected-on", required: "", value: todayIso() });
  const reason = el("input", { class: "nac-objection-reason", size: "22", placeholder: "what BIS said" });
  const submit = el("button", { type: "submit", class: "secondary small nac-object" }, "Record BIS's objection");
  const errorBox = el("div", { class: "error", role: "alert", hidden: "" });
  const form = el("form", { class: "nac-objection", "aria-label": `BIS's objection to ${n.confirmation}` },
    el("span", { class: "muted" }, `If BIS objects to ${n.confirmation}:`),
    el("label", {}, "objected on ", on), el("label", {}, "reason ", reason), submit, errorBox);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    clearError(errorBox);
    if (!token()) return showError(errorBox, "an officer token is needed (the token field of the form above)");
    sessionToken.set(token());
    void busy(submit, async () => {
      try {
        const objected = await api.nacObjection(n.confirmation, on.value, reason.value.trim(), token());
        announce("nac", `${objected.confirmation}: objection recorded, a licence is required`);
        await refreshNac(false);
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) sessionToken.forget();
        showError(errorBox, e);
      }
    });
  });
  return form;
}

const kCsvColumns: (keyof NacNotification)[] = ["confirmation", "sent_on", "earliest_export", "items", "destination", "end_user",
  "consignee", "quantity", "quantity_shipped", "state", "objected_on", "objection", "recorded_at"];

// The table, a notification BIS has not objected to followed by a row with its objection form;
// Export CSV writes the API's fields (items joined by spaces).
function table(all: NacNotification[]): HTMLElement {
  if (!all.length) return el("p", { class: "muted" }, "No NAC notification recorded yet.");
  const today = todayIso();
  const head = ["confirmation", "sent on", "first export (day 25)", "items", "to", "end user", "consignee", "units shipped", "status"];
  const exportButton = el("button", { type: "button", class: "secondary small export-csv", "data-export": "nac-notifications" }, "Export CSV");
  exportButton.addEventListener("click", () => download(`exportctl-nac-${today}.csv`,
    csvLines([kCsvColumns, ...all.map((n) => kCsvColumns.map((k) => (Array.isArray(n[k]) ? (n[k] as string[]).join(" ") : n[k])))])));
  const rows = all.flatMap((n) => [
    el("tr", { class: "nac-row", "data-confirmation": n.confirmation, "data-state": n.state },
      el("td", {}, el("code", {}, n.confirmation)), el("td", {}, n.sent_on), el("td", {}, n.earliest_export),
      el("td", {}, n.items.join(", ")), el("td", {}, n.destination), el("td", {}, n.end_user), el("td", {}, n.consignee),
      el("td", {}, `${n.quantity_shipped} of ${n.quantity}`),
      el("td", { class: `nac-state ${n.state}` }, nacStatus(n, today))),
    n.state === "notified"
      ? el("tr", { class: "nac-objection-row", "data-confirmation": n.confirmation }, el("td", { colspan: String(head.length) }, objectionForm(n)))
      : null,
  ].filter((r): r is HTMLTableRowElement => r !== null));
  return el("div", { class: "table-box" }, el("div", { class: "table-tools" }, exportButton),
    el("div", { class: "scroll" }, el("table", { class: "trace", id: "nac-table" },
      el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, ...rows))));
}

// Lists the notifications again; `say` announces the count (not after an objection, which says its own).
export async function refreshNac(say = true): Promise<void> {
  const errorBox = $("#nac-error");
  const out = $("#nac-list");
  out.setAttribute("aria-busy", "true");
  try {
    const { notifications } = await api.nacNotifications(token() || sessionToken.get());
    const all = [...notifications].sort((a, b) => b.sent_on.localeCompare(a.sent_on) || b.recorded_at.localeCompare(a.recorded_at));
    const objected = all.filter((n) => n.state === "objected").length;
    const summary = `${count(all.length, "notification")}${objected ? `, ${objected} objected by BIS` : ""}`;
    $("#nac-summary").textContent = all.length ? `${summary}; newest sent first.` : "";
    out.replaceChildren(table(all));
    if (say) announce("nac", summary);
  } catch (e) {
    showError(errorBox, e);
  } finally {
    out.removeAttribute("aria-busy");
  }
}

// Called by the router on #nac.
export function showNac(): void {
  const field = $<HTMLInputElement>("#nac-token");
  if (!field.value.trim()) field.value = sessionToken.get();
  void refreshNac();
}

export function initNac(): void {
  const form = $<HTMLFormElement>("#nac-form");
  const errorBox = $("#nac-error");
  const result = $("#nac-result");
  const value = (id: string) => $<HTMLInputElement>(`#nac-${id}`).value.trim();
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    clearError(errorBox);
    result.hidden = true;
    if (!token()) return showError(errorBox, "an officer token is needed to record a notification");
    sessionToken.set(token());
    const req = {
      confirmation: value("confirmation"), sent_on: value("sent-on"), items: list(value("items")),
      destination: value("destination").toUpperCase(), end_user: value("end-user"), consignee: value("consignee"),
      quantity: Number(value("quantity")),
    };
    void busy($<HTMLButtonElement>("#nac-submit"), async () => {
      try {
        const n = await api.recordNac(req, token());
        result.replaceChildren(el("span", { id: "nac-recorded", "data-confirmation": n.confirmation },
          `Recorded notification ${n.confirmation}, sent ${n.sent_on}: the first export under it may go on ${n.earliest_export} (day 25), unless BIS objects.`));
        result.hidden = false;
        announce("nac", `${n.confirmation} recorded: first export on ${n.earliest_export}`);
        await refreshNac(false);
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) sessionToken.forget();
        showError(errorBox, e);
      }
    });
  });
}
