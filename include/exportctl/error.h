// exportctl::Error and exportctl::Result<T>: the one error vocabulary of the project.
//
// An Error is a value: a stable code (serialised as a snake_case string that scripts and the HTTP
// API rely on, so never rename one), a one-line lower-case message with user input in backticks,
// an optional source location (file:line:col), an optional request field it is about (reported as
// `field` by the HTTP API) and optional further errors, so that a loader can report every problem
// it found, not just the first.
// Result<T> holds either a T or an Error. Both types are cheap to move and safe to share read-only
// between threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace exportctl {

// Persisted in JSON and used for exit codes: append new codes, never renumber or rename.
enum class ErrorCode {
  kInvalidArgument,  // "invalid_argument": a request or option is malformed
  kParseError,       // "parse_error": a file or expression could not be parsed
  kInvalidData,      // "invalid_data": a data file parsed but failed validation
  kRuleConflict,     // "rule_conflict": overlapping effective dates for one rule id, duplicate ids
  kNotFound,         // "not_found": unknown chip, licence, list, country …
  kIoError,          // "io_error": a file or database could not be read or written
  kRefused,          // "refused": a ledger operation was refused (over cap, expired licence …)
  kConflict,         // "conflict": a concurrent change or idempotency-key clash
  kUnauthorized,     // "unauthorized": missing or bad credentials
  kForbidden,        // "forbidden": the credentials lack the needed role
  kBusy,             // "busy": a bounded resource is in use (CPU-heavy requests at their limit); retry
  kInternal,         // "internal": a bug
};

std::string_view ErrorCodeName(ErrorCode code);

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based; 0 when unknown
  bool empty() const { return file.empty() && line == 0; }
  std::string ToString() const;  // "file:line:col", "file:line" or "file"
};

class Error {
 public:
  Error(ErrorCode code, std::string message, SourceLocation where = {})
      : code_(code), message_(std::move(message)), where_(std::move(where)) {}

  // Bundles several errors (all found by one loader) under one code.
  static Error Many(ErrorCode code, std::vector<Error> errors);

  ErrorCode code() const { return code_; }
  std::string_view code_name() const { return ErrorCodeName(code_); }
  const std::string& message() const { return message_; }
  const SourceLocation& where() const { return where_; }
  const std::vector<Error>& details() const { return details_; }
  // The request field at fault ("quantity"), when the code raising the error knows it; else empty.
  const std::string& field() const { return field_; }
  Error WithField(std::string field) const {
    Error e = *this;
    e.field_ = std::move(field);
    return e;
  }

  // "file:line:col: message" and, for bundles, one such line per detail.
  std::string ToString() const;

 private:
  ErrorCode code_;
  std::string message_;
  SourceLocation where_;
  std::string field_;
  std::vector<Error> details_;
};

// Either a value or an Error. REQUIRES: value() only when ok(), error() only when !ok().
template <typename T>
class [[nodiscard]] Result {
 public:
  // A returned local moves once, straight into the result (large values such as a Decision).
  Result(T&& value) : v_(std::in_place_index<0>, std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(const T& value) : v_(std::in_place_index<0>, value) {}            // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}    // NOLINT(google-explicit-constructor)
  // A value built in place, for a function that fills its result where it lies (returned by name,
  // never moved).
  explicit Result(std::in_place_t) : v_(std::in_place_index<0>) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Error& error() const { return std::get<1>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> v_;
};

// Result of an operation with no value.
struct Ok {};
using Status = Result<Ok>;

}  // namespace exportctl
