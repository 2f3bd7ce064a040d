#include "auth.h"

#include <fmt/format.h>

#include "common/sha256.h"

namespace exportctl::server {
namespace {
constexpr std::string_view kBearer = "Bearer ";
}  // namespace

TokenStore::TokenStore(const std::vector<ApiToken>& tokens) {
  for (const ApiToken& t : tokens)
    if (!t.revoked) by_hash_[t.sha256] = Actor{t.user, /*authenticated=*/true, t.role};
}

std::optional<Actor> TokenStore::Identify(std::string_view header) const {
  if (!header.starts_with(kBearer)) return std::nullopt;
  std::string_view secret = header.substr(kBearer.size());
  if (secret.size() > 256) return std::nullopt;
  auto it = by_hash_.find(detail::Sha256Hex(secret));
  if (it == by_hash_.end()) return std::nullopt;
  return it->second;
}

Status TokenStore::Authorize(std::string_view header, Role needed) const {
  if (!header.starts_with(kBearer))
    return Error(ErrorCode::kUnauthorized, fmt::format("this call needs an `Authorization: Bearer <token>` header with a token of the {} role",
                                                       RoleName(needed)));
  auto actor = Identify(header);
  if (!actor) return Error(ErrorCode::kUnauthorized, "unknown or revoked API token");
  if (actor->role < needed)
    return Error(ErrorCode::kForbidden, fmt::format("this call needs the {} role; `{}`'s token has the {} role",
                                                    RoleName(needed), actor->name, RoleName(actor->role)));
  return Ok{};
}

}  // namespace exportctl::server
