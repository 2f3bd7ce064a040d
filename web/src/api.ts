// The exportctl HTTP API as typed calls. Errors come back as ApiError with the server's stable
// code, message and offending field ({"error": {code, message, field}}).

export interface ApiErrorBody {
  code: string;
  message: string;
  field?: string;
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

export interface Citation { rule_id: string; cite: string; url: string; evidence: string }
export interface TraceStep { test: string; values: string; result: string }
export interface Trace { rule_id: string; title: string; when: string; outcome: string; steps: TraceStep[] }
export interface RuleSetInfo { id: string; revision: string; content_hash: string }

export interface Classification {
  as_of: string;
  chip: { id: string; name: string; designed_for: string };
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
  outcome: "no_license_required" | "license_exception" | "license_required" | "prohibited";
  license_required: boolean;
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
  trace?: Trace[];
}

export interface PlotData {
  as_of: string;
  ruleset: RuleSetInfo;
  axes: { tpp: { min: number; max: number }; pd: { min: number; max: number } };
  regions: { eccn: string; controlled: boolean; cells: [number, number, number, number][] }[];
  chips: { id: string; name: string; label: string; designed_for: string; tpp: number | null; pd: number | null; eccn: string; controlled: boolean; determined: boolean }[];
}

export interface ScreenPair { query: string; list: string; similarity: number; weak: boolean }
export interface ScreenHit {
  list: string; list_kind: string; source: string; entry_id: string; entry_name: string; matched_name: string;
  entry_type: string; score: number; band: string; country: string; programs: string;
  federal_register_notice: string; start_date: string; license_requirement: string; license_policy: string;
  explanation?: { method: string; pairs: ScreenPair[]; whitelisted?: string };
}
export interface ScreenResult { name: string; threshold: number; block_threshold: number; hits: ScreenHit[] }

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

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export const api = {
  health: () => call<{ status: string; version: string; ruleset: RuleSetInfo }>("GET", "/health"),
  catalog: () => call<{ chips: Classification[] }>("GET", "/v1/catalog"),
  classify: (req: Record<string, unknown>) => call<Classification>("POST", "/v1/classify", req),
  check: (req: Record<string, unknown>) => call<Decision>("POST", "/v1/check", req),
  timeline: () => call<{ change_dates: string[] }>("GET", "/v1/rules/timeline"),
  plotData: (asOf: string) => call<PlotData>("GET", `/v1/plot-data?as_of=${encodeURIComponent(asOf)}`),
  screen: (req: Record<string, unknown>) => call<ScreenResult>("POST", "/v1/screen", req),
  licences: () => call<{ licences: LicenceSummary[] }>("GET", "/v1/licences"),
  licence: (number: string) => call<LicenceDetail>("GET", `/v1/licences/${encodeURIComponent(number)}`),
  shipments: (licence: string) => call<{ shipments: Entry[] }>("GET", `/v1/shipments?licence=${encodeURIComponent(licence)}`),
  ship: (req: Record<string, unknown>, token: string, idempotencyKey: string) =>
    call<Entry>("POST", "/v1/shipments", req, { ...bearer(token), "Idempotency-Key": idempotencyKey }),
};
