#include "screen/weak_words.h"

#include "screen/similarity.h"

#include <algorithm>
#include <string>
#include <unordered_set>

namespace exportctl::screen {
namespace {

// Every entry is lower-case ASCII after transliteration (Cyrillic "ООО" arrives as "ooo").
constexpr std::string_view kWeakWords[] = {
    // English legal forms and their abbreviations.
    "co", "company", "companies", "corp", "corporation", "inc", "incorporated", "ltd", "limited",
    "llc", "llp", "lp", "plc", "pllc", "lc", "pc", "na", "liability", "partnership", "partners",
    "joint", "stock", "public", "private", "pte", "pty", "trust", "incorporation",
    // Continental Europe.
    "gmbh", "ag", "aktiengesellschaft", "kg", "kgaa", "ohg", "ug", "ev", "sa", "sarl", "sas", "sasu",
    "sca", "snc", "srl", "spa", "sl", "slu", "sau", "bv", "nv", "bvba", "vof", "cv", "sp", "zoo",
    "oy", "oyj", "ab", "as", "asa", "aps", "hf", "ehf", "doo", "dd", "ad", "ood", "eood", "sro",
    "as", "kft", "zrt", "nyrt", "bt", "oood", "societatea", "raspundere", "limitata", "societe",
    "anonyme", "sociedad", "anonima", "limitada", "ltda", "responsabilidad", "gesellschaft",
    "mbh", "haftung", "beschrankter", "spolka", "ograniczona", "odpowiedzialnoscia", "spzoo",
    // Russian / CIS legal forms (transliterated).
    "ooo", "oao", "zao", "pao", "ao", "nao", "jsc", "ojsc", "cjsc", "pjsc", "ojsc", "fgup", "gup",
    "mup", "tov", "pat", "prat", "tdv", "too", "ip", "ano", "obshchestvo", "obshhestvo", "obsestvo",
    "obschestvo", "ogranichennoy", "ogranicennoj", "ogranichennoi", "otvetstvennostyu",
    "otvetstvennostu", "otvetstvennostju", "aktsionernoe", "akcionernoe", "aktsionernoye",
    "otkrytoe", "otkrytoye", "zakrytoe", "zakrytoye", "publichnoe", "publicnoe",
    // Asia and Middle East.
    "kk", "kabushiki", "kaisha", "yk", "sdn", "bhd", "berhad", "pt", "tbk", "cv", "pvt", "fze",
    "fzco", "fzc", "fzllc", "wll", "spc", "saog", "saoc", "jsc", "sal", "sae", "llc", "tic", "as",
    "sti", "anonim", "sirketi", "limited", "youxian", "gongsi", "zeren", "gufen",
    // Generic business words (the "Technology Trading" noise of trade screening).
    "group", "holding", "holdings", "international", "intl", "global", "trading", "trade",
    "technology", "technologies", "tech", "industrial", "industries", "industry", "enterprise",
    "enterprises", "general", "services", "service", "import", "export", "development",
    "information", "intelligent", "electronic", "electronics", "manufacturing", "equipment",
    "engineering", "network", "software", "data", "semiconductor", "integrated", "circuit",
    "computer", "communication", "communications", "center", "centre", "branch", "shares",
    "investment", "investments", "management", "solutions", "systems", "system", "products",
    "logistics", "shipping", "commercial", "institute", "university", "science", "scientific",
    "research", "factory", "plant", "works", "firm", "agency", "office", "organization",
    "organisation", "association", "foundation", "fund", "bank",
    // Articles, prepositions, conjunctions.
    "the", "of", "and", "for", "in", "on", "at", "by", "to", "a", "an", "de", "del", "della", "der",
    "die", "das", "des", "du", "la", "le", "les", "y", "et", "und", "i", "da", "do", "dos", "van",
    "von", "zu",
    // Honorifics and name particles.
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "president", "general", "colonel", "sheikh",
    "shaikh", "sheik", "haji", "hajji", "mullah", "maulvi", "mawlawi", "al", "el", "bin", "ibn",
    "bint", "ben", "abu", "umm", "ould", "mv", "ms", "mt",
    // Generation suffixes after a name ("Kim Jong-un Jr.", "John Smith Snr").
    "jr", "junior", "snr", "jnr",
    // Salutations and titles written before names in many languages (Italian Sig./Sig.ra/Dott.ssa,
    // Spanish and Portuguese Sr./Sra./Dña., French Mme, German Herr/Dipl.-Ing., Dutch Dhr./Mevr.,
    // Polish Pan/Pani, Turkish Bay/Bayan/Sayın, Persian Jenab/Aghaye/Khanom, Hindi Shri/Smt.).
    "sig", "sigra", "sigg", "dott", "dottssa", "ssa", "ing", "avv", "geom", "rag", "sr", "sra",
    "srta", "dra", "lic", "mme", "mlle", "herr", "frau", "dipl", "univ", "dhr", "mevr", "ir",
    "pan", "pani", "bay", "bayan", "sayin", "jenab", "aghaye", "aqaye", "khanom", "sarkar",
    "shri", "shrimati", "smt",
    // Countries and large places, which appear in names of many unrelated parties (kPlaces).
    };

constexpr std::string_view kPlaces[] = {
    "china", "chinese", "prc", "hong", "kong", "hk", "macau", "macao", "taiwan", "beijing",
    "shanghai", "shenzhen", "guangzhou", "hangzhou", "chengdu", "tianjin", "chongqing", "nanjing",
    "wuhan", "xian", "suzhou", "jinan", "hefei", "wuxi", "xiamen", "qingdao", "dalian", "changsha",
    "zhuhai", "dongguan", "singapore", "russia", "russian", "federation", "moscow", "iran",
    "iranian", "tehran", "korea", "korean", "dprk", "pyongyang", "syria", "syrian", "damascus",
    "dubai", "uae", "emirates", "usa", "europe", "european", "asia",
    "asian", "middle", "east", "national", "state",
};

// The legal forms among the weak words (no generic business words, no particles).
constexpr std::string_view kLegalForms[] = {
    "corp", "inc", "ltd", "llc", "llp", "plc", "pllc", "pte", "pty", "gmbh", "ag", "kg", "kgaa",
    "ohg", "mbh", "sarl", "sas", "sasu", "srl", "spa", "slu", "bv", "nv", "bvba", "oy", "oyj",
    "aps", "ehf", "doo", "eood", "sro", "kft", "zrt", "nyrt", "ltda", "ooo", "oao", "zao", "pao",
    "jsc", "ojsc", "cjsc", "pjsc", "fgup", "tov", "prat", "kk", "yk", "bhd", "berhad", "tbk", "pvt",
    "fze", "fzco", "fzc", "fzllc", "wll", "saog", "saoc", "sal", "sae", "sti", "gongsi", "spzoo"};

// Titles and offices before a person's name; the honorifics among them are weak words anywhere.
constexpr std::string_view kTitles[] = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "president", "general", "colonel", "sheikh",
    "shaikh", "sheik", "haji", "hajji", "mullah", "maulvi", "mawlawi", "sig", "sigra", "dott",
    "dottssa", "ing", "avv", "sr", "sra", "srta", "dra", "lic", "mme", "mlle", "herr", "frau",
    "dipl", "dhr", "mevr", "pani", "bay", "bayan", "sayin", "jenab", "aghaye", "aqaye",
    "khanom", "shri", "shrimati", "smt",
    // Offices and ranks.
    "vice", "prime", "minister", "premier", "chancellor", "chairman", "chairwoman", "senator",
    "governor", "ambassador", "mayor", "judge", "commander", "lieutenant", "lt", "captain", "capt",
    "admiral", "brigadier", "sergeant", "sgt", "col", "gen", "maj", "ayatollah", "imam",
    "king", "queen", "prince", "princess", "excellency", "honorable", "honourable", "hon", "rev",
    "reverend", "comrade", "supreme", "leader"};

}  // namespace

bool IsTitle(std::string_view token) {
  static const std::unordered_set<std::string_view> kSet(std::begin(kTitles), std::end(kTitles));
  return kSet.count(token) != 0;
}

bool IsLegalForm(std::string_view token) {
  static const std::unordered_set<std::string_view> kSet(std::begin(kLegalForms), std::end(kLegalForms));
  return kSet.count(token) != 0;
}

const std::vector<std::pair<std::string_view, std::string_view>>& KoreanGenericWords() {
  static const std::vector<std::pair<std::string_view, std::string_view>> kWords = {
      {"유한책임회사", "llc"},    {"주식회사", "co"},      {"유한회사", "ltd"},     {"합자회사", "lp"},
      {"합명회사", "partnership"}, {"(주)", "co"},         {"㈜", "co"},           {"(유)", "ltd"},
      {"회사", "co"},             {"무역", "trading"},     {"은행", "bank"},       {"그룹", "group"},
      {"기술", "technology"},     {"전자", "electronics"}, {"산업", "industry"},
  };
  return kWords;
}

bool IsKoreanGenericReplacement(std::string_view token) {
  for (const auto& [korean, english] : KoreanGenericWords()) {
    if (english == token) return true;
  }
  return false;
}

bool IsWeakToken(std::string_view token) {
  static const std::unordered_set<std::string_view> kSet = [] {
    std::unordered_set<std::string_view> set(std::begin(kWeakWords), std::end(kWeakWords));
    set.insert(std::begin(kPlaces), std::end(kPlaces));
    return set;
  }();
  return kSet.count(token) != 0;
}

bool IsPlace(std::string_view token) {
  static const std::unordered_set<std::string_view> kSet(std::begin(kPlaces), std::end(kPlaces));
  return kSet.count(token) != 0;
}

std::string_view CanonicalWeakForm(std::string_view token) {
  static constexpr std::pair<std::string_view, std::string_view> kForms[] = {
      {"limited", "ltd"},          {"company", "co"},          {"corporation", "corp"},
      {"incorporated", "inc"},     {"international", "intl"}, {"aktiengesellschaft", "ag"},
      {"technologies", "technology"}, {"tech", "technology"},  {"industries", "industry"},
      {"industrial", "industry"},  {"holdings", "holding"},    {"electronics", "electronic"},
      {"services", "service"},     {"systems", "system"},      {"communications", "communication"},
      {"centre", "center"},        {"organisation", "organization"}, {"sheik", "sheikh"},
      {"shaikh", "sheikh"},        {"bn", "bin"},  // بن written without its vowel
      {"hajji", "haji"},           {"macao", "macau"},
      // "Company" in Khmer (ក្រុមហ៊ុន), Lao (ບໍລິສັດ) and Thai (บริษัท), and Thai "limited" (จำกัด), as
      // their letter tables write them (romanise.h).
      {"kromhun", "co"},           {"bolisat", "co"},          {"brisat", "co"},
      {"chamkat", "ltd"},
      // One abbreviation per kind of company across languages: OOO and TOV are LLCs, OAO/ZAO/PAO
      // the open, closed and public joint-stock companies.
      {"ooo", "llc"},              {"tov", "llc"},             {"oao", "ojsc"},
      {"zao", "cjsc"},             {"pao", "pjsc"},
      // Hanyu pinyin of the Chinese legal forms and generic words of HanGenericWords(), so that
      // "Keji Youxian Gongsi" and "Technology Co., Ltd." (and 科技有限公司) meet.
      {"youxian", "ltd"},          {"gongsi", "co"},           {"keji", "technology"},
      {"jishu", "technology"},     {"jituan", "group"},        {"konggu", "holding"},
      {"xinxi", "information"},    {"zhineng", "intelligent"}, {"dianzi", "electronic"},
      {"maoyi", "trading"},        {"guoji", "intl"},          {"fazhan", "development"},
      {"gongye", "industry"},      {"chanye", "industry"},     {"shiye", "industry"},
      {"ruanjian", "software"},    {"wangluo", "network"},     {"shuju", "data"},
      {"bandaoti", "semiconductor"}, {"tongxin", "communication"}, {"shebei", "equipment"},
      {"zhizao", "manufacturing"}, {"fuwu", "service"},        {"touzi", "investment"},
      {"guanli", "management"},    {"gongcheng", "engineering"},
      // Abbreviations of those words in English company names ("GUANGZHOU HAIGE COMM GRP").
      {"natl", "national"},        {"mfg", "manufacturing"},   {"grp", "group"},
      {"hldg", "holding"},         {"hldgs", "holding"},       {"svc", "service"},
      {"svcs", "service"},         {"sys", "system"},          {"inds", "industry"},
      {"indus", "industry"},       {"assoc", "association"},   {"assn", "association"},
      {"inst", "institute"},       {"engg", "engineering"},    {"mgmt", "management"},
      {"comm", "communication"},   {"comms", "communication"}, {"imp", "import"},
      {"exp", "export"},           {"equip", "equipment"},     {"sci", "science"},
      {"ctr", "center"},           {"fdn", "foundation"},      {"invt", "investment"},
  };
  for (const auto& [from, to] : kForms) {
    if (token == from) return to;
  }
  return token;
}

std::pair<size_t, std::string_view> LegalFormPhraseAt(const std::vector<std::string_view>& words, size_t at) {
  // Each word may be any of its '|'-separated spellings (as the normaliser gives them, after
  // CanonicalWeakForm: "limited" is "ltd", "company" is "co"). Longest phrases first.
  struct Phrase {
    std::vector<std::string_view> words;
    std::string_view form;
  };
  static const std::vector<Phrase> kPhrases = [] {
    constexpr std::string_view kObshchestvo = "obshchestvo|obshhestvo|obschestvo|obsestvo";
    constexpr std::string_view kAktsionernoe = "aktsionernoe|akcionernoe|aktsionernoye";
    std::vector<Phrase> p = {
        {{"gesellschaft", "mit", "beschrankter", "haftung"}, "gmbh"},
        {{"spolka", "z", "ograniczona", "odpowiedzialnoscia"}, "spzoo"},
        {{kObshchestvo, "s", "ogranichennoy|ogranicennoj|ogranichennoi", "otvetstvennostyu|otvetstvennostu|otvetstvennostju"}, "llc"},
        {{"otkrytoe|otkrytoye", kAktsionernoe, kObshchestvo}, "ojsc"},
        {{"zakrytoe|zakrytoye", kAktsionernoe, kObshchestvo}, "cjsc"},
        {{"publichnoe|publicnoe", kAktsionernoe, kObshchestvo}, "pjsc"},
        {{kAktsionernoe, kObshchestvo}, "jsc"},
        {{"open", "joint", "stock", "co|company"}, "ojsc"},
        {{"closed", "joint", "stock", "co|company"}, "cjsc"},
        {{"public", "joint", "stock", "co|company"}, "pjsc"},
        {{"private", "joint", "stock", "co|company"}, "jsc"},
        {{"joint", "stock", "co|company"}, "jsc"},
        {{"ltd|limited", "liability", "co|company"}, "llc"},
        {{"ltd|limited", "liability", "partnership"}, "llp"},
        {{"public", "ltd|limited", "co|company"}, "plc"},
        {{"societe|sociedad", "anonyme|anonima"}, "sa"},
        {{"sociedad", "de", "responsabilidad", "limitada"}, "srl"},
        {{"kabushiki", "kaisha"}, "kk"},
        {{"anonim", "sirketi"}, "as"},
        {{"sp", "zoo"}, "spzoo"},
    };
    std::stable_sort(p.begin(), p.end(), [](const Phrase& a, const Phrase& b) { return a.words.size() > b.words.size(); });
    return p;
  }();
  // A word of the phrase, or a long word misspelt ("limite", "ogrnaichemnoi"): a legal form
  // written out by hand is where typos are; its first letter and length hold.
  auto spelt = [](std::string_view spellings, std::string_view word) {
    while (!spellings.empty()) {
      const size_t bar = spellings.find('|');
      const std::string_view spelling = spellings.substr(0, bar);
      if (spelling == word) return true;
      if (word.size() >= 6 && spelling.size() >= 6 && word.front() == spelling.front() &&
          word.size() + 3 >= spelling.size() && spelling.size() + 3 >= word.size()) {
        const double floor = word.size() >= 10 ? 0.75 : 0.8;
        if (EditSimilarityAtLeast(word, spelling, floor) >= floor) return true;
      }
      if (bar == std::string_view::npos) break;
      spellings.remove_prefix(bar + 1);
    }
    return false;
  };
  for (const Phrase& phrase : kPhrases) {
    if (at + phrase.words.size() > words.size()) continue;
    bool all = true;
    for (size_t k = 0; k < phrase.words.size() && all; ++k) all = spelt(phrase.words[k], words[at + k]);
    if (all) return {phrase.words.size(), phrase.form};
  }
  return {0, {}};
}

const std::vector<std::pair<std::u32string_view, std::string_view>>& HanGenericWords() {
  static const std::vector<std::pair<std::u32string_view, std::string_view>> kWords = [] {
    std::vector<std::pair<std::u32string_view, std::string_view>> w = {
        {U"股份有限公司", "limited"}, {U"有限责任公司", "limited"}, {U"有限公司", "limited"},
        {U"分公司", "branch"}, {U"公司", "company"}, {U"集团", "group"}, {U"控股", "holdings"},
        {U"科技", "technology"}, {U"技术", "technology"}, {U"信息", "information"},
        {U"智能", "intelligent"}, {U"电子", "electronic"}, {U"贸易", "trading"},
        {U"进出口", "import export"}, {U"国际", "international"}, {U"发展", "development"},
        {U"工业", "industry"}, {U"产业", "industry"}, {U"实业", "industrial"}, {U"中心", "center"},
        {U"研究所", "institute"}, {U"研究院", "institute"}, {U"大学", "university"},
        {U"软件", "software"}, {U"网络", "network"}, {U"数据", "data"},
        {U"半导体", "semiconductor"}, {U"集成电路", "integrated circuit"},
        {U"计算机", "computer"}, {U"通信", "communication"}, {U"设备", "equipment"},
        {U"制造", "manufacturing"}, {U"股份", "shares"}, {U"服务", "services"},
        {U"投资", "investment"}, {U"管理", "management"}, {U"工程", "engineering"},
        {U"系统", "systems"}, {U"物流", "logistics"}, {U"中国", "china"}, {U"香港", "hong kong"},
        {U"澳门", "macau"}, {U"台湾", "taiwan"}, {U"北京", "beijing"}, {U"上海", "shanghai"},
        {U"深圳", "shenzhen"}, {U"广州", "guangzhou"}, {U"杭州", "hangzhou"},
        {U"成都", "chengdu"}, {U"天津", "tianjin"}, {U"重庆", "chongqing"},
        {U"南京", "nanjing"}, {U"武汉", "wuhan"}, {U"西安", "xian"}, {U"苏州", "suzhou"},
        {U"济南", "jinan"}, {U"合肥", "hefei"}, {U"无锡", "wuxi"}, {U"厦门", "xiamen"},
        {U"青岛", "qingdao"}, {U"大连", "dalian"}, {U"长沙", "changsha"}, {U"珠海", "zhuhai"},
        {U"新加坡", "singapore"},
    };
    std::stable_sort(w.begin(), w.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    return w;
  }();
  return kWords;
}

}  // namespace exportctl::screen
