// The list parsers on the real files of tests/data (lists/) and on broken copies of them.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "common/file.h"
#include "screen/csv_reader.h"
#include "screen/list_entry.h"

namespace exportctl::screen {
namespace {

const std::string kTestData = EXPORTCTL_TEST_DATA_DIR;
const std::string kSdn = kTestData + "/lists/ofac/sdn-2024-05-03.csv";
const std::string kCsl = kTestData + "/lists/csl/consolidated-sample.csv";
const std::string kUn = kTestData + "/lists/un/UN_consolidated.xml";

const ListEntry* Find(const ParsedList& list, std::string_view id) {
  auto it = std::find_if(list.entries.begin(), list.entries.end(),
                         [&](const ListEntry& e) { return e.id == id; });
  return it == list.entries.end() ? nullptr : &*it;
}

TEST(SdnParserTest, RealFile) {
  auto list = ParseListFile(kSdn);
  ASSERT_TRUE(list.ok()) << list.error().ToString();
  EXPECT_EQ(list->format, ListFormat::kSdnCsv);
  EXPECT_EQ(list->entries.size(), 14965u);  // one entry per line of the OFAC file
  const ListEntry* putin = Find(*list, "35096");
  ASSERT_NE(putin, nullptr);
  EXPECT_EQ(putin->name, "PUTIN, Vladimir Vladimirovich");
  EXPECT_EQ(putin->type, PartyType::kPerson);
  const ListEntry* bnc = Find(*list, "306");
  ASSERT_NE(bnc, nullptr);
  // Aliases in the remarks are OFAC's weak a.k.a.s and keep their quotes (OFAC FAQ 123).
  EXPECT_EQ(bnc->aliases, (std::vector<std::string>{"'BNC'"}));
  EXPECT_TRUE(IsWeakAlias(bnc->aliases[0]));
  EXPECT_FALSE(IsWeakAlias(putin->name));
  // An alias with an apostrophe inside: "a.k.a. 'ABU-'UMAR'."
  const ListEntry* marzook = Find(*list, "3754");
  ASSERT_NE(marzook, nullptr);
  EXPECT_EQ(marzook->aliases, (std::vector<std::string>{"'ABU-'UMAR'"}));
}

TEST(SdnParserTest, TruncatedFileNamesTheLine) {
  auto text = detail::ReadFile(kSdn);
  ASSERT_TRUE(text.ok());
  // Cut inside the quoted name of line 3.
  size_t pos = text->find("\"BANCO NAC");
  auto list = ParseSdnCsv(std::string_view(*text).substr(0, pos + 6), "sdn.csv");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error().ToString(), "sdn.csv:3: unterminated quoted field (truncated file?)");
}

TEST(SdnParserTest, BadRowsAreAllReported) {
  std::string text =
      "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"
      "x1,\"NAME\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"
      "37,\"SHORT ROW\",-0- \n";
  auto list = ParseSdnCsv(text, "sdn.csv");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error().ToString(),
            "sdn.csv:2: ent_num `x1` is not an integer\nsdn.csv:3: expected 12 columns, found 3");
}

TEST(SdnParserTest, WrongEncoding) {
  std::string text = "36,\"SOCI\xC9T\xC9 G\xC9N\xC9RALE\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n";
  auto list = ParseSdnCsv(text, "latin1.csv");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error().ToString(), "latin1.csv:1: invalid UTF-8 (wrong encoding?)");
}

TEST(CslParserTest, SampleFile) {
  auto list = ParseListFile(kCsl);
  ASSERT_TRUE(list.ok()) << list.error().ToString();
  EXPECT_EQ(list->format, ListFormat::kCslCsv);
  ASSERT_FALSE(list->entries.empty());
  const ListEntry& first = list->entries.front();
  EXPECT_EQ(first.name, "Sinobright Import and Export Company; and any successor, sub-unit, or subsidiary thereof");
  EXPECT_EQ(first.start_date, "2023-07-19");
  EXPECT_EQ(first.federal_register_notice, "Vol. 88, No. 151, 08/08/2023");
  EXPECT_EQ(list->entries[1].countries, "AM");
}

TEST(CslParserTest, BundledEntityList) {
  auto list = ParseListFile(std::string(EXPORTCTL_SOURCE_DIR) + "/data/lists/entity-list-curated.csv");
  ASSERT_TRUE(list.ok()) << list.error().ToString();
  EXPECT_GE(list->entries.size(), 15u);
  for (const ListEntry& e : list->entries) {
    EXPECT_FALSE(e.federal_register_notice.empty()) << e.name;
    EXPECT_EQ(e.start_date.size(), 10u) << e.name;
    EXPECT_FALSE(e.source_url.empty()) << e.name;
  }
}

TEST(CslParserTest, WrongColumnCountAndBadDate) {
  std::string text =
      "_id,name,start_date\n"
      "a,Alpha,2024-01-01\n"
      "b,Beta\n"
      "c,Gamma,2024-02-30\n";
  auto list = ParseCslCsv(text, "csl.csv");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error().ToString(),
            "csl.csv:3: expected 3 columns, found 2\ncsl.csv:4: start_date `2024-02-30` is not YYYY-MM-DD");
}

TEST(UnParserTest, RealFile) {
  auto list = ParseListFile(kUn);
  ASSERT_TRUE(list.ok()) << list.error().ToString();
  EXPECT_EQ(list->format, ListFormat::kUnXml);
  EXPECT_EQ(list->entries.size(), 1003u);  // 730 INDIVIDUAL + 273 ENTITY elements
  const ListEntry* badege = Find(*list, "6907993");
  ASSERT_NE(badege, nullptr);
  EXPECT_EQ(badege->name, "ERIC BADEGE");
  EXPECT_EQ(badege->start_date, "2012-12-31");
  EXPECT_EQ(badege->programs, "DRC");
  EXPECT_EQ(badege->type, PartyType::kPerson);
  // QUALITY "Low" aliases are weak (quoted); "Good" ones are not.
  const ListEntry* iyamuremye = Find(*list, "6907995");
  ASSERT_NE(iyamuremye, nullptr);
  EXPECT_EQ(iyamuremye->aliases[0], "'Rumuli'");
  EXPECT_EQ(iyamuremye->aliases[1], "Byiringiro Victor Rumuli");
  // One alias field holding several names gives each as an alias: semicolons, enumeration marks
  // ("b) "), and transliterations in parentheses after the original script.
  auto has_alias = [](const ListEntry* e, std::string_view alias) {
    return std::find(e->aliases.begin(), e->aliases.end(), alias) != e->aliases.end();
  };
  const ListEntry* rezaie = Find(*list, "110414");
  ASSERT_NE(rezaie, nullptr);
  for (std::string_view alias : {"Mortaza Rezaie", "Mortaza Rezai", "Morteza Rezai"}) EXPECT_TRUE(has_alias(rezaie, alias)) << alias;
  const ListEntry* sabet = Find(*list, "110413");
  ASSERT_NE(sabet, nullptr);
  for (std::string_view alias : {"Mohammed Sabet", "Mohammad Sabet", "M. Javad Kareemi Sabet", "M. Jawad Karimi Sabet"})
    EXPECT_TRUE(has_alias(sabet, alias)) << alias;
  const ListEntry* baghdadi = Find(*list, "2975516");
  ASSERT_NE(baghdadi, nullptr);
  // (a "Low" quality alias: each of its names stays weak)
  EXPECT_TRUE(has_alias(baghdadi, "'أبو بكر البغدادي الحسيني القريشي'"));
  EXPECT_TRUE(has_alias(baghdadi, "'Abu Bakr al-Baghdadi al-Husayni al-Quraishi'"));
  EXPECT_TRUE(has_alias(baghdadi, "'Abu Bakr al-Baghdadi'"));
  for (const ListEntry& e : list->entries)
    for (const std::string& alias : e.aliases) EXPECT_EQ(alias.find(';'), std::string::npos) << e.id << ": " << alias;
}

TEST(UnParserTest, MalformedXmlNamesLineAndColumn) {
  auto list = ParseUnXml("<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<INDIVIDUAL><DATAID>1</DATAID>\n</INDIVIDUALS>", "un.xml");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error().where().file, "un.xml");
  EXPECT_EQ(list.error().where().line, 4);
  EXPECT_NE(list.error().message().find("malformed XML"), std::string::npos);
}

TEST(ListFileTest, EmptyAndUnknown) {
  EXPECT_FALSE(ParseListText("", "e.csv").ok());
  EXPECT_FALSE(ParseListText("hello world\n", "x.txt").ok());
}

}  // namespace
}  // namespace exportctl::screen

namespace exportctl::screen {
namespace {

TEST(SdnParserTest, MergesAltAndAddFilesBesideTheList) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("sdn-companions-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  // Three real rows of sdn.csv, with companion rows in OFAC's alt.csv / add.csv layout.
  std::ofstream(dir / "sdn.csv")
      << "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
         "306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"a.k.a. 'BNC'.\"\r\n";
  std::ofstream(dir / "alt.csv") << "36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n";
  std::ofstream(dir / "add.csv") << "306,200,\"Dai Ichi Bldg. 6th Floor, 10-2 Nishi-Shinbashi 1-chome\",\"Tokyo\",\"Japan\",-0- \r\n";
  auto list = ParseListFile((dir / "sdn.csv").string());
  ASSERT_TRUE(list.ok()) << list.error().ToString();
  ASSERT_EQ(list->entries.size(), 2u);
  EXPECT_EQ(list->entries[0].aliases, (std::vector<std::string>{"AERO-CARIBBEAN"}));
  EXPECT_EQ(list->entries[1].aliases, (std::vector<std::string>{"'BNC'"}));  // weak, from the remarks
  EXPECT_EQ(list->entries[1].countries, "Japan");
  // A companion row for an unknown entry is an error at its line.
  std::ofstream(dir / "alt.csv") << "36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n999,13,\"aka\",\"X\",-0- \r\n";
  auto bad = ParseListFile((dir / "sdn.csv").string());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().ToString(), (dir / "alt.csv").string() + ":2: ent_num `999` is not in the SDN file");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace exportctl::screen
