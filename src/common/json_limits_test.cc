// Input bounds of the JSON and TOML readers: nesting bombs are refused with a location before any
// parser recurses on them (a 100,000-deep JSON array and a 60,000-part dotted TOML key once
// crashed the server and the spec reader).
#include "common/json_limits.h"

#include <gtest/gtest.h>

#include "common/toml_util.h"

namespace exportctl::detail {
namespace {

TEST(JsonLimitsTest, DepthCountsBracketsOutsideStrings) {
  EXPECT_EQ(JsonDepth(R"({"a":[1,{"b":2}]})", 32), 3);
  EXPECT_EQ(JsonDepth(R"({"a":"[[[[{{{{\"]]"})", 32), 1);  // brackets and an escaped quote inside a string
  EXPECT_EQ(JsonDepth("[]", 32), 1);
  EXPECT_EQ(JsonDepth("", 32), 0);
}

TEST(JsonLimitsTest, NestingBombIsAParseErrorNotACrash) {
  std::string bomb = "{\"chip\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  auto parsed = ParseJsonBounded(bomb, "the request body");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code(), ErrorCode::kParseError);
  EXPECT_NE(parsed.error().message().find("deeper than 32 levels"), std::string::npos);
  std::string ok = std::string(32, '[') + std::string(32, ']');
  EXPECT_TRUE(ParseJsonBounded(ok, "x").ok());
  EXPECT_FALSE(ParseJsonBounded(std::string(33, '[') + std::string(33, ']'), "x").ok());
}

TEST(JsonLimitsTest, NumbersOutOfRangeAndSyntaxErrorsAreParseErrors) {
  EXPECT_FALSE(ParseJsonBounded(R"({"quantity":1e999})", "x").ok());
  EXPECT_FALSE(ParseJsonBounded(R"({"a":)", "x").ok());
}

TEST(TomlLimitsTest, DeepKeysAndArraysAreRefusedWithALocation) {
  std::string key = "a";
  for (int i = 0; i < 60000; ++i) key += ".a";
  auto parsed = ParseToml(key + " = 1\n", "spec.toml");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().ToString().find("spec.toml:1:"), std::string::npos) << parsed.error().ToString();
  auto arrays = ParseToml("x = " + std::string(10000, '[') + std::string(10000, ']') + "\n", "spec.toml");
  ASSERT_FALSE(arrays.ok());
  EXPECT_NE(arrays.error().message().find("nest more than 32"), std::string::npos);
  // Ordinary files are untouched: dotted keys, floats in arrays, brackets inside strings, tables.
  auto good = ParseToml("[chip.dense_tops]\nbf16 = 148.5\nnote = \"{[\"\nlist = [[1, 2], [3]]\n", "ok.toml");
  EXPECT_TRUE(good.ok()) << good.error().ToString();
}

}  // namespace
}  // namespace exportctl::detail
