#include "auth.h"

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "common/sha256.h"
#include "exportctl/date.h"

namespace exportctl::server {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kViewer: return "viewer";
    case Role::kOfficer: return "officer";
    case Role::kAdmin: return "admin";
  }
  return "viewer";
}

Result<Role> ParseRole(std::string_view name) {
  if (name == "viewer") return Role::kViewer;
  if (name == "officer") return Role::kOfficer;
  if (name == "admin") return Role::kAdmin;
  return Error(ErrorCode::kInvalidArgument, fmt::format("role `{}`: expected viewer, officer or admin", name));
}

Result<TokenStore> TokenStore::Load(const std::string& path) {
  TokenStore store;
  std::ifstream in(path);
  if (!in) {
    if (!std::filesystem::exists(path)) return store;
    return Error(ErrorCode::kIoError, fmt::format("cannot read tokens file `{}`", path));
  }
  std::string line;
  int line_no = 0;
  std::vector<Error> errors;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string hash, role, created, label;
    fields >> hash >> role >> created;
    std::getline(fields >> std::ws, label);
    auto parsed = ParseRole(role);
    if (hash.size() != 64 || !parsed.ok()) {
      errors.emplace_back(ErrorCode::kInvalidData, "malformed token line: expected `<sha256> <role> …`",
                          SourceLocation{path, line_no, 1});
      continue;
    }
    store.by_hash_[hash] = {*parsed, label.empty() ? hash.substr(0, 8) : label};
  }
  if (!errors.empty()) return Error::Many(ErrorCode::kInvalidData, std::move(errors));
  return store;
}

Result<std::string> TokenStore::Create(const std::string& path, Role role, std::string_view label) {
  std::ifstream urandom("/dev/urandom", std::ios::binary);
  unsigned char bytes[20];
  if (!urandom.read(reinterpret_cast<char*>(bytes), sizeof bytes))
    return Error(ErrorCode::kIoError, "cannot read /dev/urandom");
  std::string secret = "ect_";
  for (unsigned char b : bytes) secret += fmt::format("{:02x}", b);

  std::error_code ec;
  std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  bool fresh = !std::filesystem::exists(p);
  std::ofstream out(path, std::ios::app);
  if (!out) return Error(ErrorCode::kIoError, fmt::format("cannot write tokens file `{}`", path));
  if (fresh) chmod(path.c_str(), 0600);
  auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  std::string clean_label;
  for (char c : label) clean_label += (c == '\n' || c == '\r') ? ' ' : c;
  out << detail::Sha256Hex(secret) << ' ' << RoleName(role) << ' '
      << Date::FromDays(int(today.time_since_epoch().count())).ToString() << ' ' << clean_label << '\n';
  if (!out) return Error(ErrorCode::kIoError, fmt::format("cannot write tokens file `{}`", path));
  return secret;
}

std::optional<Role> TokenStore::RoleOf(std::string_view secret) const {
  auto it = by_hash_.find(detail::Sha256Hex(secret));
  if (it == by_hash_.end()) return std::nullopt;
  return it->second.role;
}

std::string TokenStore::ActorOf(std::string_view header) const {
  constexpr std::string_view kBearer = "Bearer ";
  if (!header.starts_with(kBearer)) return "";
  auto it = by_hash_.find(detail::Sha256Hex(header.substr(kBearer.size())));
  return it == by_hash_.end() ? "" : "token:" + it->second.label;
}

Status TokenStore::Authorize(std::string_view header, Role needed) const {
  constexpr std::string_view kBearer = "Bearer ";
  if (!header.starts_with(kBearer))
    return Error(ErrorCode::kUnauthorized, fmt::format("this call needs an `Authorization: Bearer <token>` header with a token of the {} role",
                                                       RoleName(needed)));
  auto role = RoleOf(header.substr(kBearer.size()));
  if (!role) return Error(ErrorCode::kUnauthorized, "unknown or revoked API token");
  if (*role < needed)
    return Error(ErrorCode::kForbidden, fmt::format("this call needs the {} role; the token has the {} role", RoleName(needed),
                                                    RoleName(*role)));
  return Ok{};
}

}  // namespace exportctl::server
