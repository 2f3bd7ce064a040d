// The checks a shipment must pass: first on its own (well-formed request), then against the
// licence it is shipped under, with the licence's running totals read inside the same write
// transaction. Every refusal is kRefused (or kInvalidArgument for a malformed request) with one
// line that says exactly why.
#pragma once

#include <cstdint>

#include "exportctl/ledger.h"

namespace exportctl::ledger {

// Normalises codes to upper case; refuses missing or malformed fields.
Status CheckShipmentRequest(ShipmentRequest& request);

// Refuses unless the licence covers the shipment: status, validity window, item, destination,
// consignee, currency, and the remaining quantity and value after `used_quantity`/`used_value`.
Status CheckAgainstLicence(const ShipmentRequest& request, const Licence& licence, std::int64_t used_quantity,
                           std::int64_t used_value);

// quantity × unit price in minor units; kInvalidArgument on overflow.
Result<std::int64_t> ShipmentValue(std::int64_t quantity, std::int64_t unit_price_minor);

}  // namespace exportctl::ledger
