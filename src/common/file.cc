#include "common/file.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace exportctl::detail {

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorCode::kIoError, fmt::format("cannot open `{}`", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Error(ErrorCode::kIoError, fmt::format("cannot read `{}`", path));
  return ss.str();
}

Result<std::vector<std::string>> ListTomlFiles(const std::string& dir, bool recursive, std::string_view what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Error(ErrorCode::kIoError, fmt::format("{} directory `{}` not found", what, dir));
  std::vector<std::string> files;
  auto add = [&](const fs::directory_entry& e) {
    if (e.is_regular_file() && e.path().extension() == ".toml") files.push_back(e.path().string());
  };
  if (recursive) for (const auto& e : fs::recursive_directory_iterator(dir, ec)) add(e);
  else for (const auto& e : fs::directory_iterator(dir, ec)) add(e);
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace exportctl::detail
