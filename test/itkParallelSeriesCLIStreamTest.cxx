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

// parallel-series convert --stream against the same conversion without it, on a generated
// multi-folder input (a: series 1 and 2; b: series 3, two volumes; c/d: series 4; e: series 5,
// whose files have two image sizes, so two stacks "<uid>.256x256" and "<uid>.128x128").
//
//   itkParallelSeriesCLIStreamTest CLI WORK_DIR
//
// Checks: the streaming manifest has the rows of the normal one in the same order, every column
// equal but index and path; every volume equal (pixel type, size, spacing, origin, direction,
// voxels) and every sidecar equal to the normal conversion's; the outputs are numbered in the
// order of completion (each series index once, 1 to the number of series), one "wrote" line
// each. The ordering, without timing: with --max-memory 1 (MB) and --threads 1 (scan batches
// end at folder ends) every series holds more than half the bound, so the read of the second
// series completed waits, in the scan's observer, until the first one's volume is written (its
// "wrote" line printed): that line precedes "--stream: scan finished" in the merged output. Both
// --stream (a SeriesInstanceUID pass first) and --stream-by-folder; and an input with a series in
// two folders that another series' folder separates: --stream equals the normal conversion,
// --stream-by-folder reports the later files (not merged).

#include "itkParallelSeriesDicomSliceWriter.h"

#include "itkImageIOBase.h"
#include "itkImageIOFactory.h"
#include "itksys/Process.h"
#include "itksys/SystemTools.hxx"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace
{
int failures = 0;
void
Check(bool ok, const std::string & what)
{
  if (!ok)
  {
    std::cerr << "FAILED: " << what << std::endl;
    ++failures;
  }
}

const std::string Study = "1.2.826.0.1.3680043.2.1125.96.1";
std::string
SeriesUID(unsigned int number)
{
  return "1.2.826.0.1.3680043.2.1125.96.2." + std::to_string(number);
}

/** Writes \c positions x \c volumes slices of series \c number (size columns x rows) into \c folder,
 * instance numbers from \c firstInstance, positions from \c firstPosition (2.5 mm apart). */
void
WriteSeries(const std::string & folder,
            unsigned int        number,
            unsigned int        columns,
            unsigned int        rows,
            unsigned int        positions,
            unsigned int        volumes = 1,
            unsigned int        firstInstance = 1,
            unsigned int        firstPosition = 0)
{
  itksys::SystemTools::MakeDirectory(folder);
  for (unsigned int v = 0; v < volumes; ++v)
  {
    for (unsigned int k = 0; k < positions; ++k)
    {
      const unsigned int                     instance = firstInstance + v * positions + k;
      ParallelSeriesTest::DicomSliceGeometry g;
      g.Columns = columns;
      g.Rows = rows;
      g.Spacing[0] = 0.75;
      g.Spacing[1] = 0.8;
      g.Spacing[2] = 2.5;
      g.Origin[0] = -10.0 * number;
      g.Origin[1] = 3.0;
      g.Origin[2] = 2.5 * (firstPosition + k);
      ParallelSeriesTest::DicomSliceAttributes a;
      a.StudyInstanceUID = Study;
      a.SeriesInstanceUID = SeriesUID(number);
      a.SOPInstanceUID = a.SeriesInstanceUID + "." + std::to_string(instance);
      a.SOPClassUID = "1.2.840.10008.5.1.4.1.1.2";
      a.Modality = "CT";
      a.SeriesNumber = number;
      a.InstanceNumber = instance;
      a.SeriesDescription = "stream series " + std::to_string(number);
      const std::string file = folder + "/s" + std::to_string(number) + "_" + std::to_string(instance) + ".dcm";
      ParallelSeriesTest::WriteDicomSlice<short>(
        g,
        a,
        [number, instance](unsigned int x, unsigned int y) {
          return static_cast<double>((x * 7 + y * 13 + instance * 31 + number * 101) % 2000) - 1000.0;
        },
        file);
    }
  }
}

/** Runs \c command, standard error merged into \c output in the order written; the exit code. */
int
RunMerged(const std::vector<std::string> & command, std::string & output)
{
  std::vector<const char *> argv;
  for (const auto & a : command)
  {
    argv.push_back(a.c_str());
  }
  argv.push_back(nullptr);
  itksysProcess * process = itksysProcess_New();
  itksysProcess_SetCommand(process, argv.data());
  itksysProcess_SetOption(process, itksysProcess_Option_MergeOutput, 1);
  itksysProcess_SetTimeout(process, 600.0);
  itksysProcess_Execute(process);
  char * data = nullptr;
  int    length = 0;
  while (itksysProcess_WaitForData(process, &data, &length, nullptr) != 0)
  {
    output.append(data, static_cast<size_t>(length));
  }
  itksysProcess_WaitForExit(process, nullptr);
  const int code =
    itksysProcess_GetState(process) == itksysProcess_State_Exited ? itksysProcess_GetExitValue(process) : -1;
  itksysProcess_Delete(process);
  std::cout << output;
  return code;
}

std::vector<std::string>
Lines(const std::string & text)
{
  std::vector<std::string> lines;
  std::istringstream       in(text);
  std::string              line;
  while (std::getline(in, line))
  {
    lines.push_back(line);
  }
  return lines;
}

std::string
ReadText(const std::string & file)
{
  std::ifstream     in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/** The manifest's rows (after the header), each split at commas (the generated values need no
 * quoting). */
std::vector<std::vector<std::string>>
ReadManifest(const std::string & file)
{
  std::vector<std::vector<std::string>> rows;
  const std::vector<std::string>        lines = Lines(ReadText(file));
  for (size_t i = 1; i < lines.size(); ++i)
  {
    std::vector<std::string> fields;
    std::string              field;
    std::istringstream       in(lines[i]);
    while (std::getline(in, field, ','))
    {
      fields.push_back(field);
    }
    if (!lines[i].empty() && lines[i].back() == ',')
    {
      fields.emplace_back();
    }
    rows.push_back(fields);
  }
  return rows;
}

/** Whether the images in \c a and \c b have the same pixel type, size, geometry and bytes. */
bool
SameVolume(const std::string & a, const std::string & b)
{
  std::vector<char>         buffers[2];
  itk::ImageIOBase::Pointer ios[2];
  const std::string         names[2] = { a, b };
  for (int k = 0; k < 2; ++k)
  {
    ios[k] = itk::ImageIOFactory::CreateImageIO(names[k].c_str(), itk::IOFileModeEnum::ReadMode);
    if (!ios[k])
    {
      std::cerr << "no ImageIO reads " << names[k] << std::endl;
      return false;
    }
    ios[k]->SetFileName(names[k]);
    ios[k]->ReadImageInformation();
    buffers[k].resize(ios[k]->GetImageSizeInBytes());
    ios[k]->Read(buffers[k].data());
  }
  bool same = ios[0]->GetNumberOfDimensions() == ios[1]->GetNumberOfDimensions() &&
              ios[0]->GetComponentType() == ios[1]->GetComponentType() &&
              ios[0]->GetNumberOfComponents() == ios[1]->GetNumberOfComponents() && buffers[0] == buffers[1];
  for (unsigned int d = 0; same && d < ios[0]->GetNumberOfDimensions(); ++d)
  {
    same = ios[0]->GetDimensions(d) == ios[1]->GetDimensions(d) && ios[0]->GetSpacing(d) == ios[1]->GetSpacing(d) &&
           ios[0]->GetOrigin(d) == ios[1]->GetOrigin(d) && ios[0]->GetDirection(d) == ios[1]->GetDirection(d);
  }
  return same;
}

// Manifest columns (ParallelSeriesManifest.cxx).
constexpr size_t IndexColumn = 0;
constexpr size_t IdentifierColumn = 3;
constexpr size_t PathColumn = 8;
constexpr size_t StatusColumn = 17;

/** The streaming conversion in \c dir against the normal one in \c normalDir (\c rows volumes of
 * \c series series; by default the main input's: 6 series, series 5 in two stacks, series 3 of two
 * volumes). */
void
CompareWithNormal(const std::string & normalDir,
                  const std::string & dir,
                  const std::string & output,
                  size_t              rows = 7,
                  size_t              series = 6)
{
  const auto normal = ReadManifest(normalDir + "/manifest.csv");
  const auto streamed = ReadManifest(dir + "/manifest.csv");
  Check(normal.size() == rows,
        dir + ": the normal conversion has " + std::to_string(rows) + " rows (got " + std::to_string(normal.size()) +
          ")");
  Check(streamed.size() == normal.size(), dir + ": as many manifest rows as the normal conversion");
  std::set<std::string> indices;
  std::set<std::string> identifiers;
  for (size_t i = 0; i < normal.size() && i < streamed.size(); ++i)
  {
    const auto & n = normal[i];
    const auto & s = streamed[i];
    const bool   shaped = n.size() > StatusColumn && s.size() == n.size();
    Check(shaped, dir + ": manifest row " + std::to_string(i) + " has the normal row's columns");
    if (!shaped)
    {
      continue;
    }
    for (size_t c = 0; c < n.size(); ++c)
    {
      if (c != IndexColumn && c != PathColumn)
      {
        Check(n[c] == s[c],
              dir + ": manifest row " + std::to_string(i) + " column " + std::to_string(c) + ": \"" + s[c] +
                "\", normal \"" + n[c] + "\"");
      }
    }
    Check(s[StatusColumn] == "ok", dir + ": row " + std::to_string(i) + " ok");
    // Named <completion index>_..., the manifest's index.
    const std::string prefix = s[PathColumn].substr(0, s[PathColumn].find('_'));
    Check(std::atoi(prefix.c_str()) == std::atoi(s[IndexColumn].c_str()),
          dir + ": " + s[PathColumn] + " is numbered by its manifest index " + s[IndexColumn]);
    indices.insert(s[IndexColumn]);
    identifiers.insert(s[IdentifierColumn]);
    Check(SameVolume(normalDir + "/" + n[PathColumn], dir + "/" + s[PathColumn]),
          dir + ": " + s[PathColumn] + " equals the normal " + n[PathColumn] + " (voxels and geometry)");
    const std::string sidecar = ReadText(dir + "/" + s[PathColumn].substr(0, s[PathColumn].size() - 5) + ".json");
    Check(!sidecar.empty() &&
            sidecar == ReadText(normalDir + "/" + n[PathColumn].substr(0, n[PathColumn].size() - 5) + ".json"),
          dir + ": the sidecar of " + s[PathColumn] + " equals the normal one");
    Check(output.find("wrote " + s[PathColumn] + "\n") != std::string::npos,
          dir + ": a \"wrote\" line for " + s[PathColumn]);
  }
  Check(identifiers.size() == series, dir + ": " + std::to_string(series) + " series identifiers");
  std::set<int> numbers;
  for (const auto & i : indices)
  {
    numbers.insert(std::atoi(i.c_str()));
  }
  Check(numbers.size() == series && *numbers.begin() == 1 && *numbers.rbegin() == static_cast<int>(series),
        dir + ": the series are numbered 1 to " + std::to_string(series) + " in the order of completion");
  size_t wrote = 0;
  for (const auto & line : Lines(output))
  {
    wrote += line.compare(0, 6, "wrote ") == 0 ? 1 : 0;
  }
  Check(wrote == normal.size(), dir + ": one \"wrote\" line per output");
}
} // namespace

int
itkParallelSeriesCLIStreamTest(int argc, char * argv[])
{
  if (argc < 3)
  {
    std::cerr << "Usage: " << argv[0] << " CLI WORK_DIR" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string cli = argv[1];
  const std::string work = argv[2];
  itksys::SystemTools::RemoveADirectory(work);
  itksys::SystemTools::MakeDirectory(work);
  const std::string in = work + "/in";
  WriteSeries(in + "/a", 1, 256, 256, 5);
  WriteSeries(in + "/a", 2, 256, 256, 5);
  WriteSeries(in + "/b", 3, 256, 256, 3, 2);
  WriteSeries(in + "/c/d", 4, 256, 256, 5);
  WriteSeries(in + "/e", 5, 256, 256, 4);
  WriteSeries(in + "/e", 5, 128, 128, 3, 1, 10); // another stack of series 5

  std::string normalOutput;
  Check(RunMerged({ cli, "convert", in, work + "/normal" }, normalOutput) == 0, "normal convert exits 0");

  for (const std::string mode : { "--stream", "--stream-by-folder" })
  {
    std::string streamOutput;
    Check(RunMerged({ cli, "convert", in, work + "/stream" + mode, mode }, streamOutput) == 0,
          "convert " + mode + " exits 0");
    CompareWithNormal(work + "/normal", work + "/stream" + mode, streamOutput);

    std::string boundedOutput;
    Check(RunMerged({ cli, "convert", in, work + "/bounded" + mode, mode, "--max-memory", "1", "--threads", "1" },
                    boundedOutput) == 0,
          "convert " + mode + " --max-memory 1 --threads 1 exits 0");
    CompareWithNormal(work + "/normal", work + "/bounded" + mode, boundedOutput);
    const size_t firstWrote = boundedOutput.find("wrote ");
    const size_t scanEnd = boundedOutput.find("--stream: scan finished");
    Check(firstWrote != std::string::npos && scanEnd != std::string::npos && firstWrote < scanEnd,
          mode + ": the first volume is written before the scan finished");
    // (The folders complete in the file system's listing order, not by name.)
    Check(firstWrote != std::string::npos && boundedOutput.compare(firstWrote, 10, "wrote 001_") == 0,
          mode + ": the first written volume is the first series completed (001)");
  }

  // A series spread over two folders with another series' folder between them (f, g, h): --stream
  // (the SeriesInstanceUID pass) converts it whole, as the normal conversion; --stream-by-folder
  // converts the files of its first folder and reports the others as skipped, naming the series.
  const std::string split = work + "/split";
  WriteSeries(split + "/f", 6, 256, 256, 3);
  WriteSeries(split + "/g", 7, 256, 256, 4);
  WriteSeries(split + "/h", 6, 256, 256, 2, 1, 4, 3); // instances 4 and 5 of series 6 (positions 3, 4)
  std::string splitNormal;
  Check(RunMerged({ cli, "convert", split, work + "/split-normal" }, splitNormal) == 0,
        "split input: normal convert exits 0");
  std::string splitStream;
  Check(RunMerged({ cli, "convert", split, work + "/split-stream", "--stream" }, splitStream) == 0,
        "split input: convert --stream exits 0");
  CompareWithNormal(work + "/split-normal", work + "/split-stream", splitStream, 2, 2);
  std::string splitFolder;
  // Listed f, g, h (--files-from keeps the order; a directory's order is the file system's), and
  // --threads 1: scan batches of at least 4 files, so f ends a batch with g, before h.
  const std::string listFile = work + "/split-list.txt";
  {
    std::ofstream list(listFile);
    for (unsigned int i = 1; i <= 3; ++i)
    {
      list << split << "/f/s6_" << i << ".dcm\n";
    }
    for (unsigned int i = 1; i <= 4; ++i)
    {
      list << split << "/g/s7_" << i << ".dcm\n";
    }
    for (unsigned int i = 4; i <= 5; ++i)
    {
      list << split << "/h/s6_" << i << ".dcm\n";
    }
  }
  RunMerged(
    { cli, "convert", "--files-from", listFile, work + "/split-folder", "--stream-by-folder", "--threads", "1" },
    splitFolder);
  Check(splitFolder.find("not merged") != std::string::npos && splitFolder.find(SeriesUID(6)) != std::string::npos,
        "split input: --stream-by-folder reports series 6's files of a later folder, naming the series");

  // Options that need the whole input before the first name are refused.
  std::string refused;
  Check(RunMerged({ cli, "convert", in, work + "/refused", "--stream", "--resume" }, refused) == 2 &&
          refused.find("--stream cannot be combined") != std::string::npos,
        "--stream --resume is a usage error");

  if (failures != 0)
  {
    std::cerr << failures << " check(s) failed" << std::endl;
    return EXIT_FAILURE;
  }
  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
