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
#ifndef itkParallelSeriesCLIConversionCheck_h
#define itkParallelSeriesCLIConversionCheck_h

// The check of what "parallel-series convert SRCDIR OUTDIR" wrote, shared by the CLI tests of
// the output formats, the failures and the preprocessing: OUTDIR/manifest.csv (its header, one
// row for every volume of a scan of SRCDIR, the attributes of each row) and every converted
// volume against stock ITK (ImageSeriesReader + GDCMImageIO on the volume's files, as
// ParallelGDCMSeriesFileNames lists them): pixels, geometry (1e-4), the native pixel type of the
// written file, the sizes and spacings of the row. With preprocessing settings the expected image
// is stock ITK's through itk::DicomPreprocessingImageFilter (RGB: PreprocessRGBReference) with the same
// settings; TIFF files (.tiff) are checked by itkParallelSeriesCLITIFFCheck.h. What happens to a
// failed row is the caller's (AcceptFailure).

#include "itkParallelSeriesCLITIFFCheck.h"
#include "itkParallelSeriesManifestReader.h"
#include "itkParallelSeriesTestUtilities.h"
#include "itkPreprocessRGBReference.h"
#include "itkParallelGDCMSeriesFileNames.h"
#include "itkParallelSeriesComponentTypes.h"
#include "itkImageFileReader.h"
#include "itkImageIOFactory.h"
#include "itksys/SystemTools.hxx"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace ParallelSeriesCLITest
{
using ParallelSeriesPreprocessTest::ChannelImageType;
using ParallelSeriesPreprocessTest::PreprocessRGBReference;
using ParallelSeriesPreprocessTest::PreprocessSettings;
using SummaryType = itk::ParallelSeriesSummary;

/** The tool's pixel_type column: the library's name (checked against literal names in
 * itkParallelSeriesGDCMHelpersTest). */
inline std::string
PixelTypeName(const SummaryType & s)
{
  return itk::ParallelSeriesComponentTypes::PixelTypeName(s.GetComponentType(), s.GetSamplesPerPixel());
}

/** Whether \c fileName ends with ".tiff" (the tool's TIFF output). */
inline bool
IsTIFF(const std::string & fileName)
{
  return fileName.size() > 5 && fileName.compare(fileName.size() - 5, 5, ".tiff") == 0;
}

template <typename TPixel>
bool
CompareVolume(const std::string &                        fileName,
              const std::vector<std::string> &           files,
              const std::map<std::string, std::string> & row,
              const std::string &                        what,
              const PreprocessSettings &                 settings,
              unsigned int                               volume)
{
  using ImageType = itk::Image<TPixel, 3>;
  typename ImageType::Pointer written;
  typename ImageType::Pointer stock;
  try
  {
    stock = ParallelSeriesTest::ReadWithStockITK<ImageType>(files, volume);
  }
  catch (const itk::ExceptionObject & e)
  {
    std::cerr << what
              << ": stock ITK cannot read the volume's files, but the tool converted them: " << e.GetDescription()
              << std::endl;
    return false;
  }
  // The expected image: stock ITK's, preprocessed as the tool was asked to (RGB: see
  // PreprocessRGBReference).
  typename ImageType::Pointer expected = stock;
  using FilterType = itk::DicomPreprocessingImageFilter<
    std::conditional_t<std::is_arithmetic<TPixel>::value, ImageType, ChannelImageType>>;
  typename FilterType::Pointer filter;
  if (settings.Active())
  {
    if constexpr (std::is_arithmetic<TPixel>::value)
    {
      filter = settings.MakeFilter<ImageType>(stock);
      filter->Update();
      expected = filter->GetOutput();
    }
    else
    {
      expected = PreprocessRGBReference(settings, stock.GetPointer(), filter);
    }
  }
  if (IsTIFF(fileName))
  {
    if (!CheckTIFF<TPixel, FilterType>(fileName, expected, filter.GetPointer(), row, what, written))
    {
      return false;
    }
  }
  else
  {
    try
    {
      auto reader = itk::ImageFileReader<ImageType>::New();
      reader->SetFileName(fileName);
      reader->Update();
      written = reader->GetOutput();
    }
    catch (const itk::ExceptionObject & e)
    {
      std::cerr << what << ": cannot read \"" << fileName << "\": " << e.GetDescription() << std::endl;
      return false;
    }
    if (!ParallelSeriesTest::SameImage<ImageType>(
          written,
          expected,
          what + (filter ? " (written vs preprocessed stock ITK)" : " (written vs stock ITK)"),
          1e-4))
    {
      return false;
    }
  }
  // The manifest describes the DICOM volume (size, spacing) and the written image (output_*).
  const auto   size = stock->GetLargestPossibleRegion().GetSize();
  const auto   outputSize = written->GetLargestPossibleRegion().GetSize();
  const char * sizeKeys[] = { "size_x", "size_y", "size_z" };
  const char * spacingKeys[] = { "spacing_x", "spacing_y", "spacing_z" };
  const char * outputKeys[] = { "output_width", "output_height", "output_frames" };
  for (unsigned int d = 0; d < 3; ++d)
  {
    if (std::stoull(row.at(sizeKeys[d])) != size[d] ||
        std::abs(std::stod(row.at(spacingKeys[d])) - std::abs(stock->GetSpacing()[d])) > 1e-4 ||
        std::stoull(row.at(outputKeys[d])) != outputSize[d])
    {
      std::cerr << what << ": the manifest's size/spacing/output size (" << row.at(sizeKeys[d]) << ", "
                << row.at(spacingKeys[d]) << ", " << row.at(outputKeys[d]) << ") differ from the volume (" << size[d]
                << ", " << stock->GetSpacing()[d] << ") or the written image (" << outputSize[d] << ") along axis " << d
                << std::endl;
      return false;
    }
  }
  return true;
}

/** A failed row of the manifest, for the caller's AcceptFailure. */
struct FailedRow
{
  const std::string &                        What; ///< "series N (ID) volume V", for messages
  const std::map<std::string, std::string> & Row;
  const SummaryType &                        Summary;
  const itk::ParallelGDCMSeriesFileNames *   Scanner;
  bool                                       HasVolume;  ///< the scan has this volume (not a series-level failure)
  const std::vector<std::string> &           Files;      ///< the volume's files (HasVolume)
  const std::string &                        FailedFile; ///< the file the error names (a file of the volume)
};

/** Accepts a failed row (prints why, as "  accepted: ...") or rejects it (prints why). */
using AcceptFailureFunction = std::function<bool(const FailedRow &)>;

/** Rejects a failed row: prints it as an error, returns false (what AcceptFailure returns). */
inline bool
RejectFailure(const FailedRow & f)
{
  std::cerr << f.What << ": conversion failed: " << f.Row.at("error") << std::endl;
  return false;
}

/** What a conversion is checked against. */
struct ConversionCheck
{
  std::string        OutputDirectory;
  std::string        SourceDirectory;
  bool               Recursive{ false };
  long               ExpectedVolumes{ -1 }; ///< converted (status ok) volumes, -1: any number
  PreprocessSettings Settings;              ///< the conversion's preprocessing options

  /** Parses [--recursive] [--expect-volumes N] OUTDIR SRCDIR; other arguments go to \c option,
   * which consumes args[i] (and its values, advancing i) and returns true, or returns false for
   * an unknown argument. Returns false (after printing \c usage) when the arguments are wrong. */
  bool
  Parse(const std::vector<std::string> &                                        args,
        const std::function<bool(const std::vector<std::string> &, size_t &)> & option,
        const std::string &                                                     usage)
  {
    std::vector<std::string> positional;
    for (size_t i = 0; i < args.size(); ++i)
    {
      const std::string & a = args[i];
      if (a == "--recursive")
      {
        Recursive = true;
      }
      else if (a == "--expect-volumes" && i + 1 < args.size())
      {
        ExpectedVolumes = std::atol(args[++i].c_str());
      }
      else if (!option || !option(args, i))
      {
        positional.push_back(a);
      }
    }
    if (positional.size() != 2)
    {
      std::cerr << "Usage: " << usage << std::endl;
      return false;
    }
    OutputDirectory = positional[0];
    SourceDirectory = positional[1];
    return true;
  }
};

/** The counts of a checked conversion. */
struct ConversionResult
{
  bool         Ok{ false };
  unsigned int Checked{ 0 };          ///< converted volumes equal to stock ITK
  unsigned int AcceptedFailures{ 0 }; ///< failed rows accepted by AcceptFailure
};

/** Checks the manifest and every output of a conversion (see the top of this file); failed
 * rows whose error names no file of their volume are errors, the others go to \c acceptFailure. */
inline ConversionResult
CheckConversion(const ConversionCheck & check, const AcceptFailureFunction & acceptFailure)
{
  ConversionResult  result;
  const std::string manifest = check.OutputDirectory + "/manifest.csv";
  if (!itksys::SystemTools::FileExists(manifest, true))
  {
    std::cerr << "missing manifest \"" << manifest << "\"" << std::endl;
    return result;
  }
  const auto                       csv = ReadCsv(manifest);
  const std::vector<std::string> & expectedHeader = ManifestColumns();
  if (csv.empty() || csv[0] != expectedHeader)
  {
    std::cerr << "the manifest's header is not the expected one" << std::endl;
    return result;
  }
  if (csv.size() < 2)
  {
    std::cerr << "the manifest has no rows" << std::endl;
    return result;
  }

  const auto   scanner = ParallelSeriesTest::ScanDirectory(check.SourceDirectory, check.Recursive);
  const auto & uids = scanner->GetSeriesUIDs();
  bool         ok = true;
  std::set<std::pair<std::string, unsigned int>> seen;
  std::set<std::string>                          paths;
  for (size_t line = 1; line < csv.size(); ++line)
  {
    if (csv[line].size() != expectedHeader.size())
    {
      std::cerr << "manifest line " << (line + 1) << " has " << csv[line].size() << " fields" << std::endl;
      ok = false;
      continue;
    }
    std::map<std::string, std::string> row;
    for (size_t c = 0; c < expectedHeader.size(); ++c)
    {
      row[expectedHeader[c]] = csv[line][c];
    }
    const std::string  id = row["series_identifier"];
    const unsigned int volume = static_cast<unsigned int>(std::stoul(row["volume"]));
    const std::string  what = "series " + row["index"] + " (" + id + ") volume " + row["volume"];
    if (std::find(uids.begin(), uids.end(), id) == uids.end())
    {
      std::cerr << what << ": not a series of the scan" << std::endl;
      ok = false;
      continue;
    }
    if (!seen.insert({ id, volume }).second)
    {
      std::cerr << what << ": listed twice" << std::endl;
      ok = false;
    }
    const SummaryType summary = scanner->GetSeriesSummary(id);
    if (row["pixel_type"] != PixelTypeName(summary) || row["series_instance_uid"] != summary.GetSeriesInstanceUID() ||
        row["series_description"] != summary.GetSeriesDescription() ||
        row["series_number"] != summary.GetSeriesNumber())
    {
      std::cerr << what << ": pixel type, UID, description or number differ from the scan" << std::endl;
      ok = false;
    }
    if (row["spacing_z_source"] != summary.GetSliceSpacingSource() ||
        std::abs(std::stod(row["spacing_z_deviation"]) - summary.GetSliceSpacingDeviation()) > 1e-6 ||
        std::abs(std::stod(row["stack_tilt_degrees"]) - summary.GetStackTiltDegrees()) > 1e-6)
    {
      std::cerr << what << ": z spacing source, deviation or stack tilt differ from the scan" << std::endl;
      ok = false;
    }
    const bool                     hasVolume = volume < scanner->GetNumberOfVolumes(id);
    const std::vector<std::string> files =
      hasVolume ? scanner->GetVolumeFileNames(id, volume) : std::vector<std::string>();

    if (row["status"] == "ok")
    {
      const std::string fileName = check.OutputDirectory + "/" + row["path"];
      if (row["path"].empty() || !itksys::SystemTools::FileExists(fileName, true) || !paths.insert(row["path"]).second)
      {
        std::cerr << what << ": output \"" << fileName << "\" is missing or not unique" << std::endl;
        ok = false;
        continue;
      }
      if (!hasVolume || std::to_string(files.size()) != row["files"])
      {
        std::cerr << what << ": the scan has no such volume or another number of files" << std::endl;
        ok = false;
        continue;
      }
      // Native pixel type: the written file's component type is the scanned one (checked by
      // CheckTIFF for TIFF files).
      const bool                tiff = IsTIFF(row["path"]);
      itk::ImageIOBase::Pointer io =
        tiff ? nullptr : itk::ImageIOFactory::CreateImageIO(fileName.c_str(), itk::IOFileModeEnum::ReadMode);
      if (io.IsNull() && !tiff)
      {
        std::cerr << what << ": no ImageIO can read \"" << fileName << "\"" << std::endl;
        ok = false;
        continue;
      }
      if (!tiff)
      {
        io->SetFileName(fileName);
        io->ReadImageInformation();
      }
      if (!tiff && (io->GetComponentType() != summary.GetComponentType() ||
                    io->GetNumberOfComponents() != summary.GetSamplesPerPixel()))
      {
        std::cerr << what << ": \"" << fileName << "\" holds "
                  << itk::ImageIOBase::GetComponentTypeAsString(io->GetComponentType()) << " x "
                  << io->GetNumberOfComponents() << ", the native type is " << PixelTypeName(summary) << std::endl;
        ok = false;
        continue;
      }
      bool same = false;
      if (!itk::ParallelSeriesComponentTypes::VisitNativePixelType(
            summary.GetComponentType(), summary.GetSamplesPerPixel(), [&](auto tag) {
              same = CompareVolume<typename decltype(tag)::Type>(fileName, files, row, what, check.Settings, volume);
            }))
      {
        std::cerr << what << ": the tool wrote a pixel type it does not support: " << PixelTypeName(summary)
                  << std::endl;
      }
      if (!same)
      {
        ok = false;
        continue;
      }
      ++result.Checked;
    }
    else if (row["status"] == "failed")
    {
      std::cout << what << " failed: " << row["error"] << std::endl;
      // The error names the failed file as: file "<name>": <reason>.
      std::string  failedFile;
      const size_t quote = row["error"].find("file \"");
      if (quote == 0)
      {
        const size_t endQuote = row["error"].find("\": ", 6);
        failedFile = row["error"].substr(6, endQuote == std::string::npos ? 0 : endQuote - 6);
      }
      if (hasVolume && failedFile.empty())
      {
        std::cerr << what << ": the error does not start with the failed file: " << row["error"] << std::endl;
        ok = false;
        continue;
      }
      if (std::find(files.begin(), files.end(), failedFile) == files.end() && hasVolume)
      {
        std::cerr << what << ": the failed file \"" << failedFile << "\" is not a file of the volume" << std::endl;
        ok = false;
        continue;
      }
      if (!acceptFailure({ what, row, summary, scanner.GetPointer(), hasVolume, files, failedFile }))
      {
        ok = false;
        continue;
      }
      ++result.AcceptedFailures;
    }
    else
    {
      std::cerr << what << ": unknown status \"" << row["status"] << "\"" << std::endl;
      ok = false;
    }
  }
  // Every volume of the scan is in the manifest.
  for (const std::string & uid : uids)
  {
    const unsigned int n = std::max(1u, scanner->GetNumberOfVolumes(uid));
    for (unsigned int v = 0; v < n; ++v)
    {
      if (seen.count({ uid, v }) == 0)
      {
        std::cerr << "series " << uid << " volume " << v << " is missing from the manifest" << std::endl;
        ok = false;
      }
    }
  }
  if (check.ExpectedVolumes >= 0 && result.Checked != static_cast<unsigned int>(check.ExpectedVolumes))
  {
    std::cerr << "expected " << check.ExpectedVolumes << " converted volumes, " << result.Checked << " were checked"
              << std::endl;
    ok = false;
  }
  std::cout << result.Checked << " volumes match stock ITK, " << result.AcceptedFailures << " accepted failures, "
            << (csv.size() - 1) << " manifest rows" << std::endl;
  result.Ok = ok;
  return result;
}
} // namespace ParallelSeriesCLITest

#endif
