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
#include "itkParallelSeriesReader.h"
#include "itkRGBPixel.h"
#include "itkTestingMacros.h"
#include "itkParallelSeriesTestUtilities.h"

#include <atomic>
#include <map>
#include <mutex>
#include <set>

namespace
{
/** Counts ParallelSeriesVolumeCompletedEvent per volume (from any thread). */
class CompletionCounter : public itk::Command
{
public:
  using Self = CompletionCounter;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  std::mutex                  Mutex;
  std::multiset<unsigned int> Completed;
  void
  Execute(itk::Object * caller, const itk::EventObject & e) override
  {
    this->Execute(static_cast<const itk::Object *>(caller), e);
  }
  void
  Execute(const itk::Object *, const itk::EventObject & e) override
  {
    const auto * done = dynamic_cast<const itk::ParallelSeriesVolumeCompletedEvent *>(&e);
    if (done)
    {
      std::lock_guard<std::mutex> lock(Mutex);
      Completed.insert(done->GetVolumeIndex());
    }
  }
};

/** Reads every volume of \p dir with ParallelSeriesReader for several work-unit counts and
 * compares each volume with stock ImageSeriesReader + GDCMImageIO on the same files. */
template <typename TImage>
bool
CompareWithStock(const std::string &                    dir,
                 const std::string &                    label,
                 unsigned int                           expectedMinVolumes,
                 const std::vector<itk::ThreadIdType> & workUnitCounts = { 1, 2, 3, 7, 64 })
{
  auto scanner = itk::ParallelGDCMSeriesFileNames::New();
  scanner->SetInputDirectory(dir);
  scanner->SetRecursive(true);
  scanner->Update();

  // Stock ITK's answer for each volume, read once (null with the error when stock ITK fails).
  std::map<unsigned int, typename TImage::Pointer> stockImages;
  std::map<unsigned int, std::string>              stockErrors;
  for (const itk::ThreadIdType workUnits : workUnitCounts)
  {
    auto reader = itk::ParallelSeriesReader<TImage>::New();
    reader->SetFileNamesSource(scanner);
    reader->SetNumberOfWorkUnits(workUnits);
    auto counter = CompletionCounter::New();
    reader->AddObserver(itk::ParallelSeriesVolumeCompletedEvent(), counter);
    reader->Update();
    const unsigned int n = reader->GetNumberOfVolumes();
    if (n < expectedMinVolumes)
    {
      std::cerr << label << ": only " << n << " volumes" << std::endl;
      return false;
    }
    if (counter->Completed.size() != n ||
        std::set<unsigned int>(counter->Completed.begin(), counter->Completed.end()).size() != n)
    {
      std::cerr << label << ": " << counter->Completed.size() << " completion events for " << n << " volumes"
                << std::endl;
      return false;
    }
    for (unsigned int v = 0; v < n; ++v)
    {
      const auto &      info = reader->GetVolumeInfo(v);
      const std::string what = label + " volume " + std::to_string(v) + " (" + info.GetSeriesIdentifier() + "/" +
                               std::to_string(info.GetVolumeIndex()) + ", " +
                               std::to_string(info.GetFileNames().size()) + " files, " + std::to_string(workUnits) +
                               " work units)";
      if (stockImages.count(v) == 0 && stockErrors.count(v) == 0)
      {
        try
        {
          stockImages[v] = ParallelSeriesTest::ReadWithStockITK<TImage>(info.GetFileNames(), info.GetVolumeIndex());
        }
        catch (const itk::ExceptionObject & e)
        {
          stockErrors[v] = e.GetDescription();
        }
      }
      const typename TImage::Pointer stock = stockImages.count(v) ? stockImages[v] : nullptr;
      const std::string              stockError = stockErrors.count(v) ? stockErrors[v] : std::string();
      if (!stockError.empty())
      {
        // Stock ITK cannot read it either: ours must report the volume as failed.
        if (!info.GetFailed())
        {
          std::cerr << what << ": stock ITK fails (" << stockError << ") but ours did not" << std::endl;
          return false;
        }
        std::cout << what << ": fails in both (" << info.GetFailureReason() << ")" << std::endl;
        continue;
      }
      if (info.GetFailed() && !scanner->GetSeriesError(info.GetSeriesIdentifier()).empty())
      {
        // Documented deviation: stock ITK stacks a series whose positions repeat unevenly.
        std::cout << what << ": inconsistent series, reported failed: " << info.GetFailureReason() << std::endl;
        continue;
      }
      if (info.GetFailed())
      {
        std::cerr << what << ": failed: " << info.GetFailureReason() << " (" << info.GetFailedFile() << ")"
                  << std::endl;
        return false;
      }
      if (!ParallelSeriesTest::SameImage<TImage>(reader->GetOutput(v), stock, what))
      {
        return false;
      }
      // The scanner's header-only summary announces the geometry of the first volume.
      if (info.GetVolumeIndex() == 0)
      {
        const auto   s = scanner->GetSeriesSummary(info.GetSeriesIdentifier());
        const auto   size = stock->GetLargestPossibleRegion().GetSize();
        bool         same = size[0] == s.GetColumns() && size[1] == s.GetRows() && size[2] == s.GetNumberOfSlices();
        for (unsigned int i = 0; i < 3; ++i)
        {
          same = same && std::abs(stock->GetSpacing()[i] - s.GetSpacing()[i]) < 1e-4 &&
                 std::abs(stock->GetOrigin()[i] - s.GetOrigin()[i]) < 1e-4;
          for (unsigned int j = 0; j < 3; ++j)
          {
            same = same && std::abs(stock->GetDirection()[i][j] - s.GetDirection()[i][j]) < 1e-4;
          }
        }
        if (!same)
        {
          std::cerr << what << ": summary geometry differs from the image: size " << s.GetColumns() << "x"
                    << s.GetRows() << "x" << s.GetNumberOfSlices() << " spacing " << s.GetSpacing() << " origin "
                    << s.GetOrigin() << " direction\n"
                    << s.GetDirection() << " vs size " << size << " spacing " << stock->GetSpacing() << " origin "
                    << stock->GetOrigin() << " direction\n"
                    << stock->GetDirection() << std::endl;
          return false;
        }
      }
      // The first slice's dictionary is attached to the output.
      std::string uid;
      if (!itk::ExposeMetaData<std::string>(reader->GetOutput(v)->GetMetaDataDictionary(), "0020|000e", uid) &&
          !info.GetSeriesIdentifier().empty() && info.GetSeriesIdentifier() != "")
      {
        std::cerr << what << ": no SeriesInstanceUID in the output dictionary" << std::endl;
        return false;
      }
    }
  }
  std::cout << label << ": every volume equals stock ImageSeriesReader for work-unit counts";
  for (const auto w : workUnitCounts)
  {
    std::cout << " " << w;
  }
  std::cout << std::endl;
  return true;
}
} // namespace

int
itkParallelSeriesReaderTest(int argc, char * argv[])
{
  if (argc < 3)
  {
    std::cerr << "Usage: " << itkNameOfTestExecutableMacro(argv) << " outputDir itkDicomDataDir" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string outputDir = argv[1];
  const std::string itkData = argv[2];
  const std::string generated = outputDir + "/generated";
  itksys::SystemTools::MakeDirectory(outputDir);
  const auto truth = ParallelSeriesTest::GenerateMultiSeriesDirectory(generated, 7);

  using ShortImage = itk::Image<short, 3>;
  using FloatImage = itk::Image<float, 3>;
  using RGBImage = itk::Image<itk::RGBPixel<unsigned char>, 3>;

  auto reader = itk::ParallelSeriesReader<FloatImage>::New();
  ITK_EXERCISE_BASIC_OBJECT_METHODS(reader, ParallelSeriesReader, ProcessObject);
  ITK_TRY_EXPECT_EXCEPTION(reader->Update()); // no input
  ITK_TEST_EXPECT_TRUE(reader->GetFileNamesSource() == nullptr);
  ITK_TEST_SET_GET_BOOLEAN(reader, Recursive, false);
  ITK_TEST_SET_GET_BOOLEAN(reader, UseSeriesDetails, false);
  ITK_TEST_SET_GET_BOOLEAN(reader, ThrowOnFailure, false);
  ITK_TRY_EXPECT_EXCEPTION(reader->Update()); // still no input directory

  // The scanner is the one place for scan settings: the reader's setters set its internal
  // scanner, and are an error when the scanner is the caller's.
  {
    auto probe = itk::ParallelSeriesReader<FloatImage>::New();
    probe->SetRecursive(true);
    probe->SetInputDirectory(generated);
    ITK_TEST_EXPECT_TRUE(probe->GetFileNamesSource() != nullptr);
    ITK_TEST_EXPECT_TRUE(probe->GetFileNamesSource()->GetRecursive());
    ITK_TEST_EXPECT_EQUAL(probe->GetFileNamesSource()->GetInputDirectory(), generated);
    probe->SetUseSeriesDetails(true);
    ITK_TEST_EXPECT_TRUE(probe->GetFileNamesSource()->GetUseSeriesDetails());
    auto callers = itk::ParallelGDCMSeriesFileNames::New();
    probe->SetFileNamesSource(callers);
    ITK_TEST_EXPECT_TRUE(probe->GetFileNamesSource() == callers.GetPointer());
    ITK_TEST_EXPECT_TRUE(!probe->GetRecursive()); // the caller's scanner's setting
    ITK_TRY_EXPECT_EXCEPTION(probe->SetRecursive(true));
    ITK_TRY_EXPECT_EXCEPTION(probe->SetUseSeriesDetails(true));
    ITK_TEST_EXPECT_TRUE(!callers->GetRecursive() && !callers->GetUseSeriesDetails());
    probe->SetInputDirectory(generated); // a new internal scanner replaces the caller's
    ITK_TEST_EXPECT_TRUE(probe->GetFileNamesSource() != callers.GetPointer());
    ITK_TRY_EXPECT_NO_EXCEPTION(probe->SetRecursive(true));
  }

  // Ground truth of the generated directory: 11 volumes (one series has 2), known geometry.
  reader->SetInputDirectory(generated);
  reader->SetRecursive(true);
  ITK_TRY_EXPECT_NO_EXCEPTION(reader->Update());
  ITK_TEST_EXPECT_EQUAL(reader->GetNumberOfVolumes(), 11u);
  ITK_TEST_EXPECT_EQUAL(reader->GetNumberOfFailedVolumes(), 0u);
  ITK_TEST_EXPECT_TRUE(reader->GetFailureReport().empty());
  for (unsigned int v = 0; v < reader->GetNumberOfVolumes(); ++v)
  {
    const auto & info = reader->GetVolumeInfo(v);
    const auto   t = std::find_if(truth.begin(), truth.end(), [&info](const ParallelSeriesTest::GeneratedSeries & s) {
      return s.SeriesInstanceUID == info.GetSeriesIdentifier();
    });
    ITK_TEST_EXPECT_TRUE(t != truth.end());
    const FloatImage * image = reader->GetOutput(v);
    const auto         size = image->GetLargestPossibleRegion().GetSize();
    ITK_TEST_EXPECT_EQUAL(size[0], t->Columns);
    ITK_TEST_EXPECT_EQUAL(size[1], t->Rows);
    ITK_TEST_EXPECT_EQUAL(size[2], t->Slices);
    for (unsigned int i = 0; i < 3; ++i)
    {
      const double expectedSpacing = (i == 2 && t->Slices == 1) ? 1.0 : t->Spacing[i];
      ITK_TEST_EXPECT_TRUE(std::abs(image->GetSpacing()[i] - expectedSpacing) < 1e-4);
      ITK_TEST_EXPECT_TRUE(std::abs(image->GetOrigin()[i] - t->Origin[i]) < 1e-4);
    }
    // Known pixel values (the generator's formula), at a few voxels.
    const unsigned int seriesIndex = static_cast<unsigned int>(t - truth.begin());
    for (const auto & idx : { FloatImage::IndexType{ { 0, 0, 0 } },
                              FloatImage::IndexType{ { static_cast<itk::IndexValueType>(size[0] - 1),
                                                       static_cast<itk::IndexValueType>(size[1] - 1),
                                                       static_cast<itk::IndexValueType>(size[2] - 1) } } })
    {
      const double expected = ParallelSeriesTest::VoxelValue(
        seriesIndex, info.GetVolumeIndex(), idx[0], idx[1], static_cast<unsigned int>(idx[2]), t->ComponentType);
      if (image->GetPixel(idx) != static_cast<float>(expected))
      {
        std::cerr << "Volume " << v << " pixel " << idx << " = " << image->GetPixel(idx) << ", expected " << expected
                  << std::endl;
        return EXIT_FAILURE;
      }
    }
  }

  // Selection: only two series, in scan order.
  {
    auto selective = itk::ParallelSeriesReader<ShortImage>::New();
    selective->SetInputDirectory(generated);
    selective->SetRecursive(true);
    selective->SetSeriesSelection({ truth[5].SeriesInstanceUID, truth[0].SeriesInstanceUID });
    selective->Update();
    ITK_TEST_EXPECT_EQUAL(selective->GetNumberOfVolumes(), 3u); // truth[5] has 2 volumes
    selective->SetSeriesSelection({ "no.such.series" });
    ITK_TRY_EXPECT_EXCEPTION(selective->Update());
  }

  // Against stock ITK, for several output pixel types and work-unit counts.
  bool ok = true;
  ok &= CompareWithStock<FloatImage>(generated, "generated/float", 11);
  ok &= CompareWithStock<ShortImage>(generated, "generated/short", 11);
  ok &= CompareWithStock<FloatImage>(itkData, "ITK data/float", 10);
  // ITK's files hold ~110 MB of pixels: other output types with fewer work-unit counts.
  ok &= CompareWithStock<ShortImage>(itkData, "ITK data/short", 10, { 2, 7 });
  ok &= CompareWithStock<RGBImage>(itkData, "ITK data/RGB", 10, { 3, 64 });
  if (!ok)
  {
    return EXIT_FAILURE;
  }
  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
