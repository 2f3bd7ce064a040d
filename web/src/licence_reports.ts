// A licence over time, under its detail in the licences view: a small d3 chart of the units
// shipped under it (net of returns and cancellations, by entry date) against its quantity cap;
// the revenue share and duty owed per quarter (GET /v1/reports/revenue-share) and the volume ratio
// per quarter (GET /v1/reports/volume-ratio), each table exportable as CSV; and the form that
// cancels a shipment or records a return of part of one (POST /v1/shipments/{id}/cancel|return;
// an idempotency key per form as filled in, so a second click replays instead of recording twice).
import { axisBottom, axisLeft } from "d3-axis";
import { scaleLinear, scaleTime } from "d3-scale";
import { select } from "d3-selection";
import { ApiError, api, type Entry, type Licence, type RevenueShareRow, type VolumeRatioRow } from "./api";
import { busy } from "./busy";
import { tableBox } from "./csv";
import { clearError, el, showError, todayIso } from "./render";
import { sessionToken } from "./session_token";

// Net units of an entry: a shipment adds, a cancellation or return takes back.
const signed = (e: Entry) => (e.kind === "shipment" ? e.quantity : -Math.abs(e.quantity));  // signed or not in the ledger

// Cumulative net units by date, as steps, with the cap as a line.
export function usageChart(l: Licence, entries: Entry[]): HTMLElement {
  const byDate = [...entries].sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id);
  let used = 0;
  const points = byDate.map((e) => ({ date: new Date(`${e.date}T00:00:00Z`), used: (used += signed(e)) }));
  const box = el("figure", { class: "licence-chart", id: "licence-chart", "data-points": String(points.length), "data-used": String(used) });
  if (!points.length) {
    box.append(el("figcaption", { class: "muted" }, "Nothing shipped yet: the chart starts with the first shipment."));
    return box;
  }
  const w = 520, h = 180, m = { top: 10, right: 36, bottom: 24, left: 44 };
  // The last step is drawn with room after it (a tenth of the span, at least a week).
  const first = points[0].date, end = points[points.length - 1].date.getTime();
  const last = new Date(end + Math.max((end - first.getTime()) / 10, 7 * 86400e3));
  const x = scaleTime().domain([first, last]).range([m.left, w - m.right]);
  const y = scaleLinear().domain([0, Math.max(l.quantity_cap, ...points.map((p) => p.used)) * 1.05]).nice().range([h - m.bottom, m.top]);
  const svg = select(box).append("svg").attr("viewBox", `0 0 ${w} ${h}`).attr("role", "img")
    .attr("aria-label", `units shipped under ${l.number} over time: ${used} of ${l.quantity_cap}`);
  svg.append("g").attr("transform", `translate(0,${h - m.bottom})`).call(axisBottom(x).ticks(4).tickFormat((d) => (d as Date).toISOString().slice(0, 10)));
  svg.append("g").attr("transform", `translate(${m.left},0)`).call(axisLeft(y).ticks(4));
  svg.append("line").attr("class", "cap").attr("x1", m.left).attr("x2", w - m.right)
    .attr("y1", y(l.quantity_cap)).attr("y2", y(l.quantity_cap));
  svg.append("text").attr("class", "cap-label").attr("x", w - m.right).attr("y", y(l.quantity_cap) - 3).attr("text-anchor", "end")
    .text(`cap ${l.quantity_cap}`);
  let path = `M${x(first)},${y(0)}`;
  for (const p of points) path += `H${x(p.date)}V${y(p.used)}`;
  path += `H${x(last)}`;
  svg.append("path").attr("class", "used").attr("d", path);
  svg.selectAll("circle").data(points).join("circle").attr("cx", (p) => x(p.date)).attr("cy", (p) => y(p.used)).attr("r", 3)
    .append("title").text((p) => `${p.date.toISOString().slice(0, 10)}: ${p.used} units`);
  box.append(el("figcaption", { class: "muted" }, `Units shipped (net of returns and cancellations) against the cap of ${l.quantity_cap}.`));
  return box;
}

function revenueTable(rows: RevenueShareRow[]): HTMLElement {
  if (!rows.length) return el("p", { class: "muted" }, "No revenue share or duty owed yet.");
  const head = ["quarter", "units", "net revenue", "revenue share", "share owed", "duty", "duty owed"];
  return tableBox(el("table", { class: "trace", id: "licence-revenue" },
    el("thead", {}, el("tr", {}, ...head.map((x) => el("th", { scope: "col" }, x)))),
    el("tbody", {}, ...rows.map((r) => el("tr", { "data-quarter": r.quarter },
      el("td", {}, r.quarter), el("td", {}, String(r.quantity)), el("td", {}, `${r.currency} ${r.revenue}`),
      el("td", {}, r.revenue_share), el("td", { class: "owed", "data-csv": r.revenue_share_owed }, `${r.currency} ${r.revenue_share_owed}`),
      el("td", {}, r.duty), el("td", { "data-csv": r.duty_owed }, `${r.currency} ${r.duty_owed}`))))), "revenue-share");
}

function volumeTable(rows: VolumeRatioRow[]): HTMLElement | null {
  if (!rows.length) return null;
  const head = ["quarter", "licensed units", "reference market", "reference units", "ratio", "cap", "within the cap"];
  return tableBox(el("table", { class: "trace", id: "licence-volume" },
    el("thead", {}, el("tr", {}, ...head.map((x) => el("th", { scope: "col" }, x)))),
    el("tbody", {}, ...rows.map((r) => el("tr", {},
      el("td", {}, r.quarter), el("td", {}, String(r.licensed_quantity)), el("td", {}, r.reference_market),
      el("td", {}, String(r.reference_quantity)), el("td", {}, r.ratio), el("td", {}, r.cap),
      el("td", { class: r.compliant ? "" : "outcome prohibited" }, r.compliant ? "yes" : "no"))))), "volume-ratio");
}

// The revenue and volume reports of one licence.
export async function reports(number: string): Promise<HTMLElement> {
  const [rev, vol] = await Promise.all([api.revenueShare(number), api.volumeRatio(number)]);
  const v = volumeTable(vol.volume_ratio);
  return el("div", { id: "licence-reports" },
    el("h3", {}, "Revenue share and duty by quarter"), revenueTable(rev.revenue_share),
    v ? el("h3", {}, "Volume against the reference market") : null, v);
}

let pendingKey: { key: string; request: string } | null = null;

// Cancel or return a shipment of this licence; `onDone` reloads the licence.
export function compensateForm(entries: Entry[], onDone: () => void): HTMLElement | null {
  const shipments = entries.filter((e) => e.kind === "shipment");
  if (!shipments.length) return null;
  const which = el("select", { id: "comp-shipment", name: "shipment" },
    ...shipments.map((e) => el("option", { value: String(e.id) }, `#${e.id}: ${e.quantity} × ${e.chip} on ${e.date}`)));
  const action = el("select", { id: "comp-action", name: "action" },
    el("option", { value: "return" }, "a return of part of it"), el("option", { value: "cancel" }, "its cancellation (all still shipped)"));
  const quantity = el("input", { id: "comp-quantity", name: "quantity", size: "5", inputmode: "numeric", value: "1" });
  const date = el("input", { id: "comp-date", name: "date", type: "date", value: todayIso() });
  const reason = el("input", { id: "comp-reason", name: "reason", size: "24", placeholder: "e.g. faulty units returned" });
  const submit = el("button", { type: "submit", id: "comp-submit" }, "Record");
  const errorBox = el("div", { class: "error", role: "alert", hidden: "" });
  const quantityLabel = el("label", {}, "Units returned", quantity);
  action.addEventListener("change", () => { quantityLabel.hidden = action.value === "cancel"; });
  const form = el("form", { class: "grid", id: "comp-form" },
    el("h3", { class: "form-title" }, "Cancel a shipment or record a return"),
    el("label", {}, "Shipment", which), el("label", {}, "Record", action), quantityLabel,
    el("label", {}, "Date", date), el("label", {}, "Reason", reason), submit);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    clearError(errorBox);
    const token = sessionToken.get() || document.querySelector<HTMLInputElement>("#ship-token")?.value.trim() || "";
    if (!token) return showError(errorBox, "an officer token is needed (enter it in the shipment form's token field)");
    const req: Record<string, unknown> = { date: date.value, reason: reason.value.trim() };
    if (action.value === "return") req.quantity = Number(quantity.value.trim());
    const request = JSON.stringify([which.value, action.value, req]);
    if (pendingKey?.request !== request) pendingKey = { key: `web-${Date.now()}-${Math.random().toString(36).slice(2)}`, request };
    req.idempotency_key = pendingKey.key;
    void busy(submit, async () => {
      try {
        await api.compensate(Number(which.value), action.value as "cancel" | "return", req, token);
        onDone();
      } catch (e) {
        if (e instanceof ApiError) pendingKey = null;
        showError(errorBox, e);
      }
    });
  });
  return el("div", {}, form, errorBox);
}
