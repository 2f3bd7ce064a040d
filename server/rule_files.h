// The snapshot's rule directory as files, for the policy lab over HTTP: rule file names taken from
// a request are validated before any path is built from them, one file is read for
// GET /v1/rules/files/{path}, and a what-if draft (the directory with some files replaced) is
// written to a fresh temporary directory, loaded by the normal rule loader (RuleSet::LoadDir) and
// removed again before the call returns.
//
// Paths are never taken from a request beyond a validated name: relative, segments of
// [A-Za-z0-9_.-] separated by '/', no "." or ".." segment, ending in ".toml".
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/error.h"
#include "exportctl/rules.h"

namespace exportctl::server {

// invalid_argument naming `field` unless `name` is a plain relative rule file name (see above; at
// most 200 characters).
Status ValidateRuleFileName(std::string_view name, const std::string& field);

// Every *.toml file under `rules_dir` (recursively), as names relative to it, sorted.
Result<std::vector<std::string>> ListRuleFiles(const std::string& rules_dir);

// The text of rule file `name` in `rules_dir`: invalid_argument (field "path") for a bad name,
// not_found unless it is one of ListRuleFiles and, symlinks resolved, inside `rules_dir`.
Result<std::string> ReadRuleFile(const std::string& rules_dir, std::string_view name);

struct DraftFile {
  std::string name;  // relative to the rule directory, e.g. "us/classification.toml"
  std::string text;  // the whole file
};

// The rule files of `rules_dir` copied into a fresh temporary directory, `files` written over them
// (or added), and the result loaded with RuleSet::LoadDir(…, groups). The directory is removed
// before returning, whatever happens. Names are validated here too (field "files").
//
// Errors of the rule loader keep their code (parse_error -> 400, invalid_data / rule_conflict ->
// 422) with every problem as a detail whose location is relative to the rule directory
// ("us/classification.toml:37:22") and whose field is "files.<name>" for a file of the draft.
Result<std::shared_ptr<const RuleSet>> LoadDraftRules(const std::string& rules_dir, const std::vector<DraftFile>& files,
                                                      const rules::GroupResolver* groups);

}  // namespace exportctl::server
