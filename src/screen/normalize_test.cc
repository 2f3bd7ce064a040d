#include "screen/normalize.h"

#include "exportctl/screen.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <string>

namespace exportctl::screen {
namespace {

std::vector<std::string> Texts(const NormalizedName& n) {
  std::vector<std::string> out;
  for (const Token& t : n.tokens) out.push_back(t.text);
  return out;
}

TEST(NormalizeTest, AsciiCasePunctuationAndInitials) {
  EXPECT_EQ(Texts(NormalizeName("A.B.C. Company")), (std::vector<std::string>{"abc", "co"}));
  EXPECT_EQ(Texts(NormalizeName("Al-Qa'ida")), (std::vector<std::string>{"al", "qaida"}));
  EXPECT_EQ(Texts(NormalizeName("Vodafone Limited")), Texts(NormalizeName("VODAFONE LTD")));
  EXPECT_EQ(Texts(NormalizeName("Procter & Gamble Co.")),
            (std::vector<std::string>{"procter", "and", "gamble", "co"}));
  EXPECT_EQ(Texts(NormalizeName("Ali A. Velayati")), (std::vector<std::string>{"ali", "a", "velayati"}));
}

TEST(NormalizeTest, LegalFormsAreWeakNotDeleted) {
  NormalizedName n = NormalizeName("SAMSUNG ELECTRONICS CO., LTD.");
  ASSERT_EQ(n.tokens.size(), 4u);
  EXPECT_FALSE(n.tokens[0].weak);
  EXPECT_TRUE(n.tokens[2].weak);
  EXPECT_TRUE(n.tokens[3].weak);
  EXPECT_EQ(n.compact, "samsung");
  NormalizedName ooo = NormalizeName("ООО \"АЯС 2000\"");  // Cyrillic legal form: an LLC
  ASSERT_FALSE(ooo.tokens.empty());
  EXPECT_EQ(ooo.tokens[0].text, "llc");
  EXPECT_TRUE(ooo.tokens[0].weak);
  EXPECT_TRUE(ooo.legal_form);
}

// A legal form written out in words is its abbreviation, in any of the languages the lists use,
// and a typo in one of its long words does not keep it from being one.
TEST(NormalizeTest, LegalFormsWrittenOutAreTheirAbbreviation) {
  EXPECT_EQ(Texts(NormalizeName("Strip Limited Liability Company")), (std::vector<std::string>{"strip", "llc"}));
  EXPECT_EQ(Texts(NormalizeName("OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU METALLOOBRABOTKA")),
            (std::vector<std::string>{"llc", "metalloobrabotka"}));
  EXPECT_EQ(Texts(NormalizeName("Obshchestvo s Ogrnaichemnoi Otvetstvennostyu Metalloobrabotka")),
            (std::vector<std::string>{"llc", "metalloobrabotka"}));
  EXPECT_EQ(Texts(NormalizeName("Open Joint Stock Company Gasprom")), (std::vector<std::string>{"ojsc", "gasprom"}));
  EXPECT_EQ(Texts(NormalizeName("OAO Gazprom")), (std::vector<std::string>{"ojsc", "gazprom"}));
  EXPECT_EQ(Texts(NormalizeName("Otkrytoe Aktsionernoe Obshchestvo Tambovskiy Zavod")),
            (std::vector<std::string>{"ojsc", "tambovskiy", "zavod"}));
  EXPECT_EQ(Texts(NormalizeName("Siemens Gesellschaft mit beschränkter Haftung")), (std::vector<std::string>{"siemens", "gmbh"}));
  // Words of a phrase elsewhere are left alone: "Open Stock" is a name, "Joint" a word of it.
  EXPECT_EQ(Texts(NormalizeName("Open Stock Exchange")), (std::vector<std::string>{"open", "stock", "exchange"}));
  // One spelling of a few other words the lists spell two ways.
  EXPECT_EQ(Texts(NormalizeName("Macao Hajji Shaikh Trading")), (std::vector<std::string>{"macau", "haji", "sheikh", "trading"}));
}

// A zero-width non-joiner or joiner is inside a word, not between words (Persian writes endings
// after one: خامنه‌ای).
TEST(NormalizeTest, ZeroWidthJoinersDoNotSplitWords) {
  EXPECT_EQ(NormalizeName("علی خامنه\u200cای").tokens.size(), 2u);
  EXPECT_EQ(FoldToAscii("خامنه\u200cای"), FoldToAscii("خامنهای"));
  EXPECT_EQ(FoldToAscii("a\u200db\u200cc"), "abc");
}

TEST(NormalizeTest, NfkcAndCaseFolding) {
  // Full-width Latin letters and a ligature fold to plain ASCII.
  EXPECT_EQ(FoldToAscii("ＡＢＣ ﬁnance"), "abc finance");
  EXPECT_EQ(FoldToAscii("Crédit Agricole"), "credit agricole");
  EXPECT_EQ(FoldToAscii("STRASSE Straße"), "strasse strasse");
}

TEST(NormalizeTest, ChineseToPinyinWithGenericWords) {
  NormalizedName n = NormalizeName("北京智谱华章科技有限公司");
  EXPECT_EQ(Texts(n), (std::vector<std::string>{"beijing", "zhipuhuazhang", "technology", "ltd"}));
  EXPECT_EQ(n.compact, "zhipuhuazhang");
  // The English name glues to the same identifying key.
  EXPECT_EQ(NormalizeName("Beijing Zhipu Huazhang Technology Co., Ltd.").compact, "zhipuhuazhang");
}

TEST(NormalizeTest, TraditionalChineseFoldsToSimplified) {
  EXPECT_EQ(Texts(NormalizeName("北京智譜華章科技有限公司")),
            Texts(NormalizeName("北京智谱华章科技有限公司")));
  EXPECT_EQ(NormalizeName("浪潮集團有限公司").compact, NormalizeName("浪潮集团有限公司").compact);
}

TEST(NormalizeTest, OtherScriptsTransliterate) {
  // Cyrillic as the lists romanise it (BGN/PCGN letters), not ISO 9 ("sergej", "šojgu", "jurij").
  EXPECT_EQ(Texts(NormalizeName("Сергей Лавров")), (std::vector<std::string>{"sergey", "lavrov"}));
  EXPECT_EQ(Texts(NormalizeName("Шойгу Юрий Пригожин Щукин")),
            (std::vector<std::string>{"shoygu", "yuriy", "prigozhin", "shchukin"}));
  // Ukrainian letters by the same table (и as i): the skeletons still meet "Zelenskyy", "Kyiv".
  EXPECT_EQ(Texts(NormalizeName("Зеленський Київ")), (std::vector<std::string>{"zelenskiy", "kiyiv"}));
  EXPECT_EQ(PhoneticSkeleton("zelenskiy"), PhoneticSkeleton("zelenskyy"));
  EXPECT_EQ(PhoneticSkeleton("kiyiv"), PhoneticSkeleton("kyiv"));
  EXPECT_EQ(Texts(NormalizeName("Κυριάκος Μητσοτάκης")).size(), 2u);
  NormalizedName arabic = NormalizeName("محمد");
  ASSERT_EQ(arabic.tokens.size(), 1u);
  EXPECT_EQ(arabic.tokens[0].text.substr(0, 2), "mh");
  // Scripts without short vowels are marked, so that their names are compared by consonants.
  EXPECT_TRUE(arabic.abjad);
  EXPECT_TRUE(NormalizeName("בנימין נתניהו").abjad);
  EXPECT_TRUE(NormalizeName("حسن روحانی").abjad);
  EXPECT_TRUE(NormalizeName("  «محمد» ").abjad);  // punctuation first: the first letters decide
  EXPECT_FALSE(NormalizeName("Muhammad").abjad);
  EXPECT_FALSE(NormalizeName("Сергей Лавров").abjad);
  EXPECT_FALSE(NormalizeName("习近平").abjad);
  EXPECT_TRUE(NormalizeName(std::string("\xd9\x85\xff\xfe", 4)).abjad);  // م, then bytes that are not UTF-8
}

// Hangul in the DPRK's romanisation, the one the sanctions lists use, a word per syllable; Korean
// legal forms become English weak words, and a syllable is never an English weak word.
TEST(NormalizeTest, HangulInTheRomanisationOfTheLists) {
  EXPECT_EQ(Texts(NormalizeName("김정은")), (std::vector<std::string>{"kim", "jong", "un"}));
  EXPECT_EQ(Texts(NormalizeName("리병철")), (std::vector<std::string>{"ri", "pyong", "chol"}));
  EXPECT_EQ(Texts(NormalizeName("최룡해")), (std::vector<std::string>{"choe", "ryong", "hae"}));
  EXPECT_EQ(Texts(NormalizeName("박정천")), (std::vector<std::string>{"pak", "jong", "chon"}));
  const NormalizedName company = NormalizeName("주식회사 안");
  EXPECT_EQ(Texts(company), (std::vector<std::string>{"co", "an"}));
  EXPECT_TRUE(company.tokens[0].weak);
  EXPECT_FALSE(company.tokens[1].weak);  // 안 (An) is a surname here, not the English article
  EXPECT_FALSE(NormalizeName("홍길동").tokens[0].weak);  // Hong, not Hong Kong
  EXPECT_TRUE(HasHangulSyllables("삼성 Electronics"));
  EXPECT_FALSE(HasHangulSyllables("ㄱㄴ Samsung"));  // jamo alone are not syllables
  // Fullwidth and enclosed legal forms, and syllables written decomposed (NFD), read the same.
  EXPECT_EQ(Texts(NormalizeName("（주）삼성")), Texts(NormalizeName("(주)삼성")));
  EXPECT_EQ(Texts(NormalizeName("㈜삼성")), Texts(NormalizeName("(주)삼성")));
  EXPECT_EQ(Texts(NormalizeName("(주)삼성"))[0], "co");
  EXPECT_EQ(FoldToAscii("\u1100\u1175\u11B7\u110C\u1165\u11BC\u110B\u1173\u11AB"), FoldToAscii("김정은"));
}

TEST(NormalizeTest, PersonReordering) {
  EXPECT_EQ(ReorderPersonName("PUTIN, Vladimir Vladimirovich"), "Vladimir Vladimirovich PUTIN");
  EXPECT_EQ(ReorderPersonName("No comma here"), "No comma here");
  EXPECT_EQ(ReorderPersonName("A, B, C"), "A, B, C");
  EXPECT_EQ(NormalizeName("KIM, Jong Un", true).compact, "jongunkim");
}

TEST(NormalizeTest, EmptyAndInvalid) {
  EXPECT_TRUE(NormalizeName("").empty());
  EXPECT_TRUE(NormalizeName(" ,.;- ").empty());
  EXPECT_FALSE(IsValidUtf8("abc\xff"));
  EXPECT_FALSE(IsValidUtf8("\xc3"));
  EXPECT_TRUE(IsValidUtf8("Erdoğan 北京"));
  NormalizeName("bad \xff\xfe bytes");  // must not crash
}

// Scripts with no transliteration to Latin here are dropped by the normaliser: FindUnreadLetters
// names them, so that callers never take "no hits" for a name that was not read.
TEST(NormalizeTest, LettersOfScriptsWithoutATransliterationAreReportedUnread) {
  EXPECT_TRUE(NormalizeName("මහින්ද රාජපක්ෂ").empty());  // Mahinda Rajapaksa in Sinhala: nothing left to compare
  UnreadLetters sinhala = FindUnreadLetters("මහින්ද රාජපක්ෂ");
  EXPECT_EQ(sinhala.words, "මහින්ද රාජපක්ෂ");
  EXPECT_EQ(sinhala.scripts, "Sinhala");
  UnreadLetters mixed = FindUnreadLetters("Lanka Trading රාජපක්ෂ Co. བོད");
  EXPECT_EQ(mixed.words, "රාජපක්ෂ བོད");
  EXPECT_EQ(mixed.scripts, "Sinhala, Tibetan");
  // Read: ASCII, Latin with diacritics, and every script the normaliser transliterates.
  // (Letters ICU's Latin-ASCII leaves are mapped, not left to cut a word: Azerbaijani ə, the
  // Ethiopic sixth-order vowel ǝ, modifier letters.)
  EXPECT_EQ(FoldToAscii("İlham Əliyev"), "ilham aliyev");
  EXPECT_EQ(Texts(NormalizeName("ዐቢይ አሕመድ")), (std::vector<std::string>{"abiy", "ahmad"}));
  for (std::string_view name : {"Vladimir Putin", "Recep Tayyip Erdoğan", "Владимир Путин", "习近平", "محمد بن سلمان",
                                "Κυριάκος Μητσοτάκης", "이재명", "ทักษิณ ชินวัตร", "नरेंद्र मोदी", "ირაკლი კობახიძე",
                                "בנימין נתניהו", "ዐቢይ አሕመድ", "やまだ タロウ", "Ким Чен Ын 2000", "ប៉ុល ពត",
                                "ທອງລຸນ ສີສຸລິດ", "  ,.;- "}) {
    EXPECT_TRUE(FindUnreadLetters(name).empty()) << name << ": " << FindUnreadLetters(name).words;
    if (name.find_first_not_of(" ,.;-") != std::string_view::npos) EXPECT_FALSE(NormalizeName(name).empty()) << name;
  }
}

// Folding a code point at a time gives what the transliterators give for the whole text, on every
// line of the test lists (SDN, UN with original-script names, CSL) and the benchmark's queries
// (names from 31 locales) that is Latin or Cyrillic beyond ASCII.
TEST(NormalizeTest, FoldingByCodePointEqualsTheTransliterators) {
  size_t compared = 0;
  for (const std::string path : {std::string(EXPORTCTL_TEST_DATA_DIR) + "/lists/ofac/sdn-2024-05-03.csv",
                                 std::string(EXPORTCTL_TEST_DATA_DIR) + "/lists/un/UN_consolidated.xml",
                                 std::string(EXPORTCTL_TEST_DATA_DIR) + "/lists/csl/consolidated-sample.csv",
                                 std::string(EXPORTCTL_SOURCE_DIR) + "/tests/data/screen-queries.tsv"}) {
    std::ifstream in(path);
    ASSERT_TRUE(in) << path;
    std::string line;
    while (std::getline(in, line)) {
      if (!IsValidUtf8(line) || std::all_of(line.begin(), line.end(), [](char c) { return (c & 0x80) == 0; })) continue;
      const std::optional<std::string> by_code_point = FoldByCodePoint(line);
      if (!by_code_point) continue;
      ASSERT_EQ(*by_code_point, FoldWithTransliterators(line)) << path << ": " << line;
      ++compared;
    }
  }
  EXPECT_GT(compared, 300u);
  EXPECT_EQ(FoldByCodePoint("Владимир Путин"), "vladimir putin");
  EXPECT_EQ(FoldByCodePoint("Recep Tayyip Erdoğan"), "recep tayyip erdogan");
  EXPECT_FALSE(FoldByCodePoint("Erdog\u0306an").has_value());  // a combining mark: the whole text is folded
  EXPECT_FALSE(FoldByCodePoint("习近平").has_value());
}

TEST(NormalizeTest, NumberWordsBecomeDigits) {
  auto text = [](std::string_view name) {
    std::string out;
    for (const Token& t : NormalizeName(name).tokens) out += (out.empty() ? "" : " ") + t.text;
    return out;
  };
  EXPECT_EQ(text("Brigade Forty-Four"), "brigade 44");
  EXPECT_EQ(text("Brigade Forty 4"), "brigade 44");
  EXPECT_EQ(text("Brigade 44"), "brigade 44");
  EXPECT_EQ(text("Seventeen November"), "17 november");
  EXPECT_EQ(text("Fortune Forty"), "fortune 40");
  // Ordinals, in words or with their suffix, and hundreds and thousands.
  EXPECT_EQ(text("Fourth Brigade"), "fourth brigade");
  EXPECT_EQ(text("4th Brigade"), "fourth brigade");
  EXPECT_EQ(text("2nd Army"), "second army");  // a word, so that "Sedcond Army" is still a typo of it
  EXPECT_EQ(text("Twenty-First Century Fox"), "21 century fox");
  EXPECT_EQ(text("21st Century Fox"), "21 century fox");
  EXPECT_EQ(text("One Hundred and One Dalmatians"), "101 dalmatians");
  EXPECT_EQ(text("Hundredth Regiment"), "100 regiment");
  EXPECT_EQ(text("Two Thousand Twenty Four"), "2024");
  EXPECT_EQ(text("First Hundred"), "first 100");
  EXPECT_EQ(text("Thirtieth Street"), "30 street");
  EXPECT_EQ(text("30th Street"), "30 street");
  // "%" is the word percent: "3%ers" / "Three Percenters" meet when glued.
  EXPECT_EQ(text("3%ers"), "3 percent ers");
  EXPECT_EQ(NormalizeName("3%ers").joined, NormalizeName("Three Percenters").joined);
}

// A title before a person's name is weak and marks the name (scorer: named by title and surname);
// a company's name starting with a title word keeps it.
TEST(NormalizeTest, TitlesBeforeAPersonsName) {
  NormalizedName president = NormalizeName("President Erdoğan");
  EXPECT_TRUE(president.titled);
  EXPECT_TRUE(president.tokens[0].weak);
  EXPECT_FALSE(president.tokens[1].weak);
  NormalizedName prime_minister = NormalizeName("Prime Minister Netanyahu");
  EXPECT_TRUE(prime_minister.titled);
  EXPECT_TRUE(prime_minister.tokens[1].weak);
  EXPECT_FALSE(NormalizeName("King Trade B.V.").titled);  // a legal form: a company
  EXPECT_FALSE(NormalizeName("King Trade B.V.").tokens[0].weak);
  EXPECT_FALSE(NormalizeName("Prince Group").titled);     // nothing but weak words after it
  EXPECT_FALSE(NormalizeName("Martin Luther King").titled);
  EXPECT_FALSE(NormalizeName("King").titled);             // a title alone is the name
}

// Acronyms: the query's one word besides legal forms and places, the initials of a name of three
// words or more without articles and prepositions — not of a person's name.
TEST(NormalizeTest, AcronymsAndInitials) {
  EXPECT_EQ(AcronymWord(NormalizeName("PLA")), "pla");
  EXPECT_EQ(AcronymWord(NormalizeName("PLA China")), "pla");
  EXPECT_EQ(AcronymWord(NormalizeName("IRGC")), "irgc");
  EXPECT_EQ(AcronymWord(NormalizeName("DPRK")), "dprk");
  EXPECT_EQ(AcronymWord(NormalizeName("Syrian Gas Company")), "");  // "Company" is no legal form: a word of a name
  EXPECT_EQ(AcronymWord(NormalizeName("MTS Bank PJSC")), "");
  EXPECT_EQ(AcronymWord(NormalizeName("Al")), "");                  // too short
  EXPECT_EQ(AcronymWord(NormalizeName("Brigade44")), "");           // a digit
  EXPECT_EQ(Initials(NormalizeName("People’s Liberation Army")), "pla");
  EXPECT_EQ(Initials(NormalizeName("Islamic Revolutionary Guard Corps")), "irgc");
  EXPECT_EQ(Initials(NormalizeName("Al-Qaida in the Arabian Peninsula")), "aqap");
  EXPECT_EQ(Initials(NormalizeName("Democratic People's Republic of Korea")), "dprk");
  EXPECT_EQ(Initials(NormalizeName("Federal Security Service LLC")), "fss");  // the legal form is no initial
  EXPECT_EQ(Initials(NormalizeName("Liberation Army")), "");                   // two words
  EXPECT_EQ(Initials(NormalizeName("Ana Galindo Fabra")), "");                 // a given name: a person
  NormalizedName person = NormalizeName("Pedro Luis Alvarez");
  person.person = true;
  EXPECT_EQ(Initials(person), "");
}

// Khmer and Lao have no ICU transliterator, ICU's Thai one is letter by letter and cuts names into
// dictionary words, its Burmese one writes "mainnaaunglhaine" for Min Aung Hlaing: their letter
// tables (romanise.h) write them as UNGEGN, the Lao government, RTGS and the lists romanise them, and the names are compared with Latin spellings by consonants. Expected
// spellings are the ones the names are known by (Wikipedia, UN and SDN lists).
TEST(NormalizeTest, KhmerLaoThaiAndBurmeseAreWrittenByTheirLetterTables) {
  EXPECT_EQ(FoldToAscii("ប៉ុល ពត"), "pol pot");  // ប with the musikatoan is p; ព carries its vowel o
  EXPECT_EQ(FoldToAscii("ហ៊ុន ម៉ាណែត"), "hun manet");  // Hun Manet: the triisap reads ុ as u, the musikatoan ា as a
  EXPECT_EQ(FoldToAscii("ហ៊ីង ប៊ុនហៀង"), "hing bunhieng");  // HING Bun Hieng (SDN, GLOMAG)
  EXPECT_EQ(FoldToAscii("គន់ គីម"), "kon kim");              // KIM, Kun (SDN): គ is second series
  EXPECT_EQ(FoldToAscii("ស៊ី"), "si");                       // the triisap makes ស second series
  EXPECT_EQ(FoldToAscii("ស្រី"), "srei");                    // a subscript keeps the first consonant's series
  EXPECT_EQ(FoldToAscii("ສະຫວັນນະເຂດ"), "savannakhet");    // ເ is read after ຂ; ຫ before ວ is silent; final ດ is t
  EXPECT_EQ(FoldToAscii("ທອງລຸນ ສີສຸລິດ"), "thongloun sisoulit");  // Thongloun Sisoulith
  EXPECT_EQ(FoldToAscii("ແກ້ວ"), "kaeo");                   // final ວ is o (Keo)
  EXPECT_TRUE(NormalizeName("ប៉ុល ពត").abjad);
  EXPECT_TRUE(NormalizeName("ທອງລຸນ ສີສຸລິດ").abjad);
  EXPECT_TRUE(NormalizeName("ทักษิณ ชินวัตร").abjad);
  EXPECT_FALSE(NormalizeName("Κυριάκος Μητσοτάκης").abjad);  // Greek: ICU writes its vowels
  // Thai: final consonants (ก k, ณ n), silent letters under ์, a vowel written before its
  // consonant read after it, a second final consonant dropped, ำ (split by NFKC) am.
  EXPECT_EQ(FoldToAscii("ทักษิณ"), "thaksin");                  // Thaksin
  EXPECT_EQ(FoldToAscii("ประยุทธ์ จันทร์โอชา"), "prayut chanocha");  // Prayut Chan-o-cha
  EXPECT_EQ(FoldToAscii("เปรม"), "prem");                        // Prem: เ after the cluster ปร
  EXPECT_EQ(FoldToAscii("ชินวัตร"), "chinwat");                   // one word, not ICU's "chin watr"
  EXPECT_EQ(FoldToAscii("อนุทิน"), "anuthin");                    // Anutin
  EXPECT_EQ(FoldToAscii("ທຳມະ"), "thamma");                      // Lao ຳ, split by NFKC, is am
  // Burmese: syllable by syllable, finals read with their vowel as names spell them.
  EXPECT_EQ(FoldToAscii("မင်းအောင်လှိုင်"), "minaunghlaing");  // Min Aung Hlaing: င် in, ော+င် aung, ှ hl, ို+င် aing
  EXPECT_EQ(FoldToAscii("မြင့်ဆွေ"), "myintswe");              // Myint Swe: ြ y, င့် int, ွ w
  EXPECT_EQ(FoldToAscii("ဦးသိန်းစိန်"), "utheinsein");          // U Thein Sein: ိ+န် ein
  EXPECT_EQ(FoldToAscii("ထင်ကျော်"), "htinkyaw");               // Htin Kyaw
  EXPECT_TRUE(NormalizeName("မင်းအောင်လှိုင်").abjad);
  // "Company" in these scripts is the weak word co, as in English; Thai จำกัด is ltd.
  NormalizedName khmer = NormalizeName("ក្រុមហ៊ុន អង្គរ");
  ASSERT_EQ(khmer.tokens.size(), 2u);
  EXPECT_EQ(khmer.tokens[0].text, "co");
  EXPECT_TRUE(khmer.tokens[0].weak);
  EXPECT_EQ(NormalizeName("ບໍລິສັດ ລາວ").tokens[0].text, "co");
  EXPECT_EQ(Texts(NormalizeName("บริษัท ปตท. จำกัด")), (std::vector<std::string>{"co", "pt", "ltd"}));
  // The Cyrillic part of the same table: BGN/PCGN, not ISO 9.
  EXPECT_EQ(FoldToAscii("Сергей Шойгу"), "sergey shoygu");
  EXPECT_EQ(FoldToAscii("Юрий Ковальчук"), "yuriy kovalchuk");
  // …and the letters of the Central Asian alphabets, some of which ICU leaves as they are (ұ).
  EXPECT_EQ(FoldToAscii("Қасым-Жомарт Тұқаев"), "kasym-zhomart tukaev");
  EXPECT_EQ(FoldToAscii("Нұрсұлтан Назарбаев"), "nursultan nazarbaev");
  EXPECT_EQ(FoldToAscii("Әлиев"), "aliev");
}

}  // namespace
}  // namespace exportctl::screen
