// The audit chain: SHA-256 (OpenSSL EVP) over each audit entry and its predecessor's hash.
//
//   hash(n) = SHA-256( "exportctl-audit-v1\n" || F(prev_hash) || F(seq) || F(recorded_at)
//                      || F(kind) || F(subject) || F(payload) )
//   F(x)    = decimal byte length of x || ":" || x || "\n"
// An entry that names its actor (schema 5 on) hashes "exportctl-audit-v2\n" instead of the v1 tag
// and appends F(actor); entries without one (written before schema 5) keep the v1 hash.
//   prev_hash(1) = 64 × "0"
//
// Length-prefixing makes the encoding unambiguous whatever the fields contain. Hashes are stored
// and compared as lower-case hex.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/sha256.h"
#include "exportctl/ledger.h"

namespace exportctl::ledger {

using detail::Sha256Hex;  // the ledger hashes files, tokens and decisions with the one SHA-256

inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

std::string AuditEntryHash(const AuditEntry& entry);  // uses entry.prev_hash, ignores entry.hash

}  // namespace exportctl::ledger
