// The request target of an HTTP request ("/v1/catalog/NVIDIA%20H20?as_of=2025-05-01") decoded
// into the text a handler sees. Contract: on success the path starts with '/', and the path and
// every query name and value are percent-decoded ('+' is a space in the query), valid UTF-8 and
// free of control characters (NUL included); otherwise an invalid_argument whose field names the
// part at fault: "path", "query" (a parameter's name) or the parameter's name (its value).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "exportctl/error.h"

namespace exportctl::server {

struct RequestTarget {
  std::string path;
  std::multimap<std::string, std::string> params;
};

Result<RequestTarget> DecodeTarget(std::string_view target);

}  // namespace exportctl::server
