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

async function call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
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

export const api = {
  health: () => call<{ status: string; version: string; ruleset: RuleSetInfo }>("GET", "/health"),
  catalog: () => call<{ chips: Classification[] }>("GET", "/v1/catalog"),
  classify: (req: Record<string, unknown>) => call<Classification>("POST", "/v1/classify", req),
  check: (req: Record<string, unknown>) => call<Decision>("POST", "/v1/check", req),
  timeline: () => call<{ change_dates: string[] }>("GET", "/v1/rules/timeline"),
  plotData: (asOf: string) => call<PlotData>("GET", `/v1/plot-data?as_of=${encodeURIComponent(asOf)}`),
};
