// The shipment form of the licences view: records a shipment against the selected licence (POST
// /v1/shipments). The officer token lives in sessionStorage only (gone with the tab, never in
// localStorage or a cookie). Each shipment gets a fresh idempotency key, kept when the request
// failed in transit so that pressing the button again cannot record it twice. The ledger's own
// refusal (over the cap, expired …) is shown as the server words it.
import { ApiError, api, type Entry, type Licence } from "./api";
import { clearError, el, showError, todayIso } from "./render";
import { sessionToken } from "./session_token";

let licence: Licence | null = null;
let pendingKey: string | null = null;  // the key of a shipment whose answer never arrived

const $ = <T extends HTMLElement>(id: string) => document.querySelector<T>(id)!;

function newKey(): string {
  return typeof crypto.randomUUID === "function" ? `web-${crypto.randomUUID()}` : `web-${Date.now()}-${Math.random()}`;
}

function options(select: HTMLSelectElement, values: string[]): void {
  select.replaceChildren(...values.map((v) => el("option", { value: v }, v)));
}

export function showShipForm(l: Licence): void {
  if (licence?.number !== l.number) pendingKey = null;
  licence = l;
  $("#ship-licence").textContent = l.number;
  options($<HTMLSelectElement>("#ship-chip"), l.items);
  options($<HTMLSelectElement>("#ship-destination"), l.destinations);
  options($<HTMLSelectElement>("#ship-consignee"), l.consignees);
  $<HTMLInputElement>("#ship-currency").value = l.currency;
  const date = $<HTMLInputElement>("#ship-date");
  if (!date.value) date.value = todayIso();
  $("#ship-form").hidden = false;
}

export function initShipForm(onRecorded: (e: Entry) => void): void {
  const form = $<HTMLFormElement>("#ship-form");
  const token = $<HTMLInputElement>("#ship-token");
  const errorBox = $("#ship-error");
  const result = $("#ship-result");
  token.value = sessionToken.get();
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearError(errorBox);
    result.textContent = "";
    if (!licence) return;
    if (!token.value.trim()) {
      showError(errorBox, "an officer token is needed to record a shipment (`exportctl token create --user NAME --role officer`)");
      return;
    }
    sessionToken.set(token.value.trim());
    const req: Record<string, unknown> = { licence: licence.number };
    for (const name of ["chip", "destination", "consignee", "quantity", "unit_price", "currency", "date"])
      req[name] = (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value.trim();
    pendingKey ??= newKey();
    try {
      const entry = await api.ship(req, token.value.trim(), pendingKey);
      pendingKey = null;
      result.replaceChildren(el("span", { id: "ship-recorded", "data-entry": String(entry.id) },
        `${entry.replayed ? "already recorded" : "recorded"}: shipment ${entry.id}, ${entry.quantity} × ${entry.chip} to ${entry.consignee}`));
      onRecorded(entry);
    } catch (e) {
      if (e instanceof ApiError) {
        pendingKey = null;  // the server answered: nothing to retry under this key
        if (e.status === 401) sessionToken.forget();
      }
      showError(errorBox, e);
    }
  });
}
