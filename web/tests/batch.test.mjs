// Issue #15, the batch view: an order book uploaded as CSV (with a bad row, an unknown chip and a
// quoted field over two lines) is decided in chunks with a moving progress bar; the bad rows are
// listed with their own line and message, every decided row says what POST /v1/check says for
// the same order, the outcome filter narrows the table, and the download is the CLI's batch CSV of
// the rows shown. A JSONL book with a line that is not JSON says which line. Screenshots at
// 1440, 1024 and 390 px wide go to $SCREENSHOT_DIR (default /tmp/exportctl-web-shots).
import { readFileSync } from "node:fs";
import { BASE_URL, assert, open, run, shoot, test } from "./harness.mjs";

// 120 orders: H20 to China on 2025-06-01 (a licence is required) and to Germany (none), and three
// bad rows. Line 1 is the header; row k (0-based) is on line k + 2 until the quoted two-line field.
function book() {
  const lines = ["id,chip,quantity,destination,end_user,end_user_hq,as_of"];
  for (let k = 0; k < 120; k++) {
    const cn = k % 3 === 0;
    lines.push(`ORD-${k},H20,${k + 1},${cn ? "CN" : "DE"},Acme ${cn ? "Cloud" : "GmbH"} ${k},${cn ? "CN" : "DE"},2025-06-01`);
  }
  lines.splice(11, 0, "BAD-FIELDS,H20,5,CN");                                   // line 12: too few fields
  lines.splice(21, 0, "BAD-CHIP,no-such-chip,5,DE,Someone,DE,2025-06-01");      // line 22: unknown chip
  lines.splice(31, 0, 'TWO-LINES,H20,7,DE,"Acme\nTwo Lines GmbH",DE,2025-06-01'); // lines 32-33: one order
  lines.push("AFTER,H20,9,DE,Acme After,DE,2025-06-01");                          // line 126: after the two-line field
  return lines.join("\r\n") + "\r\n";
}

async function upload(page, name, text) {
  await page.setInputFiles("#batch-file", { name, mimeType: name.endsWith(".csv") ? "text/csv" : "application/x-ndjson", buffer: Buffer.from(text) });
  await page.click("#batch-submit");
  await page.waitForFunction(() => /^Done/.test(document.querySelector("#batch-summary")?.textContent ?? ""), null, { timeout: 60000 });
}

test("an order book with bad rows: progress, bad rows by line, filter, download", async (page) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await open(page, "batch");
  const text = book();
  const total = text.trim().split(/\r\n/).length - 1;  // the header out (the two-line field splits on \n only)
  const requests = [];
  const progressSeen = new Set();
  page.on("request", (r) => { if (r.url().endsWith("/v1/check/batch")) requests.push(JSON.parse(r.postData()).requests.length); });
  page.on("response", async (r) => {
    if (r.url().endsWith("/v1/check/batch"))
      progressSeen.add(await page.getAttribute("#batch-progress", "data-done").catch(() => null));
  });
  await upload(page, "orders.csv", text);
  assert(requests.length >= 3 && requests.every((n) => n <= 50), `sent in chunks of at most 50 (${requests})`);
  assert(requests.reduce((a, b) => a + b, 0) === total - 1, `every readable row sent once (${requests} for ${total - 1})`);
  const bar = await page.$eval("#batch-progress", (p) => ({ value: p.value, max: p.max }));
  assert(bar.value === total && bar.max === total, `the bar ends full (${JSON.stringify(bar)} of ${total})`);
  assert(progressSeen.size >= 2, `the bar moved while rows were decided (${[...progressSeen]})`);

  const rowAt = (line) => page.$eval(`#batch-table tr[data-line="${line}"]`, (r) => ({
    outcome: r.getAttribute("data-outcome"), text: r.textContent }));
  const tooFew = await rowAt(12);
  assert(tooFew.outcome === "error" && tooFew.text.includes("4 fields, but the header has 7"), `line 12 is the short row: ${tooFew.text}`);
  const unknown = await rowAt(22);
  assert(unknown.outcome === "error" && /unknown chip .no-such-chip./.test(unknown.text) && unknown.text.includes("BAD-CHIP"),
    `line 22 is the unknown chip with the server's message: ${unknown.text}`);
  const two = await rowAt(32);
  assert(two.outcome === "no_license_required" && two.text.includes("TWO-LINES"), `the two-line order starts on line 32: ${two.text}`);
  const after = await rowAt(126);
  assert(after.text.includes("AFTER"), `the row after it is on line 126: ${after.text}`);

  // A decided row says what /v1/check says for the same order.
  const same = await (await fetch(`${BASE_URL}/v1/check`, { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ chip: "H20", quantity: "1", destination: "CN", end_user: "Acme Cloud 0", end_user_hq: "CN", as_of: "2025-06-01" }) })).json();
  const first = await rowAt(2);
  assert(first.outcome === same.outcome && same.outcome === "license_required", `row ORD-0: ${first.outcome}, /v1/check: ${same.outcome}`);

  // Filters: by outcome, then the bad rows only.
  await page.selectOption("#batch-outcome", "license_required");
  const shown = await page.$$eval("#batch-table tr.batch-row", (r) => r.map((x) => x.getAttribute("data-outcome")));
  assert(shown.length === 40 && shown.every((o) => o === "license_required"), `40 orders to China need a licence (${shown.length})`);
  await page.selectOption("#batch-outcome", "error");
  const bad = await page.$$eval("#batch-table tr.batch-row", (r) => r.map((x) => x.getAttribute("data-line")));
  assert(JSON.stringify(bad) === JSON.stringify(["12", "22"]), `the bad rows, by line: ${bad}`);
  await shoot(page, "batch-bad-rows");

  // The download: the CLI's batch CSV of the rows shown.
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#batch-download")]);
  const csv = readFileSync(await dl.path(), "utf8").trim().split(/\r?\n/);
  assert(csv[0] === "line,id,decision_id,outcome,eccn,review_policy,license_exceptions,rule_ids,import_restrictions,warnings,holds,error",
    `the CLI's header: ${csv[0]}`);
  assert(csv.length === 3 && csv[1].startsWith("12,,") && csv[1].endsWith('"4 fields, but the header has 7"') && csv[2].startsWith("22,BAD-CHIP,"),
    `the two bad rows: ${csv.join(" / ")}`);
  await page.selectOption("#batch-outcome", "");
  const [all] = await Promise.all([page.waitForEvent("download"), page.click("#batch-download")]);
  const allLines = readFileSync(await all.path(), "utf8").trim().split(/\r?\n/);
  assert(allLines.length === total + 1, `every row in the full download (${allLines.length - 1} of ${total})`);
  assert(/^2,ORD-0,dec_[0-9a-f]+,license_required,/.test(allLines[1]), `a decided row: ${allLines[1]}`);

  await page.fill("#batch-text", "ORD-1");
  const byText = await page.$$eval("#batch-table tr.batch-row", (r) => r.length);
  assert(byText === 31, `ORD-1, ORD-10…19 and ORD-100…119 (${byText})`);
  await page.fill("#batch-text", "ORD-2");  // 11 rows on the screenshots
  for (const width of [1440, 1024, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(overflow <= 0, `no sideways scroll of the page at ${width} px (${overflow} px too wide)`);
    await shoot(page, "batch");
  }
});

test("a JSONL book: a line that is not JSON is a bad row with its line", async (page) => {
  await open(page, "batch");
  const text = [
    JSON.stringify({ id: "J1", chip: "H20", quantity: 2, destination: "DE", end_user_hq: "DE", as_of: "2025-06-01" }),
    "",
    "{not json",
    JSON.stringify({ id: "J2", chip: "H20", quantity: 2, destination: "CN", end_user_hq: "CN", as_of: "2025-06-01", colour: "red" }),
    JSON.stringify({ id: "J3", chip: "H20", quantity: 2, destination: "CN", end_user_hq: "CN" }),
  ].join("\n");
  await page.fill("#batch-as-of", "2025-06-01");
  await upload(page, "orders.jsonl", text);
  const rows = await page.$$eval("#batch-table tr.batch-row", (r) => r.map((x) => [x.getAttribute("data-line"), x.getAttribute("data-outcome"), x.textContent]));
  assert(rows.length === 4, `four rows (the blank line skipped): ${JSON.stringify(rows)}`);
  assert(rows[0][0] === "1" && rows[0][1] === "no_license_required", `line 1 decided: ${rows[0]}`);
  assert(rows[1][0] === "3" && rows[1][1] === "error" && rows[1][2].includes("not JSON"), `line 3 is not JSON: ${rows[1]}`);
  assert(rows[2][0] === "4" && rows[2][1] === "error" && rows[2][2].includes("unknown field `colour`"), `line 4's unknown field: ${rows[2]}`);
  assert(rows[3][0] === "5" && rows[3][1] === "license_required", `line 5 takes the form's as-of date (2025-06-01): ${rows[3]}`);
  assert(/Done: 4 of 4 rows .*2 bad rows/.test(await page.textContent("#batch-summary")), "the summary counts the bad rows");
});

await run();
