/*=========================================================================
 *
 *  Copyright NumFOCUS
 *
 *  Licensed under the Apache License, Version 2.0 (the "License");
 *  you may not use this file except in compliance with the License.
 *  You may obtain a copy of the License at
 *
 *         http://www.apache.org/licenses/LICENSE-2.0.txt
 *
 *  Unless required by applicable law or agreed to in writing, software
 *  distributed under the License is distributed on an "AS IS" BASIS,
 *  WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 *  See the License for the specific language governing permissions and
 *  limitations under the License.
 *
 *=========================================================================*/

// The memory bound of parallel-series convert (apps/parallel-series/ParallelSeriesMemoryBudget.h):
// - the default bound is docs/cli.md's rule (2 x the largest volume, at least 64 MiB);
// - Acquire() blocks while the bytes do not fit and returns once enough is released;
// - a request larger than the bound goes when nothing is held, and then blocks the others;
// - under many threads acquiring and releasing at once, the bytes held (counted by the test
//   itself) never exceed the bound.

#include "ParallelSeriesMemoryBudget.h"

#include "itkTestingMacros.h"

#include <atomic>
#include <chrono>
#include <iostream>
#include <random>
#include <thread>
#include <vector>

int
itkParallelSeriesCLIMemoryBudgetTest(int, char *[])
{
  using ParallelSeriesApp::DefaultMemoryBudget;
  using ParallelSeriesApp::MemoryBudget;
  const double MiB = 1024.0 * 1024.0;

  ITK_TEST_EXPECT_EQUAL(DefaultMemoryBudget(279.0 * MiB), 558.0 * MiB);
  ITK_TEST_EXPECT_EQUAL(DefaultMemoryBudget(1.0 * MiB), 64.0 * MiB);
  ITK_TEST_EXPECT_EQUAL(DefaultMemoryBudget(0.0), 64.0 * MiB);

  // A request that does not fit waits for a release.
  {
    MemoryBudget budget(100.0);
    ITK_TEST_EXPECT_EQUAL(budget.GetLimit(), 100.0);
    budget.Acquire(60.0);
    std::atomic<bool> acquired{ false };
    std::thread       other([&] {
      budget.Acquire(60.0);
      acquired = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ITK_TEST_EXPECT_TRUE(!acquired.load());
    budget.Release(60.0);
    other.join();
    ITK_TEST_EXPECT_TRUE(acquired.load());
    budget.Release(60.0);
  }

  // Larger than the bound: goes alone when nothing is held (a hang here fails by the test's timeout).
  {
    MemoryBudget budget(100.0);
    budget.Acquire(500.0);
    std::atomic<bool> acquired{ false };
    std::thread       other([&] {
      budget.Acquire(1.0);
      acquired = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ITK_TEST_EXPECT_TRUE(!acquired.load());
    budget.Release(500.0);
    other.join();
    ITK_TEST_EXPECT_TRUE(acquired.load());
  }

  // Many threads: what is held never exceeds the bound.
  {
    const double             limit = 1000.0;
    MemoryBudget             budget(limit);
    std::atomic<long>        held{ 0 };
    std::atomic<long>        peak{ 0 };
    std::vector<std::thread> threads;
    for (unsigned int t = 0; t < 8; ++t)
    {
      threads.emplace_back([&, t] {
        std::mt19937                        random(t);
        std::uniform_int_distribution<long> bytes(1, 400);
        for (int i = 0; i < 2000; ++i)
        {
          const long b = bytes(random);
          budget.Acquire(static_cast<double>(b));
          const long now = (held += b);
          long       seen = peak.load();
          while (now > seen && !peak.compare_exchange_weak(seen, now))
          {
          }
          held -= b;
          budget.Release(static_cast<double>(b));
        }
      });
    }
    for (std::thread & thread : threads)
    {
      thread.join();
    }
    std::cout << "peak held " << peak.load() << " of " << limit << std::endl;
    ITK_TEST_EXPECT_TRUE(peak.load() <= static_cast<long>(limit));
    ITK_TEST_EXPECT_EQUAL(held.load(), 0);
  }
  return EXIT_SUCCESS;
}
