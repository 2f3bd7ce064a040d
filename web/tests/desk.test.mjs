// The compliance desk in real headless Chromium: classify with explanation, check with trace,
// the chart renders and moves with the date slider, bad input shows the server's error, screening
// explains its hits, a licence's balance falls with each shipment until the ledger refuses, and the
// policy lab: the design explorer's limits, a status timeline, and a what-if of an edited rule.
import { APPROVER_TOKEN, BASE_URL, OFFICER_TOKEN, apiPost, assert, open, run, shoot, test } from "./harness.mjs";

test("classify a catalog chip with the explanation trace", async (page) => {
  await open(page, "classify");
  await page.fill("#classify-chip", "RTX 4090D");
  await page.fill("#classify-as-of", "2024-06-01");
  await page.click("#classify-submit");
  await page.waitForSelector("#classify-eccn");
  const eccn = await page.textContent("#classify-eccn");
  assert(eccn.includes("3A991.p"), `RTX 4090D on 2024-06-01 is out of 3A090 by Note 2 and so 3A991.p (8 TOPS or more), got ${eccn}`);
  const rows = await page.$$eval("#classify-result table.trace tbody tr", (r) => r.length);
  assert(rows > 3, `the trace lists the rules considered (got ${rows} rows)`);
  const text = await page.textContent("#classify-result");
  assert(text.includes("US-EAR-ACS23-3A090-NOTE2"), "the deciding rule Note 2 is cited");
  assert(text.includes("tpp < 4800"), "the trace shows the threshold compared");
});

test("classify a custom spec", async (page) => {
  await open(page, "classify");
  await page.check("input[name=source][value=spec]");
  await page.fill("#classify-spec", JSON.stringify({ id: "probe", name: "Probe", designed_for: "datacenter", die_area_mm2: 800, dense_tops: { fp8: 1000 } }));
  await page.fill("#classify-as-of", "2025-05-01");
  await page.click("#classify-submit");
  await page.waitForSelector("#classify-eccn");
  const eccn = await page.textContent("#classify-eccn");
  assert(eccn.includes("3A090"), `TPP 8000 datacenter IC is 3A090, got ${eccn}`);
});

test("check a shipment and read the trace and citations", async (page) => {
  await open(page, "check");
  await page.fill("#check-chip", "H100");
  await page.fill("#check-quantity", "8");
  await page.fill("#check-destination", "CN");
  await page.fill("#check-as-of", "2025-05-01");
  await page.click("#check-submit");
  await page.waitForSelector("#check-outcome");
  const outcome = await page.getAttribute("#check-outcome", "data-outcome");
  assert(outcome === "license_required" || outcome === "prohibited", `H100 to CN needs a licence, got ${outcome}`);
  const cites = await page.$$eval("#check-result ul.citations li", (l) => l.length);
  assert(cites > 0, "citations listed");
  const rows = await page.$$eval("#check-result table.trace tbody tr", (r) => r.length);
  assert(rows > 0, "trace listed");
  const links = await page.$$eval("#check-result ul.citations a", (a) => a.map((x) => x.href));
  assert(links.some((h) => h.includes("federalregister.gov")), "citations link to the Federal Register");
});

test("a go that depends on a missing fact is a hold naming it", async (page) => {
  await open(page, "check");
  await page.fill("#check-chip", "H100");
  await page.fill("#check-destination", "DE");
  await page.fill("#check-as-of", "2025-01-01");
  await page.click("#check-submit");
  await page.waitForSelector("#check-outcome[data-outcome=hold]");
  const held = await page.textContent("#check-holds");
  assert(held.includes("end_user_hq"), `the hold names the missing headquarters: ${held}`);
  await page.fill("#check-end-user-hq", "DE");
  await page.click("#check-submit");
  await page.waitForSelector("#check-outcome[data-outcome=no_license_required]");
  await page.fill("#check-destination", "UA-43");
  await page.click("#check-submit");
  await page.waitForSelector("#check-outcome[data-outcome=license_required]");
  const text = await page.textContent("#check-result");
  assert(text.includes("US-EAR-746.6-CRIMEA"), "Crimea's Part 746 rule is cited");
});

test("bad input shows the server's error with the field", async (page) => {
  await open(page, "check");
  await page.fill("#check-chip", "H20");
  await page.fill("#check-quantity", "lots");
  await page.click("#check-submit");
  await page.waitForSelector("#check-error:not([hidden])");
  const text = await page.textContent("#check-error");
  assert(text.includes("invalid_argument") && text.includes("`lots`") && text.includes("field: quantity"), `error shown: ${text}`);
  await open(page, "classify");
  await page.fill("#classify-chip", "NoSuchChip9000");
  await page.click("#classify-submit");
  await page.waitForSelector("#classify-error:not([hidden])");
  const nf = await page.textContent("#classify-error");
  assert(nf.includes("not_found") && nf.includes("NoSuchChip9000"), `unknown chip shown: ${nf}`);
});

test("the chart renders and moves with the date slider", async (page) => {
  await open(page, "chart");
  await page.waitForSelector("#chart svg[data-as-of]");
  const latest = await page.getAttribute("#chart svg", "data-as-of");
  const regionsNow = await page.$$eval("#chart rect.region", (r) => r.length);
  const chips = await page.$$eval("#chart g.chip", (g) => g.length);
  assert(regionsNow > 0, `threshold regions drawn today (${latest})`);
  assert(chips > 10, `catalog chips drawn (${chips})`);
  // Move the slider to the first change date: before the October 2022 rule there is no 3A090.
  await page.$eval("#chart-date", (s) => { s.value = "0"; s.dispatchEvent(new Event("input")); });
  await page.waitForFunction((d) => document.querySelector("#chart svg")?.getAttribute("data-as-of") !== d, latest);
  const first = await page.getAttribute("#chart svg", "data-as-of");
  const label = await page.textContent("#chart-date-label");
  assert(label === first, `the label shows the chart's date (${label} vs ${first})`);
  const regionsThen = await page.$$eval("#chart rect.region", (r) => r.length);
  assert(first < latest, `moved back in time (${first} < ${latest})`);
  assert(regionsThen !== regionsNow, `regions change with the date (${regionsThen} vs ${regionsNow})`);
  // Step forward one date at a time until the regions differ again: the chart follows the slider.
  const max = Number(await page.getAttribute("#chart-date", "max"));
  assert(max >= 2, `several dates on the timeline (${max + 1})`);
});

test("screen a name in Chinese and read the hit's explanation", async (page) => {
  await open(page, "screen");
  await page.fill("#screen-name", "北京智谱华章科技有限公司");
  await page.click("#screen-submit");
  await page.waitForSelector("#screen-summary");
  const hits = Number(await page.getAttribute("#screen-summary", "data-hits"));
  assert(hits > 0, `the Entity List entry is found (${hits} hits)`);
  const first = await page.$eval("#screen-result .hit", (h) => ({
    entry: h.querySelector(".hit-entry").textContent,
    list: h.querySelector(".hit-list").textContent,
    matched: h.querySelector(".hit-matched").textContent,
    score: h.querySelector(".hit-score").textContent,
    band: h.getAttribute("data-band"),
    pairs: h.querySelectorAll("table.explanation tbody tr").length,
  }));
  assert(first.entry === "Beijing Zhipu Huazhang Technology Co., Ltd.", `best hit is Zhipu: ${first.entry}`);
  assert(/entity/i.test(first.list), `on the Entity List: ${first.list}`);
  assert(first.matched.length > 0, "the matched name is shown");
  assert(/score 0\.\d{3}|score 1\.000/.test(first.score), `score shown: ${first.score}`);
  assert(first.band === "review" || first.band === "block", `band shown: ${first.band}`);
  assert(first.pairs > 0, `the explanation lists token pairs (${first.pairs})`);
  await page.fill("#screen-name", "   ");
  await page.click("#screen-submit");
  await page.waitForSelector("#screen-error:not([hidden])");
  assert((await page.textContent("#screen-error")).includes("field: name"), "an empty name is refused naming the field");
});

test("a name in a script the screener cannot read is not shown as clear", async (page) => {
  await open(page, "screen");
  await page.fill("#screen-name", "මහින්ද රාජපක්ෂ");  // Mahinda Rajapaksa in Sinhala: ICU has no Sinhala-Latin transform
  await page.click("#screen-submit");
  await page.waitForSelector("#screen-unread");
  const notice = await page.textContent("#screen-unread");
  assert(notice.includes("Not screened in full") && notice.includes("Sinhala"), `the unread script is named: ${notice}`);
  assert(!(await page.$("#screen-summary.free")), "no green 'clear' headline for a name that was not read");
  await shoot(page, "screen-unread");
  await page.fill("#screen-name", "Lanka Rice Trading");
  await page.click("#screen-submit");
  await page.waitForSelector("#screen-summary.free");
  assert(!(await page.$("#screen-unread")), "a Latin-script name carries no notice");
});

test("licences: ship within the cap, watch the balance fall, then be refused over it", async (page) => {
  assert(OFFICER_TOKEN.startsWith("ect_"), "run.sh created an officer token");
  const number = `WEB-${Date.now()}`;
  const proposed = await apiPost("/v1/licences", {
    number, holder: "Acme Semiconductors Inc.", authority: "BIS", items: ["nvidia-h20"], destinations: ["CN"],
    consignees: ["Example Cloud Ltd"], quantity_cap: 10, value_cap: "1000000.00", currency: "USD",
    valid_from: "2020-01-01", valid_to: "2099-12-31", conditions: { revenue_share: "15%" },
  });
  assert(proposed.state === "pending", "a licence waits for a second officer");
  await apiPost(`/v1/changes/${proposed.id}/approve`, { note: "web test" }, APPROVER_TOKEN);
  await open(page, "licences");
  const row = `#licences-table tr[data-licence="${number}"]`;
  await page.waitForSelector(row);
  assert(await page.getAttribute(`${row} .remaining-quantity`, "data-remaining") === "10", "a new licence has all 10 units left");
  await page.click(`${row} .licence-link`);
  await page.waitForSelector(`#licence-detail-body[data-licence="${number}"]`);
  await page.waitForSelector("#ship-form:not([hidden])");
  assert((await page.textContent("#licence-shipments")).includes("No shipments"), "no shipments yet");

  await page.fill("#ship-quantity", "4");
  await page.fill("#ship-unit-price", "1000.00");
  await page.fill("#ship-token", OFFICER_TOKEN);
  await page.click("#ship-submit");
  await page.waitForSelector("#ship-recorded");
  await page.waitForSelector(`#licence-remaining[data-remaining="6"]`);
  await page.waitForSelector(`${row} .remaining-quantity[data-remaining="6"]`);
  const owed = await page.textContent(`${row} .revenue-share-owed`);
  assert(owed.includes("600.00"), `15% of 4 × 1000.00 is owed: ${owed}`);
  const shipped = await page.$$eval("#licence-shipments tbody tr", (r) => r.map((x) => x.textContent));
  assert(shipped.length === 1 && shipped[0].includes("Example Cloud Ltd"), `the shipment is listed: ${shipped}`);
  const stored = await page.evaluate(() => [sessionStorage.getItem("exportctl.officer-token"), JSON.stringify(localStorage)]);
  assert(stored[0] === OFFICER_TOKEN && !stored[1].includes(OFFICER_TOKEN), "the token is kept in sessionStorage only");

  await page.fill("#ship-quantity", "7");
  await page.click("#ship-submit");
  await page.waitForSelector("#ship-error:not([hidden])");
  const refusal = await page.textContent("#ship-error");
  assert(refusal.includes(`quantity 7 exceeds the remaining 6 of licence \`${number}\``), `the ledger's refusal is shown: ${refusal}`);
  assert(await page.getAttribute("#licence-remaining", "data-remaining") === "6", "nothing was recorded");

  await page.fill("#ship-token", "ect_not_a_real_token");
  await page.fill("#ship-quantity", "1");
  await page.click("#ship-submit");
  await page.waitForFunction(() => document.querySelector("#ship-error")?.textContent.includes("unauthorized"));
});

test("policy lab: the design explorer gives the H100 its 3A090 ceiling for China", async (page) => {
  await open(page, "lab-design");
  await page.waitForSelector("#design-chip option[value=nvidia-h100-sxm]", { state: "attached" });
  await page.selectOption("#design-chip", "nvidia-h100-sxm");
  await page.fill("#design-to", "CN");
  await page.fill("#design-as-of", "2025-06-01");
  await page.click("#design-submit");
  const row = '#design-controls tbody[data-control="3A090/4A090"] tr[data-figure=tpp]';
  await page.waitForSelector(row, { timeout: 30000 });
  // regulation.md §2.3: 3A090.b starts at TPP 2400; the H100 (TPP 15831.2) must be cut below it.
  const limit = await page.textContent(`${row} .limit`);
  assert(limit.trim() === "< 2,400", `the TPP limit of any 3A090/4A090 tier is 2400, got ${limit}`);
  const base = await page.textContent(`${row} .base`);
  assert(base.includes("15,831.2"), `today's TPP is shown: ${base}`);
  const margin = await page.textContent(`${row} .margin`);
  assert(margin.includes("-84.8%"), `the margin is the cut needed: ${margin}`);
  const point = await page.textContent("#design-point");
  assert(point.includes("TPP just under 2,400"), `the derived design point: ${point}`);
  assert(await page.textContent('#design-point dd[data-figure=die_area]').then((t) => t.includes("> 750")),
    "at TPP 2400 the die must stay above 750 mm² (PD 3.2)");
  const tops = await page.textContent('#design-controls tbody[data-control="3A090/4A090"] tr.tops');
  assert(tops.includes("fp16 150"), `FP16 ceiling 150 dense TOPS: ${tops}`);
});

test("policy lab: the H20's timeline to China needs a licence from 2025-04-09", async (page) => {
  await open(page, "lab-timeline");
  await page.waitForSelector("#timeline-chip option[value=nvidia-h20]", { state: "attached" });
  await page.selectOption("#timeline-chip", "nvidia-h20");
  await page.fill("#timeline-to", "CN");
  await page.fill("#timeline-to-date", "2026-01-01");
  await page.click("#timeline-submit");
  await page.waitForSelector('#timeline-table tr[data-from="2025-04-09"]');
  const outcome = await page.getAttribute('#timeline-table tr[data-from="2025-04-09"]', "data-outcome");
  assert(outcome === "license_required", `licence required from 2025-04-09, got ${outcome}`);
  const row = await page.textContent('#timeline-table tr[data-from="2025-04-09"]');
  assert(row.includes("US-ISINF-2025-H20") && row.includes("presumption of denial"), `the rule that changed it: ${row}`);
  const first = await page.getAttribute("#timeline-table tbody tr", "data-outcome");
  assert(first === "no_license_required", `no licence before: ${first}`);
  const bands = await page.$$eval("#timeline-chart svg g.band", (g) => g.map((b) => b.getAttribute("data-from")));
  assert(bands.includes("2025-04-09"), `a band starts on 2025-04-09: ${bands}`);
  const fill = await page.$eval('#timeline-chart g.band[data-from="2025-04-09"] rect', (r) => r.getAttribute("fill"));
  assert(fill === "#c0392b", `coloured as a licence with presumption of denial: ${fill}`);
  const svg = await page.getAttribute("#timeline-svg-link", "href");
  const res = await page.request.get(new URL(svg, BASE_URL).toString());
  assert(res.status() === 200 && (await res.text()).includes("<svg"), "the linked SVG is served");
});

test("policy lab: a what-if of 3A090.a.1 at TPP 5000 changes chips; a syntax error shows its file:line", async (page) => {
  await open(page, "lab-whatif");
  await page.waitForSelector('#whatif-text[data-file="us/classification.toml"]');
  const text = await page.inputValue("#whatif-text");
  const at = text.indexOf('id = "US-EAR-ACS23-3A090.a.1"');
  const when = text.indexOf('tpp >= 4800"', at);
  assert(at > 0 && when > at, "the 3A090.a.1 rule and its threshold are in the file");
  const draft = text.slice(0, when) + 'tpp >= 5000"' + text.slice(when + 'tpp >= 4800"'.length);
  await page.fill("#whatif-text", draft);
  await page.fill("#whatif-as-of", "2025-06-01");
  await page.click("#whatif-submit");
  await page.waitForSelector("#whatif-error:not([hidden])");
  assert((await page.textContent("#whatif-error")).includes("token is needed"), "a what-if needs a token");
  await page.fill("#whatif-token", OFFICER_TOKEN);
  await page.click("#whatif-submit");
  await page.waitForSelector("#whatif-summary");
  const changes = Number(await page.getAttribute("#whatif-summary", "data-changes"));
  assert(changes > 0, `the draft changes something (${changes})`);
  assert((await page.textContent("#whatif-diff")).includes("US-EAR-ACS23-3A090.a.1"), "the modified rule is listed");
  const chips = await page.$$eval("#whatif-changes tr.change[data-kind=classification]", (r) => r.map((x) => x.getAttribute("data-subject")));
  assert(chips.includes("nvidia-a100-sxm"), `the A100 (TPP 4992) changes: ${chips}`);
  const a100 = await page.$eval('#whatif-changes tr.change[data-subject="nvidia-a100-sxm"]', (r) => ({
    inForce: r.querySelector(".in-force").textContent, draft: r.querySelector(".draft").textContent }));
  assert(a100.inForce.includes("3A090.a.1") && a100.inForce.includes("tpp >= 4800"), `in force, explained: ${a100.inForce}`);
  assert(a100.draft.includes("3A090.a.2") && a100.draft.includes("tpp >= 5000 (tpp = 4992) false"), `draft, explained: ${a100.draft}`);
  assert((await page.$eval("#whatif-file", (s) => s.selectedOptions[0].textContent)).includes("(edited)"), "the file is marked edited");

  await page.fill("#whatif-text", draft.replace('tpp >= 5000"', 'tpp >= 5000" = ='));
  await page.click("#whatif-submit");
  await page.waitForSelector("#whatif-error:not([hidden])");
  const error = await page.textContent("#whatif-error");
  assert(/us\/classification\.toml:\d+:\d+: /.test(error), `the error names the file and line: ${error}`);
  assert(error.includes("parse_error"), `a parse error: ${error}`);
  assert((await page.textContent("#whatif-result")) === "", "no stale result beside the error");
});

await run();
