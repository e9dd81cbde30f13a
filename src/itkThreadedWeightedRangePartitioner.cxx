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
#include "itkPoolMultiThreader.h"
#if defined(ITK_USE_TBB)
#  include "itkTBBMultiThreader.h"
#endif

#include <algorithm>

namespace itk
{

double
WeightedIndexRange::Cost() const
{
  if (this->Size() == 0)
  {
    return 0.0;
  }
  if (!CumulativeCost)
  {
    return static_cast<double>(this->Size());
  }
  const std::vector<double> & c = *CumulativeCost;
  return c[End - 1] - (Begin > 0 ? c[Begin - 1] : 0.0);
}

SizeValueType
ThreadedWeightedRangePartitioner::FindSplit(const DomainType & domain, double target)
{
  // Item i belongs to the part in which the middle of its cost interval falls; the first item
  // whose middle is at or beyond `target` starts the next part. Middles are non-decreasing.
  const double  base = (domain.CumulativeCost && domain.Begin > 0) ? (*domain.CumulativeCost)[domain.Begin - 1] : 0.0;
  SizeValueType lo = domain.Begin;
  SizeValueType hi = domain.End;
  while (lo < hi)
  {
    const SizeValueType mid = lo + (hi - lo) / 2;
    double              middle;
    if (domain.CumulativeCost)
    {
      const std::vector<double> & c = *domain.CumulativeCost;
      const double                before = (mid > 0 ? c[mid - 1] : 0.0) - base;
      middle = 0.5 * (before + (c[mid] - base));
    }
    else
    {
      middle = static_cast<double>(mid - domain.Begin) + 0.5;
    }
    if (middle < target)
    {
      lo = mid + 1;
    }
    else
    {
      hi = mid;
    }
  }
  return lo;
}

void
ThreadedWeightedRangePartitioner::ComputeBoundaries(const DomainType &           domain,
                                                    ThreadIdType                 parts,
                                                    std::vector<SizeValueType> & bounds)
{
  const double total = domain.Cost();
  bounds.assign(parts + 1, domain.Begin);
  bounds[parts] = domain.End;
  for (ThreadIdType k = 1; k < parts; ++k)
  {
    SizeValueType b = FindSplit(domain, total * static_cast<double>(k) / static_cast<double>(parts));
    // Every part gets at least one item: leave room before and after.
    b = std::max<SizeValueType>(b, bounds[k - 1] + 1);
    b = std::min<SizeValueType>(b, domain.End - (parts - k));
    bounds[k] = b;
  }
}

ThreadIdType
ThreadedWeightedRangePartitioner::PartitionDomain(const ThreadIdType threadId,
                                                  const ThreadIdType requestedTotal,
                                                  const DomainType & completeDomain,
                                                  DomainType &       subDomain) const
{
  subDomain = completeDomain;
  const SizeValueType items = completeDomain.Size();
  const ThreadIdType  parts = static_cast<ThreadIdType>(std::min<SizeValueType>(requestedTotal, items));
  if (parts == 0)
  {
    subDomain.End = subDomain.Begin;
    return 0;
  }
  if (threadId >= parts)
  {
    subDomain.Begin = subDomain.End = completeDomain.End;
    return parts;
  }
  std::vector<SizeValueType> bounds;
  ComputeBoundaries(completeDomain, parts, bounds);
  subDomain.Begin = bounds[threadId];
  subDomain.End = bounds[threadId + 1];
  return parts;
}

ThreadIdType
ThreadedWeightedRangePartitioner::NumberOfWorkUnitsFor(const MultiThreaderBase * multiThreader,
                                                       ThreadIdType              workUnits,
                                                       unsigned int              piecesPerWorkUnit)
{
  // By type (subclasses included), not by class name.
  bool queueing = dynamic_cast<const PoolMultiThreader *>(multiThreader) != nullptr;
#if defined(ITK_USE_TBB)
  queueing = queueing || dynamic_cast<const TBBMultiThreader *>(multiThreader) != nullptr;
#endif
  const SizeValueType units = static_cast<SizeValueType>(std::max<ThreadIdType>(1, workUnits)) *
                              (queueing ? std::max(1u, piecesPerWorkUnit) : 1u);
  return static_cast<ThreadIdType>(std::min<SizeValueType>(ITK_MAX_THREADS, units));
}

} // end namespace itk
