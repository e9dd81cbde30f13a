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

// The scan command of parallel-series: the table and the JSON output.

#include "ParallelSeriesScanCommand.h"

#include "itkParallelSeriesComponentTypes.h"
#include "ParallelSeriesTextFormats.h"

#include "itkImageIOBase.h"
#include "itksys/SystemTools.hxx"

#include <algorithm>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ParallelSeriesApp
{
ScannerType::Pointer
Scan(const Options & o)
{
  const auto fail = [&o](const std::string & reason) {
    std::cerr << ProgramName << ": cannot scan \"" << o.InputDirectory << "\": " << reason << std::endl;
    return ScannerType::Pointer();
  };
  if (!itksys::SystemTools::FileIsDirectory(o.InputDirectory))
  {
    return fail("\"" + o.InputDirectory + "\" is not a directory");
  }
  try
  {
    auto scanner = ScannerType::New();
    scanner->SetInputDirectory(o.InputDirectory);
    scanner->SetRecursive(o.Recursive);
    scanner->SetSplitByImageSize(o.SplitBySize);
    scanner->SetSplitByOrientation(o.SplitByOrientation);
    scanner->SetSplitBySeriesNumber(o.SplitBySeriesNumber);
    scanner->SetSplitByEchoNumber(o.SplitByEcho);
    scanner->SetSplitByAcquisitionNumber(o.SplitByAcquisition);
    scanner->SetSplitByImageType(o.SplitByImageType);
    if (o.Threads > 0)
    {
      scanner->SetNumberOfWorkUnits(o.Threads);
    }
    scanner->Update();
    return scanner;
  }
  catch (const itk::ExceptionObject & e)
  {
    return fail(e.GetDescription());
  }
  catch (const std::exception & e)
  {
    return fail(e.what());
  }
}

namespace
{
std::string
SizeText(const SummaryType & s)
{
  std::ostringstream os;
  os << s.Columns << "x" << s.Rows << "x" << s.NumberOfSlices;
  if (s.NumberOfVolumes > 1)
  {
    os << " (" << s.NumberOfVolumes << " vol)";
  }
  return os.str();
}

/** What the series table says about geometry the output cannot represent: a stack tilted
 * against its slice normal (CT gantry tilt) above 0.01 degree, slice distances that vary by more
 * than 0.001 mm, a z spacing that no attribute gives. */
std::vector<std::string>
GeometryNotes(const SummaryType & s)
{
  std::vector<std::string> notes;
  if (s.StackTiltDegrees > 0.01)
  {
    notes.push_back("slices stacked " + FormatShort(s.StackTiltDegrees) +
                    " degrees off their normal (gantry tilt): the orthogonal output geometry misplaces all "
                    "slices but the first");
  }
  if (s.SliceSpacingDeviation > 0.001)
  {
    notes.push_back("slice distance varies by up to " + FormatShort(s.SliceSpacingDeviation) + " mm around " +
                    FormatShort(s.Spacing[2]) + " mm: the output's uniform spacing misplaces slices");
  }
  if (s.SliceSpacingSource.empty() && s.NumberOfSlices == 1)
  {
    notes.push_back("single slice without slice spacing: its z spacing (1 mm) is a placeholder");
  }
  return notes;
}

std::string
SpacingText(const SummaryType & s)
{
  return FormatShort(s.Spacing[0]) + " x " + FormatShort(s.Spacing[1]) + " x " + FormatShort(s.Spacing[2]);
}

void
PrintTable(const ScannerType * scanner, const std::vector<SeriesEntry> & series)
{
  const std::vector<std::string>        header = { "#",           "SeriesIdentifier", "No.",
                                            "Description", "Modality",         "Files",
                                            "Size",        "PixelType",        "Spacing(mm)" };
  std::vector<std::vector<std::string>> rows;
  for (const SeriesEntry & e : series)
  {
    const SummaryType & s = *e.Summary;
    rows.push_back({ std::to_string(e.Index),
                     e.Identifier,
                     s.SeriesNumber,
                     s.SeriesDescription,
                     s.Modality,
                     std::to_string(s.NumberOfFiles),
                     SizeText(s),
                     itk::ParallelSeriesComponentTypes::PixelTypeName(s.ComponentType, s.SamplesPerPixel),
                     SpacingText(s) });
  }
  std::vector<size_t> width(header.size());
  for (size_t c = 0; c < header.size(); ++c)
  {
    width[c] = header[c].size();
    for (const auto & r : rows)
    {
      width[c] = std::max(width[c], r[c].size());
    }
  }
  auto printRow = [&width](const std::vector<std::string> & r) {
    std::string line;
    for (size_t c = 0; c < r.size(); ++c)
    {
      std::string cell = r[c];
      if (c + 1 < r.size())
      {
        cell.resize(width[c] + 2, ' ');
      }
      line += cell;
    }
    std::cout << line << "\n";
  };
  printRow(header);
  for (const auto & r : rows)
  {
    printRow(r);
  }
  double totalBytes = 0.0;
  for (const SeriesEntry & e : series)
  {
    totalBytes += static_cast<double>(e.Summary->TotalFileBytes);
    if (!e.Summary->Error.empty())
    {
      std::cout << "warning: series " << e.Index << " (" << e.Identifier << "): " << e.Summary->Error << "\n";
    }
    for (const std::string & note : GeometryNotes(*e.Summary))
    {
      std::cout << "note: series " << e.Index << " (" << e.Identifier << "): " << note << "\n";
    }
  }
  const auto & skipped = scanner->GetSkippedFiles();
  std::cout << series.size() << " series, " << FormatBytes(totalBytes) << " of DICOM files; "
            << scanner->GetNumberOfScannedFiles() << " files scanned, " << skipped.size() << " skipped\n";
  const size_t shown = std::min<size_t>(skipped.size(), 20);
  for (size_t i = 0; i < shown; ++i)
  {
    std::cout << "  skipped \"" << skipped[i].FileName << "\": " << skipped[i].Reason << "\n";
  }
  if (shown < skipped.size())
  {
    std::cout << "  ... and " << (skipped.size() - shown) << " more (use --json to list all)\n";
  }
}

void
PrintJson(const Options & o, const ScannerType * scanner, const std::vector<SeriesEntry> & series)
{
  std::ostream & os = std::cout;
  os << "{\n  \"directory\": " << JsonString(o.InputDirectory) << ",\n";
  os << "  \"recursive\": " << (o.Recursive ? "true" : "false") << ",\n";
  os << "  \"scanned_files\": " << scanner->GetNumberOfScannedFiles() << ",\n";
  os << "  \"series\": [";
  for (size_t i = 0; i < series.size(); ++i)
  {
    const SummaryType & s = *series[i].Summary;
    os << (i == 0 ? "\n" : ",\n") << "    {\n";
    os << "      \"index\": " << series[i].Index << ",\n";
    os << "      \"series_identifier\": " << JsonString(series[i].Identifier) << ",\n";
    os << "      \"series_instance_uid\": " << JsonString(s.SeriesInstanceUID) << ",\n";
    os << "      \"study_instance_uid\": " << JsonString(s.StudyInstanceUID) << ",\n";
    os << "      \"series_number\": " << JsonString(s.SeriesNumber) << ",\n";
    os << "      \"series_description\": " << JsonString(s.SeriesDescription) << ",\n";
    os << "      \"modality\": " << JsonString(s.Modality) << ",\n";
    os << "      \"files\": " << s.NumberOfFiles << ",\n";
    os << "      \"size\": [" << s.Columns << ", " << s.Rows << ", " << s.NumberOfSlices << "],\n";
    os << "      \"volumes\": " << s.NumberOfVolumes << ",\n";
    os << "      \"pixel_type\": "
       << JsonString(itk::ParallelSeriesComponentTypes::PixelTypeName(s.ComponentType, s.SamplesPerPixel)) << ",\n";
    os << "      \"component_type\": " << JsonString(itk::ImageIOBase::GetComponentTypeAsString(s.ComponentType))
       << ",\n";
    os << "      \"samples_per_pixel\": " << s.SamplesPerPixel << ",\n";
    os << "      \"photometric_interpretation\": " << JsonString(s.PhotometricInterpretation) << ",\n";
    os << "      \"transfer_syntax_uid\": " << JsonString(s.TransferSyntaxUID) << ",\n";
    os << "      \"spacing\": [" << JsonNumber(s.Spacing[0]) << ", " << JsonNumber(s.Spacing[1]) << ", "
       << JsonNumber(s.Spacing[2]) << "],\n";
    os << "      \"slice_spacing_source\": " << JsonString(s.SliceSpacingSource) << ",\n";
    os << "      \"slice_spacing_deviation\": " << JsonNumber(s.SliceSpacingDeviation) << ",\n";
    os << "      \"stack_tilt_degrees\": " << JsonNumber(s.StackTiltDegrees) << ",\n";
    os << "      \"origin\": [" << JsonNumber(s.Origin[0]) << ", " << JsonNumber(s.Origin[1]) << ", "
       << JsonNumber(s.Origin[2]) << "],\n";
    os << "      \"direction\": [";
    for (unsigned int r = 0; r < 3; ++r)
    {
      os << (r == 0 ? "[" : ", [") << JsonNumber(s.Direction[r][0]) << ", " << JsonNumber(s.Direction[r][1]) << ", "
         << JsonNumber(s.Direction[r][2]) << "]";
    }
    os << "],\n";
    os << "      \"total_file_bytes\": " << s.TotalFileBytes;
    if (s.NumberOfImagesInMosaic > 0)
    {
      // A Siemens mosaic series: "size" is the de-mosaicked volume's; the stored image, and the
      // attribute that gave the slice spacing.
      os << ",\n      \"mosaic\": {\"images\": " << s.NumberOfImagesInMosaic << ", \"stored_size\": ["
         << s.MosaicColumns << ", " << s.MosaicRows << "], \"slice_spacing_source\": "
         << JsonString(s.SliceSpacingSource) << "}";
    }
    if (!s.Error.empty())
    {
      os << ",\n      \"error\": " << JsonString(s.Error);
    }
    os << "\n    }";
  }
  os << (series.empty() ? "],\n" : "\n  ],\n");
  const auto & skipped = scanner->GetSkippedFiles();
  os << "  \"skipped_files\": [";
  for (size_t i = 0; i < skipped.size(); ++i)
  {
    os << (i == 0 ? "\n" : ",\n") << "    {\"file\": " << JsonString(skipped[i].FileName)
       << ", \"reason\": " << JsonString(skipped[i].Reason) << "}";
  }
  os << (skipped.empty() ? "]\n" : "\n  ]\n") << "}\n";
}
} // namespace

int
RunScan(const Options & o)
{
  const ScannerType::Pointer scanner = Scan(o);
  if (!scanner)
  {
    return ExitFailure;
  }
  const std::vector<SeriesEntry> series = OrderSeries(scanner);
  if (o.Json)
  {
    PrintJson(o, scanner, series);
  }
  else
  {
    PrintTable(scanner, series);
  }
  std::cout.flush();
  return std::cout.good() ? ExitOK : ExitFailure;
}
} // namespace ParallelSeriesApp
