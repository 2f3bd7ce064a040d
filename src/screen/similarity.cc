#include "screen/similarity.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace exportctl::screen {
namespace {

constexpr size_t kStack = 64;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool HasDigit(std::string_view s) { return std::any_of(s.begin(), s.end(), IsDigit); }
bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

}  // namespace

int EditDistance(std::string_view a, std::string_view b) {
  if (a.size() < b.size()) std::swap(a, b);
  const size_t n = a.size();
  const size_t m = b.size();
  if (m == 0) return static_cast<int>(n);
  // Three rows (previous-previous, previous, current) for the transposition rule.
  std::array<int, kStack + 1> s0{}, s1{}, s2{};
  std::vector<int> h0, h1, h2;
  int* pp = s0.data();
  int* p = s1.data();
  int* c = s2.data();
  if (m + 1 > s0.size()) {
    h0.resize(m + 1);
    h1.resize(m + 1);
    h2.resize(m + 1);
    pp = h0.data();
    p = h1.data();
    c = h2.data();
  }
  for (size_t j = 0; j <= m; ++j) p[j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    c[0] = static_cast<int>(i);
    for (size_t j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = std::min({p[j] + 1, c[j - 1] + 1, p[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        v = std::min(v, pp[j - 2] + 1);
      }
      c[j] = v;
    }
    std::swap(pp, p);
    std::swap(p, c);
  }
  return p[m];
}

bool WithinEditDistance(std::string_view a, std::string_view b, int max_edits) {
  return BoundedEditDistance(a, b, max_edits) <= max_edits;
}

namespace {

// The optimal-string-alignment distance of `text` and `pattern` (pattern of 1 to 64 bytes), one
// machine word per row: Hyyrö's bit-vector algorithm with transpositions ("A bit-vector algorithm
// for computing Levenshtein and Damerau edit distances", Nordic Journal of Computing 10, 2003).
// The column of the dynamic-programming table is kept as bits of +1/-1 vertical differences.
int BitParallelOsaDistance(std::string_view text, std::string_view pattern) {
  thread_local std::array<uint64_t, 256> occurs{};  // byte → the positions of the pattern holding it
  for (size_t i = 0; i < pattern.size(); ++i) occurs[static_cast<unsigned char>(pattern[i])] |= uint64_t{1} << i;
  uint64_t vp = ~uint64_t{0}, vn = 0, d0 = 0, previous = 0;
  const uint64_t last = uint64_t{1} << (pattern.size() - 1);
  int distance = static_cast<int>(pattern.size());
  for (char ch : text) {
    const uint64_t pm = occurs[static_cast<unsigned char>(ch)];
    const uint64_t transposed = (((~d0) & pm) << 1) & previous;
    d0 = (((pm & vp) + vp) ^ vp) | pm | vn | transposed;
    uint64_t hp = vn | ~(d0 | vp);
    uint64_t hn = d0 & vp;
    distance += (hp & last) != 0;
    distance -= (hn & last) != 0;
    hp = (hp << 1) | 1;
    hn <<= 1;
    vp = hn | ~(d0 | hp);
    vn = hp & d0;
    previous = pm;
  }
  for (char ch : pattern) occurs[static_cast<unsigned char>(ch)] = 0;
  return distance;
}

}  // namespace

int BoundedEditDistance(std::string_view a, std::string_view b, int max_edits) {
  if (a.size() < b.size()) std::swap(a, b);
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  if (n - m > max_edits) return max_edits + 1;
  if (m == 0) return std::min(n, max_edits + 1);
  if (m <= 64) return std::min(BitParallelOsaDistance(a, b), max_edits + 1);
  return std::min(EditDistance(a, b), max_edits + 1);
}

double EditSimilarityAtLeast(std::string_view a, std::string_view b, double floor) {
  const size_t len = std::max(a.size(), b.size());
  if (len == 0) return 1.0;
  const int most = std::max(0, static_cast<int>((1.0 - floor) * static_cast<double>(len) + 1e-9));
  const int d = BoundedEditDistance(a, b, most);
  return 1.0 - static_cast<double>(d) / static_cast<double>(len);
}

double EditSimilarity(std::string_view a, std::string_view b) {
  size_t len = std::max(a.size(), b.size());
  if (len == 0) return 1.0;
  return 1.0 - static_cast<double>(EditDistance(a, b)) / static_cast<double>(len);
}

double JaroWinkler(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const int la = static_cast<int>(a.size());
  const int lb = static_cast<int>(b.size());
  int window = std::max(0, std::max(la, lb) / 2 - 1);
  std::array<bool, 256> sa{}, sb{};
  std::vector<bool> ha, hb;
  bool big = la > 256 || lb > 256;
  if (big) {
    ha.assign(la, false);
    hb.assign(lb, false);
  }
  auto ma = [&](int i) { return big ? static_cast<bool>(ha[i]) : sa[i]; };
  auto mb = [&](int j) { return big ? static_cast<bool>(hb[j]) : sb[j]; };
  auto set_a = [&](int i) { if (big) ha[i] = true; else sa[i] = true; };
  auto set_b = [&](int j) { if (big) hb[j] = true; else sb[j] = true; };
  int matches = 0;
  for (int i = 0; i < la; ++i) {
    int lo = std::max(0, i - window);
    int hi = std::min(lb - 1, i + window);
    for (int j = lo; j <= hi; ++j) {
      if (!mb(j) && a[i] == b[j]) {
        set_a(i);
        set_b(j);
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0.0;
  int t = 0;
  for (int i = 0, j = 0; i < la; ++i) {
    if (!ma(i)) continue;
    while (!mb(j)) ++j;
    if (a[i] != b[j]) ++t;
    ++j;
  }
  double m = matches;
  double jaro = (m / la + m / lb + (m - t / 2.0) / m) / 3.0;
  int prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix]) ++prefix;
  return jaro + prefix * 0.1 * (1.0 - jaro);
}

std::string PhoneticSkeleton(std::string_view t) {
  std::string s;
  s.reserve(t.size());
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    char next = i + 1 < t.size() ? t[i + 1] : '\0';
    if (c == 'p' && next == 'h') { s += 'f'; ++i; continue; }
    if (c == 'c' && next == 'k') { s += 'k'; ++i; continue; }
    if (c == 'o' && (next == 'u' || next == 'o')) { s += 'u'; ++i; continue; }
    if (c == 'e' && next == 'e') { s += 'i'; ++i; continue; }
    if (c == 'h' && (s.empty() ? false : !IsVowel(s.back()))) continue;
    if (c == 'h' && next == '\0') continue;
    switch (c) {
      case 'c': case 'q': c = 'k'; break;
      case 'z': case 'x': c = 's'; break;
      case 'w': c = 'v'; break;
      case 'y': c = 'i'; break;
      case 'j': c = 'g'; break;
      default: break;
    }
    if (!s.empty() && s.back() == c) continue;
    s += c;
  }
  return s;
}

namespace {

constexpr uint64_t kLetterBit(char c) { return uint64_t{1} << (c - 'a'); }
// e, i, o, u: their first and second occurrence bits (LetterSet).
constexpr uint64_t kVowelClassBits = (kLetterBit('e') | kLetterBit('i') | kLetterBit('o') | kLetterBit('u')) * ((uint64_t{1} << 32) + 1);
constexpr uint64_t kMergedVowels = kLetterBit('e') | kLetterBit('o');
constexpr double kVowelClassFloor = 0.75;

// Which letters occur (first-occurrence bits only) once o is read as u and e as i.
uint64_t MergedPresence(uint64_t letters) {
  uint64_t present = letters & 0xFFFFFFFFull & ~kMergedVowels;
  if ((letters & kLetterBit('o')) != 0) present |= kLetterBit('u');
  if ((letters & kLetterBit('e')) != 0) present |= kLetterBit('i');
  return present;
}

}  // namespace

std::string_view MergeVowelClasses(std::string_view skeleton, std::array<char, kMaxVowelClassSkeleton>& buffer) {
  if (skeleton.size() > buffer.size()) return {};
  size_t n = 0;
  for (char c : skeleton) {
    c = c == 'o' ? 'u' : c == 'e' ? 'i' : c;
    if (n > 0 && buffer[n - 1] == c) continue;
    buffer[n++] = c;
  }
  return {buffer.data(), n};
}

std::string ConsonantKey(std::string_view t) {
  std::string key;
  key.reserve(t.size());
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    const bool last = i + 1 == t.size();
    // Only vowels and glides after it: a silent final h (ة, Persian ه) before an ending ("khamnhay",
    // Khamenei), as at the very end.
    const bool before_ending = t.find_first_not_of("aeiouyw", i + 1) == std::string_view::npos;
    if (c == 'h' && (before_ending || (i > 0 && std::string_view("kstdgcz").find(t[i - 1]) != std::string_view::npos))) continue;
    if (c == 't' && last) continue;
    if (c == 'd' && !last && t[i + 1] == 'j') continue;  // Maghreb "dj" for j: "Djamel"
    switch (c) {
      case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': case 'w': continue;
      case 'g': c = 'j'; break;
      case 'q': case 'c': c = 'k'; break;
      case 'p': c = 'b'; break;
      default: break;
    }
    if (!key.empty() && key.back() == c) continue;
    key += c;
  }
  return key;
}

bool GluedConsonantKeyFits(std::string_view key) {
  constexpr size_t kMinGluedKey = 4;   // a shorter key says too little
  constexpr size_t kMaxGluedKey = 64;  // a name's consonants fit; longer text is not a name
  return key.size() >= kMinGluedKey && key.size() <= kMaxGluedKey;
}

namespace {

// The Arabic article is written joined to its word ("التكريتي" → "altkryty"), in Latin letters
// mostly apart ("AL-TIKRITI") and sometimes joined ("ELSSEID"): a word of five letters or more
// starting with "al" or "el" is compared without it.
std::string_view WithoutArticle(std::string_view t) {
  constexpr size_t kMinJoined = 5;
  return t.size() >= kMinJoined && (t.substr(0, 2) == "al" || t.substr(0, 2) == "el") ? t.substr(2) : t;
}

}  // namespace

std::string AbjadKey(std::string_view token) { return ConsonantKey(WithoutArticle(token)); }

double AbjadKeySimilarity(std::string_view ka, std::string_view kb, double floor) {
  if (ka.empty() || kb.empty()) return 0.0;
  // One or two consonants say little ("امیر" and "MAYOROVA" both read "mr"): such keys pair
  // loosely, below full credit.
  const size_t shorter = std::min(ka.size(), kb.size());
  const double discount = shorter >= 3 ? kAbjadDiscount : shorter == 2 ? kAbjadDiscount - 0.1 : kAbjadDiscount - 0.2;
  const double at_least = floor / discount;
  if (at_least > 1.0) return 0.0;
  const double s = EditSimilarityAtLeast(ka, kb, at_least);
  return s >= at_least - 1e-9 ? discount * s : 0.0;
}

double AbjadSimilarity(std::string_view a, std::string_view b) {
  return AbjadKeySimilarity(AbjadKey(a), AbjadKey(b), 0.0);
}

uint64_t LetterSet(std::string_view token) {
  uint64_t set = 0;
  for (char c : token) {
    int bit = c >= 'a' && c <= 'z' ? c - 'a' : IsDigit(c) ? 26 + (c - '0') % 6 : -1;
    if (bit < 0) continue;
    const uint64_t first = uint64_t{1} << bit;
    set |= (set & first) != 0 ? first << 32 : first;
  }
  return set;
}

int EditDistanceAtLeast(uint64_t letters_a, uint64_t letters_b) {
  uint64_t v = letters_a ^ letters_b;  // bits set, without the popcnt instruction the baseline x86-64 lacks
  v = v - ((v >> 1) & 0x5555555555555555ull);
  v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
  const int bits = static_cast<int>((((v + (v >> 4)) & 0x0F0F0F0F0F0F0F0Full) * 0x0101010101010101ull) >> 56);
  return (bits + 1) / 2;
}

TokenShape ShapeOf(std::string_view text, std::string_view skeleton) {
  return TokenShape{text, skeleton, LetterSet(text), LetterSet(skeleton), HasDigit(text)};
}

double TokenSimilarity(std::string_view a, std::string_view b) {
  std::string ka = PhoneticSkeleton(a);
  std::string kb = PhoneticSkeleton(b);
  return TokenSimilarity(ShapeOf(a, ka), ShapeOf(b, kb), 0.0);
}

double TokenSimilarity(const TokenShape& a, const TokenShape& b, double floor) {
  if (a.text == b.text) return 1.0;
  if (a.text.empty() || b.text.empty()) return 0.0;
  if (a.has_digit || b.has_digit) return 0.0;
  if (a.text.size() == 1 || b.text.size() == 1) return a.text[0] == b.text[0] ? 0.9 : 0.0;
  // Whether the edit similarity of x and y can reach `at_least`: the lengths bound it by
  // 1 - |lx - ly| / max(lx, ly), the letter sets by 1 - EditDistanceAtLeast / max(lx, ly).
  auto can_reach = [](std::string_view x, std::string_view y, uint64_t lx, uint64_t ly, double at_least) {
    const size_t len = std::max(x.size(), y.size());
    const size_t gap = x.size() > y.size() ? x.size() - y.size() : y.size() - x.size();
    const size_t edits = std::max(gap, static_cast<size_t>(EditDistanceAtLeast(lx, ly)));
    return 1.0 - static_cast<double>(edits) / static_cast<double>(len) >= at_least - 1e-9;
  };
  double best = 0.0;
  if (can_reach(a.text, b.text, a.letters, b.letters, floor)) best = EditSimilarityAtLeast(a.text, b.text, floor);
  if (best < 1.0 && !a.skeleton.empty() && !b.skeleton.empty()) {
    const double at_least = std::max(floor, best) / 0.95;
    if (can_reach(a.skeleton, b.skeleton, a.skeleton_letters, b.skeleton_letters, at_least)) {
      best = std::max(best, 0.95 * EditSimilarityAtLeast(a.skeleton, b.skeleton, at_least));
    }
  }
  // Long words compared again with the vowels o/u and e/i merged, at the skeleton's discount,
  // when they hold one of those vowels and can come close (kVowelClassFloor): merging vowels
  // makes variants of one name close, it does not make loosely similar words less loose.
  // Merging only shortens a skeleton, so the skeletons' longer length bounds the merged
  // similarity from above; the edits are bounded by the letters other than e, i, o, u (counts
  // unchanged by merging) and by which letters occur once o is read as u and e as i.
  if (best < 0.95 && a.text.size() >= kVowelClassLength && b.text.size() >= kVowelClassLength &&
      ((a.skeleton_letters | b.skeleton_letters) & kMergedVowels) != 0) {
    const double at_least = std::max({floor, best, kVowelClassFloor}) / 0.95;
    const int edits = std::max(EditDistanceAtLeast(a.skeleton_letters & ~kVowelClassBits, b.skeleton_letters & ~kVowelClassBits),
                               EditDistanceAtLeast(MergedPresence(a.skeleton_letters), MergedPresence(b.skeleton_letters)));
    const size_t len = std::max(a.skeleton.size(), b.skeleton.size());
    if (1.0 - static_cast<double>(edits) / static_cast<double>(len) >= at_least - 1e-9) {
      std::array<char, kMaxVowelClassSkeleton> buffer_a, buffer_b;
      const std::string_view ma = MergeVowelClasses(a.skeleton, buffer_a);
      const std::string_view mb = MergeVowelClasses(b.skeleton, buffer_b);
      if (!ma.empty() && !mb.empty() && can_reach(ma, mb, 0, 0, at_least)) {
        const double merged = EditSimilarityAtLeast(ma, mb, at_least);
        if (merged >= at_least - 1e-9) best = std::max(best, 0.95 * merged);
      }
    }
  }
  return best;
}

}  // namespace exportctl::screen
