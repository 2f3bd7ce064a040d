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
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 15];
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  // The one-shot path hashes a short message (a decision's inputs) many times a second: the
  // algorithm's own functions on a stack context, without EVP's per-digest provider calls and
  // context reset, which cost as much as hashing the message.
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, data.data(), data.size());
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256_Final(md, &ctx);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(2 * SHA256_DIGEST_LENGTH, '0');
  for (int i = 0; i < SHA256_DIGEST_LENGTH; ++i) {
    out[2 * i] = kHex[md[i] >> 4];
    out[2 * i + 1] = kHex[md[i] & 15];
  }
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
  static constexpr char kHex[] = "0123456789abcdef";
  char hex[2 * SHA256_DIGEST_LENGTH];
  for (int i = 0; i < SHA256_DIGEST_LENGTH; ++i) {
    hex[2 * i] = kHex[md[i] >> 4];
    hex[2 * i + 1] = kHex[md[i] & 15];
  }
  out->append(hex, std::min<std::size_t>(hex_digits, sizeof hex));
}

}  // namespace exportctl::detail
