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
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ParallelSeriesApp
{
namespace
{
/** The input as messages name it: the directory, or the file list. */
std::string
InputName(const Options & o)
{
  return o.FilesFrom.empty() ? o.InputDirectory : (o.FilesFrom == "-" ? std::string("standard input") : o.FilesFrom);
}

/** The paths of --files-from (one a line; a trailing carriage return and empty lines are
 * dropped). Throws std::runtime_error when the file cannot be read. */
std::vector<std::string>
ReadFileList(const std::string & listName)
{
  std::ifstream  file;
  std::istream * in = &std::cin;
  if (listName != "-")
  {
    file.open(listName);
    if (!file)
    {
      throw std::runtime_error("cannot open the file list \"" + listName + "\"");
    }
    in = &file;
  }
  std::vector<std::string> files;
  std::string              line;
  while (std::getline(*in, line))
  {
    if (!line.empty() && line.back() == '\r')
    {
      line.pop_back();
    }
    if (!line.empty())
    {
      files.push_back(line);
    }
  }
  if (in->bad())
  {
    throw std::runtime_error("cannot read the file list \"" + listName + "\"");
  }
  return files;
}
} // namespace

bool
SingleFileSource(const Options & o)
{
  const std::string & p = o.InputDirectory;
  return o.FilesFrom.empty() && !p.empty() && !itksys::SystemTools::FileIsDirectory(p) &&
         !(p.size() > 4 && p.compare(p.size() - 4, 4, ".txt") == 0);
}

void
ConfigureScanner(const Options & o, ScannerType * scanner)
{
  scanner->SetRecursive(o.Recursive);
  scanner->SetMaxDepth(o.MaxDepth);
  scanner->SetIgnoreDerived(o.IgnoreDerived);
  scanner->SetIgnoreLocalizers(o.IgnoreLocalizers);
  scanner->SetSplitByImageSize(o.SplitBySize);
  scanner->SetSplitByOrientation(o.SplitByOrientation);
  scanner->SetSplitBySeriesNumber(o.SplitBySeriesNumber);
  scanner->SetSplitByEchoNumber(o.SplitByEcho);
  scanner->SetSplitByAcquisitionNumber(o.SplitByAcquisition);
  scanner->SetSplitByImageType(o.SplitByImageType);
  scanner->SetOneVolumePerFile(o.PerFile);
  if (o.Threads > 0)
  {
    scanner->SetNumberOfWorkUnits(o.Threads);
  }
}

ScannerType::Pointer
Scan(const Options & o, const std::function<void(ScannerType *)> & beforeUpdate)
{
  const auto fail = [&o](const std::string & reason) {
    std::cerr << ProgramName << ": cannot scan \"" << InputName(o) << "\": " << reason << std::endl;
    return ScannerType::Pointer();
  };
  const bool directory = o.FilesFrom.empty() && itksys::SystemTools::FileIsDirectory(o.InputDirectory);
  if (o.FilesFrom.empty() && !directory && !itksys::SystemTools::FileExists(o.InputDirectory, true))
  {
    return fail("\"" + o.InputDirectory + "\" is neither a directory nor a file");
  }
  try
  {
    auto scanner = ScannerType::New();
    if (directory)
    {
      scanner->SetInputDirectory(o.InputDirectory);
    }
    else if (o.FilesFrom.empty())
    {
      // dicom-preprocessing's SOURCE forms: a .txt file lists paths, any other file is one file.
      scanner->SetInputFileNames(SingleFileSource(o) ? std::vector<std::string>{ o.InputDirectory }
                                                     : ReadFileList(o.InputDirectory));
    }
    else
    {
      scanner->SetInputFileNames(ReadFileList(o.FilesFrom));
    }
    ConfigureScanner(o, scanner);
    if (beforeUpdate)
    {
      beforeUpdate(scanner);
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

bool
SelectSeries(const Options & o, std::vector<SeriesEntry> & series)
{
  if (o.SeriesSelection.empty())
  {
    return true;
  }
  std::vector<SeriesEntry> selected;
  std::vector<std::string> unknown;
  for (const std::string & wanted : o.SeriesSelection)
  {
    if (std::none_of(series.begin(), series.end(), [&wanted](const SeriesEntry & e) {
          return e.Identifier == wanted || e.Summary.GetSeriesInstanceUID() == wanted;
        }))
    {
      unknown.push_back(wanted);
    }
  }
  if (!unknown.empty())
  {
    std::cerr << ProgramName << ": --series: no series ";
    for (size_t i = 0; i < unknown.size(); ++i)
    {
      std::cerr << (i > 0 ? ", " : "") << "\"" << unknown[i] << "\"";
    }
    std::cerr << " in \"" << InputName(o) << "\" (\"" << ProgramName
              << " scan\" lists the series identifiers; a SeriesInstanceUID selects every series split from it)"
              << std::endl;
    return false;
  }
  for (SeriesEntry & e : series)
  {
    if (std::find_if(o.SeriesSelection.begin(), o.SeriesSelection.end(), [&e](const std::string & wanted) {
          return e.Identifier == wanted || e.Summary.GetSeriesInstanceUID() == wanted;
        }) != o.SeriesSelection.end())
    {
      selected.push_back(std::move(e));
    }
  }
  series.swap(selected);
  return true;
}

namespace
{
std::string
SizeText(const SummaryType & s)
{
  std::ostringstream os;
  os << s.GetColumns() << "x" << s.GetRows() << "x" << s.GetNumberOfSlices();
  if (s.GetNumberOfVolumes() > 1)
  {
    os << " (" << s.GetNumberOfVolumes() << " vol)";
  }
  return os.str();
}

/** What the series table says about geometry the output cannot represent: the correction the
 * summary says the stack needs (ParallelSeriesSummary::GetGeometryCorrection(), the library's
 * one rule, that of convert's --geometry-correction): slices stacked off their normal (CT
 * gantry tilt), slice distances that vary; a z spacing that no attribute gives. */
std::vector<std::string>
GeometryNotes(const SummaryType & s)
{
  std::vector<std::string> notes;
  const std::string &      correction = s.GetGeometryCorrection();
  if (correction == "tilt" || correction == "tilt+equidistant")
  {
    notes.push_back("slices stacked " + FormatShort(s.GetStackTiltDegrees()) +
                    " degrees off their normal (gantry tilt): the orthogonal output geometry misplaces all "
                    "slices but the first (convert writes a corrected _Tilt volume too)");
  }
  if (correction == "equidistant" || correction == "tilt+equidistant")
  {
    notes.push_back("slice distance varies by up to " + FormatShort(s.GetSliceSpacingDeviation()) + " mm around " +
                    FormatShort(s.GetSpacing()[2]) +
                    " mm: the output's uniform spacing misplaces slices (convert writes a corrected _Eq volume too)");
  }
  if (!s.GetOriginKnown())
  {
    notes.push_back("no ImagePositionPatient: the origin is unknown (written as 0, 0, 0)");
  }
  if (s.GetSliceSpacingSource().empty() && s.GetNumberOfSlices() == 1)
  {
    notes.push_back("single slice without slice spacing: its z spacing (1 mm) is a placeholder");
  }
  return notes;
}

std::string
SpacingText(const SummaryType & s)
{
  return FormatShort(s.GetSpacing()[0]) + " x " + FormatShort(s.GetSpacing()[1]) + " x " +
         FormatShort(s.GetSpacing()[2]);
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
    const SummaryType & s = e.Summary;
    rows.push_back({ std::to_string(e.Index),
                     e.Identifier,
                     s.GetSeriesNumber(),
                     s.GetSeriesDescription(),
                     s.GetModality(),
                     std::to_string(s.GetNumberOfFiles()),
                     SizeText(s),
                     itk::ParallelSeriesComponentTypes::PixelTypeName(s.GetComponentType(), s.GetSamplesPerPixel()),
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
    totalBytes += static_cast<double>(e.Summary.GetTotalFileBytes());
    if (!e.Summary.GetError().empty())
    {
      std::cout << "warning: series " << e.Index << " (" << e.Identifier << "): " << e.Summary.GetError() << "\n";
    }
    for (const std::string & note : GeometryNotes(e.Summary))
    {
      std::cout << "note: series " << e.Index << " (" << e.Identifier << "): " << note << "\n";
    }
  }
  const itk::SizeValueType skipped = scanner->GetNumberOfSkippedFiles();
  std::cout << series.size() << " series, " << FormatBytes(totalBytes) << " of DICOM files; "
            << scanner->GetNumberOfScannedFiles() << " files scanned, " << skipped << " skipped\n";
  const itk::SizeValueType shown = std::min<itk::SizeValueType>(skipped, 20);
  for (size_t i = 0; i < shown; ++i)
  {
    const itk::ParallelSeriesSkippedFile file = scanner->GetSkippedFile(i);
    std::cout << "  skipped \"" << file.GetFileName() << "\": " << file.GetReason() << "\n";
  }
  if (shown < skipped)
  {
    std::cout << "  ... and " << (skipped - shown) << " more (use --json to list all)\n";
  }
}

void
PrintJson(const Options & o, const ScannerType * scanner, const std::vector<SeriesEntry> & series)
{
  std::ostream & os = std::cout;
  os << "{\n  \"directory\": " << JsonString(o.InputDirectory) << ",\n";
  if (!o.FilesFrom.empty())
  {
    os << "  \"files_from\": " << JsonString(o.FilesFrom) << ",\n";
  }
  os << "  \"recursive\": " << (o.Recursive ? "true" : "false") << ",\n";
  os << "  \"scanned_files\": " << scanner->GetNumberOfScannedFiles() << ",\n";
  os << "  \"series\": [";
  for (size_t i = 0; i < series.size(); ++i)
  {
    const SummaryType & s = series[i].Summary;
    os << (i == 0 ? "\n" : ",\n") << "    {\n";
    os << "      \"index\": " << series[i].Index << ",\n";
    os << "      \"series_identifier\": " << JsonString(series[i].Identifier) << ",\n";
    os << "      \"series_instance_uid\": " << JsonString(s.GetSeriesInstanceUID()) << ",\n";
    os << "      \"study_instance_uid\": " << JsonString(s.GetStudyInstanceUID()) << ",\n";
    os << "      \"series_number\": " << JsonString(s.GetSeriesNumber()) << ",\n";
    os << "      \"series_description\": " << JsonString(s.GetSeriesDescription()) << ",\n";
    os << "      \"modality\": " << JsonString(s.GetModality()) << ",\n";
    os << "      \"files\": " << s.GetNumberOfFiles() << ",\n";
    os << "      \"size\": [" << s.GetColumns() << ", " << s.GetRows() << ", " << s.GetNumberOfSlices() << "],\n";
    os << "      \"volumes\": " << s.GetNumberOfVolumes() << ",\n";
    os << "      \"pixel_type\": "
       << JsonString(itk::ParallelSeriesComponentTypes::PixelTypeName(s.GetComponentType(), s.GetSamplesPerPixel()))
       << ",\n";
    os << "      \"component_type\": " << JsonString(itk::ImageIOBase::GetComponentTypeAsString(s.GetComponentType()))
       << ",\n";
    os << "      \"samples_per_pixel\": " << s.GetSamplesPerPixel() << ",\n";
    os << "      \"photometric_interpretation\": " << JsonString(s.GetPhotometricInterpretation()) << ",\n";
    os << "      \"transfer_syntax_uid\": " << JsonString(s.GetTransferSyntaxUID()) << ",\n";
    os << "      \"spacing\": [" << JsonNumber(s.GetSpacing()[0]) << ", " << JsonNumber(s.GetSpacing()[1]) << ", "
       << JsonNumber(s.GetSpacing()[2]) << "],\n";
    os << "      \"slice_spacing_source\": " << JsonString(s.GetSliceSpacingSource()) << ",\n";
    os << "      \"pixel_spacing_source\": " << JsonString(s.GetPixelSpacingSource()) << ",\n";
    os << "      \"origin_known\": " << (s.GetOriginKnown() ? "true" : "false") << ",\n";
    os << "      \"slice_spacing_deviation\": " << JsonNumber(s.GetSliceSpacingDeviation()) << ",\n";
    os << "      \"stack_tilt_degrees\": " << JsonNumber(s.GetStackTiltDegrees()) << ",\n";
    os << "      \"geometry_correction\": " << JsonString(s.GetGeometryCorrection()) << ",\n";
    os << "      \"origin\": [" << JsonNumber(s.GetOrigin()[0]) << ", " << JsonNumber(s.GetOrigin()[1]) << ", "
       << JsonNumber(s.GetOrigin()[2]) << "],\n";
    os << "      \"direction\": [";
    for (unsigned int r = 0; r < 3; ++r)
    {
      os << (r == 0 ? "[" : ", [") << JsonNumber(s.GetDirection()[r][0]) << ", " << JsonNumber(s.GetDirection()[r][1])
         << ", " << JsonNumber(s.GetDirection()[r][2]) << "]";
    }
    os << "],\n";
    os << "      \"total_file_bytes\": " << s.GetTotalFileBytes();
    if (s.GetNumberOfImagesInMosaic() > 0)
    {
      // A Siemens mosaic series: "size" is the de-mosaicked volume's; the stored image, and the
      // attribute that gave the slice spacing.
      os << ",\n      \"mosaic\": {\"images\": " << s.GetNumberOfImagesInMosaic() << ", \"stored_size\": ["
         << s.GetMosaicColumns() << ", " << s.GetMosaicRows()
         << "], \"slice_spacing_source\": " << JsonString(s.GetSliceSpacingSource()) << "}";
    }
    if (!s.GetError().empty())
    {
      os << ",\n      \"error\": " << JsonString(s.GetError());
    }
    os << "\n    }";
  }
  os << (series.empty() ? "],\n" : "\n  ],\n");
  const itk::SizeValueType skipped = scanner->GetNumberOfSkippedFiles();
  os << "  \"skipped_files\": [";
  for (itk::SizeValueType i = 0; i < skipped; ++i)
  {
    const itk::ParallelSeriesSkippedFile file = scanner->GetSkippedFile(i);
    os << (i == 0 ? "\n" : ",\n") << "    {\"file\": " << JsonString(file.GetFileName())
       << ", \"reason\": " << JsonString(file.GetReason()) << "}";
  }
  os << (skipped == 0 ? "]\n" : "\n  ]\n") << "}\n";
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
  std::vector<SeriesEntry> series = OrderSeries(scanner);
  if (!SelectSeries(o, series))
  {
    return ExitFailure;
  }
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
