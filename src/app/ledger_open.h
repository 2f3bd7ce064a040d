// Opening the ledger for use by a front end (the CLI's ledger commands, `exportctl serve`): one
// rule for both. A brand-new SQLite file is migrated on the spot; any other database must already
// be at the schema version this build writes (else kInvalidData: "run `exportctl db migrate`"),
// so a front end never runs on a schema it does not know.
#pragma once

#include <memory>
#include <string>

#include "exportctl/ledger.h"

namespace exportctl::app {

// `url` as for Ledger::Open (already resolved: see the CLI's ResolveDbUrl for the default).
// `options.decider` decides shipments (app/shipment_decider.h); without it shipments are refused.
Result<std::unique_ptr<Ledger>> OpenLedgerForUse(const std::string& url, LedgerOptions options = {});

}  // namespace exportctl::app
