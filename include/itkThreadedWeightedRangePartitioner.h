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
#ifndef itkThreadedWeightedRangePartitioner_h
#define itkThreadedWeightedRangePartitioner_h

#include "ParallelSeriesExport.h"
#include "itkThreadedDomainPartitioner.h"
#include "itkMultiThreaderBase.h"
#include "itkObjectFactory.h"

#include <memory>
#include <vector>

namespace itk
{
/** \class WeightedIndexRange
 * \brief A half-open range [Begin, End) of item indices whose items carry a cost.
 *
 * Half-open ranges are the module's one range convention (a start and one past the end, or a
 * start and a count; never a last index): the scanner's and the reader's work units use this
 * type, the filters' slice ranges and crop boxes are a start and a count or size.
 *
 * The costs are held as an inclusive prefix sum shared by every sub-range:
 * `(*CumulativeCost)[i]` is the total cost of items `0 .. i`. A range without costs
 * (null pointer) is treated as unit cost per item.
 *
 * \ingroup ParallelSeries
 */
struct ParallelSeries_EXPORT WeightedIndexRange
{
  SizeValueType                              Begin{ 0 };
  SizeValueType                              End{ 0 };
  std::shared_ptr<const std::vector<double>> CumulativeCost;

  SizeValueType
  Size() const
  {
    return End > Begin ? End - Begin : 0;
  }
  /** Total cost of the items in [Begin, End). */
  double
  Cost() const;
};

/** \class ThreadedWeightedRangePartitioner
 * \brief Splits a WeightedIndexRange into contiguous sub-ranges of (nearly) equal total cost.
 *
 * This is the ThreadedDomainPartitioner of ParallelSeriesReader and ParallelGDCMSeriesFileNames
 * (the latter with unit costs: one item per file, then per series). The reader's items are the
 * (series, file) pairs of all series flattened into one list, weighted by the number of bytes
 * each file contributes. A 600-slice CT and a 3-slice localizer therefore share the work units
 * by weight, not one series per work unit. Work unit `k` of `n` receives the items whose
 * cumulative cost lies in `(k/n * total, (k+1)/n * total]` (found by binary search, O(log N)),
 * so the sub-ranges are contiguous, disjoint and cover the complete range; a single item more
 * expensive than the share of one work unit makes the number of non-empty sub-ranges smaller
 * than requested, which is reported through the return value as ITK requires.
 *
 * Thread safety: PartitionDomain() is const and may be called concurrently.
 *
 * \ingroup ParallelSeries
 */
class ParallelSeries_EXPORT ThreadedWeightedRangePartitioner : public ThreadedDomainPartitioner<WeightedIndexRange>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(ThreadedWeightedRangePartitioner);

  using Self = ThreadedWeightedRangePartitioner;
  using Superclass = ThreadedDomainPartitioner<WeightedIndexRange>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(ThreadedWeightedRangePartitioner, ThreadedDomainPartitioner);

  using DomainType = Superclass::DomainType;

  /** Split \c completeDomain into up to \c requestedTotal sub-ranges of equal cost and return
   * the \c threadId-th one in \c subDomain. Returns the number of non-empty sub-ranges that the
   * complete domain is divided into; work units with \c threadId at or above that number get an
   * empty sub-range. */
  ThreadIdType
  PartitionDomain(const ThreadIdType threadId,
                  const ThreadIdType requestedTotal,
                  const DomainType & completeDomain,
                  DomainType &       subDomain) const override;

  /** Number of work units to request from \c multiThreader for \c workUnits work units' worth of
   * work of uneven cost. A queueing multithreader (PoolMultiThreader, TBBMultiThreader: a fixed
   * set of threads takes work units from a FIFO queue) gets \c piecesPerWorkUnit times more,
   * smaller work units, so that threads that finish early take more and the work is done
   * roughly in domain order; any other multithreader (PlatformMultiThreader starts one thread
   * per work unit) gets \c workUnits. The kind is told by type: PoolMultiThreader,
   * TBBMultiThreader (when ITK is built with TBB) and their subclasses queue. The result is
   * clamped to [1, ITK_MAX_THREADS]. Thread-safe (a pure function of its arguments). */
  static ThreadIdType
  NumberOfWorkUnitsFor(const MultiThreaderBase * multiThreader, ThreadIdType workUnits, unsigned int piecesPerWorkUnit);

protected:
  ThreadedWeightedRangePartitioner() = default;
  ~ThreadedWeightedRangePartitioner() override = default;

private:
  /** First item index of [domain.Begin, domain.End) the middle of whose cost interval is at or
   * beyond \c target; domain.End when there is none. */
  static SizeValueType
  FindSplit(const DomainType & domain, double target);

  /** Boundaries of all \c requestedTotal parts: begins[k] for k in [0, requestedTotal]. */
  static void
  ComputeBoundaries(const DomainType & domain, ThreadIdType requestedTotal, std::vector<SizeValueType> & bounds);
};
} // end namespace itk

#endif
