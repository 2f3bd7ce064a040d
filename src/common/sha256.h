// SHA-256 (OpenSSL) as lower-case hex: one-shot, incremental, or continued from a saved state.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace exportctl::detail {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view data);
  std::string HexDigest();  // finishes the hash; call once

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string Sha256Hex(std::string_view data);

// The running state of one SHA-256 computation, copyable: a message's fixed prefix is hashed once
// and each message continues from a copy, with the same digest as hashing the whole message.
class Sha256State {
 public:
  Sha256State();
  void Update(std::string_view data);
  // The first `hex_digits` (<= 64) lower-case hex digits of the digest, appended to `out`. Leaves
  // this state unchanged (finishes a copy), so a prefix state can be continued again.
  void AppendHexDigest(std::size_t hex_digits, std::string* out) const;
  // The first `n` (<= 32) bytes of the digest into `out`; leaves this state unchanged.
  void Digest(unsigned char* out, std::size_t n) const;

 private:
  alignas(8) unsigned char ctx_[112];  // OpenSSL's SHA256_CTX (size checked where it is known)
};

}  // namespace exportctl::detail
