// Party names and request text: NUL bytes, invalid UTF-8 and megabyte names are refused naming the
// field (a 1 MB party name once cost 5 s of CPU per request; an embedded NUL was silently dropped).
#include "common/text_limits.h"

#include <string>

#include <gtest/gtest.h>

namespace exportctl::detail {
namespace {

TEST(TextLimitsTest, Utf8) {
  EXPECT_TRUE(IsValidUtf8("Beijing Zhipu Huazhang 北京智谱华章 Сбербанк"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(IsValidUtf8("abc\xE4\xBD"));       // truncated
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
}

TEST(TextLimitsTest, RefusalsNameTheField) {
  auto nul = CheckText(std::string("Huawei\0Technologies", 19), "end_user", kMaxNameBytes);
  ASSERT_FALSE(nul.ok());
  EXPECT_EQ(nul.error().field(), "end_user");
  EXPECT_NE(nul.error().message().find("NUL"), std::string::npos);
  auto huge = CheckText(std::string(1 << 20, 'a'), "name", kMaxNameBytes);
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.error().message().find("at most 512"), std::string::npos);
  EXPECT_FALSE(CheckText("\xff", "name", kMaxNameBytes).ok());
  EXPECT_TRUE(CheckText("Example Cloud Ltd", "end_user", kMaxNameBytes).ok());
}

}  // namespace
}  // namespace exportctl::detail
