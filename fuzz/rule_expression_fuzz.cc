// Fuzzes the condition language: compile arbitrary text, and evaluate whatever compiles.
#include <cstddef>
#include <cstdint>
#include <string>

#include "rules/expression.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace exportctl;
  std::string text(reinterpret_cast<const char*>(data), size);
  auto e = rules::Expression::Compile(text, SourceLocation{"fuzz", 1, 1});
  if (!e.ok()) {
    (void)e.error().ToString();
    return 0;
  }
  rules::Facts facts;
  facts.Set(rules::Field::kTpp, 2368.0);
  facts.Set(rules::Field::kDesignedFor, std::string_view("datacenter"));
  std::vector<rules::TraceStep> trace;
  rules::EvalContext ctx{&facts, nullptr, Date::FromYmd(2025, 1, 1)};
  (void)e->Evaluate(ctx, &trace);
  (void)e->Evaluate(ctx, nullptr);
  return 0;
}
