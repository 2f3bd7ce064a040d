#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "exportctl/rules.h"

namespace exportctl {
namespace {

namespace fs = std::filesystem;

// A throw-away rule directory with a manifest and one rule file.
class RuleDir {
 public:
  explicit RuleDir(const std::string& rules) {
    dir_ = fs::temp_directory_path() / fs::path("exportctl-ruleset-" + std::to_string(::getpid()) + "-" +
                                                std::to_string(counter_++));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "ruleset.toml") << "schema_version = 1\nid = \"t\"\nrevision = \"1\"\n";
    std::ofstream(dir_ / "rules.toml") << rules;
  }
  ~RuleDir() { fs::remove_all(dir_); }
  std::string path() const { return dir_.string(); }
  std::string file() const { return (dir_ / "rules.toml").string(); }

 private:
  static inline int counter_ = 0;
  fs::path dir_;
};

constexpr const char* kHeader = "schema_version = 1\njurisdiction = \"US\"\n";

std::string RuleText(const std::string& id, const std::string& from, const std::string& to, const std::string& when) {
  std::string s = "[[rule]]\nid = \"" + id + "\"\nkind = \"classification\"\ntitle = \"t\"\neffective_from = " + from + "\n";
  if (!to.empty()) s += "effective_to = " + to + "\n";
  s += "evidence = \"V2\"\ncitations = [{ cite = \"88 FR 73458\", url = \"https://www.federalregister.gov/d/2023-23055\" }]\n";
  s += "when = \"" + when + "\"\neccn = \"3A090.a.1\"\nprecedence = 10\n";
  return s;
}

TEST(RuleSetTest, BundledRulesLoad) {
  auto set = RuleSet::LoadDir(std::string(EXPORTCTL_SOURCE_DIR) + "/data/rules");
  ASSERT_TRUE(set.ok()) << set.error().ToString();
  EXPECT_EQ((*set)->id(), "exportctl-bundled");
  EXPECT_EQ((*set)->content_hash().size(), 64u);
  EXPECT_FALSE((*set)->InForce(*Date::Parse("2023-11-17"), RuleKind::kClassification).empty());
  EXPECT_TRUE((*set)->InForce(*Date::Parse("2022-10-06"), RuleKind::kClassification).empty());
}

TEST(RuleSetTest, OverlappingVersionsOfOneRuleAreAConflict) {
  RuleDir dir(std::string(kHeader) + RuleText("R1", "2023-01-01", "2023-12-31", "tpp >= 4800") + "\n" +
              RuleText("R1", "2023-06-01", "", "tpp >= 4000"));
  auto set = RuleSet::LoadDir(dir.path());
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().code(), ErrorCode::kRuleConflict);
  EXPECT_NE(set.error().ToString().find(dir.file() + ":15:1: rule `R1` in force 2023-06-01..open overlaps its version at " +
                                        dir.file() + ":3:1"),
            std::string::npos)
      << set.error().ToString();
}

TEST(RuleSetTest, AdjacentVersionsAreFine) {
  RuleDir dir(std::string(kHeader) + RuleText("R1", "2023-01-01", "2023-05-31", "tpp >= 4800") + "\n" +
              RuleText("R1", "2023-06-01", "", "tpp >= 4000"));
  auto set = RuleSet::LoadDir(dir.path());
  ASSERT_TRUE(set.ok()) << set.error().ToString();
  EXPECT_EQ((*set)->FindVersion("R1", *Date::Parse("2023-06-01"))->when_text, "tpp >= 4000");
}

TEST(RuleSetTest, EveryErrorIsReportedWithFileLineColumn) {
  RuleDir dir(std::string(kHeader) + RuleText("A", "2023-01-01", "", "tpp >= ") + "\n" +
              RuleText("B", "2023-01-01", "", "pd >= 'x'") + "\n" +
              "[[rule]]\nid = \"C\"\nkind = \"nonsense\"\ncolour = 1\n");
  auto set = RuleSet::LoadDir(dir.path());
  ASSERT_FALSE(set.ok());
  std::string text = set.error().ToString();
  EXPECT_NE(text.find(dir.file() + ":10:16: expected a value but found `end of condition`"), std::string::npos) << text;
  EXPECT_NE(text.find(dir.file() + ":21:9: cannot compare a number with a string"), std::string::npos) << text;
  EXPECT_NE(text.find(dir.file() + ":27:8: rule `C`: unknown kind `nonsense`"), std::string::npos) << text;
  EXPECT_NE(text.find(dir.file() + ":28:1: rule `C`: unknown key `colour`"), std::string::npos) << text;
  EXPECT_NE(text.find("rule `C`: missing required key `title`"), std::string::npos) << text;
}

TEST(RuleSetTest, MalformedTomlIsAParseError) {
  RuleDir dir(std::string(kHeader) + "[[rule]\nid = 1\n");
  auto set = RuleSet::LoadDir(dir.path());
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().code(), ErrorCode::kParseError);
  EXPECT_EQ(set.error().where().line, 3);
}

TEST(RuleSetTest, DanglingReferencesAndBadDatesAreErrors) {
  RuleDir dir(std::string(kHeader) +
              "[[rule]]\nid = \"X\"\nkind = \"license_exception\"\ntitle = \"t\"\neffective_from = 2024-01-01\n"
              "effective_to = 2023-01-01\nevidence = \"P\"\ncitations = [{ cite = \"c\", url = \"https://x\" }]\n"
              "when = \"true\"\nexception = \"NAC\"\ncovers = [\"NOPE\"]\nmessage = \"m\"\n");
  auto set = RuleSet::LoadDir(dir.path());
  ASSERT_FALSE(set.ok());
  std::string text = set.error().ToString();
  EXPECT_NE(text.find("`effective_to` 2023-01-01 is before `effective_from` 2024-01-01"), std::string::npos) << text;
  EXPECT_NE(text.find("rule `X` refers to unknown rule `NOPE`"), std::string::npos) << text;
}

}  // namespace
}  // namespace exportctl
