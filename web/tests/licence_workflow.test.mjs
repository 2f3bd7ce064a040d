// Issue #15, the licence workflow on the desk: an officer proposes a licence in the form, a second
// officer approves it in the review queue, a shipment is recorded, part of it returned, the cap
// amended (approved again) — and after each step the balance the page shows is the one the API
// reports (cap minus net units shipped); the chart follows the units shipped, the revenue share
// owed is the API's, a table exports as CSV and the audit chain verifies. Screenshots at 1440,
// 1024 and 390 px.
import { readFileSync } from "node:fs";
import { APPROVER_TOKEN, BASE_URL, OFFICER_TOKEN, assert, open, run, shoot, test } from "./harness.mjs";

async function apiGet(path) {
  const res = await fetch(`${BASE_URL}${path}`, { headers: { Authorization: `Bearer ${OFFICER_TOKEN}` } });
  assert(res.ok, `GET ${path}: ${res.status}`);
  return res.json();
}

// The approver approves change `id` in the review queue (the same page, the tab's token switched).
async function approveInQueue(page, id) {
  await open(page, "review");
  await page.fill("#review-token", APPROVER_TOKEN);
  await page.click("#review-submit");
  const item = `#review-changes li.change[data-change="${id}"]`;
  await page.waitForSelector(item);
  await page.click(`${item} .change-approve`);
  await page.waitForFunction((sel) => !document.querySelector(sel), item);
  const change = await apiGet(`/v1/changes/${id}`);
  assert(change.state === "applied" && change.decided_by === "web-approver", `change ${id} applied by the approver (${change.state})`);
}

async function openLicence(page, number) {
  await open(page, "licences");
  await page.click(`#licences-table tr[data-licence="${number}"] .licence-link`);
  await page.waitForSelector(`#licence-detail-body[data-licence="${number}"]`);
  await page.waitForSelector("#licence-reports");
}

async function remainingAgrees(page, number, expected) {
  await page.waitForSelector(`#licence-remaining[data-remaining="${expected}"]`);
  const { balances } = await apiGet(`/v1/reports/balances?licence=${encodeURIComponent(number)}`);
  assert(balances[0].quantity_remaining === expected && balances[0].quantity_cap - balances[0].quantity_used === expected,
    `the API's balance agrees: ${JSON.stringify(balances[0])} (expected ${expected} remaining)`);
}

test("propose, approve, ship, return, amend: the balance is the API's at every step", async (page) => {
  const number = `WEBLIC-${Date.now()}`;
  await page.setViewportSize({ width: 1440, height: 900 });
  await open(page, "licences");
  await page.click("#licence-new");
  const fields = { number, holder: "Acme Semiconductors Inc.", items: "nvidia-h20", destinations: "CN", consignees: "Example Cloud Ltd",
                   "quantity-cap": "10", "value-cap": "100000.00", "valid-from": "2020-01-01", "valid-to": "2099-12-31", "revenue-share": "15",
                   token: OFFICER_TOKEN };
  for (const [k, v] of Object.entries(fields)) await page.fill(`#lf-${k}`, v);
  await page.click("#lf-submit");
  await page.waitForSelector("#licence-change[data-state=pending]");
  const proposed = await page.getAttribute("#licence-change", "data-change");
  const before = await apiGet("/v1/licences");
  assert(!before.licences.some((l) => l.licence.number === number), "not a licence until approved");

  await approveInQueue(page, proposed);
  await openLicence(page, number);
  await remainingAgrees(page, number, 10);
  assert(await page.getAttribute("#licence-chart", "data-points") === "0", "no shipment, no points");

  // Ship 4 (the approver's token is the tab's now: any officer records shipments).
  await page.fill("#ship-quantity", "4");
  await page.fill("#ship-unit-price", "2000.00");
  await page.fill("#ship-date", "2026-01-15");
  await page.click("#ship-submit");
  await remainingAgrees(page, number, 6);
  await page.waitForSelector("#licence-chart[data-used='4']");

  // Return 1 of it.
  await page.waitForSelector("#comp-form");
  await page.selectOption("#comp-action", "return");
  await page.fill("#comp-quantity", "1");
  await page.fill("#comp-date", "2026-02-01");
  await page.fill("#comp-reason", "one faulty unit");
  await page.click("#comp-submit");
  await remainingAgrees(page, number, 7);
  await page.waitForSelector("#licence-chart[data-used='3'][data-points='2']");
  const entries = await apiGet(`/v1/shipments?licence=${encodeURIComponent(number)}`);
  assert(entries.shipments.some((e) => e.kind === "return" && Math.abs(e.quantity) === 1), `the return is in the ledger: ${JSON.stringify(entries.shipments.map((e) => [e.kind, e.quantity]))}`);

  // The revenue share owed is the API's (15% of 3 net units at 2000).
  const { revenue_share } = await apiGet(`/v1/reports/revenue-share?licence=${encodeURIComponent(number)}`);
  const owed = await page.$$eval("#licence-revenue td.owed", (c) => c.map((x) => x.getAttribute("data-csv")));
  assert(revenue_share.length > 0 && JSON.stringify(owed) === JSON.stringify(revenue_share.map((r) => r.revenue_share_owed)),
    `the quarters' revenue share owed: page ${owed}, API ${revenue_share.map((r) => r.revenue_share_owed)}`);

  // Amend the cap to 20: pending until approved, then 20 - 3 remain.
  await page.click("#licence-amend");
  await page.fill("#lf-quantity-cap", "20");
  await page.fill("#lf-reason", "BIS raised the quantity");
  await page.fill("#lf-token", OFFICER_TOKEN);
  await page.click("#lf-submit");
  await page.waitForSelector("#licence-change[data-state=pending]");
  const amendment = await page.getAttribute("#licence-change", "data-change");
  assert(amendment !== proposed, "a new change for the amendment");
  await approveInQueue(page, amendment);
  await openLicence(page, number);
  await remainingAgrees(page, number, 17);
  const detail = await apiGet(`/v1/licences/${encodeURIComponent(number)}`);
  assert(detail.licence.version === 2 && detail.licence.conditions.revenue_share_bp === 1500,
    `version 2 keeps its revenue share (${JSON.stringify(detail.licence.conditions)})`);

  // A table as CSV, and the audit chain.
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click('button[data-export="shipments"]')]);
  const csv = readFileSync(await dl.path(), "utf8").trim().split(/\r?\n/);
  assert(csv[0] === "id,date,kind,consignee,chip,to,units,value" && csv.length === 3, `the shipments as CSV: ${csv.join(" / ")}`);
  await page.click("#audit-verify");
  await page.waitForSelector("#audit-report");
  assert(await page.getAttribute("#audit-report", "data-ok") === "true", `the audit chain verifies: ${await page.textContent("#audit-result")}`);
  for (const width of [1440, 1024, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(overflow <= 0, `no sideways scroll of the page at ${width} px (${overflow} px too wide)`);
    await shoot(page, "licence-workflow");
  }
});

await run();
