// exportctl::rules::Expression: the bounded condition language of rule files (`when = "…"`).
//
//   expr    := or ;  or := and ("or" and)* ;  and := not ("and" not)* ;  not := "not" not | cmp
//   cmp     := sum (("<"|"<="|">"|">="|"=="|"!=") sum | "in" list)?
//   sum     := term (("+"|"-") term)* ;  term := unary (("*"|"/") unary)* ;  unary := "-" unary | atom
//   atom    := NUMBER | "STRING" | true | false | FIELD | "(" expr ")" | list | CALL
//   list    := "[" literal ("," literal)* "]"
//   CALL    := in_group(country, "D:5", …) | starts_with(string, "prefix", …) | has_tag("military")
//            | has_reason("AT", …)   (a reason for control of the item's ECCN: data/rules/us/ccl.toml)
//
// Limits (a rule file is input like any other): at most kMaxExpressionBytes of text,
// kMaxExpressionNodes terms and kMaxExpressionDepth levels of nesting; beyond them compiling fails
// with the location, so neither parsing nor evaluation can exhaust the stack.
//
// No loops, no recursion, no user functions: every expression terminates in time linear in its
// size. Expressions are type-checked when compiled (fields from facts.h, group names from the
// GroupResolver). Evaluation uses Kleene three-valued logic: a comparison on an unknown field is
// Unknown, `false and Unknown` is false, `true or Unknown` is true.
// A compiled Expression is immutable and safe to evaluate from many threads at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/error.h"
#include "rules/facts.h"

namespace exportctl::rules {

inline constexpr std::size_t kMaxExpressionBytes = 8192;
inline constexpr std::size_t kMaxExpressionNodes = 2048;
inline constexpr int kMaxExpressionDepth = 32;

enum class Tri : uint8_t { kFalse = 0, kTrue = 1, kUnknown = 2 };
std::string_view TriName(Tri t);  // "true" | "false" | "unknown"

// One comparison or call evaluated, for explanations: "tpp >= 4800" with tpp = 2368 → false.
struct TraceStep {
  std::string expression;  // the source text of the comparison
  std::string values;      // "tpp = 2368" (operands that were fields), or "pd unknown"
  Tri result;
};

struct EvalContext {
  const Facts* facts = nullptr;
  const GroupResolver* groups = nullptr;  // REQUIRES: non-null if the expression uses in_group
  Date as_of;
};

class Expression {
 public:
  // Compiles `text`. `where` locates the first character of the text in its file, so errors point
  // at file:line:col. All type errors are reported; parsing stops at the first syntax error.
  static Result<Expression> Compile(std::string_view text, const SourceLocation& where,
                                    const GroupResolver* groups = nullptr);

  Tri Evaluate(const EvalContext& ctx, std::vector<TraceStep>* trace = nullptr) const;

  const std::string& text() const { return text_; }
  // Fields the expression reads, each once, in order of first appearance.
  const std::vector<Field>& fields() const { return fields_; }
  // The end-use tags named by has_tag(), for checking them against the vocabulary.
  const std::vector<std::string>& tags() const { return tags_; }

  // Necessary conditions read off the top-level `and` chain, for indexing rules: the string values
  // `field` must equal for the expression to be true (from `field == 'x'` or `field in [...]`), or
  // nullopt when the chain does not pin the field. Sound: when the field is known and its value is
  // not among them, Evaluate returns false.
  std::optional<std::vector<std::string>> RequiredValues(Field field) const;
  // Tags the expression requires (a top-level `has_tag('x')` conjunct).
  std::vector<std::string> RequiredTags() const;
  // Yes/no fields standing alone as conjuncts (`end_user_sdn_listed and …`): the condition is
  // false wherever one of them is known to be false.
  std::vector<Field> RequiredTrueFields() const;
  // Prefixes one of which `field` must start with (a top-level `starts_with(field, …)` conjunct),
  // or nullopt.
  std::optional<std::vector<std::string>> RequiredPrefixes(Field field) const;

  struct Node;
  struct Compact;

 private:
  void BuildCompactForm();

  std::string text_;
  std::vector<Node> nodes_;  // nodes_[root_] is the root; children precede parents
  uint32_t root_ = 0;
  // The same nodes, index for index, in the form evaluation walks: small, with binary operands in
  // place and strings in one pool (see Compact).
  std::vector<Compact> compact_;
  std::vector<uint32_t> compact_kids_;  // operands of calls and lists, in order
  std::string strings_;                 // every string literal, back to back
  std::vector<Field> fields_;
  std::vector<std::string> tags_;
};

enum class Op : uint8_t {
  kNumber, kString, kBool, kField, kList,
  kLt, kLe, kGt, kGe, kEq, kNe, kIn,
  kAnd, kOr, kNot,
  kAdd, kSub, kMul, kDiv, kNeg,
  kInGroup, kStartsWith, kHasTag, kHasReason,
};

struct Expression::Node {
  Op op;
  ValueType type;
  Field field = Field::kCount;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<uint32_t> kids;
  uint32_t begin = 0, end = 0;  // source text span
};

// A node as evaluation reads it: 24 bytes, so an expression's nodes share a few cache lines and
// reaching an operand is one load, not two (Node keeps its kids in a vector of their own).
struct Expression::Compact {
  Op op;
  ValueType type;
  Field field;
  bool boolean;
  // Operands: the two kids of an operator (or its one kid in a); for a list or a call, the kids
  // at [a, a + b) of compact_kids_; for a string literal, its bytes at [a, a + b) of strings_.
  uint32_t a = 0, b = 0;
  double number = 0;
};

}  // namespace exportctl::rules
