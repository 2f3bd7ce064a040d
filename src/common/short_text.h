// Equality and prefix tests for the short codes the decision path compares many times per request
// (country codes, ECCNs, group names, regimes, tags): lengths and bytes compared in line, without a
// call into memcmp for every two-letter code. Same results as std::string_view's == and starts_with,
// and as std::toupper / std::tolower in the C locale.
#pragma once

#include <cstddef>
#include <string_view>

namespace exportctl::detail {

inline bool SameText(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

inline bool StartsWithText(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && SameText(s.substr(0, prefix.size()), prefix);
}

inline char AsciiUpper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }
inline char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace exportctl::detail
