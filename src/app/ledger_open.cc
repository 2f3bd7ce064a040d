#include "app/ledger_open.h"

#include <fmt/format.h>

namespace exportctl::app {

Result<std::unique_ptr<Ledger>> OpenLedgerForUse(const std::string& url, LedgerOptions options) {
  auto ledger = Ledger::Open(url, std::move(options));
  if (!ledger) return ledger;
  auto version = (*ledger)->SchemaVersion();
  if (!version) return version.error();
  if (*version == 0 && (*ledger)->BackendName() == "sqlite") {
    auto applied = (*ledger)->Migrate();
    if (!applied) return applied.error();
    return ledger;
  }
  if (*version < LatestLedgerSchemaVersion())
    return Error(ErrorCode::kInvalidData,
                 fmt::format("the ledger is at schema version {}, this exportctl needs {}: run `exportctl db migrate`",
                             *version, LatestLedgerSchemaVersion()));
  if (*version > LatestLedgerSchemaVersion())
    return Error(ErrorCode::kInvalidData,
                 fmt::format("the ledger is at schema version {}, newer than this exportctl knows ({})", *version,
                             LatestLedgerSchemaVersion()));
  return ledger;
}

}  // namespace exportctl::app
