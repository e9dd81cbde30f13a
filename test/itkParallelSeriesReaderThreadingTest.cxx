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
// Caller-provided multithreaders (pool and platform) and numbers of work units for the scanner
// and the reader, and the reader's VoxelMemoryLimit: every volume equals stock ITK's
// (ImageSeriesReader + GDCMImageIO on the same files), the caller's multithreader is the one
// that runs the work, and with a memory limit the outputs held at once stay within it.

#include "itkParallelSeriesReader.h"
#include "itkPlatformMultiThreader.h"
#include "itkPoolMultiThreader.h"
#if defined(ITK_USE_TBB)
#  include "itkTBBMultiThreader.h"
#endif
#include "itkTestingMacros.h"
#include "itkParallelSeriesTestUtilities.h"

#include <atomic>
#include <mutex>

namespace
{
/** A pool under another class name: the work-unit policy must treat it as the pool. */
class DerivedPoolMultiThreader : public itk::PoolMultiThreader
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(DerivedPoolMultiThreader);
  using Self = DerivedPoolMultiThreader;
  using Superclass = itk::PoolMultiThreader;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  itkTypeMacro(DerivedPoolMultiThreader, PoolMultiThreader);

protected:
  DerivedPoolMultiThreader() = default;
  ~DerivedPoolMultiThreader() override = default;
};

using ImageType = itk::Image<short, 3>;

/** A multithreader that counts its SingleMethodExecute() calls, so the test can tell that the
 * caller's multithreader did the work. */
template <typename TBase>
class CountingMultiThreader : public TBase
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(CountingMultiThreader);
  using Self = CountingMultiThreader;
  using Superclass = TBase;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  // No itkTypeMacro: GetNameOfClass() stays the base class's, from which the reader picks the
  // work-unit granularity.

  std::atomic<unsigned int> Executions{ 0 };

  void
  SingleMethodExecute() override
  {
    ++Executions;
    Superclass::SingleMethodExecute();
  }

protected:
  CountingMultiThreader() = default;
  ~CountingMultiThreader() override = default;
};

/** In each completion event: grafts the volume into an image of its own (keeps the pixels
 * after the reader releases them) and records the largest number of output bytes allocated at
 * once. */
class GraftingObserver : public itk::Command
{
public:
  using Self = GraftingObserver;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  itk::ParallelSeriesReader<ImageType> *     Reader{ nullptr };
  std::mutex                                 Mutex;
  std::map<unsigned int, ImageType::Pointer> Kept;
  size_t                                     PeakAllocatedBytes{ 0 };
  unsigned int                               WrongIndex{ 0 };
  unsigned int                               LostBuffers{ 0 };
  void
  Execute(itk::Object * caller, const itk::EventObject & e) override
  {
    this->Execute(static_cast<const itk::Object *>(caller), e);
  }
  void
  Execute(const itk::Object *, const itk::EventObject & e) override
  {
    const auto * done = dynamic_cast<const itk::ParallelSeriesVolumeCompletedEvent *>(&e);
    if (done == nullptr)
    {
      return;
    }
    std::lock_guard<std::mutex> lock(Mutex);
    // What a Python observer does (it gets no event): the index from the reader, then an
    // Update() of the output (as ITK's PyBuffer does in itk.array_from_image()). Neither may
    // disturb the read: the update re-enters the pipeline while the reader is updating.
    if (Reader->GetCompletedVolumeIndex() != done->GetVolumeIndex())
    {
      ++WrongIndex;
    }
    ImageType * output = Reader->GetOutput(done->GetVolumeIndex());
    output->Update();
    if (output->GetBufferPointer() == nullptr || output->GetBufferedRegion() != output->GetLargestPossibleRegion())
    {
      ++LostBuffers;
    }
    auto copy = ImageType::New();
    copy->Graft(output);
    Kept[done->GetVolumeIndex()] = copy;
    size_t allocated = 0;
    for (unsigned int v = 0; v < Reader->GetNumberOfVolumes(); ++v)
    {
      const ImageType * other = Reader->GetOutput(v);
      if (other->GetPixelContainer() != nullptr && other->GetPixelContainer()->Size() > 0)
      {
        allocated += other->GetPixelContainer()->Size() * sizeof(short);
      }
    }
    PeakAllocatedBytes = std::max(PeakAllocatedBytes, allocated);
  }
};

/** Every volume of \p reader (or of \p kept, when given) equals stock ITK's. */
bool
SameAsStock(itk::ParallelSeriesReader<ImageType> *             reader,
            const std::string &                                label,
            const std::map<unsigned int, ImageType::Pointer> * kept = nullptr)
{
  bool ok = true;
  for (unsigned int v = 0; v < reader->GetNumberOfVolumes(); ++v)
  {
    const auto & info = reader->GetVolumeInfo(v);
    if (info.GetFailed())
    {
      std::cerr << label << ": volume " << v << " failed: " << info.GetFailureReason() << std::endl;
      ok = false;
      continue;
    }
    const ImageType * ours = kept ? kept->at(v).GetPointer() : reader->GetOutput(v);
    const auto        stock = ParallelSeriesTest::ReadWithStockITK<ImageType>(info.GetFileNames());
    ok = ParallelSeriesTest::SameImage<ImageType>(ours, stock, label + " volume " + std::to_string(v)) && ok;
  }
  return ok;
}
} // namespace

int
itkParallelSeriesReaderThreadingTest(int argc, char * argv[])
{
  if (argc < 2)
  {
    std::cerr << "Usage: " << itkNameOfTestExecutableMacro(argv) << " outputDirectory" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string dir = std::string(argv[1]) + "/series";
  ParallelSeriesTest::GenerateMultiSeriesDirectory(dir, 7);
  bool ok = true;

  // 1. Caller's pool and platform multithreaders, several work-unit counts, for both classes.
  for (const bool platform : { false, true })
  {
    for (const itk::ThreadIdType workUnits : { 1u, 3u, 8u })
    {
      itk::MultiThreaderBase::Pointer threader;
      std::atomic<unsigned int> *     executions = nullptr;
      auto                            pool = CountingMultiThreader<itk::PoolMultiThreader>::New();
      auto                            plat = CountingMultiThreader<itk::PlatformMultiThreader>::New();
      if (platform)
      {
        plat->SetMaximumNumberOfThreads(3);
        threader = plat.GetPointer();
        executions = &plat->Executions;
      }
      else
      {
        pool->SetMaximumNumberOfThreads(3);
        threader = pool.GetPointer();
        executions = &pool->Executions;
      }
      const std::string label =
        std::string(platform ? "platform" : "pool") + " multithreader, " + std::to_string(workUnits) + " work units";
      auto scanner = itk::ParallelGDCMSeriesFileNames::New();
      scanner->SetInputDirectory(dir);
      scanner->SetRecursive(true);
      scanner->SetMultiThreader(threader);
      scanner->SetNumberOfWorkUnits(workUnits);
      ITK_TRY_EXPECT_NO_EXCEPTION(scanner->Update());
      const unsigned int afterScan = executions->load();
      ITK_TEST_EXPECT_TRUE(afterScan >= 2); // scan and sort passes ran on the caller's threader

      auto reader = itk::ParallelSeriesReader<ImageType>::New();
      reader->SetFileNamesSource(scanner);
      reader->SetMultiThreader(threader);
      reader->SetNumberOfWorkUnits(workUnits);
      ITK_TRY_EXPECT_NO_EXCEPTION(reader->Update());
      ITK_TEST_EXPECT_TRUE(executions->load() >= afterScan + 2); // header and pixel passes
      ITK_TEST_EXPECT_EQUAL(reader->GetNumberOfVolumes(), 11u);
      ok = SameAsStock(reader, label) && ok;
    }
  }

  // 2. Granularity: a queueing multithreader gets more, smaller work units; a platform one
  // exactly the requested number (one thread each).
  {
    auto pool = itk::PoolMultiThreader::New();
    auto plat = itk::PlatformMultiThreader::New();
    ITK_TEST_EXPECT_EQUAL(itk::ThreadedWeightedRangePartitioner::NumberOfWorkUnitsFor(pool, 2, 16), 32u);
    ITK_TEST_EXPECT_EQUAL(itk::ThreadedWeightedRangePartitioner::NumberOfWorkUnitsFor(plat, 2, 16), 2u);
    ITK_TEST_EXPECT_EQUAL(itk::ThreadedWeightedRangePartitioner::NumberOfWorkUnitsFor(pool, 0, 16), 16u);
    ITK_TEST_EXPECT_EQUAL(itk::ThreadedWeightedRangePartitioner::NumberOfWorkUnitsFor(pool, 100, 16),
                          static_cast<itk::ThreadIdType>(ITK_MAX_THREADS));
    // By type, not by name: a subclass of the pool queues as the pool does.
    auto derived = DerivedPoolMultiThreader::New();
    ITK_TEST_EXPECT_EQUAL(itk::ThreadedWeightedRangePartitioner::NumberOfWorkUnitsFor(derived, 2, 16), 32u);
    ITK_TEST_EXPECT_EQUAL(itk::ThreadedWeightedRangePartitioner::NumberOfWorkUnitsFor(nullptr, 2, 16), 2u);
#if defined(ITK_USE_TBB)
    auto tbb = itk::TBBMultiThreader::New();
    ITK_TEST_EXPECT_EQUAL(itk::ThreadedWeightedRangePartitioner::NumberOfWorkUnitsFor(tbb, 2, 16), 32u);
#endif
  }

  // 3. VoxelMemoryLimit: volumes handed out in batches through the completion event.
  {
    auto reader = itk::ParallelSeriesReader<ImageType>::New();
    reader->SetInputDirectory(dir);
    reader->SetRecursive(true);
    ITK_EXERCISE_BASIC_OBJECT_METHODS(reader, ParallelSeriesReader, ProcessObject);
    ITK_TEST_SET_GET_VALUE(0u, reader->GetVoxelMemoryLimit());
    reader->UpdateOutputInformation();
    size_t largest = 0, total = 0;
    for (unsigned int v = 0; v < reader->GetNumberOfVolumes(); ++v)
    {
      const size_t bytes = reader->GetOutput(v)->GetLargestPossibleRegion().GetNumberOfPixels() * sizeof(short);
      largest = std::max(largest, bytes);
      total += bytes;
    }
    const size_t limit = std::max(largest, total / 4);
    reader->SetVoxelMemoryLimit(limit);
    ITK_TEST_SET_GET_VALUE(limit, reader->GetVoxelMemoryLimit());
    auto observer = GraftingObserver::New();
    observer->Reader = reader;
    reader->AddObserver(itk::ParallelSeriesVolumeCompletedEvent(), observer);
    const itk::ModifiedTimeType mtimeBeforeUpdate = reader->GetMTime();
    ITK_TRY_EXPECT_NO_EXCEPTION(reader->Update());
    std::cout << "memory limit " << limit << " bytes of " << total << ": peak allocated "
              << observer->PeakAllocatedBytes << " bytes" << std::endl;
    ITK_TEST_EXPECT_EQUAL(observer->Kept.size(), static_cast<size_t>(reader->GetNumberOfVolumes()));
    ITK_TEST_EXPECT_EQUAL(observer->WrongIndex, 0u);
    ITK_TEST_EXPECT_EQUAL(observer->LostBuffers, 0u);
    // The observers' updates did not mark the reader modified (ProcessObject would, seeing a
    // pipeline loop, and the next update would read everything again).
    ITK_TEST_EXPECT_EQUAL(reader->GetMTime(), mtimeBeforeUpdate);
    ITK_TEST_EXPECT_TRUE(observer->PeakAllocatedBytes > 0);
    ITK_TEST_EXPECT_TRUE(observer->PeakAllocatedBytes <= limit);
    ITK_TEST_EXPECT_TRUE(observer->PeakAllocatedBytes < total);
    // Outputs keep geometry but no pixels; the grafted copies hold the volumes.
    for (unsigned int v = 0; v < reader->GetNumberOfVolumes(); ++v)
    {
      ITK_TEST_EXPECT_EQUAL(reader->GetOutput(v)->GetBufferedRegion().GetNumberOfPixels(), 0u);
      ITK_TEST_EXPECT_TRUE(reader->GetOutput(v)->GetLargestPossibleRegion().GetNumberOfPixels() > 0);
    }
    ok = SameAsStock(reader, "memory limit", &observer->Kept) && ok;
  }

  if (!ok)
  {
    std::cerr << "Test failed!" << std::endl;
    return EXIT_FAILURE;
  }
  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
