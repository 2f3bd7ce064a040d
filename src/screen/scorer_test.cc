#include "screen/scorer.h"

#include <gtest/gtest.h>

namespace exportctl::screen {
namespace {

double Score(std::string_view a, std::string_view b, bool person = false) {
  return ScoreNames(NormalizeName(a, person), NormalizeName(b, person), nullptr);
}

TEST(ScorerTest, ExactAndReordered) {
  EXPECT_DOUBLE_EQ(Score("Vladimir Putin", "vladimir putin"), 1.0);
  EXPECT_DOUBLE_EQ(Score("Vladimir Vladimirovich Putin", "PUTIN, Vladimir Vladimirovich", true), 1.0);
  EXPECT_GE(Score("Putin Vladimir", "Vladimir Putin"), kBlockThreshold);
}

TEST(ScorerTest, TyposMissingMiddleAndGluedTokens) {
  EXPECT_GE(Score("Vladimir Pulin", "Vladimir Putin"), kDefaultThreshold);
  EXPECT_GE(Score("Igor Sechin", "Igor Ivanovich Sechin"), kDefaultThreshold);
  EXPECT_GE(Score("VladimirPutin", "Vladimir Putin"), kDefaultThreshold);
  EXPECT_GE(Score("Good Will Company", "Goodwill Company"), kDefaultThreshold);
}

TEST(ScorerTest, WeakWordsDoNotCarryAMatch) {
  EXPECT_LT(Score("China Technology Trading Co., Ltd.", "Beijing Zhipu Huazhang Technology Co., Ltd."),
            kDefaultThreshold);
  EXPECT_LT(Score("Shenzhen Electronics Trading Co Ltd", "Shanghai Biren Integrated Circuit Co., Ltd."),
            kDefaultThreshold);
  // …but the legal form still counts when present on both sides.
  EXPECT_GT(Score("Deutsche Bank AG", "Deutsche Bank AG"), Score("Deutsche Bank AG", "Deutsche Bank GmbH"));
}

// A legal form written out matches its abbreviation; a word split in two matches the word; a
// son is not his father (X bin Y / Y bin X).
TEST(ScorerTest, LegalFormsSplitWordsAndPatronyms) {
  EXPECT_GE(Score("Metalloobrabotka OOO", "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU METALLOOBRABOTKA"), kBlockThreshold);
  EXPECT_GE(Score("Rosneft Open Joint Stock Company", "OAO Rosneft"), kBlockThreshold);
  // (With the middle name on one side only, the names glued whole differ: the pieces are joined.)
  EXPECT_GE(Score("Igor Sech in", "SECHIN, Igor Ivanovich", true), kDefaultThreshold);
  EXPECT_GE(Score("Ali Velay ati", "VELAYATI, Ali Akbar", true), kDefaultThreshold);
  EXPECT_LT(Score("Sech in", "Sochi Inc"), kDefaultThreshold);  // pieces too short to be one word
  EXPECT_LT(Score("Khalid bin Ahmed Al Thani", "Ahmed bin Khalid Al Thani", true), kDefaultThreshold);
  EXPECT_GE(Score("Khalid bin Ahmed Al Thani", "Khalid bin Ahmad Al-Thani", true), kBlockThreshold);
  // "Ben" as a given name is no patronymic.
  EXPECT_GE(Score("Ben Ali Zine", "Zine Ben Ali", true), kDefaultThreshold);
}

// Hostile input: a name of many pieces, each pair of which joins into a word of the other name,
// is scored (each joining removes a word; nothing branches), and stays in range.
TEST(ScorerTest, ManySplitPiecesAreJoinedWithoutBlowingUp) {
  std::string pieces, words;
  for (int i = 0; i < 12; ++i) {
    const std::string word = std::string("kalashnikov").substr(0, 6) + char('a' + i) + "vich";
    pieces += word.substr(0, 5) + " " + word.substr(5) + " ";
    words += word + " ";
  }
  const double s = Score(pieces, words, true);
  EXPECT_GE(s, 0.0);
  EXPECT_LE(s, 1.0);
}

TEST(ScorerTest, SubstitutedNamePartIsNotAMatch) {
  EXPECT_LT(Score("Boris Vekselberg", "Viktor Vekselberg"), kDefaultThreshold);
  EXPECT_LT(Score("Bowne of Chicago, Inc.", "Bowne of Cleveland, Inc."), kDefaultThreshold);
}

TEST(ScorerTest, ChineseAndPinyinMatch) {
  EXPECT_GE(Score("北京智谱华章科技有限公司", "Beijing Zhipu Huazhang Technology Co., Ltd."),
            kBlockThreshold);
  EXPECT_GE(Score("Zhipu Huazhang", "北京智谱华章科技有限公司"), kDefaultThreshold);
}

// Names in Arabic script against their Latin spellings (the UN list gives both for its entries).
TEST(ScorerTest, ArabicScriptAndLatinSpellingsMatchByConsonants) {
  EXPECT_GE(Score("صدام حسين التكريتي", "SADDAM HUSSEIN AL-TIKRITI", true), kDefaultThreshold);
  EXPECT_GE(Score("SADDAM HUSSEIN AL-TIKRITI", "صدام حسين التكريتي", true), kDefaultThreshold);
  EXPECT_GE(Score("عزت ابراهيم الدوري", "AL-DURI, Izzat Ibrahim", true), kDefaultThreshold);
  EXPECT_GE(Score("محمد حمزة زبيدي", "MUHAMMAD HAMZA ZUBAIDI", true), kDefaultThreshold);
  // Words written together on one side and apart on the other.
  EXPECT_GE(Score("جلال الدين حقانى", "JALALUDDIN HAQQANI", true), kDefaultThreshold);
  EXPECT_GE(Score("هدايت الله", "HIDAYATULLAH", true), kDefaultThreshold);
  // Another person of the family is not the same person.
  EXPECT_LT(Score("علي حسن المجيد التكريتي", "SADDAM HUSSEIN AL-TIKRITI", true), kDefaultThreshold);
  EXPECT_LT(Score("امیر علی سغیری", "MAYOROVA, Yulia", true), kDefaultThreshold);
  // Persian writes the ending of a word after a zero-width non-joiner (خامنه‌ای): one word, whose
  // silent h before the ending is dropped like a final one.
  EXPECT_GE(Score("علی خامنه‌ای", "KHAMENEI, Ali", true), kDefaultThreshold);
  // Glued whole, a company's legal form lends no consonants ("lykhamnhay" / "llcyoomoney" both
  // read lkmn with the LLC's).
  EXPECT_LT(Score("علی خامنه‌ای", "LIMITED LIABILITY COMPANY YOOMONEY"), kDefaultThreshold);
  // A given name of Hebrew or Arabic letters has the given-name groups of its consonants
  // (בנימין, bnymyn: Binyamin, Benjamin).
  EXPECT_GE(Score("בנימין נתניהו", "Benjamin Netanyahu", true), kDefaultThreshold);
  EXPECT_LT(Score("בנימין כהן", "Benjamin Netanyahu", true), kDefaultThreshold);
}

// A given name's nickname or form in another language supports a match the family name makes
// (Vova is Vladimir's diminutive, Mohd and Md abbreviate Muhammad), but never carries one alone.
TEST(ScorerTest, NicknamesAndAbbreviatedGivenNamesSupportAMatch) {
  EXPECT_GE(Score("Vova Putin", "Vladimir Putin"), kDefaultThreshold);
  EXPECT_GE(Score("Sasha Lukashenko", "Alexander Lukashenko"), kDefaultThreshold);
  EXPECT_GE(Score("Md Shahabuddin", "Mohammed Shahabuddin"), kDefaultThreshold);
  EXPECT_GE(Score("Mohd Najib", "Mohammad Najib"), kDefaultThreshold);
  EXPECT_GE(Score("Alexander Lukashenko", "LUKASHENKA, Aliaksandr Ryhoravich", true), kDefaultThreshold);
  EXPECT_GE(Score("Мухаммад ибн Салман", "Mohammed bin Salman", true), kDefaultThreshold);  // Cyrillic х for ḥ
  EXPECT_GE(Score("Kate Middleton", "Catherine Middleton"), kDefaultThreshold);
  EXPECT_GE(Score("Peggy Smithers", "Margaret Smithers"), kDefaultThreshold);
  EXPECT_LT(Score("Kate Middleton", "Margaret Middleton"), kDefaultThreshold);
  EXPECT_LT(Score("Vova Ivanov", "Vladimir Putin"), kDefaultThreshold);
  EXPECT_LT(Score("Vova", "Vladimir Putin"), kDefaultThreshold);
}

// Abbreviations of the generic words of company names are those words (the nomenklatura issue's
// "GUANGZHOU HAIGE COMM GRP", which found nothing there).
TEST(ScorerTest, AbbreviatedCompanyWordsMeetTheWordsWrittenOut) {
  EXPECT_GE(Score("Guangzhou Haige Comm Grp", "Guangzhou Haige Communications Group"), kBlockThreshold);
  EXPECT_GE(Score("China Natl Precision Machinery Imp/Exp Corp",
                  "CHINA NATIONAL PRECISION MACHINERY IMPORT/EXPORT CORPORATION"), kBlockThreshold);
  EXPECT_GE(Score("Rosoboronexport Hldgs", "Rosoboronexport Holdings"), kBlockThreshold);
  // Still generic words: they carry no match alone.
  EXPECT_LT(Score("Natl Mfg Grp Haige", "National Manufacturing Group Kunlun"), kDefaultThreshold);
}

TEST(ScorerTest, ExplanationPairsTokens) {
  Explanation e;
  double s = ScoreNames(NormalizeName("Vladimir Pulin"), NormalizeName("Vladimir Putin"), &e);
  EXPECT_GT(s, 0.0);
  ASSERT_EQ(e.pairs.size(), 2u);
  EXPECT_EQ(e.pairs[0].query_token, "vladimir");
  EXPECT_EQ(e.pairs[0].list_token, "vladimir");
  EXPECT_EQ(e.pairs[1].list_token, "putin");
  EXPECT_GT(e.pairs[1].similarity, 0.75);
  EXPECT_LT(e.pairs[1].similarity, 1.0);
  EXPECT_EQ(e.method, "tokens");
}

double ScorePersons(std::string_view a, std::string_view b) {
  NormalizedName na = NormalizeName(a, true), nb = NormalizeName(b, true);
  na.person = nb.person = true;
  return ScoreNames(na, nb, nullptr);
}

// A person named by a title and the surname: the given names are not missing. Not for a surname
// common on the lists, nor for a name that is not a person's.
TEST(ScorerTest, ATitleAndTheSurnameNameAPerson) {
  EXPECT_GE(ScorePersons("President Erdoğan", "Recep Tayyip Erdoğan"), kDefaultThreshold);
  EXPECT_GE(ScorePersons("Prime Minister Netanyahu", "Benjamin Netanyahu"), kDefaultThreshold);
  EXPECT_LT(ScorePersons("President Erdoğan", "Recep Tayyip Erdoğan"), kBlockThreshold);
  EXPECT_LT(ScorePersons("Erdoğan", "Recep Tayyip Erdoğan"), kDefaultThreshold);  // no title: a surname alone
  EXPECT_LT(ScorePersons("President Recep", "Recep Tayyip Erdoğan"), kDefaultThreshold);  // a given name
  EXPECT_GE(ScorePersons("Supreme Leader Khamenei", "Ali Khamenei"), kDefaultThreshold);
  EXPECT_LT(Score("President Erdoğan", "Recep Tayyip Erdoğan"), kDefaultThreshold);  // not a person's name
  NormalizedName kim = NormalizeName("Chairman Kim"), listed = NormalizeName("Kim Jong Un", true);
  listed.person = true;
  kim.tokens[1].common_name = true;  // as the Screener marks it: among the commonest surnames listed
  EXPECT_LT(ScoreNames(kim, listed, nullptr), kDefaultThreshold);
}

// A query that is an acronym of a name (a review, never a block); a listed acronym does not take
// every query of those initials; persons have no acronyms.
TEST(ScorerTest, AQueryMayBeAnAcronymOfAName) {
  Explanation e;
  const double pla = ScoreNames(NormalizeName("PLA"), NormalizeName("People’s Liberation Army"), &e);
  EXPECT_GE(pla, kDefaultThreshold);
  EXPECT_LT(pla, kBlockThreshold);
  EXPECT_EQ(e.method, "acronym");
  ASSERT_EQ(e.pairs.size(), 1u);
  EXPECT_EQ(e.pairs[0].query_token, "pla");
  EXPECT_EQ(e.pairs[0].list_token, "pla");
  EXPECT_GE(Score("IRGC", "ISLAMIC REVOLUTIONARY GUARD CORPS"), kDefaultThreshold);
  EXPECT_GE(Score("AQAP", "Al-Qaida in the Arabian Peninsula"), kDefaultThreshold);
  EXPECT_LT(Score("People’s Liberation Army", "PLA"), kDefaultThreshold);
  EXPECT_LT(Score("Kapustin Mir Arsenevich", "K M A"), kDefaultThreshold);
  EXPECT_LT(Score("PLA", "Pablo Lopez Alvarez", true), kDefaultThreshold);
  EXPECT_LT(Score("PLA", "Plastics Limited Alabama"), kDefaultThreshold);  // initials "pa": ltd is no initial
}

// A name written backwards word by word is read the right way round, for a review; one word
// backwards is too often another word.
TEST(ScorerTest, ANameWrittenBackwardsIsReadTheRightWayRound) {
  Explanation e;
  const double s = ScoreNames(NormalizeName("nituP rimidalV"), NormalizeName("Vladimir Putin"), &e);
  EXPECT_GE(s, kDefaultThreshold);
  EXPECT_LT(s, kBlockThreshold);
  EXPECT_NE(e.limit.find("backwards"), std::string::npos);
  EXPECT_GE(Score("Vladimir Putin", "nituP rimidalV"), kDefaultThreshold);  // word for word, the same
  EXPECT_LT(Score("aksc", "JSC PFC CSKA"), kDefaultThreshold);  // a listed name is not read backwards
  EXPECT_LT(Score("da Mota", "ATOM"), kDefaultThreshold);
  EXPECT_LT(Score("nituP Igor", "Vladimir Putin"), kDefaultThreshold);
  // A palindrome-laden name is scored once backwards, not again and again.
  EXPECT_LE(Score("anna otto anna", "anna otto anna bob"), 1.0);
}

// A one-word name is matched by a close spelling or the same sound only: not by a skeleton a
// letter apart, nor by another form of a given name.
TEST(ScorerTest, AOneWordNameNeedsACloseSpellingOrTheSameSound) {
  EXPECT_LT(Score("judaq", "SUDAK"), kDefaultThreshold);
  EXPECT_LT(Score("iara", "YARAN"), kDefaultThreshold);
  EXPECT_LT(Score("Vova", "Vladimir"), kDefaultThreshold);
  EXPECT_GE(Score("Hizballah", "HEZBOLLAH"), kDefaultThreshold);  // spelt alike
  EXPECT_GE(Score("Hanniball", "HANNIBAL"), kDefaultThreshold);
  EXPECT_GE(Score("Usama", "OSAMA"), kDefaultThreshold);          // the same sound, vowels merged
}

TEST(ScorerTest, ScoresStayInRange) {
  for (auto [a, b] : std::vector<std::pair<const char*, const char*>>{
           {"", "x"}, {"x", ""}, {"a b c d e f g h i j k l m n o p q r s t u v w x y z 1 2 3", "a"},
           {"co ltd", "co ltd"}}) {
    double s = Score(a, b);
    EXPECT_GE(s, 0.0);
    EXPECT_LE(s, 1.0);
  }
}

}  // namespace
}  // namespace exportctl::screen
