#include "rules/expression.h"

#include <gtest/gtest.h>

namespace exportctl::rules {
namespace {

Expression Compile(std::string_view text) {
  auto e = Expression::Compile(text, SourceLocation{"t.toml", 1, 9});
  EXPECT_TRUE(e.ok()) << text << ": " << (e.ok() ? "" : e.error().ToString());
  return std::move(e).value();
}

Tri Eval(std::string_view text, const Facts& facts, std::vector<TraceStep>* trace = nullptr) {
  EvalContext ctx{&facts, nullptr, Date::FromYmd(2024, 1, 1)};
  return Compile(text).Evaluate(ctx, trace);
}

TEST(ExpressionTest, ThresholdsAreInclusiveWhereTheRuleSaysOrMore) {
  Facts f;
  f.Set(Field::kTpp, 4800.0);
  EXPECT_EQ(Eval("tpp >= 4800", f), Tri::kTrue);
  EXPECT_EQ(Eval("tpp > 4800", f), Tri::kFalse);
  f.Set(Field::kTpp, 4799.999);
  EXPECT_EQ(Eval("tpp >= 4800", f), Tri::kFalse);
}

TEST(ExpressionTest, ThreeValuedLogicOnUnknownFigures) {
  Facts f;
  f.Set(Field::kTpp, 1600.0);  // MTT S4000: TPP known, die area (so PD) unknown
  EXPECT_EQ(Eval("tpp >= 1600 and pd >= 5.92", f), Tri::kUnknown);
  EXPECT_EQ(Eval("tpp >= 4800 and pd >= 5.92", f), Tri::kFalse);
  EXPECT_EQ(Eval("tpp >= 1600 or pd >= 5.92", f), Tri::kTrue);
  EXPECT_EQ(Eval("not (pd >= 5.92)", f), Tri::kUnknown);
}

TEST(ExpressionTest, StringsListsAndFunctions) {
  Facts f;
  f.Set(Field::kDesignedFor, std::string_view("consumer"));
  f.Set(Field::kChip, std::string_view("nvidia-h20"));
  f.Set(Field::kEccn, std::string_view("3A090.a.1"));
  static constexpr std::string_view kTags[] = {"supercomputer"};
  f.SetTags(kTags);
  EXPECT_EQ(Eval("designed_for != \"datacenter\"", f), Tri::kTrue);
  EXPECT_EQ(Eval("chip in [\"nvidia-h20\", \"amd-mi308x\"]", f), Tri::kTrue);
  EXPECT_EQ(Eval("starts_with(eccn, \"3A090.b\", \"3A090.a\")", f), Tri::kTrue);
  EXPECT_EQ(Eval("starts_with(eccn, \"4A090\")", f), Tri::kFalse);
  EXPECT_EQ(Eval("has_tag('supercomputer') and not has_tag('military')", f), Tri::kTrue);
}

TEST(ExpressionTest, ArithmeticOnFields) {
  Facts f;
  f.Set(Field::kTpp, 2368.0);
  f.Set(Field::kQuantity, 1000.0);
  EXPECT_EQ(Eval("tpp * quantity >= 2_368_000", f), Tri::kTrue);
  EXPECT_EQ(Eval("tpp / die_area >= 1", f), Tri::kUnknown);
}

TEST(ExpressionTest, TraceNamesValuesCompared) {
  Facts f;
  f.Set(Field::kTpp, 2368.0);
  f.Set(Field::kPd, 2.91);
  std::vector<TraceStep> trace;
  EXPECT_EQ(Eval("tpp >= 1600 and pd >= 3.2", f, &trace), Tri::kFalse);
  ASSERT_EQ(trace.size(), 2u);
  EXPECT_EQ(trace[0].expression, "tpp >= 1600");
  EXPECT_EQ(trace[0].values, "tpp = 2368");
  EXPECT_EQ(trace[0].result, Tri::kTrue);
  EXPECT_EQ(trace[1].expression, "pd >= 3.2");
  EXPECT_EQ(trace[1].values, "pd = 2.91");
  EXPECT_EQ(trace[1].result, Tri::kFalse);
}

TEST(ExpressionTest, TypeErrorsAreAllReportedWithColumns) {
  auto e = Expression::Compile("tpp >= \"4800\" or designed_for > 3 or colour == 1", SourceLocation{"r.toml", 7, 9});
  ASSERT_FALSE(e.ok());
  std::string text = e.error().ToString();
  EXPECT_NE(text.find("r.toml:7:9: cannot compare a number with a string"), std::string::npos) << text;
  EXPECT_NE(text.find("r.toml:7:26: cannot compare a string with a number"), std::string::npos) << text;
  EXPECT_NE(text.find("r.toml:7:46: unknown field `colour`"), std::string::npos) << text;
}

TEST(ExpressionTest, SyntaxErrorsPointAtTheToken) {
  for (auto [text, message] : std::vector<std::pair<const char*, const char*>>{
           {"tpp >= ", "r.toml:1:8: expected a value but found `end of condition`"},
           {"tpp >= 4800 and", "r.toml:1:16: expected a value but found `end of condition`"},
           {"(tpp >= 4800", "r.toml:1:13: expected `)` but found `end of condition`"},
           {"tpp >= 48.0.0", "r.toml:1:8: malformed number `48.0.0`"},
           {"tpp => 4800", "r.toml:1:5: unexpected character `=`"},
           {"tpp >= 4800 4800", "r.toml:1:13: unexpected `4800` after the end of the condition"},
           {"chip == \"h20", "r.toml:1:9: unterminated string"},
           {"tpp", "r.toml:1:1: a condition must be true or false, but `tpp` is a number"},
           {"frobnicate(tpp)", "r.toml:1:1: unknown function `frobnicate`"},
       }) {
    auto e = Expression::Compile(text, SourceLocation{"r.toml", 1, 1});
    ASSERT_FALSE(e.ok()) << text;
    EXPECT_NE(e.error().ToString().find(message), std::string::npos) << text << " -> " << e.error().ToString();
  }
}

}  // namespace
}  // namespace exportctl::rules
