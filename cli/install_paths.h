// Where the product's own files are, found from where the binary is, never from paths of the
// machine it was built on: <prefix>/bin/exportctl reads <prefix>/share/exportctl/{data, web,
// openapi.json, cases}. The build tree mirrors that layout (build/<preset>/share/exportctl links
// to the sources; CMakeLists.txt), so a built and an installed binary look alike, and an installed
// tree can be moved. $EXPORTCTL_DATA names another share/exportctl directory; --data-dir and
// $EXPORTCTL_DATA_DIR still override the data directory alone.
#pragma once

#include <string>

namespace exportctl::cli {

struct InstallPaths {
  std::string root;  // .../share/exportctl ("" when it cannot be found)
  std::string data() const { return root + "/data"; }           // rules, catalog, countries, lists
  std::string web() const { return root + "/web"; }             // the built web front end
  std::string openapi() const { return root + "/openapi.json"; }
  std::string cases() const { return root + "/cases"; }         // the golden corpus (serve's smoke test)
};

// $EXPORTCTL_DATA, else <directory of the running binary>/../share/exportctl.
const InstallPaths& Installed();

}  // namespace exportctl::cli
