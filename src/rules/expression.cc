#include "rules/expression.h"

#include <algorithm>
#include <cmath>
#include <span>

#include <fmt/format.h>

#include "common/short_text.h"

namespace exportctl::rules {

std::string_view TriName(Tri t) {
  switch (t) {
    case Tri::kFalse: return "false";
    case Tri::kTrue: return "true";
    case Tri::kUnknown: return "unknown";
  }
  return "unknown";
}

namespace {

enum class Tok : uint8_t { kEnd, kNumber, kString, kIdent, kLParen, kRParen, kLBracket, kRBracket, kComma,
                           kLt, kLe, kGt, kGe, kEq, kNe, kPlus, kMinus, kStar, kSlash, kError };

struct Token {
  Tok kind;
  uint32_t begin, end;
  double number = 0;
  std::string text;  // identifier or string contents
};

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}
  Token Next() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
    Token t{Tok::kEnd, uint32_t(pos_), uint32_t(pos_)};
    if (pos_ >= s_.size()) return t;
    char c = s_[pos_];
    auto one = [&](Tok k) { t.kind = k; t.end = uint32_t(++pos_); return t; };
    auto two = [&](Tok k) { t.kind = k; pos_ += 2; t.end = uint32_t(pos_); return t; };
    auto peek = [&](char n) { return pos_ + 1 < s_.size() && s_[pos_ + 1] == n; };
    switch (c) {
      case '(': return one(Tok::kLParen);
      case ')': return one(Tok::kRParen);
      case '[': return one(Tok::kLBracket);
      case ']': return one(Tok::kRBracket);
      case ',': return one(Tok::kComma);
      case '+': return one(Tok::kPlus);
      case '-': return one(Tok::kMinus);
      case '*': return one(Tok::kStar);
      case '/': return one(Tok::kSlash);
      case '<': return peek('=') ? two(Tok::kLe) : one(Tok::kLt);
      case '>': return peek('=') ? two(Tok::kGe) : one(Tok::kGt);
      case '=': if (peek('=')) return two(Tok::kEq); break;
      case '!': if (peek('=')) return two(Tok::kNe); break;
      default: break;
    }
    if (c == '"' || c == '\'') {
      std::size_t close = s_.find(c, pos_ + 1);
      if (close == std::string_view::npos) {
        t.kind = Tok::kError;
        t.text = "unterminated string";
        t.end = uint32_t(s_.size());
        pos_ = s_.size();
        return t;
      }
      t.kind = Tok::kString;
      t.text = std::string(s_.substr(pos_ + 1, close - pos_ - 1));
      pos_ = close + 1;
      t.end = uint32_t(pos_);
      return t;
    }
    if ((c >= '0' && c <= '9') || c == '.') {
      std::size_t start = pos_;
      while (pos_ < s_.size() && ((s_[pos_] >= '0' && s_[pos_] <= '9') || s_[pos_] == '.' || s_[pos_] == '_')) ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
        ++pos_;
        if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
        while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      }
      std::string digits;
      for (char ch : s_.substr(start, pos_ - start))
        if (ch != '_') digits += ch;
      t.end = uint32_t(pos_);
      char* endp = nullptr;
      t.number = std::strtod(digits.c_str(), &endp);
      if (digits.empty() || endp != digits.c_str() + digits.size() || std::count(digits.begin(), digits.end(), '.') > 1) {
        t.kind = Tok::kError;
        t.text = fmt::format("malformed number `{}`", s_.substr(start, pos_ - start));
        return t;
      }
      t.kind = Tok::kNumber;
      return t;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
      std::size_t start = pos_;
      while (pos_ < s_.size() && ((s_[pos_] >= 'a' && s_[pos_] <= 'z') || (s_[pos_] >= 'A' && s_[pos_] <= 'Z') ||
                                  (s_[pos_] >= '0' && s_[pos_] <= '9') || s_[pos_] == '_'))
        ++pos_;
      t.kind = Tok::kIdent;
      t.text = std::string(s_.substr(start, pos_ - start));
      t.end = uint32_t(pos_);
      return t;
    }
    t.kind = Tok::kError;
    t.text = fmt::format("unexpected character `{}`", c);
    t.end = uint32_t(++pos_);
    return t;
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

struct SyntaxError {};

class Parser {
 public:
  Parser(std::string_view text, const SourceLocation& where, const GroupResolver* groups,
         std::vector<Expression::Node>* nodes, std::vector<Error>* errors)
      : text_(text), where_(where), groups_(groups), lexer_(text), nodes_(nodes), errors_(errors) {}

  uint32_t ParseAll() {
    if (text_.size() > kMaxExpressionBytes)
      SyntaxFail(Token{Tok::kEnd, 0, 0}, fmt::format("a condition is at most {} bytes long (this one has {})", kMaxExpressionBytes, text_.size()));
    Advance();
    uint32_t root = ParseOr();
    if (tok_.kind != Tok::kEnd) SyntaxFail(tok_, fmt::format("unexpected `{}` after the end of the condition", Spell(tok_)));
    return root;
  }

  SourceLocation At(uint32_t offset) const {
    // The text is assumed to sit on one line of its file (how rule files write conditions); a
    // multi-line condition is located by counting newlines.
    SourceLocation loc = where_;
    for (uint32_t i = 0; i < offset && i < text_.size(); ++i) {
      if (text_[i] == '\n') { ++loc.line; loc.column = 0; }
      else { ++loc.column; }
    }
    return loc;
  }

 private:
  std::string Spell(const Token& t) const {
    if (t.kind == Tok::kEnd) return "end of condition";
    return std::string(text_.substr(t.begin, t.end - t.begin));
  }
  void Advance() { tok_ = lexer_.Next(); if (tok_.kind == Tok::kError) SyntaxFail(tok_, tok_.text); }
  [[noreturn]] void SyntaxFail(const Token& t, std::string message) {
    errors_->emplace_back(ErrorCode::kParseError, std::move(message), At(t.begin));
    throw SyntaxError{};
  }
  void TypeFail(uint32_t at, std::string message) {
    errors_->emplace_back(ErrorCode::kInvalidData, std::move(message), At(at));
  }
  void Expect(Tok kind, std::string_view what) {
    if (tok_.kind != kind) SyntaxFail(tok_, fmt::format("expected {} but found `{}`", what, Spell(tok_)));
    Advance();
  }
  bool IsKeyword(std::string_view kw) const { return tok_.kind == Tok::kIdent && tok_.text == kw; }

  uint32_t Add(Expression::Node n) {
    if (nodes_->size() >= kMaxExpressionNodes)
      SyntaxFail(tok_, fmt::format("a condition has at most {} terms; split the rule", kMaxExpressionNodes));
    nodes_->push_back(std::move(n));
    return uint32_t(nodes_->size() - 1);
  }
  Expression::Node& N(uint32_t i) { return (*nodes_)[i]; }

  uint32_t Binary(Op op, ValueType type, uint32_t a, uint32_t b) {
    Expression::Node n{op, type};
    n.kids = {a, b};
    n.begin = N(a).begin;
    n.end = N(b).end;
    return Add(std::move(n));
  }

  void RequireType(uint32_t node, ValueType want, std::string_view context) {
    if (N(node).type != want)
      TypeFail(N(node).begin, fmt::format("{} needs a {}, but `{}` is a {}", context, ValueTypeName(want),
                                          text_.substr(N(node).begin, N(node).end - N(node).begin),
                                          ValueTypeName(N(node).type)));
  }

  uint32_t ParseOr() {
    uint32_t lhs = ParseAnd();
    while (IsKeyword("or")) {
      Advance();
      uint32_t rhs = ParseAnd();
      RequireType(lhs, ValueType::kBool, "`or`");
      RequireType(rhs, ValueType::kBool, "`or`");
      lhs = Binary(Op::kOr, ValueType::kBool, lhs, rhs);
    }
    return lhs;
  }
  uint32_t ParseAnd() {
    uint32_t lhs = ParseNot();
    while (IsKeyword("and")) {
      Advance();
      uint32_t rhs = ParseNot();
      RequireType(lhs, ValueType::kBool, "`and`");
      RequireType(rhs, ValueType::kBool, "`and`");
      lhs = Binary(Op::kAnd, ValueType::kBool, lhs, rhs);
    }
    return lhs;
  }
  // Nesting (parentheses, `not`, unary minus) is bounded so that neither the parser nor the
  // evaluator can run out of stack on a hostile rule file.
  struct DepthGuard {
    Parser* p;
    explicit DepthGuard(Parser* parser) : p(parser) {
      if (++p->depth_ > kMaxExpressionDepth)
        p->SyntaxFail(p->tok_, fmt::format("conditions nest at most {} levels deep", kMaxExpressionDepth));
    }
    ~DepthGuard() { --p->depth_; }
  };

  uint32_t ParseNot() {
    if (IsKeyword("not")) {
      DepthGuard guard(this);
      uint32_t begin = tok_.begin;
      Advance();
      uint32_t operand = ParseNot();
      RequireType(operand, ValueType::kBool, "`not`");
      Expression::Node n{Op::kNot, ValueType::kBool};
      n.kids = {operand};
      n.begin = begin;
      n.end = N(operand).end;
      return Add(std::move(n));
    }
    return ParseCmp();
  }
  uint32_t ParseCmp() {
    uint32_t lhs = ParseSum();
    Op op;
    switch (tok_.kind) {
      case Tok::kLt: op = Op::kLt; break;
      case Tok::kLe: op = Op::kLe; break;
      case Tok::kGt: op = Op::kGt; break;
      case Tok::kGe: op = Op::kGe; break;
      case Tok::kEq: op = Op::kEq; break;
      case Tok::kNe: op = Op::kNe; break;
      default:
        if (IsKeyword("in")) {
          Advance();
          uint32_t list = ParseList();
          if (N(list).kids.empty() || N(lhs).type != N(N(list).kids.front()).type)
            TypeFail(N(lhs).begin, fmt::format("`in` compares a {} with a list of {}s", ValueTypeName(N(lhs).type),
                                               N(list).kids.empty() ? "?" : ValueTypeName(N(N(list).kids.front()).type)));
          return Binary(Op::kIn, ValueType::kBool, lhs, list);
        }
        return lhs;
    }
    Advance();
    uint32_t rhs = ParseSum();
    ValueType lt = N(lhs).type, rt = N(rhs).type;
    if (lt != rt) {
      TypeFail(N(lhs).begin, fmt::format("cannot compare a {} with a {}", ValueTypeName(lt), ValueTypeName(rt)));
    } else if (lt != ValueType::kNumber && op != Op::kEq && op != Op::kNe) {
      TypeFail(N(lhs).begin, fmt::format("a {} can only be compared with == or !=", ValueTypeName(lt)));
    }
    return Binary(op, ValueType::kBool, lhs, rhs);
  }
  uint32_t ParseSum() {
    uint32_t lhs = ParseTerm();
    while (tok_.kind == Tok::kPlus || tok_.kind == Tok::kMinus) {
      Op op = tok_.kind == Tok::kPlus ? Op::kAdd : Op::kSub;
      Advance();
      uint32_t rhs = ParseTerm();
      RequireType(lhs, ValueType::kNumber, "arithmetic");
      RequireType(rhs, ValueType::kNumber, "arithmetic");
      lhs = Binary(op, ValueType::kNumber, lhs, rhs);
    }
    return lhs;
  }
  uint32_t ParseTerm() {
    uint32_t lhs = ParseUnary();
    while (tok_.kind == Tok::kStar || tok_.kind == Tok::kSlash) {
      Op op = tok_.kind == Tok::kStar ? Op::kMul : Op::kDiv;
      Advance();
      uint32_t rhs = ParseUnary();
      RequireType(lhs, ValueType::kNumber, "arithmetic");
      RequireType(rhs, ValueType::kNumber, "arithmetic");
      lhs = Binary(op, ValueType::kNumber, lhs, rhs);
    }
    return lhs;
  }
  uint32_t ParseUnary() {
    if (tok_.kind == Tok::kMinus) {
      DepthGuard guard(this);
      uint32_t begin = tok_.begin;
      Advance();
      uint32_t operand = ParseUnary();
      RequireType(operand, ValueType::kNumber, "`-`");
      Expression::Node n{Op::kNeg, ValueType::kNumber};
      n.kids = {operand};
      n.begin = begin;
      n.end = N(operand).end;
      return Add(std::move(n));
    }
    return ParseAtom();
  }
  uint32_t Literal() {
    Expression::Node n{Op::kNumber, ValueType::kNumber};
    n.begin = tok_.begin;
    n.end = tok_.end;
    if (tok_.kind == Tok::kNumber) {
      n.number = tok_.number;
    } else if (tok_.kind == Tok::kString) {
      n.op = Op::kString;
      n.type = ValueType::kString;
      n.string = tok_.text;
    } else if (IsKeyword("true") || IsKeyword("false")) {
      n.op = Op::kBool;
      n.type = ValueType::kBool;
      n.boolean = tok_.text == "true";
    } else {
      SyntaxFail(tok_, fmt::format("expected a literal but found `{}`", Spell(tok_)));
    }
    Advance();
    return Add(std::move(n));
  }
  uint32_t ParseList() {
    Expression::Node n{Op::kList, ValueType::kList};
    n.begin = tok_.begin;
    Expect(Tok::kLBracket, "`[`");
    if (tok_.kind != Tok::kRBracket) {
      for (;;) {
        uint32_t item = Literal();
        if (!n.kids.empty() && N(item).type != N(n.kids.front()).type)
          TypeFail(N(item).begin, "list items must all have the same type");
        n.kids.push_back(item);
        if (tok_.kind != Tok::kComma) break;
        Advance();
      }
    }
    n.end = tok_.end;
    Expect(Tok::kRBracket, "`,` or `]`");
    if (n.kids.empty()) TypeFail(n.begin, "an empty list matches nothing");
    return Add(std::move(n));
  }
  uint32_t ParseAtom() {
    if (tok_.kind == Tok::kLParen) {
      DepthGuard guard(this);
      uint32_t begin = tok_.begin;
      Advance();
      uint32_t inner = ParseOr();
      N(inner).begin = std::min(N(inner).begin, begin);
      N(inner).end = tok_.end;
      Expect(Tok::kRParen, "`)`");
      return inner;
    }
    if (tok_.kind == Tok::kLBracket) {
      uint32_t list = ParseList();
      TypeFail(N(list).begin, "a list can only stand after `in`");
      return list;
    }
    if (tok_.kind == Tok::kNumber || tok_.kind == Tok::kString || IsKeyword("true") || IsKeyword("false"))
      return Literal();
    if (tok_.kind != Tok::kIdent) SyntaxFail(tok_, fmt::format("expected a value but found `{}`", Spell(tok_)));
    Token name = tok_;
    Advance();
    if (tok_.kind == Tok::kLParen) return ParseCall(name);
    Expression::Node n{Op::kField, ValueType::kNumber};
    n.begin = name.begin;
    n.end = name.end;
    if (auto f = FieldByName(name.text)) {
      n.field = *f;
      n.type = SpecOf(*f).type;
    } else if (name.text == "and" || name.text == "or" || name.text == "not" || name.text == "in") {
      SyntaxFail(name, fmt::format("expected a value but found `{}`", name.text));
    } else {
      TypeFail(name.begin, fmt::format("unknown field `{}`", name.text));
    }
    return Add(std::move(n));
  }
  uint32_t ParseCall(const Token& name) {
    Expression::Node n{Op::kInGroup, ValueType::kBool};
    n.begin = name.begin;
    Advance();  // (
    std::vector<uint32_t> args;
    if (tok_.kind != Tok::kRParen) {
      for (;;) {
        args.push_back(ParseOr());
        if (tok_.kind != Tok::kComma) break;
        Advance();
      }
    }
    n.end = tok_.end;
    Expect(Tok::kRParen, "`,` or `)`");
    auto literal_strings = [&](std::size_t from, std::string_view what) {
      for (std::size_t i = from; i < args.size(); ++i)
        if (N(args[i]).op != Op::kString) TypeFail(N(args[i]).begin, fmt::format("{} must be a string literal", what));
    };
    if (name.text == "in_group") {
      if (args.size() < 2) TypeFail(name.begin, "in_group(country, \"GROUP\", …) needs a country and at least one group");
      else {
        RequireType(args[0], ValueType::kString, "in_group");
        literal_strings(1, "a country group");
        for (std::size_t i = 1; i < args.size(); ++i)
          if (groups_ && N(args[i]).op == Op::kString && !groups_->KnownGroup(N(args[i]).string))
            TypeFail(N(args[i]).begin, fmt::format("unknown country group `{}`", N(args[i]).string));
      }
    } else if (name.text == "starts_with") {
      n.op = Op::kStartsWith;
      if (args.size() < 2) TypeFail(name.begin, "starts_with(text, \"prefix\", …) needs a text and a prefix");
      else {
        RequireType(args[0], ValueType::kString, "starts_with");
        literal_strings(1, "a prefix");
      }
    } else if (name.text == "has_tag") {
      n.op = Op::kHasTag;
      if (args.size() != 1) TypeFail(name.begin, "has_tag(\"tag\") takes one tag");
      else literal_strings(0, "a tag");
    } else if (name.text == "has_reason") {
      n.op = Op::kHasReason;
      if (args.empty()) TypeFail(name.begin, "has_reason(\"AT\", …) needs at least one reason for control");
      else literal_strings(0, "a reason for control");
    } else {
      TypeFail(name.begin, fmt::format("unknown function `{}` (known: in_group, starts_with, has_tag, has_reason)", name.text));
    }
    n.kids = std::move(args);
    return Add(std::move(n));
  }

  std::string_view text_;
  const SourceLocation& where_;
  const GroupResolver* groups_;
  Lexer lexer_;
  Token tok_{Tok::kEnd, 0, 0};
  std::vector<Expression::Node>* nodes_;
  std::vector<Error>* errors_;
  int depth_ = 0;
};

// The value of a node during evaluation.
struct Val {
  Tri known = Tri::kTrue;  // for non-bool values: kTrue = known, kUnknown = unknown
  double number = 0;
  std::string_view string;
  Tri boolean = Tri::kFalse;
};

Tri And(Tri a, Tri b) {
  if (a == Tri::kFalse || b == Tri::kFalse) return Tri::kFalse;
  if (a == Tri::kUnknown || b == Tri::kUnknown) return Tri::kUnknown;
  return Tri::kTrue;
}
Tri Or(Tri a, Tri b) {
  if (a == Tri::kTrue || b == Tri::kTrue) return Tri::kTrue;
  if (a == Tri::kUnknown || b == Tri::kUnknown) return Tri::kUnknown;
  return Tri::kFalse;
}
Tri FromBool(bool b) { return b ? Tri::kTrue : Tri::kFalse; }

std::string FormatNumber(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{:.6g}", v);
}

class Evaluator {
 public:
  Evaluator(const std::vector<Expression::Compact>& compact, const std::vector<uint32_t>& kids, std::string_view strings,
            const std::vector<Expression::Node>& nodes, const std::string& text, const EvalContext& ctx,
            std::vector<TraceStep>* trace)
      : compact_(compact), kids_(kids), strings_(strings), nodes_(nodes), text_(text), ctx_(ctx), trace_(trace) {}

  Val Eval(uint32_t i) {
    const Expression::Compact& n = compact_[i];
    Val v;
    switch (n.op) {
      case Op::kNumber: v.number = n.number; return v;
      case Op::kString: v.string = String(n); return v;
      case Op::kBool: v.boolean = FromBool(n.boolean); return v;
      case Op::kList: return v;
      case Op::kField: {
        const Facts& f = *ctx_.facts;
        if (!f.Known(n.field)) {
          v.known = Tri::kUnknown;
          v.boolean = Tri::kUnknown;
          return v;
        }
        switch (n.type) {
          case ValueType::kNumber: v.number = f.Number(n.field); break;
          case ValueType::kString: v.string = f.String(n.field); break;
          case ValueType::kBool: v.boolean = FromBool(f.Bool(n.field)); break;
          case ValueType::kList: break;
        }
        return v;
      }
      case Op::kAnd: {
        Tri a = Eval(n.a).boolean;
        if (a == Tri::kFalse && !trace_) { v.boolean = Tri::kFalse; return v; }
        v.boolean = And(a, Eval(n.b).boolean);
        return v;
      }
      case Op::kOr: {
        Tri a = Eval(n.a).boolean;
        if (a == Tri::kTrue && !trace_) { v.boolean = Tri::kTrue; return v; }
        v.boolean = Or(a, Eval(n.b).boolean);
        return v;
      }
      case Op::kNot: {
        Tri a = Eval(n.a).boolean;
        v.boolean = a == Tri::kUnknown ? a : FromBool(a == Tri::kFalse);
        return v;
      }
      case Op::kNeg: {
        Val a = Eval(n.a);
        a.number = -a.number;
        return a;
      }
      case Op::kAdd: case Op::kSub: case Op::kMul: case Op::kDiv: {
        Val a = Eval(n.a), b = Eval(n.b);
        if (a.known == Tri::kUnknown || b.known == Tri::kUnknown || (n.op == Op::kDiv && b.number == 0)) {
          v.known = Tri::kUnknown;
          return v;
        }
        v.number = n.op == Op::kAdd ? a.number + b.number
                   : n.op == Op::kSub ? a.number - b.number
                   : n.op == Op::kMul ? a.number * b.number
                                      : a.number / b.number;
        return v;
      }
      case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe: case Op::kEq: case Op::kNe: {
        Val a = Eval(n.a), b = Eval(n.b);
        const ValueType t = compact_[n.a].type;
        if (Unknown(a, t) || Unknown(b, t)) {
          v.boolean = Tri::kUnknown;
        } else if (t == ValueType::kNumber) {
          v.boolean = FromBool(n.op == Op::kLt ? a.number < b.number
                               : n.op == Op::kLe ? a.number <= b.number
                               : n.op == Op::kGt ? a.number > b.number
                               : n.op == Op::kGe ? a.number >= b.number
                               : n.op == Op::kEq ? a.number == b.number
                                                 : a.number != b.number);
        } else if (t == ValueType::kString) {
          v.boolean = FromBool(detail::SameText(a.string, b.string) == (n.op == Op::kEq));
        } else {
          v.boolean = FromBool((a.boolean == b.boolean) == (n.op == Op::kEq));
        }
        Record(i, v.boolean);
        return v;
      }
      case Op::kIn: {
        Val a = Eval(n.a);
        const Expression::Compact& list = compact_[n.b];
        const ValueType t = compact_[n.a].type;
        if (Unknown(a, t)) {
          v.boolean = Tri::kUnknown;
        } else {
          bool found = false;
          for (uint32_t k : Kids(list)) {
            const Expression::Compact& item = compact_[k];
            if ((t == ValueType::kNumber && item.number == a.number) ||
                (t == ValueType::kString && detail::SameText(String(item), a.string)) ||
                (t == ValueType::kBool && FromBool(item.boolean) == a.boolean)) {
              found = true;
              break;
            }
          }
          v.boolean = FromBool(found);
        }
        Record(i, v.boolean);
        return v;
      }
      case Op::kInGroup: {
        std::span<const uint32_t> kids = Kids(n);
        Val country = Eval(kids[0]);
        if (country.known == Tri::kUnknown || !ctx_.groups) {
          v.boolean = Tri::kUnknown;
        } else {
          bool in = false;
          for (std::size_t k = 1; k < kids.size() && !in; ++k)
            in = ctx_.groups->InGroup(country.string, String(compact_[kids[k]]), ctx_.as_of);
          v.boolean = FromBool(in);
        }
        Record(i, v.boolean);
        return v;
      }
      case Op::kStartsWith: {
        std::span<const uint32_t> kids = Kids(n);
        Val s = Eval(kids[0]);
        if (s.known == Tri::kUnknown) {
          v.boolean = Tri::kUnknown;
        } else {
          bool any = false;
          for (std::size_t k = 1; k < kids.size() && !any; ++k) {
            std::string_view prefix = String(compact_[kids[k]]);
            any = detail::StartsWithText(s.string, prefix);
          }
          v.boolean = FromBool(any);
        }
        Record(i, v.boolean);
        return v;
      }
      case Op::kHasTag: {
        const std::string_view tag = String(compact_[Kids(n)[0]]);
        auto tags = ctx_.facts->tags();
        v.boolean = FromBool(std::any_of(tags.begin(), tags.end(), [&](std::string_view t) { return detail::SameText(t, tag); }));
        Record(i, v.boolean);
        return v;
      }
      case Op::kHasReason: {
        // The reasons for control of the item's ECCN; unknown while the ECCN is undetermined.
        if (!ctx_.facts->Known(Field::kEccn)) {
          v.boolean = Tri::kUnknown;
        } else {
          auto reasons = ctx_.facts->reasons();
          bool any = false;
          for (uint32_t kid : Kids(n)) {
            const std::string_view reason = String(compact_[kid]);
            any = any || std::any_of(reasons.begin(), reasons.end(), [&](std::string_view r) { return detail::SameText(r, reason); });
          }
          v.boolean = FromBool(any);
        }
        Record(i, v.boolean);
        return v;
      }
    }
    return v;
  }

 private:
  static bool Unknown(const Val& v, ValueType t) {
    return t == ValueType::kBool ? v.boolean == Tri::kUnknown : v.known == Tri::kUnknown;
  }
  std::string_view String(const Expression::Compact& n) const { return strings_.substr(n.a, n.b); }
  std::span<const uint32_t> Kids(const Expression::Compact& n) const { return {kids_.data() + n.a, n.b}; }

  void Record(uint32_t i, Tri result) {
    if (trace_) RecordStep(nodes_[i], result);
  }

  void RecordStep(const Expression::Node& n, Tri result) {
    TraceStep step{text_.substr(n.begin, n.end - n.begin), {}, result};
    std::vector<uint32_t> stack(n.kids.begin(), n.kids.end());
    std::vector<Field> seen;
    while (!stack.empty()) {
      const Expression::Node& k = nodes_[stack.back()];
      stack.pop_back();
      for (uint32_t kid : k.kids) stack.push_back(kid);
      if (k.op != Op::kField || std::find(seen.begin(), seen.end(), k.field) != seen.end()) continue;
      seen.push_back(k.field);
      const Facts& f = *ctx_.facts;
      std::string value = !f.Known(k.field) ? "unknown"
                          : k.type == ValueType::kNumber ? FormatNumber(f.Number(k.field))
                          : k.type == ValueType::kString ? fmt::format("\"{}\"", f.String(k.field))
                                                         : std::string(f.Bool(k.field) ? "true" : "false");
      if (!step.values.empty()) step.values += ", ";
      step.values += fmt::format("{} = {}", SpecOf(k.field).name, value);
    }
    if (n.op == Op::kHasReason) {
      std::string reasons;
      for (std::string_view r : ctx_.facts->reasons()) reasons += (reasons.empty() ? "" : ", ") + std::string(r);
      step.values = ctx_.facts->Known(Field::kEccn) ? fmt::format("reasons = [{}]", reasons) : "eccn unknown";
    }
    if (n.op == Op::kHasTag) {
      std::string tags;
      for (std::string_view t : ctx_.facts->tags()) tags += (tags.empty() ? "" : ", ") + std::string(t);
      step.values = fmt::format("tags = [{}]", tags);
    }
    trace_->push_back(std::move(step));
  }

  const std::vector<Expression::Compact>& compact_;
  const std::vector<uint32_t>& kids_;
  std::string_view strings_;
  const std::vector<Expression::Node>& nodes_;  // the same nodes with their source text, for traces
  const std::string& text_;
  const EvalContext& ctx_;
  std::vector<TraceStep>* trace_;
};

}  // namespace

Result<Expression> Expression::Compile(std::string_view text, const SourceLocation& where,
                                       const GroupResolver* groups) {
  Expression e;
  e.text_ = std::string(text);
  std::vector<Error> errors;
  Parser parser(e.text_, where, groups, &e.nodes_, &errors);
  try {
    e.root_ = parser.ParseAll();
  } catch (const SyntaxError&) {
  }
  if (errors.empty() && e.nodes_[e.root_].type != ValueType::kBool)
    errors.emplace_back(ErrorCode::kInvalidData,
                        fmt::format("a condition must be true or false, but `{}` is a {}", text,
                                    ValueTypeName(e.nodes_[e.root_].type)),
                        parser.At(0));
  if (!errors.empty()) return Error::Many(ErrorCode::kInvalidData, std::move(errors));
  for (const Node& n : e.nodes_) {
    if (n.op == Op::kField && std::find(e.fields_.begin(), e.fields_.end(), n.field) == e.fields_.end())
      e.fields_.push_back(n.field);
    if (n.op == Op::kHasReason && std::find(e.fields_.begin(), e.fields_.end(), Field::kEccn) == e.fields_.end())
      e.fields_.push_back(Field::kEccn);
    if (n.op == Op::kHasTag) e.tags_.push_back(e.nodes_[n.kids[0]].string);
  }
  e.BuildCompactForm();
  return e;
}

void Expression::BuildCompactForm() {
  compact_.clear();
  compact_kids_.clear();
  strings_.clear();
  compact_.reserve(nodes_.size());
  for (const Node& n : nodes_) {
    Compact c{n.op, n.type, n.field, n.boolean};
    c.number = n.number;
    switch (n.op) {
      case Op::kString:
        c.a = static_cast<uint32_t>(strings_.size());
        c.b = static_cast<uint32_t>(n.string.size());
        strings_ += n.string;
        break;
      case Op::kList: case Op::kInGroup: case Op::kStartsWith: case Op::kHasTag: case Op::kHasReason:
        c.a = static_cast<uint32_t>(compact_kids_.size());
        c.b = static_cast<uint32_t>(n.kids.size());
        compact_kids_.insert(compact_kids_.end(), n.kids.begin(), n.kids.end());
        break;
      default:
        if (!n.kids.empty()) c.a = n.kids[0];
        if (n.kids.size() > 1) c.b = n.kids[1];
        break;
    }
    compact_.push_back(c);
  }
}

namespace {
void TopConjuncts(const std::vector<Expression::Node>& nodes, uint32_t i, std::vector<uint32_t>* out) {
  // Iterative over the left spine of `a and b and c` (left-deep), recursing only into right kids,
  // whose depth the parser bounds.
  while (nodes[i].op == Op::kAnd) {
    TopConjuncts(nodes, nodes[i].kids[1], out);
    i = nodes[i].kids[0];
  }
  out->push_back(i);
}
}  // namespace

std::optional<std::vector<std::string>> Expression::RequiredValues(Field field) const {
  std::vector<uint32_t> conjuncts;
  TopConjuncts(nodes_, root_, &conjuncts);
  for (uint32_t c : conjuncts) {
    const Node& n = nodes_[c];
    if ((n.op != Op::kEq && n.op != Op::kIn) || n.kids.size() != 2) continue;
    const Node& lhs = nodes_[n.kids[0]];
    const Node& rhs = nodes_[n.kids[1]];
    if (lhs.op != Op::kField || lhs.field != field) continue;
    std::vector<std::string> values;
    if (n.op == Op::kEq && rhs.op == Op::kString) values.push_back(rhs.string);
    else if (n.op == Op::kIn && rhs.op == Op::kList)
      for (uint32_t k : rhs.kids) {
        if (nodes_[k].op != Op::kString) return std::nullopt;
        values.push_back(nodes_[k].string);
      }
    else continue;
    return values;
  }
  return std::nullopt;
}

std::optional<std::vector<std::string>> Expression::RequiredPrefixes(Field field) const {
  std::vector<uint32_t> conjuncts;
  TopConjuncts(nodes_, root_, &conjuncts);
  for (uint32_t c : conjuncts) {
    const Node& n = nodes_[c];
    if (n.op != Op::kStartsWith || n.kids.empty()) continue;
    const Node& subject = nodes_[n.kids[0]];
    if (subject.op != Op::kField || subject.field != field) continue;
    std::vector<std::string> prefixes;
    for (std::size_t k = 1; k < n.kids.size(); ++k) prefixes.push_back(nodes_[n.kids[k]].string);
    return prefixes;
  }
  return std::nullopt;
}

std::vector<std::string> Expression::RequiredTags() const {
  std::vector<uint32_t> conjuncts;
  TopConjuncts(nodes_, root_, &conjuncts);
  std::vector<std::string> tags;
  for (uint32_t c : conjuncts)
    if (nodes_[c].op == Op::kHasTag) tags.push_back(nodes_[nodes_[c].kids[0]].string);
  return tags;
}

std::vector<Field> Expression::RequiredTrueFields() const {
  std::vector<uint32_t> conjuncts;
  TopConjuncts(nodes_, root_, &conjuncts);
  std::vector<Field> fields;
  for (uint32_t c : conjuncts)
    if (nodes_[c].op == Op::kField && nodes_[c].type == ValueType::kBool) fields.push_back(nodes_[c].field);
  return fields;
}

Tri Expression::Evaluate(const EvalContext& ctx, std::vector<TraceStep>* trace) const {
  Evaluator ev(compact_, compact_kids_, strings_, nodes_, text_, ctx, trace);
  return ev.Eval(root_).boolean;
}

}  // namespace exportctl::rules
