#include "screen/csv_reader.h"

#include "common/csv.h"
#include "screen/normalize.h"

namespace exportctl::screen {

Result<std::vector<CsvRecord>> ReadCsv(std::string_view text, const std::string& file) {
  detail::CsvReader reader(text);
  std::vector<CsvRecord> records;
  std::vector<Error> errors;
  CsvRecord rec;
  std::string problem;
  while (errors.size() < 50 && reader.Next(&rec.fields, &problem)) {
    rec.line = reader.record_line();
    if (problem.empty()) {
      for (const std::string& field : rec.fields)
        if (!IsValidUtf8(field)) {
          problem = "invalid UTF-8 (wrong encoding?)";
          break;
        }
    }
    if (!problem.empty()) {
      errors.emplace_back(ErrorCode::kParseError, problem, SourceLocation{file, rec.line});
      continue;
    }
    records.push_back(std::move(rec));
    rec = {};
  }
  if (!errors.empty()) return Error::Many(ErrorCode::kParseError, std::move(errors));
  return records;
}

}  // namespace exportctl::screen
