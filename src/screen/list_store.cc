#include "screen/list_store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "common/csv.h"
#include "common/file.h"
#include "common/sha256.h"
#include "common/text_limits.h"
#include "screen/csv_reader.h"

namespace exportctl::screen {
namespace fs = std::filesystem;
namespace {

// Writes `data` to `path` atomically: temporary file in the same directory, fsync, rename, fsync of
// the directory.
Status WriteAtomically(const fs::path& path, std::string_view data) {
  fs::path tmp = path;
  tmp += fmt::format(".tmp.{}", ::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Error(ErrorCode::kIoError, fmt::format("cannot create `{}`", tmp.string()));
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n <= 0) {
      ::close(fd);
      ::unlink(tmp.c_str());
      return Error(ErrorCode::kIoError, fmt::format("cannot write `{}`", tmp.string()));
    }
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmp.c_str());
    return Error(ErrorCode::kIoError, fmt::format("cannot sync `{}`", tmp.string()));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Error(ErrorCode::kIoError, fmt::format("cannot rename to `{}`", path.string()));
  }
  int dfd = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Ok{};
}

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += "; ";
    out += s;
  }
  return out;
}

Result<std::string> CurrentVersion(const fs::path& dir) {
  auto cur = detail::ReadFile((dir / "CURRENT").string());
  if (!cur.ok()) return cur.error();
  std::string v = *cur;
  while (!v.empty() && (v.back() == '\n' || v.back() == ' ')) v.pop_back();
  return v;
}

}  // namespace

std::string WriteCslCsv(const std::vector<ListEntry>& entries) {
  std::string out =
      "_id,source,type,programs,name,addresses,federal_register_notice,start_date,"
      "license_requirement,license_policy,source_information_url,alt_names,remarks\n";
  for (const ListEntry& e : entries) {
    std::string type = e.type == PartyType::kPerson     ? "Individual"
                       : e.type == PartyType::kVessel   ? "Vessel"
                       : e.type == PartyType::kAircraft ? "Aircraft"
                                                        : "Entity";
    // Countries are kept as a trailing pseudo-address when there is no address to carry them.
    std::string addresses = e.addresses;
    if (addresses.empty() && !e.countries.empty()) addresses = e.countries;
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", detail::CsvEscape(e.id), detail::CsvEscape(e.source),
                       detail::CsvEscape(type), detail::CsvEscape(e.programs), detail::CsvEscape(e.name), detail::CsvEscape(addresses),
                       detail::CsvEscape(e.federal_register_notice), detail::CsvEscape(e.start_date),
                       detail::CsvEscape(e.license_requirement), detail::CsvEscape(e.license_policy), detail::CsvEscape(e.source_url),
                       detail::CsvEscape(Join(e.aliases)), detail::CsvEscape(e.remarks));
  }
  return out;
}

std::optional<ListFormat> ExpectedFormat(std::string_view id) {
  if (id == "sdn") return ListFormat::kSdnCsv;
  if (id == "csl") return ListFormat::kCslCsv;
  if (id == "un") return ListFormat::kUnXml;
  return std::nullopt;
}

Result<ListInfo> ListStore::Import(const std::string& path, const std::string& id,
                                   const std::string& now_utc, const ImportOptions& options) {
  if (!ValidId(id)) {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("list name `{}` must be lower-case letters, digits and dashes", id));
  }
  auto bytes = detail::ReadFile(path);
  if (!bytes.ok()) return bytes.error();
  // Everything is checked before anything is written.
  if (std::size_t nul = bytes->find('\0'); nul != std::string::npos) {
    const int line = 1 + static_cast<int>(std::count(bytes->begin(), bytes->begin() + static_cast<std::ptrdiff_t>(nul), '\n'));
    return Error(ErrorCode::kInvalidData, "the file contains a NUL byte (binary or corrupt); nothing imported", {path, line});
  }
  if (!detail::IsValidUtf8(*bytes))
    return Error(ErrorCode::kInvalidData, "the file is not UTF-8 text; nothing imported", {path});
  auto parsed = ParseListFile(path);
  if (!parsed.ok()) return parsed.error();
  if (parsed->entries.empty()) {
    return Error(ErrorCode::kInvalidData, "list has no entries; previous version kept", {path});
  }
  if (auto want = ExpectedFormat(id); want && *want != parsed->format) {
    return Error(ErrorCode::kInvalidData,
                 fmt::format("the file is {}, but the list `{}` is imported from {}; nothing imported",
                             ListFormatName(parsed->format), id, ListFormatName(*want)),
                 {path});
  }
  // The stored form must read back as the loader will read it (a date the writer passes but the
  // reader refuses would otherwise stop every later `screen`, `check` and `serve`).
  const std::string stored = WriteCslCsv(parsed->entries);
  if (auto back = ParseCslCsv(stored, path); !back.ok())
    return Error(ErrorCode::kInvalidData, fmt::format("the list would not read back ({}); nothing imported", back.error().message()), {path});
  if (auto previous = Read(id); previous.ok() && !options.allow_shrink &&
      parsed->entries.size() * 10 < previous->entries.size() * 9) {
    return Error(ErrorCode::kInvalidData,
                 fmt::format("the new file has {} entries, {:.0f}% fewer than the {} in use (a truncated or different file?); "
                             "confirm with --allow-shrink; nothing imported",
                             parsed->entries.size(), 100.0 * (1.0 - double(parsed->entries.size()) / double(previous->entries.size())),
                             previous->entries.size()),
                 {path});
  }
  fs::path dir = fs::path(root_) / id;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Error(ErrorCode::kIoError, fmt::format("cannot create `{}`", dir.string()));
  int next = 1;
  for (const auto& f : fs::directory_iterator(dir, ec)) {
    std::string name = f.path().filename().string();
    if (name.size() > 5 && name[0] == 'v' && name.ends_with(".json")) {
      next = std::max(next, std::atoi(name.c_str() + 1) + 1);
    }
  }
  std::string version = fmt::format("v{}", next);
  ListInfo info;
  info.id = id;
  info.origin = "imported";
  info.version = version;
  info.path = (dir / (version + ".csv")).string();
  info.content_sha256 = detail::Sha256Hex(*bytes);
  info.imported_at = now_utc;
  info.entries = parsed->entries.size();
  for (const auto& e : parsed->entries) info.names += 1 + e.aliases.size();
  nlohmann::json meta = {{"version", version},
                         {"source_file", fs::absolute(path).string()},
                         {"format", ListFormatName(parsed->format)},
                         {"content_sha256", info.content_sha256},
                         {"entries", info.entries},
                         {"names", info.names},
                         {"imported_at", now_utc}};
  if (auto st = WriteAtomically(info.path, stored); !st.ok()) return st.error();
  if (auto st = WriteAtomically(dir / (version + ".json"), meta.dump(2) + "\n"); !st.ok()) {
    return st.error();
  }
  // The commit point: until CURRENT names the new version, readers use the previous one.
  if (auto st = WriteAtomically(dir / "CURRENT", version + "\n"); !st.ok()) return st.error();
  return info;
}

Result<std::vector<ListInfo>> ListStore::Status() const {
  std::vector<ListInfo> out;
  std::error_code ec;
  if (!fs::exists(root_, ec)) return out;
  std::vector<Error> errors;
  for (const auto& d : fs::directory_iterator(root_, ec)) {
    if (!d.is_directory()) continue;
    auto version = CurrentVersion(d.path());
    if (!version.ok()) continue;  // an import that never committed
    auto meta_text = detail::ReadFile((d.path() / (*version + ".json")).string());
    if (!meta_text.ok()) {
      errors.push_back(meta_text.error());
      continue;
    }
    nlohmann::json meta = nlohmann::json::parse(*meta_text, nullptr, false);
    if (meta.is_discarded() || !meta.is_object()) {
      errors.emplace_back(ErrorCode::kInvalidData, "corrupt metadata",
                          SourceLocation{(d.path() / (*version + ".json")).string()});
      continue;
    }
    ListInfo info;
    info.id = d.path().filename().string();
    info.origin = "imported";
    info.version = *version;
    info.path = (d.path() / (*version + ".csv")).string();
    info.content_sha256 = meta.value("content_sha256", "");
    info.imported_at = meta.value("imported_at", "");
    info.entries = meta.value("entries", size_t{0});
    info.names = meta.value("names", size_t{0});
    out.push_back(std::move(info));
  }
  if (!errors.empty()) return Error::Many(ErrorCode::kInvalidData, std::move(errors));
  std::sort(out.begin(), out.end(), [](const ListInfo& a, const ListInfo& b) { return a.id < b.id; });
  return out;
}

Result<ParsedList> ListStore::Read(const std::string& ref) const {
  size_t at = ref.find('@');
  std::string id = ref.substr(0, at);
  fs::path dir = fs::path(root_) / id;
  std::string version;
  if (at != std::string::npos) {
    version = ref.substr(at + 1);
  } else {
    auto cur = CurrentVersion(dir);
    if (!cur.ok()) {
      return Error(ErrorCode::kNotFound, fmt::format("no imported list `{}`", id));
    }
    version = *cur;
  }
  fs::path file = dir / (version + ".csv");
  std::error_code ec;
  if (!ValidId(id) || !fs::exists(file, ec)) {
    return Error(ErrorCode::kNotFound, fmt::format("no list version `{}`", ref));
  }
  return ParseListFile(file.string());
}

Result<std::vector<ListInfo>> BundledListsStatus(const std::string& lists_dir) {
  std::vector<ListInfo> out;
  std::error_code ec;
  if (!fs::is_directory(lists_dir, ec)) return out;
  std::vector<fs::path> files;
  for (const auto& f : fs::directory_iterator(lists_dir, ec)) {
    std::string ext = f.path().extension().string();
    if (f.is_regular_file() && (ext == ".csv" || ext == ".xml")) files.push_back(f.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Error> errors;
  for (const fs::path& f : files) {
    auto bytes = detail::ReadFile(f.string());
    if (!bytes.ok()) {
      errors.push_back(bytes.error());
      continue;
    }
    auto parsed = ParseListText(*bytes, f.string());
    if (!parsed.ok()) {
      errors.push_back(parsed.error());
      continue;
    }
    ListInfo info;
    info.id = f.stem().string();
    info.origin = "bundled";
    info.version = f.filename().string();
    info.path = f.string();
    info.content_sha256 = detail::Sha256Hex(*bytes);
    info.entries = parsed->entries.size();
    for (const auto& e : parsed->entries) info.names += 1 + e.aliases.size();
    out.push_back(std::move(info));
  }
  if (!errors.empty()) return Error::Many(ErrorCode::kInvalidData, std::move(errors));
  return out;
}

ListDiff DiffLists(const ParsedList& old_list, const ParsedList& new_list) {
  std::map<std::string, const ListEntry*> old_by_id, new_by_id;
  for (const auto& e : old_list.entries) old_by_id[e.id] = &e;
  for (const auto& e : new_list.entries) new_by_id[e.id] = &e;
  ListDiff diff;
  for (const auto& [id, e] : new_by_id) {
    auto it = old_by_id.find(id);
    if (it == old_by_id.end()) {
      diff.added.push_back(*e);
    } else if (!(*it->second == *e)) {
      diff.changed.emplace_back(*it->second, *e);
    }
  }
  for (const auto& [id, e] : old_by_id) {
    if (!new_by_id.count(id)) diff.removed.push_back(*e);
  }
  return diff;
}

}  // namespace exportctl::screen
