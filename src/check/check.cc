#include "exportctl/check.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_map>

#include <fmt/format.h>

#include "common/sha256.h"
#include "rules/chip_facts.h"
#include "rules/expression.h"

namespace exportctl {

std::string_view OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kNoLicenseRequired: return "no_license_required";
    case Outcome::kLicenseException: return "license_exception";
    case Outcome::kLicenseRequired: return "license_required";
    case Outcome::kProhibited: return "prohibited";
  }
  return "license_required";
}

namespace {

int Strictness(ReviewPolicy p) {
  switch (p) {
    case ReviewPolicy::kNone: return 0;
    case ReviewPolicy::kPresumptionOfApproval: return 1;
    case ReviewPolicy::kCaseByCase: return 2;
    case ReviewPolicy::kPresumptionOfDenial: return 3;
  }
  return 0;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Vendor names as exporters: "Intel (Habana)" -> "intel", "Moore Threads" -> "moore threads".
std::string VendorExporter(std::string_view vendor) { return Lower(vendor.substr(0, vendor.find(" ("))); }

Status Validate(const CheckContext& ctx, const CheckRequest& in, Decision* d) {
  std::vector<Error> errors;
  auto country = [&](std::string_view what, const std::string& code, std::string* out) {
    auto v = ctx.countries->Validate(code);
    if (!v.ok()) errors.emplace_back(ErrorCode::kInvalidArgument, fmt::format("{}: {}", what, v.error().message()));
    else *out = std::string(Countries::Normalize(*v));
  };
  if (!in.chip) errors.emplace_back(ErrorCode::kInvalidArgument, "a chip is required");
  if (!in.as_of.valid()) errors.emplace_back(ErrorCode::kInvalidArgument, "an as-of date is required");
  if (!std::isfinite(in.quantity) || in.quantity <= 0 || in.quantity != std::floor(in.quantity))
    errors.emplace_back(ErrorCode::kInvalidArgument, fmt::format("quantity must be a positive whole number of units, not `{}`", in.quantity));
  if (in.unit_value && (!std::isfinite(*in.unit_value) || *in.unit_value < 0))
    errors.emplace_back(ErrorCode::kInvalidArgument, fmt::format("unit value must not be negative (got `{}`)", *in.unit_value));
  if (in.destination.empty()) errors.emplace_back(ErrorCode::kInvalidArgument, "a destination country is required");
  else country("destination", in.destination, &d->destination);
  country("ship-from", in.ship_from.empty() ? "US" : in.ship_from, &d->ship_from);
  if (!in.end_user_country.empty()) country("end-user country", in.end_user_country, &d->end_user_country);
  else d->end_user_country = d->destination;
  if (!in.end_user_hq.empty()) country("end-user headquarters", in.end_user_hq, &d->end_user_hq);
  else d->end_user_hq = d->end_user_country;
  for (const std::string& v : in.via) {
    std::string code;
    country("via", v, &code);
    d->via.push_back(code);
  }
  double total = 0;
  for (const Owner& o : in.owners) {
    if (o.name.empty()) errors.emplace_back(ErrorCode::kInvalidArgument, "an owner needs a name (NAME=SHARE)");
    if (!std::isfinite(o.share) || o.share <= 0 || o.share > 100)
      errors.emplace_back(ErrorCode::kInvalidArgument, fmt::format("owner `{}`: share must be in (0, 100], not `{}`", o.name, o.share));
    total += o.share;
  }
  if (total > 100.0001) errors.emplace_back(ErrorCode::kInvalidArgument, fmt::format("owner shares add up to {}%, more than 100%", total));
  if (!errors.empty()) return Error::Many(ErrorCode::kInvalidArgument, std::move(errors));
  d->as_of = in.as_of;
  d->quantity = in.quantity;
  d->unit_value = in.unit_value;
  d->currency = in.currency;
  d->end_user = in.end_user;
  d->end_use = in.end_use;
  d->owners = in.owners;
  d->exporter = in.exporter.empty() ? VendorExporter(in.chip->vendor) : Lower(in.exporter);
  return Ok{};
}

std::string DecisionId(const Decision& d, const RuleSet& rules) {
  // Every input that can change the decision, each field ended by a separator byte, hashed once.
  // Numbers go in as their bytes: the id is a fingerprint, never parsed back, and formatting them
  // as text cost more than the hash.
  std::string buf;
  buf.reserve(512);
  auto text = [&](std::string_view s, char end = '\x1f') {
    buf.append(s);
    buf.push_back(end);
  };
  auto number = [&](double v) {
    char bytes[sizeof v];
    std::memcpy(bytes, &v, sizeof v);
    buf.append(bytes, sizeof v);
  };
  const Chip& chip = *d.classification.chip;
  text(rules.content_hash());
  number(d.as_of.days());
  text(chip.id);
  number(d.quantity);
  number(d.unit_value.value_or(-1));
  for (const std::string* s : {&d.currency, &d.ship_from, &d.destination, &d.end_user, &d.end_user_country, &d.end_user_hq, &d.exporter})
    text(*s);
  for (const std::string& s : d.end_use) text(s, '\x1e');
  buf.push_back('\x1f');
  for (const std::string& s : d.via) text(s, '\x1e');
  buf.push_back('\x1f');
  for (const Owner& o : d.owners) {
    text(o.name, '=');
    number(o.share);
  }
  buf.push_back('\x1f');
  // The chip's figures decide too (a user spec may reuse a catalog id).
  for (Precision p : kAllPrecisions) number(chip.DenseTops(p).value_or(-1));
  number(chip.die_area_mm2.value_or(-1));
  number(chip.memory_bandwidth_gbs.value_or(-1));
  number(chip.interconnect_gbs.value_or(-1));
  return "dec_" + detail::Sha256Hex(buf).substr(0, 32);
}

// Screens the end user and the owners; fills the list facts and the decision's hits.
void ScreenParties(const CheckContext& ctx, Decision* d, rules::Facts* facts) {
  bool entity = false, sdn = false, meu = false;
  double listed_share = 0;
  auto screen = [&](const std::string& name, std::string_view role, double share) {
    if (name.empty()) return;
    bool owner_listed = false;
    for (PartyHit hit : ctx.screener->Screen(name, d->as_of)) {
      hit.party = name;
      hit.role = std::string(role);
      const bool in_force = !hit.listed_on || *hit.listed_on <= d->as_of;
      if (hit.band == "block" && in_force) {
        if (role == "end_user") {
          entity |= hit.list == "entity_list";
          sdn |= hit.list == "sdn";
          meu |= hit.list == "meu";
        } else if (hit.list == "entity_list" || hit.list == "sdn" || hit.list == "meu") {
          owner_listed = true;
        }
      } else if (hit.band == "review") {
        d->warnings.push_back({nullptr, fmt::format("possible restricted-party match for {} `{}`: `{}` on {} (score {:.2f}); review before shipping",
                                                    role == "end_user" ? "end user" : "owner", name, hit.entry_name, hit.source, hit.score)});
      } else if (!in_force) {
        continue;  // listed after the as-of date
      }
      d->screening.push_back(std::move(hit));
    }
    if (owner_listed) listed_share += share;
  };
  screen(d->end_user, "end_user", 0);
  for (const Owner& o : d->owners) screen(o.name, "owner", o.share);
  facts->Set(rules::Field::kEndUserEntityListed, entity);
  facts->Set(rules::Field::kEndUserSdnListed, sdn);
  facts->Set(rules::Field::kEndUserMeuListed, meu);
  facts->Set(rules::Field::kOwnerListedShare, listed_share);
}

// Catalog chips on a date classify the same way every time: memoised per thread, per engine
// instance (CheckContext::memo_id, never reused, so a reload can't be served stale pointers).
// Explanations are always computed afresh; user specs are never cached.
Classification CachedClassify(const CheckContext& ctx, const Chip& chip, Date as_of, bool explain) {
  if (explain || ctx.memo_id == 0 || !ctx.catalog || !ctx.catalog->Contains(&chip))
    return Classify(*ctx.rules, chip, as_of, explain);
  struct Cache {
    std::uint64_t memo_id = 0;
    std::unordered_map<uint64_t, Classification> entries;
  };
  thread_local Cache cache;
  if (cache.memo_id != ctx.memo_id || cache.entries.size() > 8192) {
    cache.entries.clear();
    cache.memo_id = ctx.memo_id;
  }
  const uint64_t key = (static_cast<uint64_t>(&chip - ctx.catalog->chips().data()) << 32) | static_cast<uint32_t>(as_of.days());
  auto it = cache.entries.find(key);
  if (it == cache.entries.end()) it = cache.entries.emplace(key, Classify(*ctx.rules, chip, as_of, false)).first;
  return it->second;
}

}  // namespace

Result<Decision> Check(const CheckContext& ctx, const CheckRequest& request, bool explain) {
  Decision d;
  if (auto v = Validate(ctx, request, &d); !v.ok()) return v.error();
  const RuleSet& rules = *ctx.rules;
  d.classification = CachedClassify(ctx, *request.chip, request.as_of, explain);
  const Classification& c = d.classification;

  rules::Facts facts;
  rules::FillChipFacts(*request.chip, c.metrics, &facts);
  if (c.determined) facts.Set(rules::Field::kEccn, std::string_view(c.eccn));
  facts.Set(rules::Field::kDestination, std::string_view(d.destination));
  facts.Set(rules::Field::kShipFrom, std::string_view(d.ship_from));
  facts.Set(rules::Field::kEndUserCountry, std::string_view(d.end_user_country));
  facts.Set(rules::Field::kEndUserHq, std::string_view(d.end_user_hq));
  facts.Set(rules::Field::kExporter, std::string_view(d.exporter));
  facts.Set(rules::Field::kQuantity, d.quantity);
  if (d.unit_value) facts.Set(rules::Field::kUnitValue, *d.unit_value);
  std::vector<std::string> via_tags;
  for (const std::string& v : d.via) via_tags.push_back("via:" + v);
  std::vector<std::string_view> tags(d.end_use.begin(), d.end_use.end());
  tags.insert(tags.end(), via_tags.begin(), via_tags.end());
  facts.SetTags(std::move(tags));
  if (ctx.screener) {
    ScreenParties(ctx, &d, &facts);
  } else {
    facts.Set(rules::Field::kEndUserEntityListed, false);
    facts.Set(rules::Field::kEndUserSdnListed, false);
    facts.Set(rules::Field::kEndUserMeuListed, false);
    facts.Set(rules::Field::kOwnerListedShare, 0.0);
    if (!d.end_user.empty()) d.warnings.push_back({nullptr, "end user not screened: no restricted-party lists loaded"});
  }

  rules::EvalContext ectx{&facts, ctx.countries, request.as_of};
  std::vector<rules::TraceStep> steps;
  auto eval = [&](const Rule* r) {
    steps.clear();
    rules::Tri t = r->when->Evaluate(ectx, explain ? &steps : nullptr);
    if (explain) {
      RuleTrace rt{r, t == rules::Tri::kTrue ? "fires" : t == rules::Tri::kFalse ? "does not apply" : "unknown", {}};
      for (const rules::TraceStep& s : steps) rt.steps.push_back({s.expression, s.values, std::string(rules::TriName(s.result))});
      d.trace.push_back(std::move(rt));
    }
    return t;
  };
  auto unknown_warning = [&](const Rule* r) {
    std::string fields;
    for (rules::Field f : r->when->fields())
      if (!facts.Known(f)) fields += (fields.empty() ? "" : ", ") + std::string(rules::SpecOf(f).name);
    d.warnings.push_back({r, fmt::format("{} could not be evaluated ({} unknown): {}", r->id, fields, r->title)});
  };

  // Requirements and the policies that revise them.
  std::vector<const Rule*> unknown_requirements;
  for (const Rule* r : rules.OfKind(RuleKind::kLicenseRequirement)) {
    if (!r->InForce(request.as_of)) continue;
    rules::Tri t = eval(r);
    if (t == rules::Tri::kTrue) d.requirements.push_back(r);
    else if (t == rules::Tri::kUnknown) unknown_requirements.push_back(r);
  }
  std::vector<const Rule*> policies;
  for (const Rule* r : rules.OfKind(RuleKind::kReviewPolicy))
    if (r->InForce(request.as_of) && eval(r) == rules::Tri::kTrue) policies.push_back(r);
  std::vector<const Rule*> exceptions;
  for (const Rule* r : rules.OfKind(RuleKind::kLicenseException))
    if (r->InForce(request.as_of) && eval(r) == rules::Tri::kTrue) exceptions.push_back(r);

  bool prohibited = false;
  std::vector<const Rule*> uncovered;
  for (const Rule* req : d.requirements) {
    d.deciding_rules.push_back(req);
    prohibited |= req->prohibited;
    bool covered = false;
    for (const Rule* ex : exceptions)
      if (std::find(ex->covers.begin(), ex->covers.end(), req->id) != ex->covers.end()) covered = true;
    if (!covered) uncovered.push_back(req);
  }
  for (const Rule* r : unknown_requirements) unknown_warning(r);

  if (prohibited) {
    d.outcome = Outcome::kProhibited;
  } else if (d.requirements.empty()) {
    d.outcome = unknown_requirements.empty() ? Outcome::kNoLicenseRequired : Outcome::kLicenseRequired;
    if (!unknown_requirements.empty()) {
      d.warnings.push_back({nullptr, "treated as licence required until the unknown figures are known"});
      for (const Rule* r : unknown_requirements) uncovered.push_back(r);
    }
  } else if (uncovered.empty()) {
    d.outcome = Outcome::kLicenseException;
  } else {
    d.outcome = Outcome::kLicenseRequired;
  }

  if (d.outcome == Outcome::kLicenseException) {
    for (const Rule* ex : exceptions) {
      bool useful = std::any_of(d.requirements.begin(), d.requirements.end(), [&](const Rule* req) {
        return std::find(ex->covers.begin(), ex->covers.end(), req->id) != ex->covers.end();
      });
      if (!useful) continue;
      d.exceptions.push_back(ex);
      d.deciding_rules.push_back(ex);
      d.duties.insert(d.duties.end(), ex->duties.begin(), ex->duties.end());
    }
  }
  if (d.outcome == Outcome::kLicenseRequired || d.outcome == Outcome::kProhibited) {
    // Each uncovered requirement's policy: its own, or that of the newest policy rule overriding it.
    for (const Rule* req : uncovered) {
      ReviewPolicy policy = req->review_policy;
      const Rule* newest = nullptr;
      for (const Rule* p : policies)
        if (std::find(p->overrides.begin(), p->overrides.end(), req->id) != p->overrides.end() &&
            (!newest || p->effective.from >= newest->effective.from))
          newest = p;
      if (newest) {
        policy = newest->review_policy;
        if (std::find(d.deciding_rules.begin(), d.deciding_rules.end(), newest) == d.deciding_rules.end())
          d.deciding_rules.push_back(newest);
      }
      if (Strictness(policy) > Strictness(d.review_policy)) d.review_policy = policy;
    }
    if (d.outcome == Outcome::kProhibited) d.review_policy = ReviewPolicy::kPresumptionOfDenial;
  }

  // Beside the outcome: conditions (when a licence or exception is involved), import-side
  // restrictions, permits and guidance.
  for (RuleKind kind : {RuleKind::kCondition, RuleKind::kImportRestriction, RuleKind::kPermit, RuleKind::kGuidance}) {
    for (const Rule* r : rules.OfKind(kind)) {
      if (!r->InForce(request.as_of)) continue;
      if (kind == RuleKind::kCondition && d.outcome == Outcome::kNoLicenseRequired) continue;
      if (eval(r) != rules::Tri::kTrue) continue;
      DecisionItem item{r, r->message};
      switch (kind) {
        case RuleKind::kCondition: d.conditions.push_back(item); break;
        case RuleKind::kImportRestriction: d.import_restrictions.push_back(item); break;
        case RuleKind::kPermit: d.permits.push_back(item); break;
        default: d.warnings.push_back(item); break;
      }
      d.deciding_rules.push_back(r);
    }
  }

  // Weak evidence and unknown figures behind the decision are said out loud.
  for (const Rule* r : d.deciding_rules)
    if (r->evidence == Evidence::kPLow)
      d.warnings.push_back({r, fmt::format("{} rests on weak evidence [P-low]: a single or conflicting secondary source", r->id)});
  if (!c.determined)
    d.warnings.push_back({nullptr, fmt::format("classification undetermined ({}); could be {}", fmt::join(c.unevaluated, "; "),
                                               fmt::join(c.possible_eccns, ", "))});
  if (request.end_user_hq.empty() && !d.end_user.empty())
    d.warnings.push_back({nullptr, "end-user headquarters not given: assumed " + d.end_user_hq + " (where the end user is located)"});
  for (const Rule* r : c.deciding_rules) d.deciding_rules.insert(d.deciding_rules.begin(), r);
  d.decision_id = DecisionId(d, rules);
  return d;
}

}  // namespace exportctl
