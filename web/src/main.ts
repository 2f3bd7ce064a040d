// The compliance desk: its views (classify, check, batch of an order book, chart, screen, licences with the audit log,
// NAC notifications, the decision history with an entry per URL (#history/SEQ), the review queue, and the policy lab
// with its three panes: design, timeline, what-if) switched by the URL hash (#lab-design …).
import "./style.css";
import { api } from "./api";
import { showAudit } from "./audit";
import { initBatch } from "./batch";
import { initChart } from "./chart";
import { initCheck } from "./check";
import { fillChipPickers } from "./chips";
import { initClassify } from "./classify";
import { initHistory, showHistory } from "./history";
import { initNac, showNac } from "./nac";
import { initDesign } from "./lab_design";
import { initTimeline } from "./lab_timeline";
import { initWhatIf, showWhatIf } from "./lab_whatif";
import { initLicences, refreshLicences } from "./licences";
import { initReview, showReview } from "./review";
import { initScreen } from "./screen";

const views = ["classify", "check", "batch", "chart", "screen", "licences", "nac", "history", "review", "lab"] as const;
const labPanes = ["design", "timeline", "whatif"] as const;
let chartStarted = false;

function route(): void {
  const wanted = location.hash.slice(1);
  const pane = wanted.startsWith("lab") ? (labPanes as readonly string[]).find((p) => wanted === `lab-${p}`) ?? "design" : "";
  const history = wanted === "history" || /^history\/\d+$/.test(wanted);
  const view = pane ? "lab" : history ? "history" : (views as readonly string[]).includes(wanted) ? wanted : "classify";
  for (const v of views) document.querySelector<HTMLElement>(`#view-${v}`)!.hidden = v !== view;
  document.querySelectorAll("nav a[data-view]").forEach((a) => a.classList.toggle("active", a.getAttribute("data-view") === view));
  if (pane) {
    for (const p of labPanes) document.querySelector<HTMLElement>(`#lab-pane-${p}`)!.hidden = p !== pane;
    document.querySelectorAll("nav a[data-lab]").forEach((a) => a.classList.toggle("active", a.getAttribute("data-lab") === pane));
    if (pane === "whatif") void showWhatIf();
  }
  if (view === "chart" && !chartStarted) {
    chartStarted = true;
    void initChart();
  }
  if (view === "history") void showHistory();
  if (view === "review") showReview();
  if (view === "licences") {
    void refreshLicences();  // balances change: always the current ones
    showAudit();
  }
  if (view === "nac") showNac();
}

async function start(): Promise<void> {
  initClassify();
  initCheck();
  initBatch();
  initScreen();
  initLicences();
  initNac();
  initHistory();
  initReview();
  initDesign();
  initTimeline();
  initWhatIf();
  window.addEventListener("hashchange", route);
  route();
  try {
    const health = await api.health();
    document.querySelector("#ruleset")!.textContent =
      `exportctl ${health.version} · rule set ${health.ruleset.id} revision ${health.ruleset.revision}`;
    fillChipPickers((await api.catalog()).chips);
  } catch {
    document.querySelector("#ruleset")!.textContent = "the exportctl server is not answering";
  }
  document.body.setAttribute("data-ready", "true");
}

void start();
