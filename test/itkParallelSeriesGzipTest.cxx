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

// The parallel gzip compression of the parallel-series tool (apps/parallel-series/ParallelSeriesGzip.h),
// for every engine it was built with, on inputs whose sizes sit on and around the chunk and
// window boundaries, with 1 to 3 work units on ITK's default multithreader, a platform
// multithreader and the calling thread. Oracle: zlib's
// own decoders, independent of the compressor: gzread() (as ITK's NIfTI reader reads .nii.gz,
// every member) must give back the input byte for byte; the zlib engine's file must be one gzip
// member (inflate() with the gzip wrapper ends exactly at the end of the file, so its CRC-32 and
// length were checked), the libdeflate engine's one member per 4 MiB; the bytes written must not
// depend on the number of work units.
//
//   itkParallelSeriesGzipTest OUTDIR
//   itkParallelSeriesGzipTest --check-members single|default DIR
//       Every .nii.gz file in DIR (written by the tool) decodes with gzread() and holds one gzip
//       member (single: --gzip-single-member), or as many as the default engine writes (one per
//       4 MiB of .nii with libdeflate, else one).

#include "ParallelSeriesGzip.h"

#include "itkPlatformMultiThreader.h"
#include "itkTestingMacros.h"
#include "itksys/Directory.hxx"
#include "itksys/SystemTools.hxx"

#include <cmath>
#include <cstring>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <iterator>
#include <random>

namespace
{

std::vector<unsigned char>
ReadBytes(const std::string & fileName)
{
  std::ifstream in(fileName, std::ios::binary);
  return std::vector<unsigned char>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/** Test input: smooth 16-bit values with noise (as CT slices compress), and repeats of an
 * earlier block across chunk boundaries (matches that reach into the previous chunk). */
std::vector<unsigned char>
MakeInput(size_t n, unsigned int seed)
{
  std::mt19937               rng(seed);
  std::vector<unsigned char> data(n);
  for (size_t i = 0; i + 1 < n; i += 2)
  {
    const auto v = static_cast<uint16_t>(1000 + 300 * std::sin(i * 1e-4) + (rng() % 16));
    data[i] = static_cast<unsigned char>(v & 0xff);
    data[i + 1] = static_cast<unsigned char>(v >> 8);
  }
  for (size_t boundary = 128 * 1024; boundary + 20000 < n; boundary += 128 * 1024 * 7)
  {
    std::copy(data.begin() + (boundary - 30000), data.begin() + (boundary - 10000), data.begin() + boundary - 10000);
  }
  return data;
}

/** gzread() of every member of \c fileName. */
std::vector<unsigned char>
Gunzip(const std::string & fileName)
{
  gzFile f = gzopen(fileName.c_str(), "rb");
  if (f == nullptr)
  {
    throw std::runtime_error("gzopen failed on " + fileName);
  }
  std::vector<unsigned char> out;
  std::vector<unsigned char> buffer(1 << 20);
  for (;;)
  {
    const int n = gzread(f, buffer.data(), static_cast<unsigned int>(buffer.size()));
    if (n < 0)
    {
      gzclose(f);
      throw std::runtime_error("gzread failed on " + fileName);
    }
    if (n == 0)
    {
      break;
    }
    out.insert(out.end(), buffer.begin(), buffer.begin() + n);
  }
  gzclose(f);
  return out;
}

/** Number of gzip members in \c gz, each decoded by inflate() (gzip wrapper: header, CRC-32 and
 * length checked); -1 if a member is corrupt or bytes follow the last one. */
int
CountMembers(const std::vector<unsigned char> & gz)
{
  size_t                     offset = 0;
  int                        members = 0;
  std::vector<unsigned char> sink(1 << 20);
  while (offset < gz.size())
  {
    z_stream strm;
    std::memset(&strm, 0, sizeof(strm));
    if (inflateInit2(&strm, 16 + 15) != Z_OK) // gzip wrapper only
    {
      return -1;
    }
    strm.next_in = const_cast<unsigned char *>(gz.data() + offset);
    strm.avail_in = static_cast<uInt>(gz.size() - offset);
    int ret = Z_OK;
    while (ret == Z_OK)
    {
      strm.next_out = sink.data();
      strm.avail_out = static_cast<uInt>(sink.size());
      ret = inflate(&strm, Z_NO_FLUSH);
    }
    offset = gz.size() - strm.avail_in;
    inflateEnd(&strm);
    if (ret != Z_STREAM_END)
    {
      return -1;
    }
    ++members;
  }
  return members;
}


int
CheckMembersMode(const std::string & mode, const std::string & dir)
{
  const bool single = (mode == "single");
  if (!single && mode != "default")
  {
    std::cerr << "--check-members takes single or default" << std::endl;
    return EXIT_FAILURE;
  }
  itksys::Directory listing;
  if (!listing.Load(dir))
  {
    std::cerr << "cannot list " << dir << std::endl;
    return EXIT_FAILURE;
  }
  unsigned int files = 0;
  unsigned int multiMember = 0;
  for (unsigned long i = 0; i < listing.GetNumberOfFiles(); ++i)
  {
    const std::string name = listing.GetFile(i);
    if (name.size() < 7 || name.compare(name.size() - 7, 7, ".nii.gz") != 0)
    {
      continue;
    }
    const std::string path = dir + "/" + name;
    const size_t      uncompressed = Gunzip(path).size();
    const int         members = CountMembers(ReadBytes(path));
    const int         expected =
      (single || !ParallelSeriesGzip::HaveLibdeflate())
                ? 1
                : static_cast<int>(std::max<size_t>(1,
                                            (uncompressed + ParallelSeriesGzip::LibdeflateChunkBytes - 1) /
                                              ParallelSeriesGzip::LibdeflateChunkBytes));
    std::cout << name << ": " << uncompressed << " bytes in " << members << " member(s)" << std::endl;
    if (members != expected)
    {
      std::cerr << path << ": " << members << " gzip members (-1: corrupt), expected " << expected << std::endl;
      return EXIT_FAILURE;
    }
    // Which engine wrote it: libdeflate's member header says OS = 255 (unknown), zlib's (ours and
    // gzwrite's) OS = 3 (Unix).
    const std::vector<unsigned char> bytes = ReadBytes(path);
    const bool                       byLibdeflate = bytes.size() > 9 && bytes[9] == 0xff;
    if (byLibdeflate != (!single && ParallelSeriesGzip::HaveLibdeflate()))
    {
      std::cerr << path << ": written by " << (byLibdeflate ? "libdeflate" : "zlib") << ", expected "
                << (byLibdeflate ? "zlib" : "libdeflate") << std::endl;
      return EXIT_FAILURE;
    }
    multiMember += members > 1 ? 1 : 0;
    ++files;
  }
  if (files == 0)
  {
    std::cerr << "no .nii.gz file in " << dir << std::endl;
    return EXIT_FAILURE;
  }
  std::cout << files << " files, " << multiMember << " with several members" << std::endl;
  return EXIT_SUCCESS;
}

} // namespace

int
itkParallelSeriesGzipTest(int argc, char * argv[])
{
  if (argc == 4 && std::string(argv[1]) == "--check-members")
  {
    return CheckMembersMode(argv[2], argv[3]);
  }
  if (argc < 2)
  {
    std::cerr << "Usage: " << itkNameOfTestExecutableMacro(argv) << " OUTDIR" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string dir = std::string(argv[1]) + "/ParallelSeriesGzip";
  itksys::SystemTools::MakeDirectory(dir);

  using ParallelSeriesGzip::Engine;
  std::vector<Engine> engines{ Engine::Zlib };
  if (ParallelSeriesGzip::HaveLibdeflate())
  {
    engines.push_back(Engine::Libdeflate);
  }
  std::cout << "engines: zlib" << (ParallelSeriesGzip::HaveLibdeflate() ? ", libdeflate" : "") << std::endl;

  const size_t KiB = 1024;
  const size_t MiB = 1024 * KiB;
  // Around the zlib chunk (128 KiB), the libdeflate member (4 MiB), and the windows
  // (zlib: 32 chunks per work unit, libdeflate: 2 members per work unit).
  const std::vector<size_t> sizes{ 0,           1,       1000,        128 * KiB - 1,   128 * KiB,   128 * KiB + 1,
                                   4 * MiB - 1, 4 * MiB, 4 * MiB + 1, 8 * MiB + 12345, 13 * MiB + 7 };

  // ITK's default multithreader (the pool, unless ITK_GLOBAL_DEFAULT_THREADER says otherwise, as
  // in the ThreadSanitizer lane) and a platform multithreader.
  auto defaultThreader = itk::MultiThreaderBase::New();
  auto platform = itk::PlatformMultiThreader::New();
  defaultThreader->SetMaximumNumberOfThreads(3);
  platform->SetMaximumNumberOfThreads(3);
  std::cout << "default multithreader: " << defaultThreader->GetNameOfClass() << std::endl;

  unsigned int checked = 0;
  for (const Engine engine : engines)
  {
    const std::string engineName = (engine == Engine::Zlib) ? "zlib" : "libdeflate";
    for (const size_t n : sizes)
    {
      const std::vector<unsigned char> input = MakeInput(n, static_cast<unsigned int>(n));
      const std::string                inputFile = dir + "/input.bin";
      std::ofstream(inputFile, std::ios::binary).write(reinterpret_cast<const char *>(input.data()), input.size());

      std::vector<unsigned char> reference;
      struct Run
      {
        itk::MultiThreaderBase * Threader;
        itk::ThreadIdType        WorkUnits;
        const char *             Name;
      };
      for (const Run & run : { Run{ nullptr, 1, "calling thread" },
                               Run{ defaultThreader, 1, "default multithreader, 1 work unit" },
                               Run{ defaultThreader, 3, "default multithreader, 3 work units" },
                               Run{ platform, 2, "platform, 2 work units" } })
      {
        const std::string gzFile = dir + "/output_" + engineName + ".gz";
        const std::string error =
          ParallelSeriesGzip::CompressFile(inputFile, gzFile, 6, run.Threader, run.WorkUnits, engine);
        const std::string what = engineName + ", " + std::to_string(n) + " bytes, " + run.Name;
        if (!error.empty())
        {
          std::cerr << what << ": " << error << std::endl;
          return EXIT_FAILURE;
        }
        const std::vector<unsigned char> gz = ReadBytes(gzFile);
        if (Gunzip(gzFile) != input)
        {
          std::cerr << what << ": gzread() does not give back the input" << std::endl;
          return EXIT_FAILURE;
        }
        const int expectedMembers =
          (engine == Engine::Zlib) ? 1 : static_cast<int>(std::max<size_t>(1, (n + 4 * MiB - 1) / (4 * MiB)));
        const int members = CountMembers(gz);
        if (members != expectedMembers)
        {
          std::cerr << what << ": " << members << " gzip members (-1: corrupt), expected " << expectedMembers
                    << std::endl;
          return EXIT_FAILURE;
        }
        if (reference.empty())
        {
          reference = gz;
        }
        else if (gz != reference)
        {
          std::cerr << what << ": the output depends on the number of work units" << std::endl;
          return EXIT_FAILURE;
        }
        ++checked;
      }
      // Level 6 compresses this input (except the tiny ones).
      if (n >= 1000)
      {
        ITK_TEST_EXPECT_TRUE(reference.size() < n * 3 / 4);
      }
    }
  }

  // Errors name the file.
  const std::string missing = dir + "/no-such-file.nii";
  const std::string error = ParallelSeriesGzip::CompressFile(missing, dir + "/x.gz", 6, defaultThreader, 2);
  std::cout << "missing input: " << error << std::endl;
  ITK_TEST_EXPECT_TRUE(error.find(missing) != std::string::npos);
  const std::string inputFile = dir + "/input.bin";
  const std::string unwritable = dir + "/no-such-dir/x.gz";
  const std::string error2 = ParallelSeriesGzip::CompressFile(inputFile, unwritable, 6, defaultThreader, 2);
  std::cout << "unwritable output: " << error2 << std::endl;
  ITK_TEST_EXPECT_TRUE(error2.find(unwritable) != std::string::npos);

  std::cout << checked << " compressions checked" << std::endl;
  return EXIT_SUCCESS;
}
