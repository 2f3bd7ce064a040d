// exportctl::server::StaticFiles: the built web front end (web/dist) served from memory.
//
// Contract: Load reads every regular file under the directory once (at most 2,000 files and
// 64 MiB; symbolic links and anything else are skipped), so a request never touches the disk
// and no path a client sends can reach outside the directory: a request is a lookup in a map.
// Text files are gzip-compressed once at load and served compressed to clients that accept gzip.
// Files under assets/ carry a content hash in their names (Vite) and are cached for a year
// (`immutable`); the others (index.html) are revalidated with their ETag (304 when unchanged).
#pragma once

#include <string>
#include <unordered_map>

#include "exportctl/error.h"
#include "http_server.h"

namespace exportctl::server {

class StaticFiles {
 public:
  static Result<StaticFiles> Load(const std::string& dir);

  // The answer to a GET of request.path ("/" is index.html), or status 0 when no such file.
  HttpResponse Serve(const HttpRequest& request) const;
  std::size_t size() const { return files_.size(); }

 private:
  struct File {
    std::string content_type;
    std::string body;
    std::string gzip;  // empty: not worth compressing
    std::string etag;
    bool immutable = false;
  };
  std::unordered_map<std::string, File> files_;  // by URL path: "/index.html", "/assets/index-3f2a.js"
};

}  // namespace exportctl::server
