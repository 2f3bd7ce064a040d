#include "exportctl/date.h"

#include <chrono>

#include <fmt/format.h>

namespace exportctl {

namespace {
bool AllDigits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}
int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}
}  // namespace

Result<Date> Date::Parse(std::string_view text) {
  auto bad = [&] {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("invalid date `{}`: expected YYYY-MM-DD", text));
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  std::string_view ys = text.substr(0, 4), ms = text.substr(5, 2), ds = text.substr(8, 2);
  if (!AllDigits(ys) || !AllDigits(ms) || !AllDigits(ds)) return bad();
  std::chrono::year_month_day ymd{std::chrono::year{ToInt(ys)}, std::chrono::month{unsigned(ToInt(ms))},
                                  std::chrono::day{unsigned(ToInt(ds))}};
  if (!ymd.ok())
    return Error(ErrorCode::kInvalidArgument, fmt::format("invalid date `{}`: no such day", text));
  return FromDays(std::chrono::sys_days{ymd}.time_since_epoch().count());
}

Date Date::FromYmd(int y, unsigned m, unsigned d) {
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  return FromDays(std::chrono::sys_days{ymd}.time_since_epoch().count());
}

std::string Date::ToString() const {
  if (!valid()) return "invalid-date";
  if (*this == Min()) return "-inf";
  if (*this == Max()) return "open";
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days_}}};
  return fmt::format("{:04}-{:02}-{:02}", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
}

int Date::year() const {
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days_}}};
  return int(ymd.year());
}

}  // namespace exportctl
