// Whole-file reading and data-directory listing, shared by every loader (catalog, rules, lists,
// golden cases, batch input). Errors are kIoError naming the path.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "exportctl/error.h"

namespace exportctl::detail {

// Reads a whole file into a string.
Result<std::string> ReadFile(const std::string& path);
// Every *.toml file under dir (recursively when asked), sorted by path; kIoError naming `what`
// when dir is not a directory.
Result<std::vector<std::string>> ListTomlFiles(const std::string& dir, bool recursive, std::string_view what);

}  // namespace exportctl::detail
