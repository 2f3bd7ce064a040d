// Issue #15, the records: a check made on the desk is in the History view (the decision log, read
// with the tab's viewer token), found by its party, opened at its own URL (#history/SEQ) in the
// same tab and in a new page (which asks for a token first), and the listed table exports as CSV.
// Screenshots go to $SCREENSHOT_DIR (default /tmp/exportctl-web-shots) at 1440×900 and 390 px wide.
import { readFileSync } from "node:fs";
import { BASE_URL, OFFICER_TOKEN, assert, open, run, shoot, test } from "./harness.mjs";

// A check on the desk for a party no other test uses; its decision id as the page shows it.
async function checkFor(page, party) {
  await open(page, "check");
  await page.fill("#check-chip", "nvidia-h100-sxm");
  await page.fill("#check-destination", "CN");
  await page.fill("#check-end-user", party);
  await page.click("#check-submit");
  await page.waitForSelector("#check-outcome");
  const text = await page.textContent("#check-result");
  const id = /decision (dec_[0-9a-f]+)/.exec(text)?.[1];
  assert(id, `the decision shows its id (${text.slice(0, 200)})`);
  return { id, outcome: await page.getAttribute("#check-outcome", "data-outcome") };
}

async function listHistory(page, filters) {
  for (const [id, value] of Object.entries(filters)) await page.fill(id, value);
  await page.click("#history-submit");
  await page.waitForFunction(() => !document.querySelector("#history-list")?.hasAttribute("aria-busy") &&
    /decision|No decision/.test(document.querySelector("#history-summary")?.textContent ?? ""));
}

test("a check is in History, opens at its URL in a new page, and exports as CSV", async (page) => {
  const party = `History Test Party ${Date.now()}`;
  const made = await checkFor(page, party);
  await open(page, "history");
  await listHistory(page, { "#history-token": OFFICER_TOKEN, "#history-party": party });
  const rows = await page.$$eval("#history-list tr.history-row", (r) => r.map((x) => ({
    seq: x.getAttribute("data-seq"), id: x.getAttribute("data-decision-id"), text: x.textContent })));
  assert(rows.length === 1, `the party filter finds the one check (${rows.length} rows)`);
  assert(rows[0].id === made.id && rows[0].text.includes(party) && rows[0].text.includes(made.outcome),
    `the row is the check (${JSON.stringify(rows[0])} vs ${made.id} ${made.outcome})`);
  // A filter that excludes it: another outcome.
  await listHistory(page, { "#history-outcome": made.outcome === "prohibited" ? "hold" : "prohibited" });
  const none = await page.$$eval("#history-list tr.history-row", (r) => r.length);
  assert(none === 0, `the outcome filter excludes it (${none} rows)`);
  await listHistory(page, { "#history-outcome": made.outcome, "#history-chip": "nvidia-h100-sxm" });
  assert((await page.$$eval("#history-list tr.history-row", (r) => r.length)) === 1, "chip and outcome filters keep it");

  // CSV of the listed table.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#history-export")]);
  const csv = readFileSync(await download.path(), "utf8");
  const lines = csv.trim().split(/\r?\n/);
  assert(lines[0].startsWith("seq,recorded_at,kind,outcome,chip"), `a header line (${lines[0]})`);
  assert(lines.length === 2 && lines[1].startsWith(`${rows[0].seq},`) && lines[1].includes(party) && lines[1].includes(made.id),
    `one line per listed row (${csv})`);

  // Its own URL, in the same tab (the tab keeps the token).
  await page.click(`#history-list tr[data-seq="${rows[0].seq}"] a.history-link`);
  await page.waitForSelector(`#history-entry[data-seq="${rows[0].seq}"]`);
  assert(page.url().endsWith(`#history/${rows[0].seq}`), `the URL names the entry (${page.url()})`);
  const here = await page.$eval("#history-entry", (e) => ({ id: e.getAttribute("data-decision-id"), party: e.querySelector('[data-field="party"]').textContent }));
  assert(here.id === made.id && here.party === party, `the entry is the check (${JSON.stringify(here)})`);
  await shoot(page, "history");

  // The URL in a new page: a new tab has no token, asks for one, then shows the same decision.
  const other = await page.context().newPage();
  try {
    await other.goto(page.url());
    await other.waitForSelector("body[data-ready=true]", { timeout: 15000 });
    await other.waitForSelector("#history-needs-token");
    await other.fill("#history-token", OFFICER_TOKEN);
    await other.click("#history-submit");
    await other.waitForSelector(`#history-entry[data-seq="${rows[0].seq}"]`);
    const there = await other.$eval("#history-entry", (e) => ({
      id: e.getAttribute("data-decision-id"), party: e.querySelector('[data-field="party"]').textContent,
      outcome: document.querySelector("#history-entry-outcome").textContent }));
    assert(there.id === made.id && there.party === party && there.outcome === made.outcome.replaceAll("_", " "),
      `the new page shows the same decision (${JSON.stringify(there)})`);
    // Reloaded, the tab keeps its token: the entry opens straight away.
    await other.reload();
    await other.waitForSelector(`#history-entry[data-seq="${rows[0].seq}"]`);
    await other.setViewportSize({ width: 390, height: 844 });
    await shoot(other, "history");
  } finally {
    await other.close();
  }
});

test("History without a token says one is needed; a wrong token shows the server's error", async (page) => {
  await open(page, "history");
  await page.waitForFunction(() => /token is needed/.test(document.querySelector("#history-summary")?.textContent ?? ""));
  await page.fill("#history-token", "ect_not-a-token");
  await page.click("#history-submit");
  await page.waitForSelector("#history-error:not([hidden])");
  const err = await page.textContent("#history-error");
  assert(/unauthori[sz]ed|token/i.test(err), `the refusal is shown (${err})`);
});

await run();
