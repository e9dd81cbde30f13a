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

// The per-file mode, the sop layout, the SOURCE forms, --strict and the manifest columns of
// dicom-preprocessing (issue 14), on generated projection files (MG, DX, CR without IPP, several
// per series) and a CT series: parallel-series preprocess / convert, checked through the
// manifest, the files written, stat() and the messages.

#include "itkParallelSeriesManifestReader.h"
#include "itkParallelSeriesProjectionFiles.h"
#include "itkParallelSeriesRunProgram.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace
{
bool ok = true;

void
Expect(bool condition, const std::string & what)
{
  if (!condition)
  {
    std::cerr << "FAILED: " << what << std::endl;
    ok = false;
  }
}

/** The manifest's rows as column -> value maps. */
std::vector<std::map<std::string, std::string>>
Rows(const std::string & manifest)
{
  const auto                                      csv = ParallelSeriesCLITest::ReadCsv(manifest);
  std::vector<std::map<std::string, std::string>> rows;
  if (csv.empty() || csv[0] != ParallelSeriesCLITest::ManifestColumns())
  {
    Expect(false, manifest + ": header is not the manifest's columns");
    return rows;
  }
  for (size_t i = 1; i < csv.size(); ++i)
  {
    std::map<std::string, std::string> row;
    for (size_t c = 0; c < csv[0].size() && c < csv[i].size(); ++c)
    {
      row[csv[0][c]] = csv[i][c];
    }
    rows.push_back(row);
  }
  return rows;
}

unsigned long long
Inode(const std::string & file)
{
  struct stat st;
  return ::stat(file.c_str(), &st) == 0 ? static_cast<unsigned long long>(st.st_ino) : 0;
}

int
Run(const std::vector<std::string> & command, std::string & errors)
{
  std::string output;
  errors.clear();
  const int   code = ParallelSeriesCLITest::RunProgram(command, output, &errors);
  std::cout << "$";
  for (const auto & a : command)
  {
    std::cout << " " << a;
  }
  std::cout << "\n  exit " << code << "\n" << errors;
  return code;
}
} // namespace

int
itkParallelSeriesCLIPerFileTest(int argc, char * argv[])
{
  if (argc < 3)
  {
    std::cerr << "Usage: " << argv[0] << " PARALLEL_SERIES OUTPUT_DIRECTORY" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string cli = argv[1];
  const std::string root = std::string(argv[2]) + "/CLIPerFile";
  itksys::SystemTools::RemoveADirectory(root);
  itksys::SystemTools::MakeDirectory(root);
  const std::string dir = root + "/input";
  const auto        written = ParallelSeriesTest::WriteProjectionFiles(dir);
  const std::string study = ParallelSeriesTest::ProjectionStudyUID;
  std::string       errors;

  // 1. preprocess: per file, study/series/sop.tiff, every file one output.
  {
    const std::string out = root + "/preprocess";
    Expect(Run({ cli, "preprocess", dir, out }, errors) == 0, "preprocess exits 0");
    const auto rows = Rows(out + "/manifest.csv");
    Expect(rows.size() == 11, "preprocess: one row per file (11), got " + std::to_string(rows.size()));
    for (const auto & w : written)
    {
      for (size_t k = 0; k < w.Files.size(); ++k)
      {
        const std::string path = study + "/" + w.SeriesInstanceUID + "/" + w.SOPInstanceUIDs[k] + ".tiff";
        const auto it = std::find_if(rows.begin(), rows.end(), [&](const auto & r) { return r.at("path") == path; });
        const std::string what = "preprocess " + w.Name + " file " + std::to_string(k + 1);
        Expect(it != rows.end(), what + ": row with path " + path);
        Expect(itksys::SystemTools::FileExists(out + "/" + path, true), what + ": " + path + " written");
        if (it == rows.end())
        {
          continue;
        }
        const auto & r = *it;
        Expect(r.at("status") == "ok", what + ": ok");
        Expect(r.at("sop_instance_uid") == w.SOPInstanceUIDs[k], what + ": sop_instance_uid");
        Expect(r.at("inode") == std::to_string(Inode(w.Files[k])), what + ": inode of the source file");
        Expect(r.at("channels") == "1" && r.at("num_frames") == "1" && r.at("size_z") == "1", what + ": one 2D frame");
        Expect(std::abs(std::stod(r.at("spacing_x")) - w.Spacing[0]) < 1e-9, what + ": spacing_x " + r.at("spacing_x"));
        Expect(r.at("pixel_spacing_source") == w.PixelSpacingSource, what + ": pixel_spacing_source");
        Expect(r.at("origin_known") == (w.Projection ? "0" : "1"), what + ": origin_known");
      }
    }
    Expect(!itksys::SystemTools::FileExists(out + "/" + study + "/" + written[0].SeriesInstanceUID + "/" +
                                            written[0].SOPInstanceUIDs[0] + ".json"),
           "preprocess writes no sidecar");
  }

  // 2. convert (volumes): projection files are still one output each, the CT series one volume;
  // --layout sop names the volume after its first instance.
  {
    const std::string out = root + "/convert";
    Expect(Run({ cli, "convert", dir, out, "--layout", "sop", "--no-sidecar" }, errors) == 0, "convert exits 0");
    const auto rows = Rows(out + "/manifest.csv");
    Expect(rows.size() == 8,
           "convert: 3 + 2 + 2 projection outputs and 1 CT volume, got " + std::to_string(rows.size()));
    for (const auto & r : rows)
    {
      const bool ct = r.at("modality") == "CT";
      Expect(r.at("size_z") == (ct ? "4" : "1"), "convert " + r.at("path") + ": size_z");
      if (ct)
      {
        const auto & w = written.back();
        Expect(r.at("path") == study + "/" + w.SeriesInstanceUID + "/" + w.SOPInstanceUIDs[0] + ".nrrd",
               "convert --layout sop: the CT volume is named after its first instance: " + r.at("path"));
        Expect(r.at("inode") == std::to_string(Inode(w.Files[0])), "convert: inode of the first file");
      }
    }
  }

  // 3. SOURCE forms: one file with OUTPUT a file name (no manifest); a .txt list.
  {
    const std::string out = root + "/single";
    itksys::SystemTools::MakeDirectory(out);
    Expect(Run({ cli, "preprocess", written[0].Files[1], out + "/one.out" }, errors) == 0, "single file exits 0");
    Expect(itksys::SystemTools::FileExists(out + "/one.out", true), "single file: written to OUTPUT");
    Expect(!itksys::SystemTools::FileExists(out + "/one.out.tiff", true), "single file: no temporary left");
    Expect(!itksys::SystemTools::FileExists(out + "/manifest.csv", true), "single file: no manifest");
    const std::string list = root + "/list.txt";
    {
      std::ofstream os(list);
      os << written[1].Files[0] << "\n" << written[3].Files[2] << "\n";
    }
    const std::string listOut = root + "/list";
    Expect(Run({ cli, "preprocess", list, listOut }, errors) == 0, ".txt source exits 0");
    const auto rows = Rows(listOut + "/manifest.csv");
    Expect(rows.size() == 2, ".txt source: the two listed files");
    Expect(itksys::SystemTools::FileExists(listOut + "/" + study + "/" + written[3].SeriesInstanceUID + "/" +
                                             written[3].SOPInstanceUIDs[2] + ".tiff",
                                           true),
           ".txt source: the CT file listed is written under its SOP UID");
  }

  // 4. A truncated file: without --strict the others are written (exit 0, as dicom-preprocessing);
  // with --strict the run stops, naming it (exit 255, as dicom-preprocessing). A file without SOPInstanceUID fails alone under --layout sop.
  {
    const std::string bad = root + "/bad";
    itksys::SystemTools::MakeDirectory(bad);
    for (const auto & w : written)
    {
      for (const auto & f : w.Files)
      {
        itksys::SystemTools::CopyFileAlways(f, bad + "/" + itksys::SystemTools::GetFilenameName(f));
      }
    }
    const std::string truncated = bad + "/ct_2.dcm";
    {
      std::ifstream in(truncated, std::ios::binary);
      std::string   data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      in.close();
      std::ofstream os(truncated, std::ios::binary | std::ios::trunc);
      os.write(data.data(), static_cast<std::streamsize>(data.size() - 100));
    }
    Expect(Run({ cli, "preprocess", bad, root + "/bad-out" }, errors) == 0, "a failing file: exit 0 (the peer's code)");
    const auto rows = Rows(root + "/bad-out/manifest.csv");
    size_t     written_ = 0;
    for (const auto & r : rows)
    {
      written_ += r.at("status") == "ok" ? 1 : 0;
    }
    Expect(written_ == 10, "without --strict the other 10 files are written");
    Expect(errors.find("ct_2.dcm") != std::string::npos, "the failing file is named");
    Expect(Run({ cli, "preprocess", "--strict", bad, root + "/strict-out" }, errors) == 255, "--strict: exit 255 (the peer's code)");
    Expect(errors.find("--strict: stopped at the first failure, file \"" + truncated + "\"") != std::string::npos,
           "--strict names the first failing file");

    const std::string nosop = root + "/nosop";
    itksys::SystemTools::MakeDirectory(nosop);
    for (const auto & f : written[2].Files)
    {
      itksys::SystemTools::CopyFileAlways(f, nosop + "/" + itksys::SystemTools::GetFilenameName(f));
    }
    ParallelSeriesTest::EditTags(nosop + "/cr_1.dcm", { gdcm::Tag(0x0008, 0x0018) }, {});
    Expect(Run({ cli, "preprocess", nosop, root + "/nosop-out" }, errors) == 0, "no SOPInstanceUID: exit 0 (the file is skipped)");
    Expect(errors.find("SOPInstanceUID (0008,0018): --layout sop cannot name the output") != std::string::npos,
           "no SOPInstanceUID: the reason");
    const auto nosopRows = Rows(root + "/nosop-out/manifest.csv");
    Expect(nosopRows.size() == 2 &&
             std::count_if(nosopRows.begin(), nosopRows.end(), [](const auto & r) { return r.at("status") == "ok"; }) ==
               1,
           "no SOPInstanceUID: the other file is written");
  }
  std::cout << (ok ? "Test finished." : "Test FAILED.") << std::endl;
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
