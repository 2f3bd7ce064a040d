#include "screen/given_names.h"

#include "screen/similarity.h"

#include <iterator>
#include <string>
#include <unordered_map>

namespace exportctl::screen {

namespace {

// One line per given name: its forms across the languages of the restricted-party lists
// (English, Spanish, Portuguese, French, Italian, German, Slavic languages in transliteration,
// Arabic and Hebrew forms of the shared names) and its common nicknames. At most 64 groups.
constexpr std::string_view kGroups[] = {
    "john juan jean johann johannes johan jan ivan giovanni joao sean ian hans evan yahya yohannes jon jovan ioan ion johnny jack vanya",
    "michael mikhail miguel michel michele mikael michal mihail mykhailo mikhailo mike mikel mickey misha",
    "peter pyotr petr pedro pierre pietro piotr petro petar pete petya",
    "paul pablo pavel paolo pawel paulo pasha",
    "joseph jose giuseppe iosif yosef josef jozef josip yusuf youssef yousef yousuf joe",
    "george jorge georgy georgiy giorgio georg jerzy yuri yuriy yury georgios giorgi yura",
    "alexander aleksandr alexandr alejandro alessandro alexandre oleksandr aleksander sasha alex iskander iskandar aliaksandr alyaksandr",
    "andrew andrei andrey andres andrea andre andrzej andriy andreas andy",
    "stephen steven stepan esteban stefan stefano etienne stephane steve",
    "nicholas nikolai nikolay nicolas nicola nicolae mykola nikola nick kolya mikalai",
    "james jaime jacques giacomo jim jimmy jamie seamus",
    "jacob yakov jakob jacopo yaqub yakub yaakov jakub",
    "william bill willem wilhelm guillermo guillaume liam will billy willy",
    "robert bob roberto bobby robbie",
    "richard dick ricardo riccardo rick ricky rich",
    "theodore ted teddy fyodor fedor theo teodoro teodor fedir",
    "edward ted eduardo edouard eduard eddie edoardo ed ned",
    "thomas tomas tommaso foma tom tommy",
    "daniel danil daniil danny dan",
    "david davide davit dawid daoud dawood dawud dave",
    "francis francisco francesco francois franz frank frantisek",
    "frederick friedrich federico fredrik fred fritz",
    "henry henri heinrich enrique enrico henrique harry",
    "charles carlos carl karl carlo karol charlie",
    "anthony antony antonio anton antoine antonin tony",
    "matthew matthias mateo matteo matvey mathieu matt",
    "mary maria marie mariya mariam maryam miriam masha",
    "catherine katherine kathryn ekaterina yekaterina katarzyna caterina catalina katya kate katie kathy cathy kathleen",
    "elizabeth elisabeth yelizaveta elisabetta isabel isabelle liz lizzie beth betty eliza",
    "anne anna ana hannah",
    "helen elena yelena helena olena lena",
    "sergei sergey sergio serge serhiy seryozha siarhei siarhey syarhei",
    "vladimir volodymyr wlodzimierz vova volodya uladzimir",
    "dmitri dmitry dmitriy demetrios dimitri dimitar dima dzmitry dzmitryi",
    "ibrahim abraham avraham ebrahim",
    "ismail ishmael ismael",
    "musa moses moshe moises",
    "suleiman sulayman solomon salomon shlomo",
    "ilya elijah elias ilyas",
    "grigory gregory grigoriy gregorio gregor grisha ryhor",
    "konstantin constantine costantino kostya kanstantsin",
    "evgeny yevgeny eugene eugenio yevhen zhenya yauhen yauheni",
    // Russian, Ukrainian and Belarusian names with their diminutives, and the Muhammad of Malay and
    // South Asian abbreviations (Mohd, Md) and of Russian spelling (Mukhammad, Magomed).
    "aleksei alexei alexey aleksey oleksiy alexis lyosha alyosha aliaksei",
    "anatoly anatoliy anatolii tolya anatol",
    "boris borys borya",
    "leonid leonide lyonya leanid",
    "vyacheslav viacheslav slava viachaslau",
    "viktor victor vitya viktar",
    "vasily vasiliy vasyl basil vasya",
    "maxim maksim maksym max",
    "natalia natalya nataliya natasha",
    "tatiana tatyana tetiana tanya",
    "svetlana sveta sviatlana",
    "igor ihor ihar",
    "muhammad mohammed mohamed mohammad mohamad muhammed mohd md mukhammad mukhammed mukhamed magomed",
    // Arabic names as Russian spells them (х for ḥ: Akhmed, Khasan, Khusein).
    "ahmed ahmad akhmed akhmad ahmet",
    "hassan hasan khasan",
    "hussein husein hussain husain khusein khuseyn",
    // English names with their common nicknames, and their forms in the lists' languages.
    "margaret margarita margherita marguerite margarida peggy maggie",
    "lawrence laurence lorenzo lavrenty lavrentiy larry",
    "patrick patricio patrizio patryk pat paddy",
    "christopher cristobal christoph krzysztof kristof chris",
    "benjamin veniamin binyamin benyamin benny",  // "ben" is the particle bin
};
static_assert(std::size(kGroups) <= 64, "a group is one bit of a 64-bit mask");

// Calls f(word, group) for every word of every group.
template <typename F>
void ForEachGroupWord(F&& f) {
  for (std::size_t g = 0; g < std::size(kGroups); ++g) {
    std::string_view line = kGroups[g];
    while (!line.empty()) {
      const std::size_t space = line.find(' ');
      f(line.substr(0, space), g);
      if (space == std::string_view::npos) break;
      line.remove_prefix(space + 1);
    }
  }
}

constexpr std::size_t kMinGroupConsonants = 3;  // "ms" (Musa), "mr" (Omar) would meet too much
constexpr std::size_t kMinGroupWord = 5;

}  // namespace

std::uint64_t GivenNameGroups(std::string_view token) {
  // Keys are views into kGroups (static storage).
  static const std::unordered_map<std::string_view, std::uint64_t> kMasks = [] {
    std::unordered_map<std::string_view, std::uint64_t> masks;
    ForEachGroupWord([&](std::string_view word, std::size_t g) { masks[word] |= std::uint64_t{1} << g; });
    return masks;
  }();
  if (token.size() < 2 || token.size() > 12) return 0;
  auto it = kMasks.find(token);
  return it == kMasks.end() ? 0 : it->second;
}

std::uint64_t GivenNameGroupsByConsonants(std::string_view token) {
  static const std::unordered_map<std::string, std::uint64_t> kMasks = [] {
    std::unordered_map<std::string, std::uint64_t> masks;
    ForEachGroupWord([&](std::string_view word, std::size_t g) {
      // Not the abbreviations and short nicknames: "mohd" reads "mhd", as Mahdi (مهدی) does.
      if (word.size() < kMinGroupWord) return;
      if (std::string key = ConsonantKey(word); key.size() >= kMinGroupConsonants) masks[std::move(key)] |= std::uint64_t{1} << g;
    });
    return masks;
  }();
  if (token.size() < 2 || token.size() > 12) return 0;
  const std::string key = ConsonantKey(token);
  if (key.size() < kMinGroupConsonants) return 0;
  auto it = kMasks.find(key);
  return it == kMasks.end() ? 0 : it->second;
}

}  // namespace exportctl::screen
