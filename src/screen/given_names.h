// Given names that are one name in other languages or as a nickname ("John" / "Juan" / "Ivan",
// "Theodore" / "Ted" / "Fyodor", "Joseph" / "Yusuf"): the groups a token belongs to, as a bit
// mask (a nickname may belong to two: "Ted" is Theodore's and Edward's). Two words sharing a bit
// are the same given name written differently; the scorer counts them as close but not
// near-exact, so such a word supports a match but cannot carry one alone. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

namespace exportctl::screen {

// `token` is lower-case ASCII, as the normaliser gives it; 0 for a word in no group.
std::uint64_t GivenNameGroups(std::string_view token);

// The same for a word of a name written without short vowels (Hebrew "bnymyn", Arabic "ywsf"): the
// groups of the given names whose consonants (ConsonantKey) it has, when it has three or more.
std::uint64_t GivenNameGroupsByConsonants(std::string_view token);

}  // namespace exportctl::screen
