// A small validator of JSON values against the OpenAPI 3.0 schemas of server/openapi.json, for the
// API tests: $ref (to #/components/...), type, nullable, enum, required, properties, items.
// Other keywords are ignored. Used only by tests.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace exportctl::server {

class OpenApiValidator {
 public:
  explicit OpenApiValidator(nlohmann::json document) : doc_(std::move(document)) {}

  // The schema of the response `status` of `method` on the documented `path` for `content_type`
  // ("application/json"); an error string when the document does not describe that response.
  std::string ResponseSchema(const std::string& path, const std::string& method, int status,
                             nlohmann::json* schema, const std::string& content_type = "application/json") const;

  // Every way `value` breaks `schema`, each with its JSON path; empty when valid.
  std::vector<std::string> Validate(const nlohmann::json& schema, const nlohmann::json& value, const std::string& at = "$") const;

  // ResponseSchema + Validate: every problem, including an undocumented response.
  std::vector<std::string> ValidateResponse(const std::string& path, const std::string& method, int status,
                                            const std::string& body, const std::string& content_type = "application/json") const;

 private:
  const nlohmann::json& Resolve(const nlohmann::json& schema) const;
  nlohmann::json doc_;
};

}  // namespace exportctl::server
