// Issue #15, the records: a decision's own URL (#history/SEQ) opened in a NEW page shows its
// decision record — outcome, decision id, who asked, the as-of date, the deciding rules with their
// citations, the rule-set revision the server runs and the list versions screened against — and
// printed (print media) the record alone is on the page: no header, navigation, forms or buttons.
// A PDF and screenshots (1440, 1024, 390 px and print) go to $SCREENSHOT_DIR.
import { mkdirSync, statSync } from "node:fs";
import { BASE_URL, OFFICER_TOKEN, assert, open, run, shoot, test } from "./harness.mjs";

const SHOTS = process.env.SCREENSHOT_DIR ?? "/tmp/exportctl-web-shots";

test("a decision's URL opens its record in a new page, and the record prints alone", async (page) => {
  const party = `Record Test Party ${Date.now()}`;
  await open(page, "check");
  await page.fill("#check-chip", "H20");
  await page.fill("#check-destination", "CN");
  await page.fill("#check-as-of", "2025-06-01");
  await page.fill("#check-end-user", party);
  await page.fill("#check-end-user-hq", "CN");
  await page.click("#check-submit");
  await page.waitForSelector("#check-outcome");
  const decisionId = /decision (dec_[0-9a-f]+)/.exec(await page.textContent("#check-result"))[1];
  const outcome = await page.getAttribute("#check-outcome", "data-outcome");
  const log = await (await fetch(`${BASE_URL}/v1/decisions?party=${encodeURIComponent(party)}`,
    { headers: { Authorization: `Bearer ${OFFICER_TOKEN}` } })).json();
  const entry = log.decisions.find((d) => d.decision_id === decisionId);
  assert(entry, `the check is in the decision log (${JSON.stringify(log).slice(0, 300)})`);
  const health = await (await fetch(`${BASE_URL}/health`)).json();

  const other = await page.context().newPage();
  try {
    await other.setViewportSize({ width: 1440, height: 900 });
    await other.goto(`${BASE_URL}/#history/${entry.seq}`);
    await other.waitForSelector("body[data-ready=true]");
    await other.waitForSelector("#history-needs-token");  // a new tab has no token of its own
    await other.fill("#history-token", OFFICER_TOKEN);
    await other.click("#history-submit");
    await other.waitForSelector(`#decision-record[data-decision-id="${decisionId}"]`);
    const rec = await other.$eval("#decision-record", (r) => {
      const f = (k) => r.querySelector(`[data-record="${k}"]`)?.textContent ?? "";
      return { outcome: r.querySelector("#record-outcome").getAttribute("data-outcome"), revision: r.getAttribute("data-revision"),
               id: f("decision id"), actor: f("actor"), asOf: f("as_of"), ruleset: f("ruleset"), lists: f("lists"),
               rules: [...r.querySelectorAll("li[data-rule]")].map((li) => ({ id: li.getAttribute("data-rule"), text: li.textContent,
                 cites: li.querySelectorAll("li.citation").length })) };
    });
    assert(rec.outcome === outcome && outcome === "license_required", `the outcome: ${rec.outcome} (the check said ${outcome})`);
    assert(rec.id === decisionId, `the decision id: ${rec.id}`);
    assert(rec.actor.startsWith(entry.actor), `who asked: ${rec.actor} (log: ${entry.actor})`);
    assert(rec.asOf === "2025-06-01", `the as-of date: ${rec.asOf}`);
    assert(rec.revision === health.ruleset.revision && rec.ruleset.includes(`revision ${health.ruleset.revision}`),
      `the rule-set revision the server runs: ${rec.ruleset} vs ${health.ruleset.revision}`);
    assert(entry.lists.length > 0 && entry.lists.every((l) => rec.lists.includes(l.id) && rec.lists.includes(l.version)),
      `the list versions: ${rec.lists} (log: ${JSON.stringify(entry.lists)})`);
    const h20 = rec.rules.find((r) => r.id === "US-ISINF-2025-H20");
    assert(h20 && h20.cites > 0 && h20.text.includes("Nvidia 8-K"), `a deciding rule with its citations: ${JSON.stringify(rec.rules).slice(0, 400)}`);
    assert(rec.rules.every((r) => r.cites > 0 || /evidence/.test(r.text)), "every deciding rule is named from the rule set");
    for (const width of [1440, 1024, 390]) {
      await other.setViewportSize({ width, height: 900 });
      await shoot(other, "record");
    }

    // Printed: the record alone.
    await other.setViewportSize({ width: 1024, height: 900 });
    await other.emulateMedia({ media: "print" });
    for (const sel of ["header", "nav", "#history-form", "#history-print", "#history-permalink", "#history-list"])
      assert(await other.isHidden(sel), `${sel} is not printed`);
    assert(await other.isVisible("#decision-record") && await other.isVisible('#decision-record li[data-rule="US-ISINF-2025-H20"]'),
      "the record and its rules are printed");
    mkdirSync(SHOTS, { recursive: true });
    await other.pdf({ path: `${SHOTS}/record.pdf`, format: "A4", printBackground: true });
    assert(statSync(`${SHOTS}/record.pdf`).size > 10000, "a PDF of the record");
    await shoot(other, "record-print");
    await other.emulateMedia({ media: "screen" });
    assert(await other.isVisible("header"), "back on screen, the page is whole again");
  } finally {
    await other.close();
  }
});

await run();
