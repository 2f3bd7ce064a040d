// The what-if/impact bound: slots run out at the limit and come back when dropped, never sooner.
#include "concurrency_limit.h"

#include <gtest/gtest.h>

namespace exportctl::server {
namespace {

TEST(ConcurrencyLimitTest, SlotsRunOutAtTheLimitAndComeBackWhenDropped) {
  ConcurrencyLimit limit(2);
  auto a = limit.TryAcquire();
  auto b = limit.TryAcquire();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(limit.running(), 2);
  EXPECT_EQ(limit.TryAcquire(), nullptr);  // a third run at once: refused
  EXPECT_EQ(limit.running(), 2);           // and the refusal takes nothing
  a.reset();
  EXPECT_EQ(limit.running(), 1);
  auto c = limit.TryAcquire();
  EXPECT_NE(c, nullptr);
  EXPECT_EQ(limit.TryAcquire(), nullptr);
  b.reset();
  c.reset();
  EXPECT_EQ(limit.running(), 0);
  EXPECT_EQ(ConcurrencyLimit(0).limit(), 1);  // at least one run is always possible
}

}  // namespace
}  // namespace exportctl::server
