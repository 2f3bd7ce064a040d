// The questions `exportctl impact` (and POST /v1/admin/impact) asks again under a candidate rule
// set: from the ledger (logged checks and the lines of licences in force) and from an order book.
// Shared by the CLI and the server so that both ask the same questions.
#pragma once

#include <string_view>
#include <vector>

#include "exportctl/date.h"
#include "exportctl/lab.h"
#include "exportctl/ledger.h"

namespace exportctl::lab {

// Logged checks recorded on or after `since` (kind "check", every channel), and one question per
// item, destination and consignee of each licence valid and active on `as_of` (an ECCN item is
// skipped: it names no chip to decide). Facts a licence does not record (the end user's
// headquarters …) are not assumed: such a question is decided as asked, a hold where they matter.
// At most `limit` logged checks (the newest are kept beyond it).
Result<std::vector<ImpactQuestion>> ImpactQuestionsFromLedger(Ledger& ledger, Date since, Date as_of,
                                                                   std::size_t limit = 200000);

// The rows of an order book in the forms `check --batch` reads: JSONL (one request object per
// line) when `name` ends in .jsonl, .ndjson or .json, else CSV with a header row. A malformed row is
// an error naming `name:line`; nothing is returned then.
Result<std::vector<ImpactQuestion>> ImpactQuestionsFromOrders(std::string_view text, std::string_view name);

}  // namespace exportctl::lab
