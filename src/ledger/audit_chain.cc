#include "ledger/audit_chain.h"

#include "common/sha256.h"

namespace exportctl::ledger {
namespace {

// F(x) of the chain's definition (audit_chain.h).
void Field(detail::Sha256& h, std::string_view bytes) {
  h.Update(std::to_string(bytes.size()));
  h.Update(":");
  h.Update(bytes);
  h.Update("\n");
}

}  // namespace

std::string AuditEntryHash(const AuditEntry& e) {
  detail::Sha256 h;
  h.Update(e.actor.empty() ? "exportctl-audit-v1\n" : "exportctl-audit-v2\n");
  Field(h, e.prev_hash);
  Field(h, std::to_string(e.seq));
  Field(h, e.recorded_at);
  Field(h, e.kind);
  Field(h, e.subject);
  Field(h, e.payload);
  if (!e.actor.empty()) Field(h, e.actor);
  return h.HexDigest();
}

}  // namespace exportctl::ledger
