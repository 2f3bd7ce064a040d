// API tokens of named users, as the server checks them. The tokens themselves live in the ledger
// (Ledger::CreateToken: only each secret's SHA-256 is stored); a TokenStore is the server's
// immutable index of the ones not revoked, rebuilt whenever the ledger's directory changes
// (directory_sync.h). Roles are ordered: viewer (read and decide) < officer (licences, shipments,
// approvals) < admin (lists, rules, reload, settings); a role grants everything a lower one does.
// Safe to share between threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "exportctl/error.h"
#include "exportctl/ledger.h"

namespace exportctl::server {

using Role = UserRole;
inline std::string_view RoleName(Role role) { return UserRoleName(role); }

class TokenStore {
 public:
  TokenStore() = default;
  // The tokens not revoked.
  explicit TokenStore(const std::vector<ApiToken>& tokens);

  // Who an "Authorization: Bearer <token>" header value identifies: the token's user, authenticated
  // and with its role; nullopt when the header holds no known token.
  std::optional<Actor> Identify(std::string_view authorization_header) const;

  // Ok when the header's token grants `needed`; else unauthorized (no or unknown token) or forbidden
  // (a token whose role is too low).
  Status Authorize(std::string_view authorization_header, Role needed) const;

  std::size_t size() const { return by_hash_.size(); }

 private:
  std::unordered_map<std::string, Actor> by_hash_;  // SHA-256 hex -> user
};

}  // namespace exportctl::server
