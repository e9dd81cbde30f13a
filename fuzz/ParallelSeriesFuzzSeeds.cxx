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

// Seed corpus for the fuzz target, made from real DICOM files (ITK's test data):
//
//   ParallelSeriesFuzzSeeds OUTDIR FILE...
//
// Native (uncompressed) images are shrunk to at most 4 x 4 pixels and 2 frames (Rows, Columns,
// NumberOfFrames and PixelData rewritten; everything else kept) so that the seeds are small and
// the fuzzer spends its time in the headers; encapsulated images are kept as they are when they
// are small (<= 64 KiB). Seeds: each file alone; files sharing a SeriesInstanceUID together (a
// series); such a series twice with new SOPInstanceUIDs (two volumes at the same positions); a
// series with one file copied (the same instance twice); and a mix of several series.

#include "ParallelSeriesFuzzInput.h"

#include "gdcmAttribute.h"
#include "gdcmReader.h"
#include "gdcmStringFilter.h"
#include "gdcmTrace.h"
#include "gdcmWriter.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace
{
using ParallelSeriesFuzz::Join;

/** The shrunk copy of a file, or an empty string when it is not usable as a seed. */
std::string
Shrink(const std::string & fileName, const std::string & newSOPInstanceUID = "")
{
  gdcm::Reader reader;
  reader.SetFileName(fileName.c_str());
  if (!reader.Read())
  {
    return {};
  }
  gdcm::File &    file = reader.GetFile();
  gdcm::DataSet & ds = file.GetDataSet();
  const gdcm::Tag pixelDataTag(0x7fe0, 0x0010);
  if (!ds.FindDataElement(pixelDataTag))
  {
    return {};
  }
  const gdcm::DataElement & pixelData = ds.GetDataElement(pixelDataTag);
  if (pixelData.GetByteValue() != nullptr)
  {
    // Native: Rows x Columns x Frames x SamplesPerPixel x BitsAllocated / 8 bytes.
    gdcm::Attribute<0x0028, 0x0010> rows;
    gdcm::Attribute<0x0028, 0x0011> columns;
    gdcm::Attribute<0x0028, 0x0002> samples;
    gdcm::Attribute<0x0028, 0x0100> bitsAllocated;
    rows.SetFromDataSet(ds);
    columns.SetFromDataSet(ds);
    samples.SetValue(1);
    samples.SetFromDataSet(ds);
    bitsAllocated.SetFromDataSet(ds);
    rows.SetValue(std::min<unsigned short>(rows.GetValue(), 4));
    columns.SetValue(std::min<unsigned short>(columns.GetValue(), 4));
    ds.Replace(rows.GetAsDataElement());
    ds.Replace(columns.GetAsDataElement());
    unsigned int    frames = 1;
    const gdcm::Tag framesTag(0x0028, 0x0008);
    if (ds.FindDataElement(framesTag))
    {
      gdcm::Attribute<0x0028, 0x0008> numberOfFrames;
      numberOfFrames.SetFromDataSet(ds);
      frames = std::min<unsigned int>(std::max(1, numberOfFrames.GetValue()), 2);
      numberOfFrames.SetValue(static_cast<int>(frames));
      ds.Replace(numberOfFrames.GetAsDataElement());
    }
    // Per-frame functional groups describe the original frames: drop them with the frames.
    ds.Remove(gdcm::Tag(0x5200, 0x9230));
    const unsigned long bits = static_cast<unsigned long>(rows.GetValue()) * columns.GetValue() * frames *
                               samples.GetValue() * std::max<unsigned short>(bitsAllocated.GetValue(), 1);
    std::string             pixels((bits + 7) / 8 + ((bits + 7) / 8) % 2, '\0');
    const gdcm::ByteValue * old = pixelData.GetByteValue();
    std::copy_n(old->GetPointer(), std::min<std::size_t>(pixels.size(), old->GetLength()), &pixels[0]);
    gdcm::DataElement shrunk(pixelData);
    shrunk.SetByteValue(pixels.data(), static_cast<uint32_t>(pixels.size()));
    ds.Replace(shrunk);
  }
  if (!newSOPInstanceUID.empty())
  {
    gdcm::Attribute<0x0008, 0x0018> sop;
    sop.SetValue(newSOPInstanceUID);
    ds.Replace(sop.GetAsDataElement());
  }
  std::ostringstream out;
  gdcm::Writer       writer;
  writer.SetStream(out);
  writer.SetFile(file);
  writer.CheckFileMetaInformationOff();
  if (!writer.Write())
  {
    return {};
  }
  std::string bytes = out.str();
  return bytes.size() <= 65536 ? bytes : std::string();
}

std::string
SeriesUID(const std::string & fileName)
{
  gdcm::Reader reader;
  reader.SetFileName(fileName.c_str());
  if (!reader.ReadUpToTag(gdcm::Tag(0x0020, 0x000f)))
  {
    return {};
  }
  gdcm::StringFilter sf;
  sf.SetFile(reader.GetFile());
  return sf.ToString(gdcm::Tag(0x0020, 0x000e));
}

int g_Written = 0;

void
WriteSeed(const std::string & dir, const std::string & name, const std::string & content)
{
  std::ofstream(dir + "/" + name, std::ios::binary).write(content.data(), static_cast<std::streamsize>(content.size()));
  ++g_Written;
}
} // namespace

int
main(int argc, char * argv[])
{
  if (argc < 3)
  {
    std::cerr << "usage: " << argv[0] << " OUTDIR FILE..." << std::endl;
    return 2;
  }
  gdcm::Trace::WarningOff();
  gdcm::Trace::ErrorOff();
  const std::string                               out = argv[1];
  std::map<std::string, std::vector<std::string>> series; // uid -> original files
  std::map<std::string, std::string>              shrunk; // original -> seed content
  for (int i = 2; i < argc; ++i)
  {
    const std::string file = argv[i];
    const std::string s = Shrink(file);
    if (s.empty())
    {
      std::cerr << "not used: " << file << std::endl;
      continue;
    }
    shrunk[file] = s;
    series[SeriesUID(file)].push_back(file);
    // Alone, with a few option bytes (libFuzzer mutates them anyway).
    const std::string base = "single-" + std::to_string(i);
    WriteSeed(out, base + "-a", Join(0x00, { s }));
    WriteSeed(out, base + "-b", Join(0x1d, { s })); // details, directory, RGB output
  }
  int                      n = 0;
  std::vector<std::string> mix;
  for (const auto & entry : series)
  {
    auto files = entry.second;
    // At most half of the files an input can hold: the two-volume seeds double them.
    files.resize(std::min<std::size_t>(files.size(), ParallelSeriesFuzz::kMaxFiles / 2));
    if (files.size() < 2)
    {
      mix.push_back(shrunk[files.front()]);
      continue;
    }
    std::vector<std::string> contents;
    for (const auto & f : files)
    {
      contents.push_back(shrunk[f]);
    }
    const std::string base = "series-" + std::to_string(n++);
    WriteSeed(out, base, Join(0x00, contents));
    WriteSeed(out, base + "-list-details", Join(0x03, contents));
    // The same instance twice (a copy: counts once in a volume).
    auto copies = contents;
    copies.push_back(contents.front());
    WriteSeed(out, base + "-copy", Join(0x00, copies));
    // Two volumes: every position twice, as new instances.
    auto twice = contents;
    for (std::size_t k = 0; k < files.size(); ++k)
    {
      twice.push_back(Shrink(files[k], "1.2.826.0.1.3680043.2.1125.99." + std::to_string(k)));
    }
    WriteSeed(out, base + "-two-volumes", Join(0x08, twice));
    WriteSeed(out, base + "-two-volumes-batches", Join(0x60, twice));
    // A missing slice of the second volume: an inconsistent series.
    twice.pop_back();
    WriteSeed(out, base + "-inconsistent", Join(0x00, twice));
  }
  if (mix.size() > 1)
  {
    mix.resize(std::min<std::size_t>(mix.size(), ParallelSeriesFuzz::kMaxFiles));
    WriteSeed(out, "mix", Join(0x04, mix));
    WriteSeed(out, "mix-throw", Join(0x84, mix));
  }
  std::cout << g_Written << " seeds in " << out << std::endl;
  return g_Written > 0 ? 0 : 1;
}
