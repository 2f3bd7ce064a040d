// Issue #15, item 7: every view fits a 390 px phone without the page scrolling sideways (wide
// tables scroll inside their own box), actions say they are busy (button disabled and aria-busy
// while the request is out, enabled again after), each view has one visually hidden live region
// (#VIEW-status) that announces a short summary of an answer — no result area is live, so a
// screen reader never reads a whole result out — and the first load with a warm cache is
// measured (navigation timing, printed, not asserted).
import { BASE_URL, OFFICER_TOKEN, assert, open, run, test } from "./harness.mjs";

const kViews = ["classify", "check", "batch", "chart", "screen", "licences", "nac", "history", "review", "lab-design", "lab-timeline", "lab-whatif"];

async function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test("no view scrolls sideways at 390 px, with results on show", async (page) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.addInitScript((t) => sessionStorage.setItem("exportctl.officer-token", t), OFFICER_TOKEN);
  for (const view of kViews) {
    await open(page, view);
    await page.waitForTimeout(150);
    const px = await overflow(page);
    assert(px <= 0, `#${view} is ${px} px too wide at 390 px`);
  }
  await open(page, "check");
  await page.fill("#check-chip", "H20");
  await page.fill("#check-destination", "CN");
  await page.fill("#check-as-of", "2025-06-01");
  await page.click("#check-submit");
  await page.waitForSelector("#check-outcome");
  await page.click("#check-result button.trace-toggle");  // the whole trace, the widest table
  assert(await overflow(page) <= 0, `the check with its whole trace is ${await overflow(page)} px too wide`);
  const boxed = await page.$eval("#check-result table.trace", (t) => getComputedStyle(t.parentElement).overflowX);
  assert(boxed === "auto", `the trace scrolls in its own box (${boxed})`);
});

test("actions are busy while their request is out, and each view announces a short summary", async (page) => {
  await open(page, "screen");
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route("**/v1/screen", async (route) => { await held; await route.continue(); });
  await page.fill("#screen-name", "Huawei Technologies");
  await page.click("#screen-submit");
  await page.waitForSelector("#screen-submit[aria-busy=true]");
  assert(await page.isDisabled("#screen-submit"), "Screen is disabled while the request is out");
  release();
  await page.waitForSelector("#screen-summary");
  assert(await page.isEnabled("#screen-submit") && !(await page.getAttribute("#screen-submit", "aria-busy")), "enabled again after");
  // The answer is announced as its count of hits by band, not read out whole.
  await page.waitForFunction(() => /^\d+ hits?/.test(document.querySelector("#screen-status").textContent));
  const said = await page.textContent("#screen-status");
  const hits = Number(await page.getAttribute("#screen-summary", "data-hits"));
  assert(said.startsWith(`${hits} hit`) && said.length < 80, `#screen-status says the count (${said})`);

  await open(page, "check");
  await page.fill("#check-chip", "H20");
  await page.fill("#check-destination", "CN");
  await page.click("#check-submit");
  await page.waitForSelector("#check-outcome");
  await page.waitForFunction(() => document.querySelector("#check-status").textContent !== "");
  const decided = await page.textContent("#check-status");
  assert(/H20/.test(decided) && /hold|licen[cs]e|prohibited|exception/.test(decided) && decided.length < 100, `#check-status: ${decided}`);

  await open(page, "review");
  let releaseQueue;
  const queueHeld = new Promise((r) => { releaseQueue = r; });
  await page.route("**/v1/clearances", async (route) => { await queueHeld; await route.continue(); });
  await page.fill("#review-token", OFFICER_TOKEN);
  await page.click("#review-submit");
  await page.waitForSelector("#review-submit[aria-busy=true]");
  assert(await page.isDisabled("#review-submit"), "Refresh is disabled while the queue loads");
  releaseQueue();
  await page.waitForFunction(() => !document.querySelector("#review-submit").disabled);
  await page.waitForFunction(() => /waiting for review/.test(document.querySelector("#review-status").textContent));

  // One live region per view, visually hidden; nothing else is live (errors are role=alert boxes).
  const regions = await page.$$eval("section.view", (views) => views.map((v) => {
    const live = [...v.querySelectorAll("[aria-live], [role=status], [role=log], output")];
    const box = v.querySelector(`#${v.id.replace(/^view-/, "")}-status`);
    const r = box?.getBoundingClientRect();
    return { view: v.id, live: live.map((x) => x.id), polite: box?.getAttribute("aria-live"), role: box?.getAttribute("role"),
             hidden: !!box && box.classList.contains("visually-hidden") && (r.width <= 1 && r.height <= 1) };
  }));
  for (const r of regions) {
    const want = `${r.view.replace(/^view-/, "")}-status`;
    assert(r.live.length === 1 && r.live[0] === want && r.polite === "polite" && r.role === "status",
      `${r.view}: one polite status region, #${want} (live: ${r.live})`);
  }
  for (const r of regions) assert(r.hidden, `#${r.view}'s status is visually hidden`);
  assert(regions.length >= 10, `every view has its region (${regions.map((r) => r.view)})`);
});

test("first load with a warm cache (printed)", async (page) => {
  // Pages opened from the context are not intercepted (interception turns Chromium's cache off).
  const context = page.context();
  const cold = await context.newPage();
  await cold.goto(`${BASE_URL}/#classify`);
  await cold.waitForSelector("body[data-ready=true]");
  await cold.close();
  const warm = await context.newPage();
  try {
    await warm.goto(`${BASE_URL}/#classify`);
    await warm.waitForSelector("body[data-ready=true]");
    const t = await warm.evaluate(() => {
      const n = performance.getEntriesByType("navigation")[0];
      const res = performance.getEntriesByType("resource");
      return { ttfb: n.responseStart, dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, ready: performance.now(),
               assets: res.filter((r) => /\/assets\//.test(r.name)).map((r) => ({ name: r.name.replace(/.*\//, ""), transfer: r.transferSize, ms: Math.round(r.duration) })) };
    });
    console.log(`     warm-cache first load: TTFB ${t.ttfb.toFixed(1)} ms, DOMContentLoaded ${t.dcl.toFixed(1)} ms, load ${t.load.toFixed(1)} ms, ` +
                `ready (catalog filled) ≈ ${t.ready.toFixed(0)} ms; assets ${JSON.stringify(t.assets)}`);
    assert(t.assets.length > 0, "the page's assets were fetched");
  } finally {
    await warm.close();
  }
});

await run();
