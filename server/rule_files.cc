#include "rule_files.h"

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>

#include <fmt/format.h>

#include "common/file.h"

namespace exportctl::server {

namespace fs = std::filesystem;

namespace {

bool PlainChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

// A fresh directory under the system's temporary directory (mkdtemp: unique, mode 0700), removed
// with everything in it when the object goes out of scope. Drafts a killed process left behind
// (no destructor ran) are swept when they are more than an hour old.
class TempDir {
 public:
  static Result<std::unique_ptr<TempDir>> Create() {
    std::error_code ec;
    fs::path base = fs::temp_directory_path(ec);
    if (ec) return Error(ErrorCode::kIoError, fmt::format("no temporary directory: {}", ec.message()));
    SweepStale(base);
    std::string pattern = (base / "exportctl-draft-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      return Error(ErrorCode::kIoError, fmt::format("cannot create a temporary directory under `{}`", base.string()));
    return std::unique_ptr<TempDir>(new TempDir(pattern));
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}
  static void SweepStale(const fs::path& base) {
    std::error_code ec;
    const auto cutoff = fs::file_time_type::clock::now() - std::chrono::hours(1);
    for (const auto& entry : fs::directory_iterator(base, ec)) {
      const std::string name = entry.path().filename().string();
      if (!name.starts_with("exportctl-draft-") || !entry.is_directory(ec)) continue;
      if (entry.last_write_time(ec) < cutoff && !ec) fs::remove_all(entry.path(), ec);
    }
  }
  std::string path_;
};

std::string ReplaceAll(std::string s, std::string_view from, std::string_view to) {
  if (from.empty()) return s;
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

// A loader error about files under `root` (the temporary copy) as one about the rule directory:
// locations relative to it, the draft's own files named as the field "files.<name>".
Error RelativeToRules(const Error& e, const std::string& root, const std::set<std::string>& draft_names) {
  if (!e.details().empty()) {
    std::vector<Error> details;
    for (const Error& d : e.details()) details.push_back(RelativeToRules(d, root, draft_names));
    return Error::Many(e.code(), std::move(details));
  }
  SourceLocation where = e.where();
  std::string field = "files";
  const std::string prefix = root + "/";
  if (where.file.starts_with(prefix)) {
    where.file = where.file.substr(prefix.size());
    if (draft_names.contains(where.file)) field = "files." + where.file;
  } else if (where.file == root) {
    where.file.clear();
  }
  std::string message = ReplaceAll(ReplaceAll(e.message(), prefix, ""), root, "the draft rule directory");
  return Error(e.code(), std::move(message), std::move(where)).WithField(std::move(field));
}

}  // namespace

Status ValidateRuleFileName(std::string_view name, const std::string& field) {
  auto bad = [&](std::string_view why) { return Error(ErrorCode::kInvalidArgument, fmt::format("rule file name `{}` {}", name, why)).WithField(field); };
  if (name.empty()) return bad("is empty");
  if (name.size() > 200) return Error(ErrorCode::kInvalidArgument, "a rule file name is longer than 200 characters").WithField(field);
  if (name.front() == '/') return bad("is an absolute path; name files relative to the rule directory (us/classification.toml)");
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find('/', start);
    std::string_view segment = name.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (segment == "..") return bad("leaves the rule directory (`..`)");
    if (segment.empty() || segment == ".") return bad("has an empty or `.` path segment");
    if (!std::all_of(segment.begin(), segment.end(), PlainChar))
      return bad("may only contain letters, digits, `_`, `-`, `.` and `/`");
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  if (!name.ends_with(".toml") || name.ends_with("/.toml") || name == ".toml") return bad("is not a rule file (*.toml)");
  return Ok{};
}

Result<std::vector<std::string>> ListRuleFiles(const std::string& rules_dir) {
  auto paths = detail::ListTomlFiles(rules_dir, true, "rule");
  if (!paths.ok()) return paths.error();
  std::vector<std::string> names;
  for (const std::string& p : *paths) names.push_back(fs::path(p).lexically_relative(rules_dir).generic_string());
  std::sort(names.begin(), names.end());
  return names;
}

Result<std::string> ReadRuleFile(const std::string& rules_dir, std::string_view name) {
  if (Status ok = ValidateRuleFileName(name, "path"); !ok.ok()) return ok.error();
  auto names = ListRuleFiles(rules_dir);
  if (!names.ok()) return names.error();
  auto not_found = [&] {
    return Error(ErrorCode::kNotFound, fmt::format("no rule file `{}` in the rule set (GET /v1/rules/files lists them)", name))
        .WithField("path");
  };
  if (!std::binary_search(names->begin(), names->end(), std::string(name))) return not_found();
  // A listed file that is a symlink leading out of the rule directory is not served.
  std::error_code ec;
  fs::path root = fs::canonical(rules_dir, ec);
  if (ec) return Error(ErrorCode::kIoError, "the rule directory cannot be resolved");
  fs::path file = fs::canonical(root / fs::path(std::string(name)), ec);
  if (ec) return not_found();
  auto rel = file.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") return not_found();
  auto text = detail::ReadFile(file.string());
  if (!text.ok()) return Error(ErrorCode::kIoError, fmt::format("rule file `{}` cannot be read", name));
  return text;
}

Result<std::shared_ptr<const RuleSet>> LoadDraftRules(const std::string& rules_dir, const std::vector<DraftFile>& files,
                                                      const rules::GroupResolver* groups) {
  std::set<std::string> draft_names;
  for (const DraftFile& f : files) {
    if (Status ok = ValidateRuleFileName(f.name, "files"); !ok.ok()) return ok.error();
    draft_names.insert(f.name);
  }
  auto base = ListRuleFiles(rules_dir);
  if (!base.ok()) return base.error();
  auto dir = TempDir::Create();
  if (!dir.ok()) return dir.error();
  const fs::path root = (*dir)->path();
  std::error_code ec;
  for (const std::string& name : *base) {
    if (draft_names.contains(name)) continue;
    fs::path to = root / name;
    fs::create_directories(to.parent_path(), ec);
    if (!ec) fs::copy_file(fs::path(rules_dir) / name, to, ec);
    if (ec) return Error(ErrorCode::kIoError, fmt::format("cannot copy rule file `{}` for the draft: {}", name, ec.message()));
  }
  for (const DraftFile& f : files) {
    fs::path to = root / f.name;  // a validated relative name: stays below root
    fs::create_directories(to.parent_path(), ec);
    if (ec)
      return Error(ErrorCode::kInvalidArgument, fmt::format("rule file `{}` cannot be created: a file of that name is in its path", f.name))
          .WithField("files");
    std::ofstream out(to, std::ios::binary | std::ios::trunc);
    out << f.text;
    out.close();
    if (!out) return Error(ErrorCode::kIoError, fmt::format("cannot write the draft file `{}`", f.name));
  }
  auto loaded = RuleSet::LoadDir((*dir)->path(), groups);
  if (!loaded.ok()) return RelativeToRules(loaded.error(), (*dir)->path(), draft_names);
  return loaded;
}

}  // namespace exportctl::server
