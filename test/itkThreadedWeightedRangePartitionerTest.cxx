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
#include "itkThreadedWeightedRangePartitioner.h"
#include "itkDomainThreader.h"
#include "itkTestingMacros.h"

#include <atomic>
#include <numeric>

namespace
{
using PartitionerType = itk::ThreadedWeightedRangePartitioner;
using DomainType = PartitionerType::DomainType;

/** Records which work unit processed each item, through a real DomainThreader. */
class RecordingAssociate
{
public:
  std::vector<std::atomic<int>> Owner;
  explicit RecordingAssociate(size_t n)
    : Owner(n)
  {
    for (auto & o : Owner)
    {
      o = -1;
    }
  }
};

class RecordingThreader : public itk::DomainThreader<PartitionerType, RecordingAssociate>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(RecordingThreader);
  using Self = RecordingThreader;
  using Superclass = itk::DomainThreader<PartitionerType, RecordingAssociate>;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  itkTypeMacro(RecordingThreader, DomainThreader);

protected:
  RecordingThreader() = default;
  void
  ThreadedExecution(const DomainType & d, const itk::ThreadIdType id) override
  {
    for (auto i = d.Begin; i < d.End; ++i)
    {
      int expected = -1;
      if (!this->m_Associate->Owner[i].compare_exchange_strong(expected, static_cast<int>(id)))
      {
        this->m_Associate->Owner[i] = -2; // processed twice
      }
    }
  }
};

DomainType
MakeDomain(const std::vector<double> & costs, itk::SizeValueType begin, itk::SizeValueType end)
{
  auto cumulative = std::make_shared<std::vector<double>>(costs.size());
  std::partial_sum(costs.begin(), costs.end(), cumulative->begin());
  DomainType d;
  d.Begin = begin;
  d.End = end;
  d.CumulativeCost = cumulative;
  return d;
}
} // namespace

int
itkThreadedWeightedRangePartitionerTest(int, char *[])
{
  auto partitioner = PartitionerType::New();
  ITK_EXERCISE_BASIC_OBJECT_METHODS(partitioner, ThreadedWeightedRangePartitioner, ThreadedDomainPartitioner);

  // Known answer: one 600-cost series followed by three 1-cost files, 2 work units. The first
  // work unit gets the big item alone, the second the three small ones.
  {
    const DomainType d = MakeDomain({ 600, 1, 1, 1 }, 0, 4);
    DomainType       sub;
    ITK_TEST_EXPECT_EQUAL(partitioner->PartitionDomain(0, 2, d, sub), 2u);
    ITK_TEST_EXPECT_EQUAL(sub.Begin, 0u);
    ITK_TEST_EXPECT_EQUAL(sub.End, 1u);
    partitioner->PartitionDomain(1, 2, d, sub);
    ITK_TEST_EXPECT_EQUAL(sub.Begin, 1u);
    ITK_TEST_EXPECT_EQUAL(sub.End, 4u);
  }
  // Known answer: 8 equal items, 4 parts -> 2 items each.
  {
    const DomainType d = MakeDomain(std::vector<double>(8, 3.0), 0, 8);
    for (itk::ThreadIdType k = 0; k < 4; ++k)
    {
      DomainType sub;
      ITK_TEST_EXPECT_EQUAL(partitioner->PartitionDomain(k, 4, d, sub), 4u);
      ITK_TEST_EXPECT_EQUAL(sub.Begin, 2u * k);
      ITK_TEST_EXPECT_EQUAL(sub.End, 2u * k + 2);
    }
  }
  // Weighted: items of cost 1..10 (total 55) over 3 parts; each part's cost is within one item
  // of 55/3, parts are contiguous and cover [2, 10) of a sub-domain.
  {
    std::vector<double> costs(10);
    std::iota(costs.begin(), costs.end(), 1.0);
    const DomainType d = MakeDomain(costs, 2, 10);
    const double     total = d.Cost();
    ITK_TEST_EXPECT_EQUAL(total, 52.0); // 3 + ... + 10
    itk::SizeValueType expectedBegin = 2;
    for (itk::ThreadIdType k = 0; k < 3; ++k)
    {
      DomainType sub;
      ITK_TEST_EXPECT_EQUAL(partitioner->PartitionDomain(k, 3, d, sub), 3u);
      ITK_TEST_EXPECT_EQUAL(sub.Begin, expectedBegin);
      ITK_TEST_EXPECT_TRUE(sub.End > sub.Begin);
      ITK_TEST_EXPECT_TRUE(std::abs(sub.Cost() - total / 3) <= 10.0);
      expectedBegin = sub.End;
    }
    ITK_TEST_EXPECT_EQUAL(expectedBegin, 10u);
  }
  // More parts requested than items: one item per part, the count says so.
  {
    const DomainType d = MakeDomain({ 5, 1, 1 }, 0, 3);
    DomainType       sub;
    ITK_TEST_EXPECT_EQUAL(partitioner->PartitionDomain(0, 16, d, sub), 3u);
    ITK_TEST_EXPECT_EQUAL(sub.Size(), 1u);
  }
  // Empty domain.
  {
    DomainType d;
    DomainType sub;
    ITK_TEST_EXPECT_EQUAL(partitioner->PartitionDomain(0, 4, d, sub), 0u);
  }
  // Unweighted domain behaves as unit costs.
  {
    DomainType d;
    d.Begin = 0;
    d.End = 10;
    DomainType sub;
    ITK_TEST_EXPECT_EQUAL(partitioner->PartitionDomain(4, 5, d, sub), 5u);
    ITK_TEST_EXPECT_EQUAL(sub.Begin, 8u);
    ITK_TEST_EXPECT_EQUAL(sub.End, 10u);
  }
  // Through a DomainThreader with many work-unit counts: every item processed exactly once.
  for (const itk::ThreadIdType workUnits : { 1u, 2u, 3u, 7u, 64u })
  {
    std::vector<double> costs(1000);
    for (size_t i = 0; i < costs.size(); ++i)
    {
      costs[i] = (i % 97 == 0) ? 500.0 : 1.0 + (i % 5);
    }
    const DomainType   d = MakeDomain(costs, 0, costs.size());
    RecordingAssociate associate(costs.size());
    auto               threader = RecordingThreader::New();
    threader->SetNumberOfWorkUnits(workUnits);
    threader->Execute(&associate, d);
    for (size_t i = 0; i < costs.size(); ++i)
    {
      if (associate.Owner[i] < 0)
      {
        std::cerr << "Item " << i << " processed " << (associate.Owner[i] == -1 ? "never" : "twice") << " with "
                  << workUnits << " work units" << std::endl;
        return EXIT_FAILURE;
      }
    }
    ITK_TEST_EXPECT_TRUE(threader->GetNumberOfWorkUnitsUsed() <= workUnits);
  }
  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
