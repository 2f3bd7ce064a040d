// API tokens with roles. A token is a random secret shown once at creation ("ect_" + 40 hex
// digits); only its SHA-256 is stored, one line per token in a tokens file under the state dir:
//   <sha256-hex> <role> <created-YYYY-MM-DD> <label>
// Roles are ordered: viewer (read and decide) < officer (licences, shipments) < admin (lists,
// rules, reload, tokens); a role grants everything a lower one does.
// TokenStore is immutable after Load and safe to share between threads; the server reloads it with
// the engine snapshot.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "exportctl/error.h"

namespace exportctl::server {

enum class Role { kViewer = 0, kOfficer = 1, kAdmin = 2 };
std::string_view RoleName(Role role);
Result<Role> ParseRole(std::string_view name);

class TokenStore {
 public:
  // Reads `path`; a missing file is an empty store. Malformed lines are errors with file:line.
  static Result<TokenStore> Load(const std::string& path);

  // Appends a new token of `role` to `path` (created with mode 0600, parents created) and returns
  // the secret, which is not stored anywhere.
  static Result<std::string> Create(const std::string& path, Role role, std::string_view label);

  // The role of a presented secret, or nullopt when unknown. Compares hashes only.
  std::optional<Role> RoleOf(std::string_view secret) const;
  // Who an "Authorization: Bearer <token>" header value identifies, as a decision-log actor:
  // "token:<label>" (the label given at creation; "token:<first 8 hex of its hash>" when it has
  // none), or "" when the header holds no known token.
  std::string ActorOf(std::string_view authorization_header) const;

  // Ok when the "Authorization: Bearer <token>" header value grants `needed`; else unauthorized
  // (no or unknown token) or forbidden (a token whose role is too low).
  Status Authorize(std::string_view authorization_header, Role needed) const;

  std::size_t size() const { return by_hash_.size(); }

 private:
  struct Token {
    Role role;
    std::string label;
  };
  std::unordered_map<std::string, Token> by_hash_;
};

}  // namespace exportctl::server
