// Test helpers for the policy lab: the bundled engine, and drafts made by editing a copy of the
// bundled rules.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "exportctl/engine.h"

namespace exportctl::lab::testing {

inline std::string DataDir() { return std::string(EXPORTCTL_SOURCE_DIR) + "/data"; }

inline const Engine& Bundled() {
  static const std::shared_ptr<const Engine> engine = [] {
    auto e = Engine::Load({DataDir(), {}});
    if (!e.ok()) throw std::runtime_error(e.error().ToString());
    return *e;
  }();
  return *engine;
}

inline Date D(const char* s) { return *Date::Parse(s); }

// Copies data/rules to a fresh temporary directory and replaces `from` with `to` in `file`
// (exactly one occurrence). Returns the directory.
inline std::string DraftRules(const std::string& file, const std::string& from, const std::string& to) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("exportctl-draft-" + std::to_string(::getpid()) + "-" +
                                              std::to_string(std::hash<std::string>{}(file + from + to)));
  fs::remove_all(dir);
  fs::copy(DataDir() + "/rules", dir, fs::copy_options::recursive);
  fs::path target = dir / file;
  std::ifstream in(target);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  EXPECT_EQ(text.find(from, pos + 1), std::string::npos) << "more than one `" << from << "`";
  text.replace(pos, from.size(), to);
  std::ofstream(target) << text;
  return dir.string();
}

}  // namespace exportctl::lab::testing
