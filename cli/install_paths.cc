#include "install_paths.h"

#include <cstdlib>
#include <filesystem>

namespace exportctl::cli {

namespace {

InstallPaths Find() {
  if (const char* env = std::getenv("EXPORTCTL_DATA"); env && *env) return {env};
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return {(exe.parent_path().parent_path() / "share" / "exportctl").lexically_normal().string()};
}

}  // namespace

const InstallPaths& Installed() {
  static const InstallPaths paths = Find();
  return paths;
}

}  // namespace exportctl::cli
