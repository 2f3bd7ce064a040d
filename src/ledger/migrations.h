// Versioned schema migrations shared by both back ends (`exportctl db migrate`).
//
// Migration N is a list of portable SQL statements (BIGINT, TEXT, INTEGER, composite keys: the
// subset SQLite and PostgreSQL agree on); a migration can be for one back end only (recorded as
// applied on the other). Applied versions are recorded in `schema_migrations`; all pending
// migrations run in one write transaction, so concurrent `migrate` runs are safe, nobody sees a
// half-migrated database, and a failure leaves the previous version intact. Never edit a
// released migration: append one.
#pragma once

#include <vector>

#include "exportctl/error.h"
#include "ledger/store.h"

namespace exportctl::ledger {

int LatestSchemaVersion();
// 0 for an empty database.
Result<int> CurrentSchemaVersion(LedgerStore& store);
// Applies the pending migrations; returns the versions applied. `now` is the recording timestamp.
Result<std::vector<int>> ApplyMigrations(LedgerStore& store, const std::string& now);

}  // namespace exportctl::ledger
