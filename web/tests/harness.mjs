// A tiny test harness for the browser tests: launches Debian's Chromium headless through
// playwright-core (no browser download, no network), runs named tests in order on fresh pages,
// prints one line per test and exits non-zero when any fails.
import { chromium } from "playwright-core";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:8080";
// An officer token of the server under test (run.sh creates it in the server's fresh home).
export const OFFICER_TOKEN = process.env.OFFICER_TOKEN ?? "";
// A second officer: approves what OFFICER_TOKEN proposes (four eyes).
export const APPROVER_TOKEN = process.env.APPROVER_TOKEN ?? "";
// An admin (reads the audit log, GET /v1/audit).
export const ADMIN_TOKEN = process.env.ADMIN_TOKEN ?? "";
// Where screenshots go (looked at by a person after a run): $SCREENSHOT_DIR, else /tmp.
const SHOTS = process.env.SCREENSHOT_DIR ?? "/tmp/exportctl-web-shots";
const tests = [];

// Opens the desk at one of its views (#classify, #check, #chart …) once the page has loaded.
export async function open(page, view) {
  await page.goto(`${BASE_URL}/#${view}`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15000 });
}

// A full-page screenshot named after the view and the page's width: NAME-1440.png.
export async function shoot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}-${page.viewportSize().width}.png`, fullPage: true });
}

export function test(name, fn) {
  tests.push({ name, fn });
}

export function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`);
}

// Calls the API directly (test set-up, e.g. recording a licence, or reading what the API reports);
// throws on a non-2xx answer.
export async function apiPost(path, body, token = OFFICER_TOKEN) {
  const res = await fetch(`${BASE_URL}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export async function apiGet(path, token = OFFICER_TOKEN) {
  const res = await fetch(`${BASE_URL}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const json = await res.json();
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

// No sideways scroll of the page at 1440, 1024 and 390 px, a screenshot NAME-WIDTH.png at each.
export async function shootWidths(page, name) {
  for (const width of [1440, 1024, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(50);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(overflow <= 0, `no sideways scroll of the page at ${width} px (${overflow} px too wide)`);
    await shoot(page, name);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

export async function run() {
  const profile = mkdtempSync(join(tmpdir(), "exportctl-chromium-"));
  // A fresh profile directory (playwright passes it as --user-data-dir).
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
  });
  let failed = 0;
  for (const t of tests) {
    const page = await browser.newPage();
    const consoleErrors = [];
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    // Offline: anything not served by exportctl itself is refused.
    await page.route("**/*", (route) => (route.request().url().startsWith(BASE_URL) ? route.continue() : route.abort()));
    try {
      await t.fn(page);
      assert(consoleErrors.length === 0, `no page errors (got ${consoleErrors.join("; ")})`);
      console.log(`ok   ${t.name}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${t.name}\n     ${String(e.message ?? e).split("\n").join("\n     ")}`);
    } finally {
      await page.close();
    }
  }
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
  console.log(`${tests.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
