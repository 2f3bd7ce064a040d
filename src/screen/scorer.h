// The name scorer: how alike two normalised names are, in [0, 1], with an explanation.
//
// Tokens are paired one-to-one, best similarity first (order-insensitive, so "Smith John" and
// "John Smith" pair fully). Identifying tokens weigh 1, initials 0.5, weak tokens 0.2 (a name made
// only of weak words weighs them fully). Each side's coverage is the weighted similarity of its
// paired tokens over its total weight. The score leans on the shorter side's coverage (a missing
// middle name costs a little) and is cut when both sides keep an unpaired identifying token (a
// substituted name part costs a lot: "Boris Vekselberg" vs "Viktor Vekselberg"). Names compared
// without spaces ("glued") catch joined and split words. A name written without short vowels
// (Arabic, Persian, Hebrew: NormalizedName::abjad) against a Latin one is also compared by
// consonants, word by word, joined pieces and glued whole (similarity.h, AbjadSimilarity); such a
// pair counts 0.9 at most. Pure function; thread-safe.
#pragma once

#include "exportctl/screen.h"
#include "screen/normalize.h"

namespace exportctl::screen {

// Fills `explanation` (pairs and method) when non-null.
double ScoreNames(const NormalizedName& query, const NormalizedName& candidate,
                  Explanation* explanation);

}  // namespace exportctl::screen
