#include "openapi_validator.h"

#include <algorithm>

namespace exportctl::server {

const nlohmann::json& OpenApiValidator::Resolve(const nlohmann::json& schema) const {
  const nlohmann::json* s = &schema;
  while (s->is_object() && s->contains("$ref")) {
    std::string ref = (*s)["$ref"].get<std::string>();  // "#/components/schemas/X"
    s = &doc_.at(nlohmann::json::json_pointer(ref.substr(1)));
  }
  return *s;
}

std::string OpenApiValidator::ResponseSchema(const std::string& path, const std::string& method, int status,
                                             nlohmann::json* schema, const std::string& content_type) const {
  if (!doc_["paths"].contains(path)) return "path " + path + " is not documented";
  const auto& op = doc_["paths"][path];
  if (!op.contains(method)) return method + " " + path + " is not documented";
  const auto& responses = op[method]["responses"];
  std::string code = std::to_string(status);
  if (!responses.contains(code)) return method + " " + path + ": response " + code + " is not documented";
  const nlohmann::json& response = Resolve(responses[code]);
  if (!response.contains("content") || !response["content"].contains(content_type))
    return method + " " + path + " " + code + ": no " + content_type + " content documented";
  *schema = response["content"][content_type]["schema"];
  return {};
}

std::vector<std::string> OpenApiValidator::Validate(const nlohmann::json& schema_in, const nlohmann::json& v,
                                                    const std::string& at) const {
  std::vector<std::string> errors;
  const nlohmann::json& s = Resolve(schema_in);
  if (!s.is_object()) return errors;
  if (v.is_null()) {
    if (s.contains("type") && !s.value("nullable", false)) errors.push_back(at + ": null is not allowed");
    return errors;
  }
  if (s.contains("type")) {
    std::string t = s["type"];
    bool ok = (t == "object" && v.is_object()) || (t == "array" && v.is_array()) || (t == "string" && v.is_string()) ||
              (t == "number" && v.is_number()) || (t == "integer" && v.is_number_integer()) || (t == "boolean" && v.is_boolean());
    if (!ok) {
      errors.push_back(at + ": expected " + t + ", got " + std::string(v.type_name()));
      return errors;
    }
  }
  if (s.contains("enum") && std::find(s["enum"].begin(), s["enum"].end(), v) == s["enum"].end())
    errors.push_back(at + ": " + v.dump() + " is not one of " + s["enum"].dump());
  if (v.is_object()) {
    for (const auto& r : s.value("required", nlohmann::json::array()))
      if (!v.contains(r.get<std::string>())) errors.push_back(at + ": required property `" + r.get<std::string>() + "` missing");
    if (s.contains("properties"))
      for (auto it = s["properties"].begin(); it != s["properties"].end(); ++it)
        if (v.contains(it.key())) {
          auto sub = Validate(it.value(), v[it.key()], at + "." + it.key());
          errors.insert(errors.end(), sub.begin(), sub.end());
        }
  }
  if (v.is_array() && s.contains("items"))
    for (std::size_t i = 0; i < v.size(); ++i) {
      auto sub = Validate(s["items"], v[i], at + "[" + std::to_string(i) + "]");
      errors.insert(errors.end(), sub.begin(), sub.end());
    }
  return errors;
}

std::vector<std::string> OpenApiValidator::ValidateResponse(const std::string& path, const std::string& method, int status,
                                                            const std::string& body, const std::string& content_type) const {
  nlohmann::json schema;
  if (std::string missing = ResponseSchema(path, method, status, &schema, content_type); !missing.empty()) return {missing};
  if (content_type != "application/json") return {};
  auto value = nlohmann::json::parse(body, nullptr, false);
  if (value.is_discarded()) return {method + " " + path + ": the body is not JSON"};
  return Validate(schema, value);
}

}  // namespace exportctl::server
