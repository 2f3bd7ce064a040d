#include "screen/csv_reader.h"

#include <gtest/gtest.h>

#include "common/file.h"

namespace exportctl::screen {
namespace {

TEST(CsvReaderTest, QuotesNewlinesCrlfAndBom) {
  auto rows = ReadCsv("\xEF\xBB\xBF" "a,\"b, c\",\"say \"\"hi\"\"\"\r\n"
                      "\"multi\nline\",x,\r\n"
                      "\n"
                      "last,row,end\x1a",
                      "f.csv");
  ASSERT_TRUE(rows.ok()) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].fields, (std::vector<std::string>{"a", "b, c", "say \"hi\""}));
  EXPECT_EQ((*rows)[1].fields, (std::vector<std::string>{"multi\nline", "x", ""}));
  EXPECT_EQ((*rows)[1].line, 2);
  EXPECT_EQ((*rows)[2].line, 5);  // after the quoted newline and the blank line
  EXPECT_EQ((*rows)[2].fields.back(), "end");
}

TEST(CsvReaderTest, TextAfterClosingQuote) {
  auto rows = ReadCsv("ok,row\n\"a\"b,c\n", "f.csv");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().ToString(), "f.csv:2: unexpected text after a closing quote");
}

TEST(CsvReaderTest, MissingFile) {
  auto text = detail::ReadFile("/nonexistent/dir/list.csv");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().ToString(), "cannot open `/nonexistent/dir/list.csv`");
}

}  // namespace
}  // namespace exportctl::screen
