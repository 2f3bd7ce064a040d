// libFuzzer target: normalisation and scoring of arbitrary bytes (any script, invalid UTF-8) must not
// crash, and scores must stay in [0, 1] with a name scoring 1 against itself when it has tokens —
// except a weak alias (written between single quotes), which never scores above review (0.9). A name
// reported unread names its script, and the unread words are pieces of the name.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "exportctl/screen.h"
#include "screen/normalize.h"
#include "screen/scorer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace exportctl::screen;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t half = size / 2;
  NormalizedName a = NormalizeName(text.substr(0, half), size % 2 == 0);
  NormalizedName b = NormalizeName(text.substr(half));
  const UnreadLetters unread = FindUnreadLetters(text.substr(half));
  if (unread.words.size() > 2 * (size - half)) __builtin_trap();  // pieces of the input and a space between
  if (unread.empty() != unread.scripts.empty()) __builtin_trap();
  Explanation e;
  double s = ScoreNames(a, b, &e);
  if (!(s >= 0.0 && s <= 1.0)) __builtin_trap();
  if (!a.empty() && a.tokens.size() <= 24 && ScoreNames(a, a, nullptr) < (a.low_quality ? 0.9 : 0.999)) {
    __builtin_trap();
  }
  return 0;
}
