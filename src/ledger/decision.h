// Decisions of the licence check, as the ledger sees them: the JSON printed by
// `exportctl check --format json`, kept verbatim. The ledger does not depend on the check engine;
// it reads only the fields it needs to decide whether a decision supports a shipment.
#pragma once

#include <string>
#include <vector>

#include "exportctl/ledger.h"

namespace exportctl::ledger {

struct Decision {
  std::string id;           // decision_id
  std::string as_of;        // YYYY-MM-DD
  std::string outcome;      // no_license_required | license_required | license_exception | prohibited
  std::string chip;         // chip id (a string, or the `id` of a chip object)
  std::string destination;  // ISO 3166 alpha-2 (a string, or the `code`/`country` of an object)
  std::string ruleset;
  std::vector<std::string> rule_ids;
  std::string sha256;       // of the verbatim bytes
};

// Parses and checks the required fields; kInvalidArgument naming the missing one otherwise.
Result<Decision> ParseDecision(const std::string& json_text);

// Refuses (kRefused) unless the decision supports this shipment: the outcome allows the basis,
// and its chip, destination and date are the shipment's.
Status CheckDecisionSupports(const Decision& decision, const ShipmentRequest& request);

// Refuses (kRefused) unless the engine's own decision allows the shipment's basis: `hold` and
// `prohibited` never; basis license for license_required, license_exception and
// no_license_required (a licence may always be used); basis license_exception only for
// license_exception with the named exception among those offered; basis no_license_required only
// for no_license_required.
Status CheckOutcomeAllowsBasis(const ShipmentDecision& decided, const ShipmentRequest& request);

// Refuses (kRefused) a claimed decision whose outcome differs from the recomputed one, showing both.
Status CheckClaim(const Decision& claimed, const ShipmentDecision& decided);

}  // namespace exportctl::ledger
