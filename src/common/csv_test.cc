#include "common/csv.h"

#include <gtest/gtest.h>

namespace exportctl::detail {
namespace {

TEST(CsvTest, QuotesNewlinesAndLineNumbers) {
  CsvReader r("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\n\"multi\nline\",z\n");
  std::vector<std::string> f;
  std::string err;
  ASSERT_TRUE(r.Next(&f, &err));
  EXPECT_EQ(f, (std::vector<std::string>{"a", "b"}));
  ASSERT_TRUE(r.Next(&f, &err));
  EXPECT_EQ(f, (std::vector<std::string>{"x, y", "say \"hi\""}));
  EXPECT_EQ(r.record_line(), 2);
  ASSERT_TRUE(r.Next(&f, &err));
  EXPECT_EQ(f, (std::vector<std::string>{"multi\nline", "z"}));
  EXPECT_EQ(r.record_line(), 4);
  EXPECT_FALSE(r.Next(&f, &err));
}

TEST(CsvTest, MalformedRecordsAreReported) {
  CsvReader r("\"open,b\n");
  std::vector<std::string> f;
  std::string err;
  ASSERT_TRUE(r.Next(&f, &err));
  EXPECT_EQ(err, "unterminated quoted field (truncated file?)");
  CsvReader r2("\"a\"x,b\nc,d\n");
  ASSERT_TRUE(r2.Next(&f, &err));
  EXPECT_EQ(err, "unexpected text after a closing quote");
  ASSERT_TRUE(r2.Next(&f, &err));
  EXPECT_EQ(f, (std::vector<std::string>{"c", "d"}));
  EXPECT_EQ(CsvEscape("a,b"), "\"a,b\"");
}

}  // namespace
}  // namespace exportctl::detail
