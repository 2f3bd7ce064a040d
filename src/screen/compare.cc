// The small public helpers of exportctl/screen.h: bands, party types and CompareNames.
#include <fmt/format.h>

#include "exportctl/screen.h"
#include "screen/normalize.h"
#include "screen/scorer.h"

namespace exportctl::screen {

std::string_view BandName(Band band) {
  switch (band) {
    case Band::kClear: return "clear";
    case Band::kReview: return "review";
    case Band::kBlock: return "block";
  }
  return "clear";
}

Band BandFor(double score) {
  if (score >= kBlockThreshold) return Band::kBlock;
  if (score >= kDefaultThreshold) return Band::kReview;
  return Band::kClear;
}

std::string_view PartyTypeName(PartyType type) {
  switch (type) {
    case PartyType::kAny: return "any";
    case PartyType::kPerson: return "person";
    case PartyType::kEntity: return "entity";
    case PartyType::kVessel: return "vessel";
    case PartyType::kAircraft: return "aircraft";
  }
  return "any";
}

Result<PartyType> ParsePartyType(std::string_view text) {
  for (PartyType t : {PartyType::kAny, PartyType::kPerson, PartyType::kEntity, PartyType::kVessel,
                      PartyType::kAircraft}) {
    if (text == PartyTypeName(t)) return t;
  }
  return Error(ErrorCode::kInvalidArgument,
               fmt::format("unknown party type `{}` (expected person, entity, vessel or aircraft)",
                           text));
}

Comparison CompareNames(std::string_view a, std::string_view b, PartyType type) {
  bool person = type == PartyType::kPerson;
  NormalizedName na = NormalizeName(a, person);
  NormalizedName nb = NormalizeName(b, person);
  na.person = nb.person = person;  // as the Screener marks a person entry's names
  Comparison c;
  c.score = ScoreNames(na, nb, &c.explanation);
  c.band = BandFor(c.score);
  c.match = c.score >= kDefaultThreshold;
  return c;
}

}  // namespace exportctl::screen
