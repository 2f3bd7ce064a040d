#include "screen/name_index.h"

#include <algorithm>
#include <cmath>

#include "screen/similarity.h"

namespace exportctl::screen {
namespace {

constexpr size_t kMinDeleteLength = 4;   // shorter tokens are matched exactly or by skeleton
constexpr size_t kMaxFuzzyPostings = 500;  // tokens this common count only when exact
constexpr float kGluedBonus = 100.0f;

template <typename F>
void ForEachDeletion(std::string_view token, std::string& buf, F&& f) {
  for (size_t i = 0; i < token.size(); ++i) {
    if (i > 0 && token[i] == token[i - 1]) continue;  // same variant as the previous deletion
    buf.assign(token.substr(0, i));
    buf.append(token.substr(i + 1));
    f(std::string_view(buf));
  }
}

void AddUnique(std::vector<uint32_t>& v, uint32_t id) {
  if (v.empty() || v.back() != id) v.push_back(id);
}

}  // namespace

uint32_t NameIndex::TokenId(const std::string& token) {
  auto [it, inserted] = vocab_.try_emplace(token, static_cast<uint32_t>(postings_.size()));
  const uint32_t id = it->second;
  if (inserted) {
    postings_.emplace_back();
    weak_.push_back(false);
    std::string buf;
    if (token.size() >= kMinDeleteLength) {
      ForEachDeletion(token, buf, [&](std::string_view d) { AddUnique(deletes_[std::string(d)], id); });
    }
    AddUnique(skeletons_[PhoneticSkeleton(token)], id);
  }
  return id;
}

void NameIndex::Add(const NormalizedName& name) {
  uint32_t id = name_count_++;
  for (const Token& t : name.tokens) {
    uint32_t tid = TokenId(t.text);
    weak_[tid] = t.weak;
    AddUnique(postings_[tid], id);
  }
  if (!name.compact.empty()) AddUnique(glued_[name.compact], id);
  if (!name.joined.empty() && name.joined != name.compact) AddUnique(glued_[name.joined], id);
}

void NameIndex::Finish() {
  idf_.resize(postings_.size());
  double n = std::max<uint32_t>(name_count_, 1);
  for (size_t t = 0; t < postings_.size(); ++t) {
    double df = static_cast<double>(postings_[t].size());
    idf_[t] = static_cast<float>(std::log(1.0 + n / std::max(df, 1.0)) * (weak_[t] ? 0.2 : 1.0));
  }
}

void NameIndex::Query(const NormalizedName& query, size_t max, double min_share,
                      std::vector<uint32_t>& out) const {
  out.clear();
  thread_local std::vector<float> weight;
  thread_local std::vector<uint32_t> touched;
  thread_local std::vector<uint32_t> tokens;
  thread_local std::string buf;
  if (weight.size() < name_count_) weight.assign(name_count_, 0.0f);
  touched.clear();

  auto credit = [&](const std::vector<uint32_t>& names, float w) {
    for (uint32_t n : names) {
      if (weight[n] == 0.0f) touched.push_back(n);
      weight[n] += w;
    }
  };

  bool any_strong = false;
  for (const Token& t : query.tokens) any_strong |= !t.weak;
  for (const Token& t : query.tokens) {
    if (t.weak && any_strong) continue;
    tokens.clear();
    auto exact = vocab_.find(std::string_view(t.text));
    if (exact != vocab_.end()) tokens.push_back(exact->second);
    if (t.text.size() >= kMinDeleteLength) {
      auto same = deletes_.find(std::string_view(t.text));  // query = indexed token minus a letter
      if (same != deletes_.end()) tokens.insert(tokens.end(), same->second.begin(), same->second.end());
      ForEachDeletion(t.text, buf, [&](std::string_view d) {
        auto v = vocab_.find(d);  // indexed token = query minus a letter
        if (v != vocab_.end()) tokens.push_back(v->second);
        auto del = deletes_.find(d);  // one substitution or transposition apart
        if (del != deletes_.end()) tokens.insert(tokens.end(), del->second.begin(), del->second.end());
      });
    }
    auto sk = skeletons_.find(std::string_view(t.skeleton));
    if (sk != skeletons_.end()) tokens.insert(tokens.end(), sk->second.begin(), sk->second.end());
    std::sort(tokens.begin(), tokens.end());
    tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
    for (uint32_t tid : tokens) {
      bool is_exact = exact != vocab_.end() && exact->second == tid;
      if (postings_[tid].size() > kMaxFuzzyPostings && !is_exact) continue;
      credit(postings_[tid], is_exact ? idf_[tid] : 0.8f * idf_[tid]);
    }
  }
  for (const std::string* key : {&query.compact, &query.joined}) {
    if (key->empty()) continue;
    auto g = glued_.find(std::string_view(*key));
    if (g != glued_.end()) credit(g->second, kGluedBonus);
  }
  size_t k = std::min(max, touched.size());
  std::partial_sort(touched.begin(), touched.begin() + static_cast<std::ptrdiff_t>(k), touched.end(),
                    [&](uint32_t a, uint32_t b) {
                      return weight[a] != weight[b] ? weight[a] > weight[b] : a < b;
                    });
  float floor = k > 0 ? static_cast<float>(min_share) * weight[touched[0]] : 0.0f;
  for (size_t i = 0; i < k && weight[touched[i]] >= floor; ++i) out.push_back(touched[i]);
  for (uint32_t n : touched) weight[n] = 0.0f;
}

}  // namespace exportctl::screen
