#include "exportctl/check.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <unordered_map>

#include <boost/container/small_vector.hpp>
#include <fmt/format.h>

#include "check/rules_in_context.h"
#include "common/sha256.h"
#include "common/short_text.h"
#include "common/text_limits.h"
#include "rules/chip_facts.h"
#include "rules/expression.h"

namespace exportctl {

std::string_view OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kNoLicenseRequired: return "no_license_required";
    case Outcome::kLicenseException: return "license_exception";
    case Outcome::kLicenseRequired: return "license_required";
    case Outcome::kProhibited: return "prohibited";
    case Outcome::kHold: return "hold";
  }
  return "license_required";
}

namespace {

using ItemDigest = std::array<unsigned char, 16>;

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
  for (char& c : out) c = detail::AsciiLower(c);
  return out;
}

// Vendor names as exporters: "Intel (Habana)" -> "intel", "Moore Threads" -> "moore threads".
std::string VendorExporter(std::string_view vendor) { return Lower(vendor.substr(0, vendor.find(" ("))); }

Status Validate(const CheckContext& ctx, const CheckRequest& in, Decision* d) {
  std::vector<Error> errors;
  auto fail = [&](std::string field, std::string message) {
    errors.push_back(Error(ErrorCode::kInvalidArgument, std::move(message)).WithField(std::move(field)));
  };
  auto country = [&](std::string_view field, std::string_view what, const std::string& code, std::string* out) {
    auto v = ctx.countries->Validate(code);
    if (!v.ok()) fail(std::string(field), fmt::format("{}: {}", what, v.error().message()));
    else *out = std::string(Countries::Normalize(*v));
  };
  if (!in.chip) fail("chip", "a chip is required");
  // Free text is bounded and well-formed before anything screens or hashes it.
  auto text = [&](std::string_view value, std::string_view field, std::size_t max) {
    if (auto ok = detail::CheckText(value, field, max); !ok.ok()) errors.push_back(ok.error());
  };
  text(in.end_user, "end_user", detail::kMaxNameBytes);
  for (const Owner& o : in.owners) text(o.name, "owners", detail::kMaxNameBytes);
  text(in.exporter, "exporter", detail::kMaxNameBytes);
  text(in.currency, "currency", 16);
  if (!in.as_of.valid()) fail("as_of", "an as-of date is required");
  if (!std::isfinite(in.quantity) || in.quantity <= 0 || in.quantity != std::floor(in.quantity) || in.quantity > kMaxQuantity)
    fail("quantity", fmt::format("quantity must be a whole number of units from 1 to {}, not `{}`", kMaxQuantity, in.quantity));
  if (in.unit_value && (!std::isfinite(*in.unit_value) || *in.unit_value < 0 || *in.unit_value > kMaxUnitValue))
    fail("unit_value", fmt::format("unit value must be from 0 to {} (got `{}`)", kMaxUnitValue, *in.unit_value));
  if (in.destination.empty()) fail("destination", "a destination country is required");
  else country("destination", "destination", in.destination, &d->destination);
  country("ship_from", "ship-from", in.ship_from.empty() ? "US" : in.ship_from, &d->ship_from);
  if (!in.end_user_country.empty()) country("end_user_country", "end-user country", in.end_user_country, &d->end_user_country);
  else d->end_user_country = d->destination;
  // Never assumed: a missing headquarters stays unknown, and the rules that need it say so.
  if (!in.end_user_hq.empty()) country("end_user_hq", "end-user headquarters", in.end_user_hq, &d->end_user_hq);
  for (const std::string& v : in.via) {
    std::string code;
    country("via", "via", v, &code);
    d->via.push_back(code);
  }
  for (const std::string& tag : in.end_use) {
    if (!ctx.rules->KnownEndUse(tag)) {
      std::vector<std::string> known;
      for (const EndUseTag& t : ctx.rules->end_use_tags()) known.push_back(t.tag);
      fail("end_use", fmt::format("unknown end-use tag `{}` (known: {})", tag, fmt::join(known, ", ")));
    }
  }
  if (!in.end_user_type.empty()) {
    const auto& types = ctx.rules->end_user_types();
    if (std::find(types.begin(), types.end(), in.end_user_type) == types.end())
      fail("end_user_type", fmt::format("unknown end-user type `{}` (known: {})", in.end_user_type, fmt::join(types, ", ")));
  }
  if (!in.origin.empty()) {
    auto v = ctx.countries->Validate(in.origin);
    if (!v.ok() || v->size() != 2) fail("origin", fmt::format("origin `{}` is not an ISO 3166-1 alpha-2 country code", in.origin));
    else d->origin = *v;
  } else if (in.chip) {
    d->origin = in.chip->origin;
  }
  if (in.us_content && (!std::isfinite(*in.us_content) || *in.us_content < 0 || *in.us_content > 100))
    fail("us_content", fmt::format("US content is a percentage from 0 to 100, not `{}`", *in.us_content));
  double total = 0;
  for (const Owner& o : in.owners) {
    if (o.name.empty()) fail("owners", "an owner needs a name (NAME=SHARE)");
    if (!std::isfinite(o.share) || o.share <= 0 || o.share > 100)
      fail("owners", fmt::format("owner `{}`: share must be in (0, 100], not `{}`", o.name, o.share));
    total += o.share;
  }
  if (total > 100.0001) fail("owners", fmt::format("owner shares add up to {}%, more than 100%", total));
  if (errors.size() == 1) return errors.front();
  if (!errors.empty()) return Error::Many(ErrorCode::kInvalidArgument, std::move(errors));
  d->as_of = in.as_of;
  d->quantity = in.quantity;
  d->unit_value = in.unit_value;
  d->currency = in.currency;
  d->end_user = in.end_user;
  d->end_use = in.end_use;
  d->owners = in.owners;
  d->end_user_type = in.end_user_type;
  d->us_content = in.us_content;
  d->us_technology = in.us_technology ? in.us_technology : in.chip->us_technology;
  d->exporter = in.exporter.empty() ? VendorExporter(in.chip->vendor) : Lower(in.exporter);
  return Ok{};
}

// Numbers go into hashed messages as their bytes: a fingerprint is never parsed back, and
// formatting numbers as text cost more than the hash.
void AppendNumber(double v, std::string* buf) {
  char bytes[sizeof v];
  std::memcpy(bytes, &v, sizeof v);
  buf->append(bytes, sizeof v);
}

// 128 bits of SHA-256 over an item's figures — its dense TOPS by precision, die area, memory
// bandwidth and interconnect, and for an assembly each contained IC with its count and figures —
// which the decision id covers (a user spec may reuse a catalog id with other figures). Memoised
// with a catalog chip's classification.
ItemDigest FiguresDigest(const Chip& chip) {
  std::string buf;
  auto figures = [&](const Chip& c) {
    for (Precision p : kAllPrecisions)
      if (auto v = c.DenseTops(p)) {
        buf.push_back(static_cast<char>('a' + static_cast<int>(p)));
        AppendNumber(*v, &buf);
      }
    for (const std::optional<double>* f : {&c.die_area_mm2, &c.memory_bandwidth_gbs, &c.interconnect_gbs}) {
      buf.push_back(f->has_value() ? '+' : '-');
      if (*f) AppendNumber(**f, &buf);
    }
  };
  for (const ContainedIc& ic : chip.contains) {
    buf.append(ic.chip ? std::string_view(ic.chip->id) : std::string_view(ic.chip_id));
    buf.push_back('*');
    AppendNumber(ic.count, &buf);
    if (ic.chip) figures(*ic.chip);
  }
  buf.push_back('\x1f');
  figures(chip);
  detail::Sha256State state;
  state.Update(buf);
  ItemDigest digest;
  state.Digest(digest.data(), digest.size());
  return digest;
}

std::string DecisionId(const Decision& d, const RuleSet& rules, std::string_view lists_fingerprint, const ItemDigest& figures) {
  // Every input that can change the decision, each variable-length field ended by a separator
  // byte, hashed once. The message starts with the 64 bytes every decision of one engine shares:
  // 128 bits of the rule set's content hash and of the lists' fingerprint (each as unique as the
  // id itself), hashed once per thread for each (rule set, lists) pair; each decision continues
  // from a copy of that state with the rest, which is kept short (a few SHA-256 blocks).
  thread_local std::string prefix_rules, prefix_lists;
  thread_local detail::Sha256State after_prefix;
  const std::string_view rules_hash = std::string_view(rules.content_hash()).substr(0, 32);
  if (prefix_rules != rules_hash || prefix_lists != lists_fingerprint) {
    after_prefix = detail::Sha256State();
    after_prefix.Update(rules_hash);
    after_prefix.Update(detail::Sha256Hex(lists_fingerprint).substr(0, 32));
    prefix_rules = rules_hash;
    prefix_lists = lists_fingerprint;
  }
  thread_local std::string buf;  // reused: one allocation per thread, not per decision
  buf.clear();
  auto text = [&](std::string_view s, char end = '\x1f') {
    buf.append(s);
    buf.push_back(end);
  };
  auto optional_number = [&](const std::optional<double>& v) {
    buf.push_back(v ? '+' : '-');
    if (v) AppendNumber(*v, &buf);
  };
  const Chip& chip = *d.classification->chip;
  const int32_t days = d.as_of.days();
  buf.append(reinterpret_cast<const char*>(&days), sizeof days);
  text(chip.id);
  AppendNumber(d.quantity, &buf);
  optional_number(d.unit_value);
  optional_number(d.us_content);
  buf.push_back(d.us_technology ? (*d.us_technology ? '1' : '0') : '-');
  for (const std::string* s : {&d.currency, &d.ship_from, &d.destination, &d.end_user, &d.end_user_country, &d.end_user_hq, &d.exporter,
                               &d.end_user_type, &d.origin})
    text(*s);
  text(chip.Hts());
  for (const std::string& s : d.end_use) text(s, '\x1e');
  buf.push_back('\x1f');
  for (const std::string& s : d.via) text(s, '\x1e');
  buf.push_back('\x1f');
  for (const Owner& o : d.owners) {
    text(o.name, '=');
    AppendNumber(o.share, &buf);
  }
  buf.push_back('\x1f');
  buf.append(reinterpret_cast<const char*>(figures.data()), figures.size());
  detail::Sha256State state = after_prefix;
  state.Update(buf);
  std::string id;
  id.reserve(36);
  id.append("dec_");
  state.AppendHexDigest(32, &id);
  return id;
}

// Screens the end user and the owners; fills the list facts and the decision's hits. A hit counts
// only from its listing date. A block-band hit sets the list's fact (every list kind maps to one:
// the Entity List, SDN, MEU and Denied Persons lists their own, every other kind - Unverified List,
// State Department lists, the UN list, an imported list - `end_user_other_listed`, so no block hit
// is ever dropped or cited as a list it is not on); a review-band hit in force is an open hit that
// stops a "go"; a cleared hit is only reported. A name with letters the screener cannot read holds
// the decision too.
void ScreenParties(const CheckContext& ctx, Decision* d, rules::Facts* facts) {
  bool entity = false, sdn = false, meu = false, dpl = false, other = false, fdp = false;
  double listed_share = 0;
  auto screen = [&](const std::string& name, std::string_view role, double share) {
    if (name.empty()) return;
    if (std::string unread = ctx.screener->UnreadLetters(name); !unread.empty()) {
      d->holds.push_back({"unread_name", name,
                          fmt::format("the {} name `{}` was not screened in full: {} is in a script the screener does not read; "
                                      "screen the name as written in Latin letters before shipping",
                                      role == "end_user" ? "end user" : "owner", name, unread)});
    }
    bool owner_listed = false;
    std::vector<PartyHit> hits = ctx.screener->Screen(name, d->as_of);
    for (PartyHit& hit : hits) {
      hit.party = name;
      hit.role = role;
      const bool in_force = !hit.listed_on || *hit.listed_on <= d->as_of;
      if (!in_force) continue;  // listed after the as-of date: not a hit on that day
      if (hit.band == "block") {
        if (role == "end_user") {
          bool& fact = hit.list == "entity_list" ? entity
                       : hit.list == "sdn"       ? sdn
                       : hit.list == "meu"       ? meu
                       : hit.list == "dpl"       ? dpl
                                                 : other;  // uvl, isn, un, imported lists …
          fact = true;
          fdp |= hit.fdp_footnote;
        } else {
          owner_listed = true;
        }
      } else if (hit.band == "cleared") {
        // Judged a false match under a clearance (four eyes, in the ledger): shown, no effect.
      } else if (hit.band == "review") {
        d->holds.push_back({"open_screening_hit", name,
                            fmt::format("possible restricted-party match for {} `{}`: `{}` on {} (score {:.2f}); clear or confirm it before shipping",
                                        role == "end_user" ? "end user" : "owner", name, hit.entry_name, hit.source, hit.score)});
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
  facts->Set(rules::Field::kEndUserDplListed, dpl);
  facts->Set(rules::Field::kEndUserOtherListed, other);
  facts->Set(rules::Field::kEndUserFdpListed, fdp);
  facts->Set(rules::Field::kOwnerListedShare, listed_share);
}

template <typename List, typename Value>
bool Contains(const List& list, const Value& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}
// The same for lists of names (rule ids, regimes, fields), compared in line.
template <typename List>
bool ContainsText(const List& list, std::string_view v) {
  return std::any_of(list.begin(), list.end(), [&](std::string_view x) { return detail::SameText(x, v); });
}

// The fields of `rule`'s condition that are unknown, split into request facts and item figures.
struct Unknowns {
  boost::container::small_vector<std::string_view, 6> request, figures;  // no allocation for a few
};
Unknowns UnknownFields(const Rule& rule, const rules::Facts& facts) {
  Unknowns u;
  for (rules::Field f : rule.when->fields()) {
    if (facts.Known(f)) continue;
    const rules::FieldSpec& spec = rules::SpecOf(f);
    (spec.request_fact ? u.request : u.figures).push_back(spec.name);
  }
  return u;
}

// Why `ex` may not be used while `reqs` apply (empty: it may). An allow-list of a Part 746 rule is
// §740.2(a)(6)'s; any other rule's bar is its own (Entity List, denial orders …: see its citations).
std::string ExceptionBar(const Rule& ex, const std::vector<const Rule*>& reqs) {
  for (const Rule* q : reqs) {
    if (q->allowed_exceptions && !Contains(*q->allowed_exceptions, ex.exception)) {
      const std::string_view cite = q->part.starts_with("746") ? " (§740.2(a)(6))" : "";
      return q->allowed_exceptions->empty()
                 ? fmt::format("no licence exception may be used where {} applies{}", q->id, cite)
                 : fmt::format("{} allows only {}{}", q->id, fmt::join(*q->allowed_exceptions, ", "), cite);
    }
    for (const std::string& part : ex.not_with_parts)
      if (!q->part.empty() && q->part.starts_with(part) && !Contains(ex.not_with_except, q->id))
        return fmt::format("not available where a Part {} requirement applies: {} (§740.8(b))", part, q->id);
  }
  return {};
}

// The IC of an assembly whose classification decided it (its figures are the assembly's facts).
const Chip* ChipOfContained(const Chip& assembly, const Classification& c) {
  for (const ContainedIc& ic : assembly.contains)
    if (ic.chip && !c.contained.empty()) {
      for (const ContainedClassification& cc : c.contained)
        if (cc.chip_id == ic.chip->id && cc.eccn == c.eccn) return ic.chip;
    }
  for (const ContainedIc& ic : assembly.contains)
    if (ic.chip) return ic.chip;
  return &assembly;
}

// An item's classification with what the rules read of its ECCN: its reasons for control and
// its bits in the rule set's ECCN prefix dictionary.
struct ClassifiedItem {
  std::shared_ptr<const Classification> classification;
  const EccnEntry* eccn = nullptr;  // null: no entry (or undetermined)
  uint64_t eccn_bits = ~uint64_t{0};  // all ones while the ECCN is undetermined
  ItemDigest figures{};               // FiguresDigest of the item
};
ClassifiedItem Classified(const RuleSet& rules, const Chip& chip, std::shared_ptr<const Classification> c) {
  ClassifiedItem item{std::move(c)};
  item.figures = FiguresDigest(chip);
  if (item.classification->determined) {
    item.eccn = rules.FindEccn(item.classification->eccn);
    item.eccn_bits = rules.EccnBits(item.classification->eccn);
  }
  return item;
}

// Catalog chips on a date classify the same way every time: memoised per thread, per engine
// instance (CheckContext::memo_id, never reused, so a reload can't be served stale pointers), and
// shared by the decisions made on them (a decision keeps its classification alive after the memo
// drops it). Explanations are always computed afresh; user specs are never cached. The reference
// stays valid until the next call on the same thread.
const ClassifiedItem& CachedClassify(const CheckContext& ctx, const Chip& chip, Date as_of, bool explain) {
  thread_local ClassifiedItem afresh;
  if (explain || ctx.memo_id == 0 || !ctx.catalog || !ctx.catalog->Contains(&chip)) {
    afresh = Classified(*ctx.rules, chip, std::make_shared<const Classification>(Classify(*ctx.rules, chip, as_of, explain)));
    return afresh;
  }
  struct Cache {
    std::uint64_t memo_id = 0;
    std::unordered_map<uint64_t, ClassifiedItem> entries;
  };
  thread_local Cache cache;
  if (cache.memo_id != ctx.memo_id || cache.entries.size() > 8192) {
    cache.entries.clear();
    cache.memo_id = ctx.memo_id;
  }
  const uint64_t key = (static_cast<uint64_t>(&chip - ctx.catalog->chips().data()) << 32) | static_cast<uint32_t>(as_of.days());
  auto it = cache.entries.find(key);
  if (it == cache.entries.end())
    it = cache.entries.emplace(key, Classified(*ctx.rules, chip, std::make_shared<const Classification>(Classify(*ctx.rules, chip, as_of, false)))).first;
  return it->second;
}

// The working lists of one decision, kept per thread and cleared for each decision, so that
// deciding does not allocate them afresh. Check is not re-entered on a thread.
struct Scratch {
  std::vector<std::string> via_tags;
  std::vector<std::string_view> tags;
  std::vector<std::string_view> out_of_scope;
  std::vector<const Rule*> unknown_requirements, policies, exceptions, uncovered;
};
Scratch& TheScratch() {
  thread_local Scratch scratch;
  scratch.via_tags.clear();
  scratch.tags.clear();
  scratch.out_of_scope.clear();
  scratch.unknown_requirements.clear();
  scratch.policies.clear();
  scratch.exceptions.clear();
  scratch.uncovered.clear();
  return scratch;
}

}  // namespace

Result<Decision> Check(const CheckContext& ctx, const CheckRequest& request, bool explain) {
  Result<Decision> result(std::in_place);  // filled where it lies and returned by name: never moved
  Decision& d = *result;
  if (auto v = Validate(ctx, request, &d); !v.ok()) {
    result = v.error();
    return result;
  }
  d.deciding_rules.reserve(16);
  const RuleSet& rules = *ctx.rules;
  const ClassifiedItem& classified = CachedClassify(ctx, *request.chip, request.as_of, explain);
  d.classification = classified.classification;
  const Classification& c = *d.classification;

  // The facts every rule reads. An assembly's figures are those of the IC that decided it.
  rules::Facts facts;
  const Chip& figures = c.contained.empty() ? *request.chip : *ChipOfContained(*request.chip, c);
  rules::FillChipFacts(figures, c.metrics, &facts);
  facts.Set(rules::Field::kItemType, ItemTypeName(request.chip->item_type));
  facts.Set(rules::Field::kHts, request.chip->Hts());
  if (c.determined) {
    facts.Set(rules::Field::kEccn, std::string_view(c.eccn));
    if (classified.eccn) facts.SetReasons(classified.eccn->reasons);
  }
  facts.Set(rules::Field::kDestination, std::string_view(d.destination));
  facts.Set(rules::Field::kDestinationCountry, Countries::CountryOf(d.destination));
  facts.Set(rules::Field::kShipFrom, std::string_view(d.ship_from));
  facts.Set(rules::Field::kEndUserCountry, std::string_view(d.end_user_country));
  if (!d.end_user_hq.empty()) facts.Set(rules::Field::kEndUserHq, std::string_view(d.end_user_hq));
  else facts.Clear(rules::Field::kEndUserHq);
  facts.Set(rules::Field::kExporter, std::string_view(d.exporter));
  facts.Set(rules::Field::kQuantity, d.quantity);
  if (d.unit_value) facts.Set(rules::Field::kUnitValue, *d.unit_value);
  if (!d.origin.empty()) facts.Set(rules::Field::kOrigin, std::string_view(d.origin));
  else facts.Clear(rules::Field::kOrigin);
  facts.Set(rules::Field::kUsContent, d.us_content);
  if (d.us_technology) facts.Set(rules::Field::kUsTechnology, *d.us_technology);
  else facts.Clear(rules::Field::kUsTechnology);
  if (!d.end_user_type.empty()) facts.Set(rules::Field::kEndUserType, std::string_view(d.end_user_type));
  Scratch& scratch = TheScratch();
  for (const std::string& v : d.via) scratch.via_tags.push_back("via:" + v);
  scratch.tags.assign(d.end_use.begin(), d.end_use.end());
  scratch.tags.insert(scratch.tags.end(), scratch.via_tags.begin(), scratch.via_tags.end());
  facts.SetTags(scratch.tags);
  if (ctx.screener) {
    d.lists = ctx.screener->ListVersions();
    ScreenParties(ctx, &d, &facts);
    if (std::string_view gap = ctx.screener->CoverageWarning(); !gap.empty() && (!d.end_user.empty() || !d.owners.empty()))
      d.warnings.push_back({nullptr, std::string(gap)});
  } else {
    for (rules::Field f : {rules::Field::kEndUserEntityListed, rules::Field::kEndUserSdnListed,
                           rules::Field::kEndUserMeuListed, rules::Field::kEndUserDplListed,
                           rules::Field::kEndUserOtherListed, rules::Field::kEndUserFdpListed})
      facts.Set(f, false);
    facts.Set(rules::Field::kOwnerListedShare, 0.0);
    if (!d.end_user.empty()) d.warnings.push_back({nullptr, "end user not screened: no restricted-party lists loaded"});
  }

  // Rules whose condition is settled by the decision's context alone (where it ships, to whom, by
  // whom, for which end uses, on which day): found once per context (rules_in_context.h). Those
  // false there are never read; those true there are not evaluated again.
  const detail::RulesInContext* in_context =
      explain ? nullptr : &detail::RulesInContext::Find(rules, *ctx.countries, facts, request.as_of, ctx.memo_id);
  rules::EvalContext ectx{&facts, ctx.countries, request.as_of};
  std::vector<rules::TraceStep> steps;
  auto eval = [&](const Rule* r) {
    if (in_context && in_context->Sure(r)) return rules::Tri::kTrue;
    steps.clear();
    rules::Tri t = r->when->Evaluate(ectx, explain ? &steps : nullptr);
    if (explain) {
      RuleTrace rt{r, t == rules::Tri::kTrue ? "fires" : t == rules::Tri::kFalse ? "does not apply" : "unknown", {}};
      for (const rules::TraceStep& s : steps) rt.steps.push_back({s.expression, s.values, std::string(rules::TriName(s.result))});
      d.trace.push_back(std::move(rt));
    }
    return t;
  };
  // Facts the request did not state, each named once, with the first rule that needed it.
  auto missing_fact = [&](std::string_view field, const Rule* r, std::string_view why) {
    for (const Hold& h : d.holds)
      if (detail::SameText(h.kind, "missing_fact") && h.subject == field) return;
    // "`end_user_hq` not given: <why> (<rule id>)", joined by hand: holds are common, and parsing a
    // format string cost more than the rest of the hold.
    std::string message;
    message.reserve(field.size() + why.size() + r->id.size() + 16);
    message.append("`").append(field).append("` not given: ").append(why).append(" (").append(r->id).append(")");
    d.holds.push_back({"missing_fact", std::string(field), std::move(message), r});
  };

  // Rules that cannot fire for this destination, chip or set of tags are skipped (their index is
  // sound: the condition would be false); with --explain every rule is evaluated for the trace.
  const std::string_view destination_country = Countries::CountryOf(d.destination);
  const std::string_view chip_id = facts.String(rules::Field::kChip);
  const uint64_t destination_bit = IndexBit(d.destination), country_bit = IndexBit(destination_country),
                 chip_bit = IndexBit(chip_id);
  uint64_t tag_bits = 0;
  for (std::string_view tag : facts.tags()) tag_bits |= IndexBit(tag);
  const uint64_t eccn_bits = classified.eccn_bits;
  const uint64_t known_not_true = facts.KnownNotTrue();
  auto admits_item = [&](const Rule::Index& ix) {  // the item's part: chip, ECCN, yes/no facts
    return (ix.chip & chip_bit) && (ix.eccn & eccn_bits) && !(ix.true_fields & known_not_true);
  };
  auto admits = [&](const Rule::Index& ix) {
    return explain || ((ix.destination & destination_bit) && (ix.destination_country & country_bit) &&
                       (ix.tags & tag_bits) == ix.tags && admits_item(ix));
  };
  // 1. Scope: is the item subject to each regime that has scope rules (§734.3)?
  std::vector<std::string_view>& out_of_scope = scratch.out_of_scope;  // regimes the item is not subject to
  const std::vector<const Rule*>& scope_rules = rules.OfKind(RuleKind::kScope);
  for (std::size_t k = 0; k < scope_rules.size(); ++k) {
    const Rule* r = scope_rules[k];
    if (!r->InForce(request.as_of)) continue;
    auto it = std::find_if(d.scope.begin(), d.scope.end(), [&](const Scope& s) { return detail::SameText(s.regime, r->regime); });
    if (it == d.scope.end()) it = d.scope.insert(d.scope.end(), Scope{r->regime, "no", {}, {}});
    if (!admits(r->index) || (in_context && !in_context->May(RuleKind::kScope, k))) continue;  // cannot fire here
    if (detail::SameText(it->subject, "yes") && !explain) continue;  // settled: one reason is enough
    rules::Tri t = eval(r);
    if (t == rules::Tri::kTrue) {
      it->subject = "yes";
      it->rules.push_back(r);
    } else if (t == rules::Tri::kUnknown && !detail::SameText(it->subject, "yes")) {
      it->subject = "unknown";
      for (std::string_view f : UnknownFields(*r, facts).request)
        if (!Contains(it->missing, f)) it->missing.emplace_back(f);
    }
  }
  for (Scope& s : d.scope) {
    if (detail::SameText(s.subject, "yes")) {
      s.missing.clear();
      d.deciding_rules.insert(d.deciding_rules.end(), s.rules.begin(), s.rules.end());
    } else if (detail::SameText(s.subject, "no")) {
      out_of_scope.push_back(s.regime);
      d.warnings.push_back({nullptr, fmt::format("the item is not subject to {} on the facts given (no scope rule applies): none of its rules is applied", s.regime)});
    }
  }
  // Calls visit(rule) for each rule of `kind` that may apply: in force on the date, let through by
  // its index, of a regime the item is subject to. Only those rules are read.
  auto for_each_applicable = [&](RuleKind kind, auto&& visit) {
    const std::vector<const Rule*>& of_kind = rules.OfKind(kind);
    const std::vector<RuleSet::Candidate>& candidates = rules.CandidatesOfKind(kind);
    auto consider = [&](std::size_t k) {
      const Rule* r = of_kind[k];
      if (out_of_scope.empty() || !ContainsText(out_of_scope, r->regime)) visit(r);
    };
    if (in_context) {  // in force and possible in the context: only the item's part of the index is left
      in_context->ForEach(kind, [&](std::size_t k) {
        if (admits_item(candidates[k].index)) consider(k);
      });
      return;
    }
    for (std::size_t k = 0; k < candidates.size(); ++k)
      if (candidates[k].in_force.Contains(request.as_of) && admits(candidates[k].index)) consider(k);
  };

  // 2. Requirements, waivers, review policies and exceptions.
  std::vector<const Rule*>& unknown_requirements = scratch.unknown_requirements;
  for_each_applicable(RuleKind::kLicenseRequirement, [&](const Rule* r) {
    rules::Tri t = eval(r);
    if (t == rules::Tri::kTrue) d.requirements.push_back(r);
    else if (t == rules::Tri::kUnknown) unknown_requirements.push_back(r);
  });
  for_each_applicable(RuleKind::kWaiver, [&](const Rule* w) {
    const bool relevant = std::any_of(d.requirements.begin(), d.requirements.end(), [&](const Rule* q) { return ContainsText(w->lifts, q->id); }) ||
                          std::any_of(unknown_requirements.begin(), unknown_requirements.end(), [&](const Rule* q) { return ContainsText(w->lifts, q->id); });
    if (!relevant || eval(w) != rules::Tri::kTrue) return;
    d.waivers.push_back(w);
    d.deciding_rules.push_back(w);
    for (auto* list : {&d.requirements, &unknown_requirements}) {
      for (auto it = list->begin(); it != list->end();) {
        if (ContainsText(w->lifts, (*it)->id)) {
          d.waived.push_back(*it);
          it = list->erase(it);
        } else {
          ++it;
        }
      }
    }
    if (w->WeakEvidence())
      d.holds.push_back({"weak_evidence", w->id,
                         fmt::format("{} lifts {} but rests only on [{}] evidence: {}", w->id, fmt::join(w->lifts, ", "),
                                     EvidenceName(w->evidence), w->title), w});
  });
  std::vector<const Rule*>& policies = scratch.policies;
  for_each_applicable(RuleKind::kReviewPolicy, [&](const Rule* r) {
    if (eval(r) == rules::Tri::kTrue) policies.push_back(r);
  });
  std::vector<const Rule*>& exceptions = scratch.exceptions;
  for_each_applicable(RuleKind::kLicenseException, [&](const Rule* r) {
    const bool relevant = std::any_of(d.requirements.begin(), d.requirements.end(), [&](const Rule* q) { return ContainsText(r->covers, q->id); });
    if (!relevant) return;
    rules::Tri t = eval(r);
    if (t == rules::Tri::kUnknown) {
      Unknowns u = UnknownFields(*r, facts);
      d.unavailable_exceptions.push_back({r, fmt::format("could not be evaluated ({} unknown)", fmt::join(u.request.empty() ? u.figures : u.request, ", "))});
      return;
    }
    if (t != rules::Tri::kTrue) return;
    std::string bar = ExceptionBar(*r, d.requirements);
    if (!bar.empty()) d.unavailable_exceptions.push_back({r, std::move(bar)});
    else exceptions.push_back(r);
  });

  bool prohibited = false;
  std::vector<const Rule*>& uncovered = scratch.uncovered;
  for (const Rule* req : d.requirements) {
    d.deciding_rules.push_back(req);
    prohibited |= req->prohibited;
    bool covered = std::any_of(exceptions.begin(), exceptions.end(), [&](const Rule* ex) { return ContainsText(ex->covers, req->id); });
    if (!covered) uncovered.push_back(req);
  }
  // A requirement that could not be evaluated: on an unknown figure of the item it is treated as
  // applying; on an unknown request fact the "go" is held until the fact is given.
  bool unknown_figures = false;
  for (const Rule* r : unknown_requirements) {
    Unknowns u = UnknownFields(*r, facts);
    if (!u.figures.empty()) {
      unknown_figures = true;
      uncovered.push_back(r);
      d.warnings.push_back({r, fmt::format("{} could not be evaluated ({} unknown): {}", r->id, fmt::join(u.figures, ", "), r->title)});
    }
    for (std::string_view f : u.request) missing_fact(f, r, r->title);
  }
  for (const Scope& s : d.scope)
    for (const std::string& f : s.missing) {
      const Rule* first = nullptr;
      for (const Rule* r : rules.OfKind(RuleKind::kScope))
        if (r->regime == s.regime && r->InForce(request.as_of) && Contains(r->when->fields(), *rules::FieldByName(f))) { first = r; break; }
      if (first) missing_fact(f, first, fmt::format("whether the item is subject to {} depends on it", s.regime));
    }

  if (prohibited) {
    d.outcome = Outcome::kProhibited;
  } else if (d.requirements.empty()) {
    d.outcome = unknown_figures ? Outcome::kLicenseRequired : Outcome::kNoLicenseRequired;
    if (unknown_figures) d.warnings.push_back({nullptr, "treated as licence required until the unknown figures are known"});
  } else if (uncovered.empty()) {
    d.outcome = Outcome::kLicenseException;
  } else {
    d.outcome = Outcome::kLicenseRequired;
  }

  if (d.outcome == Outcome::kLicenseException) {
    for (const Rule* ex : exceptions) {
      bool useful = std::any_of(d.requirements.begin(), d.requirements.end(), [&](const Rule* req) { return ContainsText(ex->covers, req->id); });
      if (!useful) continue;
      d.exceptions.push_back(ex);
      d.deciding_rules.push_back(ex);
      d.duties.insert(d.duties.end(), ex->duties.begin(), ex->duties.end());
      if (ex->WeakEvidence())
        d.holds.push_back({"weak_evidence", ex->id, fmt::format("licence exception {} rests only on [{}] evidence: {}", ex->exception, EvidenceName(ex->evidence), ex->title), ex});
    }
  }
  if (d.outcome == Outcome::kLicenseRequired || d.outcome == Outcome::kProhibited) {
    // Each uncovered requirement's policy: its own, or that of the newest policy rule overriding it.
    for (const Rule* req : uncovered) {
      ReviewPolicy policy = req->review_policy;
      const Rule* newest = nullptr;
      for (const Rule* p : policies)
        if (ContainsText(p->overrides, req->id) && (!newest || p->effective.from >= newest->effective.from)) newest = p;
      if (newest) {
        policy = newest->review_policy;
        if (!Contains(d.deciding_rules, newest)) d.deciding_rules.push_back(newest);
      }
      if (Strictness(policy) > Strictness(d.review_policy)) d.review_policy = policy;
    }
    if (d.outcome == Outcome::kProhibited) d.review_policy = ReviewPolicy::kPresumptionOfDenial;
  }

  // An exclusion that took the item out of a control and rests on weak evidence cannot by itself
  // give a "go".
  for (const Rule* r : c.deciding_rules)
    if (r->kind == RuleKind::kExclusion && r->WeakEvidence())
      d.holds.push_back({"weak_evidence", r->id, fmt::format("{} takes the item out of {} but rests only on [{}] evidence", r->id,
                                                              fmt::join(r->excludes, ", "), EvidenceName(r->evidence)), r});
  // 3. A "go" that depends on anything unsettled is a hold; for other outcomes the same items stay
  // listed (the facts would still matter, e.g. for the review policy).
  if ((d.outcome == Outcome::kNoLicenseRequired || d.outcome == Outcome::kLicenseException) && !d.holds.empty())
    d.outcome = Outcome::kHold;

  // Beside the outcome: conditions (when a licence or exception is involved), import-side
  // restrictions, permits and guidance.
  for (RuleKind kind : {RuleKind::kCondition, RuleKind::kImportRestriction, RuleKind::kPermit, RuleKind::kGuidance}) {
    if (kind == RuleKind::kCondition && d.outcome == Outcome::kNoLicenseRequired) continue;
    for_each_applicable(kind, [&](const Rule* r) {
      rules::Tri t = eval(r);
      if (t == rules::Tri::kUnknown && (kind == RuleKind::kPermit || kind == RuleKind::kImportRestriction)) {
        // A third country's permit or measure that may apply is said, never dropped.
        Unknowns u = UnknownFields(*r, facts);
        d.warnings.push_back({r, fmt::format("may apply ({} unknown): {}", fmt::join(u.request.empty() ? u.figures : u.request, ", "), r->message)});
        return;
      }
      if (t != rules::Tri::kTrue) return;
      DecisionItem reported{r, r->message};
      switch (kind) {
        case RuleKind::kCondition: d.conditions.push_back(std::move(reported)); break;
        case RuleKind::kImportRestriction: d.import_restrictions.push_back(std::move(reported)); break;
        case RuleKind::kPermit: d.permits.push_back(std::move(reported)); break;
        default: d.warnings.push_back(std::move(reported)); break;
      }
      d.deciding_rules.push_back(r);
    });
  }

  // Weak evidence and unknown figures behind the decision are said out loud.
  for (const Rule* r : d.deciding_rules)
    if (r->WeakEvidence())
      d.warnings.push_back({r, fmt::format("{} rests on weak evidence [{}]: {}", r->id, EvidenceName(r->evidence),
                                           r->evidence == Evidence::kI ? "an inference from the texts" : "a single or conflicting secondary source")});
  if (!c.determined)
    d.warnings.push_back({nullptr, fmt::format("classification undetermined ({}); could be {}", fmt::join(c.unevaluated, "; "),
                                               fmt::join(c.possible_eccns, ", "))});
  if (const Countries::Subdivision* region = ctx.countries->FindSubdivision(d.destination); region && !region->note.empty())
    d.warnings.push_back({nullptr, region->note});
  for (const Rule* r : c.deciding_rules) d.deciding_rules.insert(d.deciding_rules.begin(), r);
  d.decision_id = DecisionId(d, rules, ctx.screener ? ctx.screener->ListsFingerprint() : std::string_view(), classified.figures);
  return result;
}

}  // namespace exportctl
