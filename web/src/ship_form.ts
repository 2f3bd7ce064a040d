// The shipment form of the licences view: records a shipment against the selected licence (POST
// /v1/shipments), shown only while a licence is selected. The officer token lives in
// sessionStorage only (gone with the tab, never in localStorage or a cookie). The button is
// disabled while a request is out, and the idempotency key belongs to the form as filled in: it is
// kept after a success and after a failure in transit, so sending the same form again (a double
// click, a retry) replays the recorded shipment instead of recording it twice; any change to the
// form (or another licence) takes a new key. The ledger's own refusal (over the cap, expired …) is
// shown as the server words it, and drops the key (nothing was recorded under it).
import { ApiError, api, type Entry, type Licence } from "./api";
import { announce } from "./announce";
import { clearError, el, showError, todayIso } from "./render";
import { sessionToken } from "./session_token";

let licence: Licence | null = null;
// The key of the shipment last sent and the request it was sent with (JSON).
let pending: { key: string; request: string } | null = null;
let inFlight = false;

const $ = <T extends HTMLElement>(id: string) => document.querySelector<T>(id)!;

function newKey(): string {
  return typeof crypto.randomUUID === "function" ? `web-${crypto.randomUUID()}` : `web-${Date.now()}-${Math.random()}`;
}

function options(select: HTMLSelectElement, values: string[]): void {
  select.replaceChildren(...values.map((v) => el("option", { value: v }, v)));
}

export function showShipForm(l: Licence): void {
  if (licence?.number !== l.number) pending = null;
  licence = l;
  $("#ship-licence").textContent = l.number;
  options($<HTMLSelectElement>("#ship-chip"), l.items);
  options($<HTMLSelectElement>("#ship-destination"), l.destinations);
  options($<HTMLSelectElement>("#ship-consignee"), l.consignees);
  $<HTMLInputElement>("#ship-currency").value = l.currency;
  const date = $<HTMLInputElement>("#ship-date");
  if (!date.value) date.value = todayIso();
  const token = $<HTMLInputElement>("#ship-token");
  if (!token.value) token.value = sessionToken.get();  // given meanwhile in another view of this tab
  $("#ship-form").hidden = false;
}

// No licence selected (none yet, or it could not be loaded): no form to fill.
export function hideShipForm(): void {
  licence = null;
  pending = null;
  $("#ship-form").hidden = true;
}

// The key for this request: the pending one when the same request is sent again, else a new one.
function keyFor(req: Record<string, unknown>): string {
  const request = JSON.stringify(req);
  if (pending?.request !== request) pending = { key: newKey(), request };
  return pending.key;
}

export function initShipForm(onRecorded: (e: Entry) => void): void {
  const form = $<HTMLFormElement>("#ship-form");
  const token = $<HTMLInputElement>("#ship-token");
  const errorBox = $("#ship-error");
  const result = $("#ship-result");
  token.value = sessionToken.get();
  const button = $<HTMLButtonElement>("#ship-submit");
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (inFlight || !licence) return;  // a second click while the first is out does nothing
    clearError(errorBox);
    result.textContent = "";
    if (!token.value.trim()) {
      showError(errorBox, "an officer token is needed to record a shipment (`exportctl token create --user NAME --role officer`)");
      return;
    }
    sessionToken.set(token.value.trim());
    const req: Record<string, unknown> = { licence: licence.number };
    for (const name of ["chip", "destination", "consignee", "quantity", "unit_price", "currency", "date"])
      req[name] = (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value.trim();
    const key = keyFor(req);
    inFlight = true;
    button.disabled = true;
    try {
      const entry = await api.ship(req, token.value.trim(), key);
      result.replaceChildren(el("span", { id: "ship-recorded", "data-entry": String(entry.id), "data-replayed": String(entry.replayed) },
        entry.replayed
          ? `already recorded: shipment ${entry.id}, ${entry.quantity} × ${entry.chip} to ${entry.consignee} (nothing new; change the form to record another)`
          : `recorded: shipment ${entry.id}, ${entry.quantity} × ${entry.chip} to ${entry.consignee}`));
      announce("licences", result.textContent ?? "");
      onRecorded(entry);
    } catch (e) {
      if (e instanceof ApiError) {
        if (pending?.key === key) pending = null;  // the server answered: nothing recorded under this key
        if (e.status === 401) sessionToken.forget();
      }
      showError(errorBox, e);
    } finally {
      inFlight = false;
      button.disabled = false;
    }
  });
}
