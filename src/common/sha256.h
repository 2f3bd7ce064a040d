// SHA-256 (OpenSSL EVP) as lower-case hex, incremental or one-shot.
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

}  // namespace exportctl::detail
