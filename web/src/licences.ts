// The licences view: every licence with what remains of its caps and the revenue share owed
// (GET /v1/licences). Selecting one shows its balance, its versions (GET /v1/licences/{number})
// and its shipments (GET /v1/shipments?licence=), and opens the shipment form (ship_form.ts), which
// stays hidden while no licence is selected. Under the detail: Amend (licence_form.ts, also
// Propose a licence), the chart of units shipped against the cap, the revenue-share and volume
// reports, and the cancel/return form (licence_reports.ts). Every table exports as CSV; Verify
// the audit chain asks GET /v1/audit/verify.
import { api, type Entry, type LicenceDetail, type LicenceSummary } from "./api";
import { announce, count } from "./announce";
import { initAudit } from "./audit";
import { tableBox } from "./csv";
import { initLicenceForm } from "./licence_form";
import { compensateForm, reports, usageChart } from "./licence_reports";
import { clearError, el, showError } from "./render";
import { hideShipForm, initShipForm, showShipForm } from "./ship_form";

let licenceForm: ReturnType<typeof initLicenceForm> | null = null;

let selected: string | null = null;

const money = (amount: string, currency: string) => `${currency} ${Number(amount).toLocaleString("en-US", { minimumFractionDigits: 2 })}`;
const percent = (bp: number) => `${bp / 100}%`;

function table(list: LicenceSummary[]): HTMLElement {
  if (!list.length) return el("p", { class: "muted" }, "No licences recorded yet (POST /v1/licences or `exportctl licence add`).");
  const head = ["licence", "holder", "status", "remaining units", "remaining value", "revenue share owed", "valid to"];
  return tableBox(el("table", { class: "trace", id: "licences-table" },
    el("thead", {}, el("tr", {}, ...head.map((h) => el("th", {}, h)))),
    el("tbody", {}, ...list.map(({ licence: l, balance: b, revenue_share_owed: owed }) => {
      const row = el("tr", { class: `licence-row${l.number === selected ? " selected" : ""}`, "data-licence": l.number },
        el("td", {}, el("a", { href: "#licences", class: "licence-link" }, l.number)),
        el("td", {}, l.holder), el("td", {}, l.status),
        el("td", { class: "remaining-quantity", "data-remaining": String(b.quantity_remaining) }, `${b.quantity_remaining} of ${b.quantity_cap}`),
        el("td", {}, `${money(b.value_remaining, b.currency)} of ${money(b.value_cap, b.currency)}`),
        el("td", { class: "revenue-share-owed" }, `${money(owed, b.currency)} (${percent(l.conditions.revenue_share_bp)})`),
        el("td", {}, b.valid_to));
      row.addEventListener("click", (ev) => {
        ev.preventDefault();
        void select(l.number);
      });
      return row;
    }))), "licences");
}

function entries(list: Entry[]): HTMLElement {
  if (!list.length) return el("p", { class: "muted", id: "licence-shipments" }, "No shipments yet.");
  return tableBox(el("table", { class: "trace", id: "licence-shipments" },
    el("thead", {}, el("tr", {}, ...["id", "date", "kind", "consignee", "chip", "to", "units", "value"].map((h) => el("th", {}, h)))),
    el("tbody", {}, ...list.map((e) => el("tr", { "data-entry": String(e.id) },
      el("td", {}, String(e.id)), el("td", {}, e.date),
      el("td", {}, e.refers_to ? `${e.kind} of ${e.refers_to}` : e.kind), el("td", {}, e.consignee),
      el("td", {}, e.chip), el("td", {}, e.destination), el("td", {}, String(e.quantity)),
      el("td", {}, money(e.value, e.currency)))))), "shipments");
}

function detail(d: LicenceDetail, shipments: Entry[]): HTMLElement {
  const l = d.licence, b = d.balance;
  const amend = el("button", { type: "button", class: "secondary", id: "licence-amend" }, "Amend…");
  amend.addEventListener("click", () => licenceForm?.amend(l));
  return el("div", { id: "licence-detail-body", "data-licence": l.number },
    el("h3", {}, `Licence ${l.number} (version ${l.version}, ${l.status}) `, amend),
    el("p", { id: "licence-remaining", "data-remaining": String(b.quantity_remaining) },
      `${b.quantity_remaining} of ${b.quantity_cap} units and ${money(b.value_remaining, b.currency)} remain; valid ${l.valid_from} to ${l.valid_to}`),
    el("p", { class: "muted" },
      `${l.items.join(", ")} to ${l.destinations.join(", ")} for ${l.consignees.join("; ")} · issued by ${l.authority} to ${l.holder}`),
    usageChart(l, shipments),
    el("h3", {}, "Shipments"), entries(shipments),
    compensateForm(shipments, () => void refreshLicences()),
    el("div", { id: "licence-reports-slot" }),
    el("h3", {}, "History"),
    el("ul", { id: "licence-history" }, ...d.history.map((v) => el("li", {},
      `version ${v.version}, ${v.recorded_at}: ${v.quantity_cap} units, ${money((v.value_cap_minor / 100).toFixed(2), v.currency)}, ${v.status}`,
      v.amendment_reason ? ` — ${v.amendment_reason}` : ""))));
}

async function select(number: string, say = true): Promise<void> {
  selected = number;
  document.querySelectorAll("#licences-table tr.licence-row").forEach((r) =>
    r.classList.toggle("selected", r.getAttribute("data-licence") === number));
  const host = document.querySelector<HTMLElement>("#licence-detail")!;
  try {
    const [d, s] = await Promise.all([api.licence(number), api.shipments(number)]);
    host.replaceChildren(detail(d, s.shipments));
    const b = d.balance;
    if (say) announce("licences", `Licence ${number}: ${b.quantity_remaining} of ${b.quantity_cap} units remain`);
    showShipForm(d.licence);
    const slot = host.querySelector("#licence-reports-slot");
    reports(number).then((r) => slot?.replaceChildren(r), (e) => slot?.replaceChildren(el("p", { class: "error" }, String(e instanceof Error ? e.message : e))));
  } catch (e) {
    host.replaceChildren();
    hideShipForm();
    showError(document.querySelector<HTMLElement>("#licences-error")!, e);
  }
}

// Loads the table again (and the selected licence): on opening the view and after a shipment;
// `say`: announce the count of licences or the selected one's balance (a shipment says its own).
export async function refreshLicences(say = true): Promise<void> {
  const errorBox = document.querySelector<HTMLElement>("#licences-error")!;
  clearError(errorBox);
  document.querySelector<HTMLElement>("#licence-form-result")!.hidden = true;  // the change proposed is in the queue now
  try {
    const { licences } = await api.licences();
    if (selected && !licences.some((l) => l.licence.number === selected)) selected = null;
    document.querySelector("#licences-list")!.replaceChildren(table(licences));
    if (selected) await select(selected, say);
    else {
      hideShipForm();
      if (say) announce("licences", count(licences.length, "licence"));
    }
  } catch (e) {
    showError(errorBox, e);
  }
}

export function initLicences(): void {
  initShipForm(() => void refreshLicences(false));
  licenceForm = initLicenceForm(() => void refreshLicences());
  initAudit();
}
