#include "ledger/audit_chain.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace exportctl::ledger {
namespace {

class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1)
      throw std::runtime_error("openssl: cannot initialise SHA-256");
  }
  void Update(std::string_view bytes) { EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size()); }
  void Field(std::string_view bytes) {
    Update(std::to_string(bytes.size()));
    Update(":");
    Update(bytes);
    Update("\n");
  }
  std::string HexDigest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx_.get(), digest, &len);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(len * 2);
    for (unsigned int i = 0; i < len; ++i) {
      out += kHex[digest[i] >> 4];
      out += kHex[digest[i] & 15];
    }
    return out;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
};

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  Sha256 h;
  h.Update(bytes);
  return h.HexDigest();
}

std::string AuditEntryHash(const AuditEntry& e) {
  Sha256 h;
  h.Update(e.actor.empty() ? "exportctl-audit-v1\n" : "exportctl-audit-v2\n");
  h.Field(e.prev_hash);
  h.Field(std::to_string(e.seq));
  h.Field(e.recorded_at);
  h.Field(e.kind);
  h.Field(e.subject);
  h.Field(e.payload);
  if (!e.actor.empty()) h.Field(e.actor);
  return h.HexDigest();
}

}  // namespace exportctl::ledger
