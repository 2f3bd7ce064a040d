// The ledger's decision engine: a ShipmentDecider (exportctl/ledger.h) over an Engine snapshot.
// A shipment is turned into a check request — chip, destination, quantity, unit value, currency
// and date from the shipment; end user (default: the consignee), headquarters, end use and the
// other facts from its `facts_json` (or the claimed decision's `request`) — and decided like any
// `exportctl check`. Thread-safe when `snapshot` is.
#pragma once

#include <functional>
#include <memory>

#include "exportctl/engine.h"
#include "exportctl/ledger.h"

namespace exportctl::app {

// `snapshot` returns the engine to decide with (called once per shipment, so a server's reload
// applies to the next shipment).
ShipmentDecider MakeShipmentDecider(std::function<std::shared_ptr<const Engine>()> snapshot);

// Both ledger hooks over the engine `snapshot` returns: the shipment decider and the licence-item
// resolver (catalog ids and aliases; LedgerOptions::resolve_item).
LedgerOptions EngineLedgerOptions(std::function<std::shared_ptr<const Engine>()> snapshot);

}  // namespace exportctl::app
