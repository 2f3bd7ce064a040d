// The compliance desk: five views (classify, check, chart, screen, licences) switched by the URL hash.
import "./style.css";
import { api } from "./api";
import { initChart } from "./chart";
import { initCheck } from "./check";
import { initClassify } from "./classify";
import { initLicences, refreshLicences } from "./licences";
import { el } from "./render";
import { initScreen } from "./screen";

const views = ["classify", "check", "chart", "screen", "licences"] as const;
let chartStarted = false;

function route(): void {
  const wanted = location.hash.slice(1);
  const view = (views as readonly string[]).includes(wanted) ? wanted : "classify";
  for (const v of views) document.querySelector<HTMLElement>(`#view-${v}`)!.hidden = v !== view;
  document.querySelectorAll("nav a").forEach((a) => a.classList.toggle("active", a.getAttribute("data-view") === view));
  if (view === "chart" && !chartStarted) {
    chartStarted = true;
    void initChart();
  }
  if (view === "licences") void refreshLicences();  // balances change: always the current ones
}

async function start(): Promise<void> {
  initClassify();
  initCheck();
  initScreen();
  initLicences();
  window.addEventListener("hashchange", route);
  route();
  try {
    const health = await api.health();
    document.querySelector("#ruleset")!.textContent =
      `exportctl ${health.version} · rule set ${health.ruleset.id} revision ${health.ruleset.revision}`;
    const catalog = await api.catalog();
    document.querySelector("#chip-list")!.replaceChildren(
      ...catalog.chips.map((c) => el("option", { value: c.chip.name })));
  } catch {
    document.querySelector("#ruleset")!.textContent = "the exportctl server is not answering";
  }
  document.body.setAttribute("data-ready", "true");
}

void start();
