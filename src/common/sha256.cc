#include "common/sha256.h"

// SHA256_Init/Update/Final are deprecated in OpenSSL 3 in favour of EVP, but are its plain
// implementation (SHA-NI where the CPU has it) and remain in the library.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace exportctl::detail {

namespace {
// Fetched once: an implicit fetch on every EVP_DigestInit takes a global lock in OpenSSL 3.
const EVP_MD* Sha256Md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

// The first `digits` lower-case hex digits of `md` (n bytes), appended to `out`.
void AppendHex(const unsigned char* md, std::size_t n, std::size_t digits, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  char hex[2 * EVP_MAX_MD_SIZE];
  for (std::size_t i = 0; i < n; ++i) {
    hex[2 * i] = kHex[md[i] >> 4];
    hex[2 * i + 1] = kHex[md[i] & 15];
  }
  out->append(hex, std::min(digits, 2 * n));
}
}  // namespace

struct Sha256::Impl {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Impl() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : impl_(std::make_unique<Impl>()) { EVP_DigestInit_ex(impl_->ctx, Sha256Md(), nullptr); }
Sha256::~Sha256() = default;

void Sha256::Update(std::string_view data) { EVP_DigestUpdate(impl_->ctx, data.data(), data.size()); }

std::string Sha256::HexDigest() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  EVP_DigestFinal_ex(impl_->ctx, md.data(), &len);
  std::string out;
  AppendHex(md.data(), len, 2 * len, &out);
  return out;
}

std::string Sha256Hex(std::string_view data) {
  // The one-shot path hashes short messages many times a second: the algorithm's own functions
  // on a stack context, without EVP's per-digest provider calls and context reset, which cost as
  // much as hashing the message.
  Sha256State state;
  state.Update(data);
  std::string out;
  state.AppendHexDigest(2 * SHA256_DIGEST_LENGTH, &out);
  return out;
}

static_assert(sizeof(SHA256_CTX) <= sizeof(Sha256State) && alignof(SHA256_CTX) <= 8, "Sha256State holds a SHA256_CTX");

Sha256State::Sha256State() { SHA256_Init(reinterpret_cast<SHA256_CTX*>(ctx_)); }

void Sha256State::Update(std::string_view data) { SHA256_Update(reinterpret_cast<SHA256_CTX*>(ctx_), data.data(), data.size()); }

void Sha256State::Digest(unsigned char* out, std::size_t n) const {
  SHA256_CTX copy;
  std::memcpy(&copy, ctx_, sizeof copy);
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256_Final(md, &copy);
  std::memcpy(out, md, std::min<std::size_t>(n, sizeof md));
}

void Sha256State::AppendHexDigest(std::size_t hex_digits, std::string* out) const {
  unsigned char md[SHA256_DIGEST_LENGTH];
  Digest(md, sizeof md);
  AppendHex(md, sizeof md, hex_digits, out);
}

}  // namespace exportctl::detail
