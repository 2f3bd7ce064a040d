// Text that enters from outside (party names, request fields) is checked before any work is done
// on it: valid UTF-8, no NUL byte, and at most a documented number of bytes. A violation is an
// invalid_argument naming the field, never a silent truncation.
#pragma once

#include <cstddef>
#include <string_view>

#include "exportctl/error.h"

namespace exportctl::detail {

inline constexpr std::size_t kMaxNameBytes = 512;    // a party name (the longest SDN name is ~350)
inline constexpr std::size_t kMaxFieldBytes = 4096;  // any other free-text request field

// Whether `text` is well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF).
bool IsValidUtf8(std::string_view text);

// kInvalidArgument with field `field` when `text` is longer than `max_bytes`, holds a NUL byte or
// is not UTF-8.
Status CheckText(std::string_view text, std::string_view field, std::size_t max_bytes);

}  // namespace exportctl::detail
