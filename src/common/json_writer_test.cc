// JsonWriter against nlohmann::json's own printer (the text it replaced on the answer path):
// the same bytes for every string, valid UTF-8 or not, and every double.
#include "common/json_writer.h"

#include <cstring>
#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace exportctl::detail {
namespace {

using nlohmann::json;

std::string Nlohmann(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

TEST(JsonWriterTest, StringsAreEscapedAsNlohmannPrintsThem) {
  for (std::string s : {std::string(""), std::string("plain"), std::string("quote \" and \\ back"), std::string("\b\f\n\r\t\x01\x1f\x7f"),
                        std::string("华为技术有限公司"), std::string("emoji \xF0\x9F\x98\x80"), std::string("nul \0 inside", 13),
                        std::string("truncated \xE4\xB8"), std::string("lone \x80 continuation"), std::string("overlong \xC0\xAF"),
                        std::string("surrogate \xED\xA0\x80"), std::string("beyond \xF4\x90\x80\x80"), std::string("\xE0\x80\x41")}) {
    std::string mine;
    AppendJsonString(s, &mine);
    EXPECT_EQ(mine, Nlohmann(json(s))) << s;
  }
  // Random bytes, biased towards UTF-8 lead and continuation bytes.
  std::mt19937 rng(7);
  for (int i = 0; i < 100000; ++i) {
    std::string s;
    // Short strings, and long ones whose rare special bytes fall anywhere in a 16-byte block.
    const bool long_one = i % 2;
    for (int k = 0, n = static_cast<int>(long_one ? rng() % 100 : rng() % 12); k < n; ++k) {
      if (long_one && rng() % 8) {
        s.push_back(static_cast<char>(0x20 + rng() % 0x5F));
        continue;
      }
      switch (rng() % 4) {
        case 0: s.push_back(static_cast<char>(rng() % 256)); break;
        case 1: s.push_back(static_cast<char>(rng() % 128)); break;
        case 2: s += "\xE4\xB8\xAD"; break;
        default: s.push_back(static_cast<char>(0x80 + rng() % 0x80));
      }
    }
    std::string mine;
    AppendJsonString(s, &mine);
    ASSERT_EQ(mine, Nlohmann(json(s))) << "case " << i;
  }
}

TEST(JsonWriterTest, NumbersArePrintedAsNlohmannPrintsThem) {
  for (double v : {0.0, -0.0, 1.0, 1000.0, 0.1, 2368.0, 1e-5, 1e15, 1e16, 1e21, 123456789.125, -3.5, 5e-324, 1.7976931348623157e308}) {
    std::string mine;
    JsonWriter(&mine).Number(v);
    EXPECT_EQ(mine, json(v).dump()) << v;
  }
  std::mt19937_64 rng(11);
  for (int i = 0; i < 100000; ++i) {
    double v;
    const std::uint64_t bits = rng();
    std::memcpy(&v, &bits, sizeof v);
    if (i % 2) v = static_cast<double>(rng() % 100000) / static_cast<double>(1 + rng() % 1000);
    std::string mine;
    JsonWriter(&mine).Number(v);
    ASSERT_EQ(mine, json(v).dump()) << v;  // not finite: null, as nlohmann prints it
  }
  std::string ints;
  JsonWriter(&ints).BeginArray().Int(0).Int(-9223372036854775807LL - 1).Int(9223372036854775807LL).EndArray();
  EXPECT_EQ(ints, "[0,-9223372036854775808,9223372036854775807]");
}

TEST(JsonWriterTest, ContainersGetTheirCommasAndParseBack) {
  std::string text;
  JsonWriter w(&text);
  w.BeginObject();
  w.Key("a").BeginArray().EndArray();
  w.Key("b").BeginObject().EndObject();
  w.Key("c").BeginArray().BeginObject().Key("x").Null().Key("y").Bool(true).EndObject().BeginArray().Int(1).Int(2).EndArray().String("s").EndArray();
  w.Key("d").Raw(R"({"k":[1]})");
  w.Key("e").Strings({"p", "q"});
  w.Key("f").StringOrNull("").Key("g").Number(std::optional<double>());
  w.EndObject();
  EXPECT_EQ(text, R"({"a":[],"b":{},"c":[{"x":null,"y":true},[1,2],"s"],"d":{"k":[1]},"e":["p","q"],"f":null,"g":null})");
  EXPECT_EQ(json::parse(text)["c"][1][1], 2);
}

}  // namespace
}  // namespace exportctl::detail
