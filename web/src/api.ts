// The exportctl HTTP API as typed calls. Errors come back as ApiError with the server's stable
// code, message and offending field ({"error": {code, message, field}}).

export interface ApiErrorBody {
  code: string;
  message: string;
  field?: string;
  location?: string;  // file:line:col (a what-if draft's rule file)
  details?: ApiErrorBody[];
}

export class ApiError extends Error {
  constructor(public status: number, public body: ApiErrorBody) {
    super(body.message);
  }
}

// `headers` adds e.g. the officer's Authorization and an Idempotency-Key.
async function call<T>(method: "GET" | "POST", path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? headers : { "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError(res.status, { code: "internal", message: `unexpected response (${res.status})` });
  }
  if (!res.ok) throw new ApiError(res.status, (json as { error: ApiErrorBody }).error);
  return json as T;
}

// GET a text document (a rule file); errors are the API's JSON errors.
async function callText(path: string): Promise<string> {
  const res = await fetch(path);
  const text = await res.text();
  if (res.ok) return text;
  let body: ApiErrorBody = { code: "internal", message: `unexpected response (${res.status})` };
  try {
    body = (JSON.parse(text) as { error: ApiErrorBody }).error;
  } catch { /* keep the generic message */ }
  throw new ApiError(res.status, body);
}

export interface Citation { rule_id: string; cite: string; url: string; evidence: string }
export interface TraceStep { test: string; values: string; result: string }
export interface Trace { rule_id: string; title: string; when: string; outcome: string; steps: TraceStep[] }
export interface RuleSetInfo { id: string; revision: string; content_hash: string }

export interface Classification {
  as_of: string;
  chip: { id: string; name: string; designed_for: string; item_type?: string };
  metrics: { tpp: number | null; pd: number | null; tpp_precision?: string | null };
  eccn: string;
  controlled: boolean;
  determined: boolean;
  possible_eccns: string[];
  unevaluated: string[];
  rule_ids: string[];
  citations: Citation[];
  trace?: Trace[];
}

export interface DecisionItem { rule_id: string | null; text: string; jurisdiction?: string; severity?: string }
export interface Decision {
  decision_id: string;
  as_of: string;
  outcome: "no_license_required" | "license_exception" | "license_required" | "prohibited" | "hold";
  license_required: boolean;
  go: boolean;
  holds: { kind: "missing_fact" | "open_screening_hit" | "unread_name" | "weak_evidence"; subject: string; text: string; rule_id: string | null }[];
  exceptions_unavailable: { exception: string; rule_id: string; reason: string }[];
  scope: { regime: string; subject: "yes" | "no" | "unknown"; rule_ids: string[]; missing: string[] }[];
  eccn: string;
  review_policy: string | null;
  license_exceptions: { exception: string; rule_id: string; duties: string[] }[];
  duties: string[];
  conditions: DecisionItem[];
  import_restrictions: DecisionItem[];
  permits: DecisionItem[];
  warnings: DecisionItem[];
  rule_ids: string[];
  citations: Citation[];
  chip: { id: string; name: string };
  destination: string;
  quantity: number;
  classification: Classification;
  screening?: ScreeningHit[];
  request?: { exporter?: string; end_user?: string; [k: string]: unknown };  // normalised: what was decided on
  trace?: Trace[];
}
// A restricted-party hit of a decision's screening (the end user or an owner).
export interface ScreeningHit {
  party: string; role: string; list: string; source?: string; entry_id: string; entry_name: string;
  matched_name: string; score: number; band: string; listed_on?: string; federal_register_notice?: string;
  fdp_footnote?: boolean; clearance?: unknown;
}

export interface PlotData {
  as_of: string;
  ruleset: RuleSetInfo;
  axes: { tpp: { min: number; max: number }; pd: { min: number; max: number } };
  // Regions as the server samples and colours them (app/threshold_regions.h): the SVG draws the same.
  regions: { eccn: string; controlled: boolean; colour: string; label: string; cells: [number, number, number, number][] }[];
  chips: { id: string; name: string; label: string; designed_for: string; tpp: number | null; pd: number | null; eccn: string; controlled: boolean; determined: boolean }[];
}

// One entry of the decision log (GET /v1/decisions; body, the whole answer, only for one entry).
export interface DecisionLogEntry {
  seq: number; recorded_at: string; actor: string; channel: string; kind: "check" | "screen"; decision_id: string;
  outcome: string; as_of: string; chip: string; destination: string; party: string; ruleset: string;
  lists: Record<string, unknown>[]; prev_hash: string; hash: string; body?: Record<string, unknown>;
}

// One rule of GET /v1/rules/timeline: when it is in force (effective_to inclusive, null: open).
export interface TimelineRule {
  id: string; kind: string; title: string; effective_from: string; effective_to: string | null; jurisdiction: string;
}

export interface ScreenPair { query: string; list: string; similarity: number; weak: boolean }
export interface ScreenHit {
  list: string; list_kind: string; source: string; entry_id: string; entry_name: string; matched_name: string;
  entry_type: string; score: number; band: string; country: string; programs: string;
  federal_register_notice: string; start_date: string; license_requirement: string; license_policy: string;
  explanation?: { method: string; pairs: ScreenPair[]; whitelisted?: string };
}
// `unread`: letters of the name in a script the screener cannot read; the hits cover only the rest.
export interface ScreenResult {
  name: string; threshold: number; block_threshold: number; hits: ScreenHit[];
  unread?: { words: string; scripts: string };
}

// The ledger (app/ledger_json.h): money as decimal strings with a currency, caps in minor units on
// the licence itself.
export interface Licence {
  number: string; holder: string; authority: string; items: string[]; destinations: string[]; consignees: string[];
  quantity_cap: number; value_cap_minor: number; currency: string; valid_from: string; valid_to: string; status: string;
  conditions: { revenue_share_bp: number; duty_bp: number; volume_ratio_cap_bp: number; volume_reference: string; notifications: string[] };
  version: number; amendment_reason: string; recorded_at: string;
}
export interface Balance {
  licence: string; status: string; valid_to: string; quantity_cap: number; quantity_used: number; quantity_remaining: number;
  currency: string; value_cap: string; value_used: string; value_remaining: string;
}
export interface LicenceSummary { licence: Licence; balance: Balance; revenue_share_owed: string }
export interface LicenceDetail { licence: Licence; history: Licence[]; balance: Balance }
export interface Entry {
  id: number; idempotency_key: string; kind: "shipment" | "cancellation" | "return"; refers_to: number | null;
  basis: string; licence: string; chip: string; destination: string; consignee: string; quantity: number;
  unit_price: string; value: string; currency: string; date: string; reason: string; recorded_at: string; replayed: boolean;
}

// The policy lab (src/lab/lab_json.h): the same JSON as `exportctl design|timeline|whatif --format json`.
export type DesignFigure = "tpp" | "die_area" | "memory_bandwidth" | "interconnect";
export interface DesignLimit {
  figure: DesignFigure; state: "bounded" | "unbounded" | "always" | "unknown";
  base: number | null; limit: number | null; margin: number | null;
}
export interface DesignControl {
  id: string; title: string; kind: string; evidence: string | null; goal: "outside" | "inside";
  uncertain: boolean; base_on_good_side: boolean; limits: DesignLimit[]; max_dense_tops: Record<string, number>;
}
export interface DesignReport {
  chip: { id: string; name: string; designed_for: string };
  destination: string; end_user_hq: string; ship_from: string; as_of: string; keep: string | null;
  base: { tpp: number | null; pd: number | null; eccn: string; outcome: string; review_policy: string };
  controls: DesignControl[];
  derived: { tpp: number; controls: DesignControl[] } | null;
}
export interface TimelineInterval {
  from: string; to: string; outcome: Decision["outcome"]; review_policy: string | null; eccn: string;
  requirement_ids: string[]; policy_ids: string[]; changed_by: string[];
}
export interface StatusTimeline {
  chip: { id: string; name: string }; destination: string; end_user: string; end_user_hq: string; ship_from: string;
  from: string; to: string; intervals: TimelineInterval[]; evaluated_dates: string[];
}
export interface WhatIfSide { result: string; rule_ids: string[]; explanation: string }
export interface WhatIfChange {
  kind: "classification" | "classify_case" | "check_case"; subject: string; where: string; as_of: string | null;
  in_force: WhatIfSide; draft: WhatIfSide;
}
export interface WhatIfReport {
  as_of: string; in_force_ruleset: string; draft_ruleset: string;
  rule_diff: { added: string[]; removed: string[]; modified: string[] };
  chips_evaluated: number; cases_evaluated: number; changes: WhatIfChange[]; case_errors: string[];
}

// Query string of the non-empty parameters.
export function query(params: Record<string, string>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  return q.toString();
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

// A rule of GET /v1/rules (every version, with its dates): its title and citations.
export interface RuleInfo {
  id: string; title: string; kind: string; effective_from: string; effective_to: string | null; evidence: string;
  jurisdiction: string; citations: { cite: string; url: string }[];
}

// Four eyes (GET /v1/changes): a licence, an amendment or a clearance waiting for a second officer.
export interface ChangeRequest {
  id: number; kind: "add_licence" | "amend_licence" | "clearance"; subject: string; state: "pending" | "applied" | "rejected";
  without_approval: boolean; requested_by: string; requested_at: string; decided_by: string | null; decided_at: string | null;
  note: string; reason: string; body: Record<string, unknown>;
}
// A screening hit judged false (GET /v1/clearances): in force once approved, until `expires` (exclusive).
export interface Clearance {
  id: number; party: string; list: string; entry_id: string; reason: string; expires: string | null;
  requested_by: string; approved_by: string; recorded_at: string; revoked: boolean; revocation: string;
}

// A NAC notification (§740.8(c); GET /v1/nac-notifications): exports under it from earliest_export
// (sent_on + 25 days) unless BIS objected (state "objected": none on or after objected_on).
export interface NacNotification {
  confirmation: string; sent_on: string; earliest_export: string; items: string[]; destination: string; end_user: string;
  consignee: string; quantity: number; quantity_shipped: number; state: "notified" | "objected"; objected_on: string | null;
  objection: string; recorded_at: string;
}
// One entry of the hash-chained audit log (GET /v1/audit, admin): payload is the row's canonical JSON.
export interface AuditEntry {
  seq: number; recorded_at: string; kind: string; subject: string; payload: string; prev_hash: string; hash: string; actor: string;
}
// A page of the audit log (GET /v1/audit?kind=&actor=&q=&before=&limit=), newest first.
export interface AuditPage { entries: AuditEntry[]; matching: number; total: number; kinds: string[]; next_before: number | null }
// A held decision or one of its hits handed to someone to settle (GET/POST /v1/escalations).
export interface Escalation {
  id: number; decision_seq: number; decision_id: string; party: string; entry_id: string; escalated_to: string; reason: string;
  escalated_by: string; recorded_at: string;
}

export interface RevenueShareRow {
  licence: string; quarter: string; currency: string; quantity: number; revenue: string; revenue_share: string;
  revenue_share_owed: string; duty: string; duty_owed: string; us_import_value?: string;
}
export interface VolumeRatioRow {
  licence: string; quarter: string; licensed_quantity: number; reference_market: string; reference_quantity: number;
  ratio: string; cap: string; compliant: boolean;
}

// One result of POST /v1/check/batch: the decision, or the row's own error.
export interface BatchResult { index: number; decision?: Decision; error?: ApiErrorBody }

const maybeBearer = (token: string): Record<string, string> => (token ? bearer(token) : {});

export const api = {
  health: () => call<{ status: string; version: string; ruleset: RuleSetInfo }>("GET", "/health"),
  catalog: () => call<{ chips: Classification[] }>("GET", "/v1/catalog"),
  classify: (req: Record<string, unknown>) => call<Classification>("POST", "/v1/classify", req),
  check: (req: Record<string, unknown>) => call<Decision>("POST", "/v1/check", req),
  rules: () => call<{ rules: RuleInfo[] }>("GET", "/v1/rules"),
  timeline: () => call<{ change_dates: string[]; rules: TimelineRule[] }>("GET", "/v1/rules/timeline"),
  plotData: (asOf: string) => call<PlotData>("GET", `/v1/plot-data?as_of=${encodeURIComponent(asOf)}`),
  checkBatch: (requests: unknown[], token: string) =>
    call<{ count: number; failed: number; results: BatchResult[] }>("POST", "/v1/check/batch", { requests }, maybeBearer(token)),
  screen: (req: Record<string, unknown>) => call<ScreenResult>("POST", "/v1/screen", req),
  licences: () => call<{ licences: LicenceSummary[] }>("GET", "/v1/licences"),
  licence: (number: string) => call<LicenceDetail>("GET", `/v1/licences/${encodeURIComponent(number)}`),
  shipments: (licence: string) => call<{ shipments: Entry[] }>("GET", `/v1/shipments?licence=${encodeURIComponent(licence)}`),
  proposeLicence: (req: Record<string, unknown>, token: string) => call<ChangeRequest>("POST", "/v1/licences", req, bearer(token)),
  amendLicence: (number: string, licence: Record<string, unknown>, reason: string, token: string) =>
    call<ChangeRequest>("POST", `/v1/licences/${encodeURIComponent(number)}/amend`, { licence, reason }, bearer(token)),
  compensate: (id: number, kind: "cancel" | "return", req: Record<string, unknown>, token: string) =>
    call<Entry>("POST", `/v1/shipments/${id}/${kind}`, req, bearer(token)),
  revenueShare: (licence: string) =>
    call<{ revenue_share: RevenueShareRow[] }>("GET", `/v1/reports/revenue-share?licence=${encodeURIComponent(licence)}`),
  volumeRatio: (licence: string) =>
    call<{ volume_ratio: VolumeRatioRow[] }>("GET", `/v1/reports/volume-ratio?licence=${encodeURIComponent(licence)}`),
  auditVerify: (token: string) =>
    call<{ ok: boolean; entries: number; head_hash: string; problems: string[]; decision_log_entries?: number }>("GET", "/v1/audit/verify", undefined, maybeBearer(token)),
  ship: (req: Record<string, unknown>, token: string, idempotencyKey: string) =>
    call<Entry>("POST", "/v1/shipments", req, { ...bearer(token), "Idempotency-Key": idempotencyKey }),
  design: (params: Record<string, string>) => call<DesignReport>("GET", `/v1/lab/design?${query(params)}`),
  statusTimeline: (params: Record<string, string>) => call<StatusTimeline>("GET", `/v1/lab/timeline?${query(params)}`),
  timelineSvgUrl: (params: Record<string, string>) => `/v1/lab/timeline.svg?${query(params)}`,
  whatIf: (asOf: string, files: Record<string, string>, token: string) =>
    call<WhatIfReport>("POST", "/v1/lab/whatif", asOf ? { as_of: asOf, files } : { files }, bearer(token)),
  decisions: (params: Record<string, string>, token: string) =>
    call<{ decisions: DecisionLogEntry[]; next_after: number | null }>("GET", `/v1/decisions?${query(params)}`, undefined, bearer(token)),
  decision: (seq: string, token: string) =>
    call<DecisionLogEntry>("GET", `/v1/decisions/${encodeURIComponent(seq)}`, undefined, bearer(token)),
  changes: (state: "pending" | "all", token: string) =>
    call<{ changes: ChangeRequest[] }>("GET", `/v1/changes?state=${state}`, undefined, bearer(token)),
  approve: (id: number, note: string, token: string) =>
    call<ChangeRequest>("POST", `/v1/changes/${id}/approve`, note ? { note } : {}, bearer(token)),
  reject: (id: number, note: string, token: string) =>
    call<ChangeRequest>("POST", `/v1/changes/${id}/reject`, note ? { note } : {}, bearer(token)),
  clearances: (token: string) => call<{ clearances: Clearance[] }>("GET", "/v1/clearances", undefined, bearer(token)),
  proposeClearance: (req: { party: string; list: string; entry_id: string; reason: string; expires?: string }, token: string) =>
    call<ChangeRequest>("POST", "/v1/clearances", req, bearer(token)),
  revokeClearance: (id: number, reason: string, token: string) =>
    call<Clearance>("POST", `/v1/clearances/${id}/revoke`, { reason }, bearer(token)),
  nacNotifications: (token: string) =>
    call<{ notifications: NacNotification[] }>("GET", "/v1/nac-notifications", undefined, maybeBearer(token)),
  recordNac: (req: Record<string, unknown>, token: string) => call<NacNotification>("POST", "/v1/nac-notifications", req, bearer(token)),
  nacObjection: (confirmation: string, objectedOn: string, reason: string, token: string) =>
    call<NacNotification>("POST", `/v1/nac-notifications/${encodeURIComponent(confirmation)}/objection`,
      reason ? { objected_on: objectedOn, reason } : { objected_on: objectedOn }, bearer(token)),
  audit: (params: Record<string, string>, token: string) => call<AuditPage>("GET", `/v1/audit?${query(params)}`, undefined, bearer(token)),
  escalations: (token: string) => call<{ escalations: Escalation[] }>("GET", "/v1/escalations", undefined, bearer(token)),
  escalate: (req: { decision_seq: number; escalated_to: string; reason: string; party?: string; entry_id?: string }, token: string) =>
    call<Escalation>("POST", "/v1/escalations", req, bearer(token)),
  ruleFiles: () => call<{ files: string[] }>("GET", "/v1/rules/files"),
  ruleFile: (name: string) => callText(`/v1/rules/files/${name.split("/").map(encodeURIComponent).join("/")}`),
};
