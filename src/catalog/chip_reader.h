// Reading a Chip from a TOML table: a [[chip]] of data/catalog/*.toml, a --spec file, or a JSON
// spec turned into a table (app/json_mapping.cc). One reader, so every way in validates the same.
#pragma once

#include <string>
#include <vector>

#include <toml++/toml.h>

#include "exportctl/catalog.h"

namespace exportctl::detail {

// Fills a Chip from one TOML table; appends every problem to *errors (with `file` and the line
// where the table has one).
Chip ReadChipTable(const toml::table& t, const std::string& file, std::vector<Error>* errors);

}  // namespace exportctl::detail
