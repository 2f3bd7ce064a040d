// exportctl::Date: a calendar day (proleptic Gregorian, no time zone), the unit of every as-of date.
//
// The core never reads the clock: every decision takes a Date. Front ends that default to "today"
// compute it themselves and record it. Dates compare and order as days; a default Date is invalid.
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "exportctl/error.h"

namespace exportctl {

class Date {
 public:
  constexpr Date() = default;
  // Days since 1970-01-01.
  static constexpr Date FromDays(int days) { Date d; d.days_ = days; return d; }
  // Strict "YYYY-MM-DD" with a real calendar day (rejects 2025-02-30).
  static Result<Date> Parse(std::string_view text);
  static Date FromYmd(int y, unsigned m, unsigned d);
  // Far past and far future, for open-ended effective windows.
  static constexpr Date Min() { return FromDays(-1000000); }
  static constexpr Date Max() { return FromDays(1000000); }

  constexpr bool valid() const { return days_ != kInvalid; }
  constexpr int days() const { return days_; }
  std::string ToString() const;  // "YYYY-MM-DD"
  int year() const;

  constexpr Date AddDays(int n) const { return FromDays(days_ + n); }
  constexpr auto operator<=>(const Date&) const = default;

 private:
  static constexpr int kInvalid = -2147483647;
  int days_ = kInvalid;
};

// A half-open-free, inclusive interval of days: [from, to]. to == Date::Max() means open-ended.
struct DateRange {
  Date from = Date::Min();
  Date to = Date::Max();
  constexpr bool Contains(Date d) const { return from <= d && d <= to; }
  constexpr bool Overlaps(const DateRange& o) const { return from <= o.to && o.from <= to; }
};

}  // namespace exportctl
