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

// parallel-series: lists the DICOM series of a directory, or converts every volume of every
// series to NRRD, NIfTI, MetaImage or multi-page TIFF in its native pixel type, optionally
// preprocessed for ML as dicom-preprocessing does (crop, resize, pad, slice selection), reading
// all series in parallel with ParallelSeriesReader.
//
//   parallel-series scan DIR [--recursive] [--json] [--threads N]
//   parallel-series convert DIR OUTDIR [--recursive] [--format nrrd|nii.gz|nii|mha|tiff] [--compress]
//                                      [--threads N] [--max-memory MB] [--crop] [--crop-max]
//                                      [--size W,H] [--filter F] [--padding P] [--volume V]
//
// Conversion: series are grouped by (component type, samples per pixel) as reported by the
// scanner and each group is read by one ParallelSeriesReader<itk::Image<T, 3>> that shares
// the single scanner (the directory is parsed once). A volume is handed to the writer threads
// (as many as --threads) as soon as ParallelSeriesVolumeCompletedEvent reports it complete, so
// files are written while the other volumes are still being decoded, and several files are
// encoded at once (nii.gz and compressed outputs are CPU-bound). Writer threads never touch
// the reader: each writes a new image object that shares the finished volume's pixel buffer,
// and ImageFileWriter and the NRRD/NIfTI/Meta ImageIOs do not use ITK's thread pool.
//
// Preprocessing (--crop, --size, --volume): itk::PreprocessImageFilter runs on a writer thread,
// a plain std::thread (never inside the VolumeCompletedEvent observer nor in a pool work unit:
// ITK 5.2's pool deadlocks on nested waits); the filter's stages use the pool from there, the
// writer thread being the caller that waits. TIFF output: see ParallelSeriesTIFFWriter.h.
// nii.gz output: ITK writes the .nii, compressed in parallel on the pool (ParallelSeriesGzip.h).

#include "itkParallelGDCMSeriesFileNames.h"
#include "itkParallelSeriesReader.h"
#include "itkParallelSeriesVolumeCompletedEvent.h"
#include "itkPreprocessImageFilter.h"
#ifdef PARALLELSERIES_CLI_HAVE_TIFF
#  include "ParallelSeriesTIFFWriter.h"
#endif
#ifdef PARALLELSERIES_CLI_HAVE_ZLIB
#  include "ParallelSeriesGzip.h"
#endif

#include "itkCommand.h"
#include "itkImage.h"
#include "itkImageFileWriter.h"
#include "itkImageIOBase.h"
#include "itkImageIOFactory.h"
#include "itkMultiThreaderBase.h"
#include "itkOutputWindow.h"
#include "itkRGBPixel.h"
#include "itkVersion.h"
#include "itksys/SystemTools.hxx"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#ifdef _WIN32
#  include <io.h>
#  define PARALLELSERIES_ISATTY(fd) _isatty(fd)
#else
#  include <unistd.h>
#  define PARALLELSERIES_ISATTY(fd) isatty(fd)
#endif

#ifndef PARALLELSERIES_CLI_VERSION
#  define PARALLELSERIES_CLI_VERSION "0.1.0"
#endif

// Registration functions of the IO factories of the output formats, as ITK's generated
// itkImageIOFactoryRegisterManager.h declares them.
namespace itk
{
#ifdef PARALLELSERIES_CLI_HAVE_NRRD
void ITK_ABI_IMPORT
NrrdImageIOFactoryRegister__Private();
#endif
#ifdef PARALLELSERIES_CLI_HAVE_NIFTI
void ITK_ABI_IMPORT
NiftiImageIOFactoryRegister__Private();
#endif
#ifdef PARALLELSERIES_CLI_HAVE_META
void ITK_ABI_IMPORT
MetaImageIOFactoryRegister__Private();
#endif
} // namespace itk

namespace
{
using ScannerType = itk::ParallelGDCMSeriesFileNames;
using SummaryType = ScannerType::SeriesSummary;

constexpr int ExitOK = 0;
constexpr int ExitFailure = 1;
constexpr int ExitUsage = 2;

const char * const ProgramName = "parallel-series";

//------------------------------------------------------------------------------------------
// Command line
//------------------------------------------------------------------------------------------

struct Options
{
  std::string   Command;
  std::string   InputDirectory;
  std::string   OutputDirectory;
  bool          Recursive{ false };
  bool          Json{ false };
  bool          Compress{ false };
  bool          GzipSingleMember{ false }; ///< nii.gz as one gzip member (zlib) instead of libdeflate's
  std::string   Format{ "nrrd" };
  unsigned int  Threads{ 0 };        ///< 0: ITK's default
  unsigned long MaxMemoryMB{ 2048 }; ///< decoded volumes held at once (reading + writing)
  // Preprocessing (convert)
  bool                                 Crop{ false };
  bool                                 CropMax{ false };
  unsigned long                        TargetSize[2]{ 0, 0 }; ///< 0: no resize/pad
  itk::PreprocessEnums::ResizeKernel   Kernel{ itk::PreprocessEnums::ResizeKernel::Triangle };
  itk::PreprocessEnums::PadDirection   Padding{ itk::PreprocessEnums::PadDirection::Zero };
  itk::PreprocessEnums::VolumeHandling Volume{ itk::PreprocessEnums::VolumeHandling::Keep };
  bool                                 PreprocessingGiven{ false }; ///< any preprocessing option

  /** Whether the volumes are preprocessed (crop, resize + pad, or slice selection). */
  bool
  Preprocess() const
  {
    return Crop || TargetSize[0] > 0 || Volume != itk::PreprocessEnums::VolumeHandling::Keep;
  }
};

void
PrintUsage(std::ostream & os)
{
  os << "Usage:\n"
     << "  " << ProgramName << " scan DIR [--recursive] [--json] [--threads N]\n"
     << "  " << ProgramName << " convert DIR OUTDIR [--recursive] [--format nrrd|nii.gz|nii|mha|tiff]\n"
     << "        [--compress] [--threads N] [--max-memory MB] [--crop] [--crop-max] [--size W,H]\n"
     << "        [--filter nearest|triangle|catmull-rom|gaussian|lanczos3]\n"
     << "        [--padding top-left|bottom-right|center|zero] [--volume keep|central|mip]\n"
     << "  " << ProgramName << " --help | --version\n";
}

void
PrintHelp()
{
  std::cout << ProgramName << " " << PARALLELSERIES_CLI_VERSION
            << ": list or convert the DICOM series of a directory, in parallel.\n\n";
  PrintUsage(std::cout);
  std::cout << "\nCommands:\n"
            << "  scan      Print one line per series: identifier, series number, description, modality,\n"
            << "            number of files, size (columns x rows x slices, and the number of volumes when\n"
            << "            the series holds several), pixel type and spacing (mm). Only headers are read.\n"
            << "  convert   Write every volume of every series to OUTDIR in its native pixel type (no\n"
            << "            widening), as <index>_<series number>_<description>[_vol<k>].<ext>, and write\n"
            << "            OUTDIR/manifest.csv with one row per volume (failed volumes included).\n"
            << "\nOptions:\n"
            << "  --recursive      also scan the sub-directories of DIR\n"
            << "  --json           (scan) print a JSON object {\"series\": [...], \"skipped_files\": [...]}\n"
            << "  --format F       (convert) output format: nrrd (default), nii.gz, nii, mha or tiff\n"
            << "                   (multi-page TIFF, one page per slice in z order; see below)\n"
            << "  --compress       (convert) compress NRRD/MetaImage output (nii.gz is always compressed),\n"
            << "                   Deflate for TIFF\n"
            << "  --gzip-single-member  (convert, nii.gz) write each file as one gzip member with zlib\n"
            << "                   (slower) instead of 4 MiB members with libdeflate, for decoders that\n"
            << "                   read only the first member of a .gz file\n"
            << "  --threads N      number of threads (ITK's default number of threads otherwise)\n"
            << "  --max-memory MB  (convert) approximate limit of decoded image memory; series are read in\n"
            << "                   batches of at most MB/2 while the previous batch is written (default 2048)\n"
            << "  --help           print this help\n"
            << "  --version        print the version\n"
            << "\nPreprocessing (convert; as dicom-preprocessing; any output format), in this order:\n"
            << "  --volume V       keep: all slices (default); central: the slice n/2; mip: maximum\n"
            << "                   intensity projection along z\n"
            << "  --crop           crop every slice alike to the bounding box of the non-zero pixels\n"
            << "  --crop-max       like --crop, the pixel type's maximum being background too\n"
            << "  --size W,H       resize keeping the aspect ratio to fit W x H, then pad to exactly W x H\n"
            << "                   with 0 (also WxH)\n"
            << "  --filter F       (with --size) resize kernel: nearest, triangle (default), catmull-rom,\n"
            << "                   gaussian, lanczos3\n"
            << "  --padding P      (with --size) where the padding goes: top-left, bottom-right, center, or\n"
            << "                   zero (default: per axis, the side whose edge holds more zero pixels)\n"
            << "  RGB volumes: each channel alike; a pixel is background (crop) or zero (padding) when its\n"
            << "  three channels are (all 255 too with --crop-max).\n"
            << "  The manifest's size/spacing columns describe the DICOM volume, output_width,\n"
            << "  output_height and output_frames the written image.\n"
            << "\nTIFF output (--format tiff): pixel types as in the DICOM files (8/16/32-bit integers with\n"
            << "SampleFormat UINT or INT, float/double IEEEFP, grayscale MinIsBlack or RGB 8-bit), and on\n"
            << "every page the tags of dicom-preprocessing (x first, identity values when not done):\n"
            << "  297   PageNumber        SHORT[2] (0, number of pages)\n"
            << "  50718 DefaultScale      FLOAT[2] (sx, sy): resized size / crop size; (1, 1) without resize\n"
            << "  50719 DefaultCropOrigin LONG[2]  CENTRE of the crop box (left + w/2, top + h/2), integer\n"
            << "                                   division; (W/2, H/2) of the frame without crop\n"
            << "  50720 DefaultCropSize   LONG[2]  (w, h) of the crop box; (W, H) without crop\n"
            << "  50829 ActiveArea        LONG[4]  the padding (left, top, right, bottom), in output pixels;\n"
            << "                                   (0, 0, 0, 0) without padding\n"
            << "  An output pixel (x, y) maps to the frame's pixel\n"
            << "    ((x - left + 0.5) / sx - 0.5 + cx - w/2, (y - top + 0.5) / sy - 0.5 + cy - h/2).\n"
            << "\nExit status: 0 on success; 1 when a series or volume could not be converted (a summary\n"
            << "naming the series and the file is printed on stderr) or the directory cannot be scanned;\n"
            << "2 for usage errors.\n";
}

/** Thrown for command-line errors (exit status 2). */
struct UsageError
{
  std::string Message;
};

bool
ParseUnsigned(const std::string & text, unsigned long & value)
{
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 9)
  {
    return false;
  }
  value = std::stoul(text);
  return true;
}

Options
ParseCommandLine(const std::vector<std::string> & args)
{
  Options o;
  if (args.empty())
  {
    throw UsageError{ "missing command" };
  }
  o.Command = args[0];
  if (o.Command != "scan" && o.Command != "convert")
  {
    throw UsageError{ "unknown command \"" + o.Command + "\"" };
  }
  std::vector<std::string> positional;
  bool                     formatGiven = false;
  bool                     endOfOptions = false;
  for (size_t i = 1; i < args.size(); ++i)
  {
    std::string arg = args[i];
    if (endOfOptions)
    {
      positional.push_back(arg);
      continue;
    }
    if (arg == "--")
    {
      endOfOptions = true; // what follows are directories, even when they start with '-'
      continue;
    }
    std::string value;
    bool        hasInlineValue = false;
    if (arg.compare(0, 2, "--") == 0)
    {
      const size_t eq = arg.find('=');
      if (eq != std::string::npos)
      {
        value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
        hasInlineValue = true;
      }
    }
    auto takeValue = [&]() -> std::string {
      if (hasInlineValue)
      {
        return value;
      }
      if (i + 1 >= args.size())
      {
        throw UsageError{ "option " + arg + " needs a value" };
      }
      return args[++i];
    };
    auto noValue = [&]() {
      if (hasInlineValue)
      {
        throw UsageError{ "option " + arg + " takes no value" };
      }
    };
    if (arg == "--recursive" || arg == "-r")
    {
      noValue();
      o.Recursive = true;
    }
    else if (arg == "--json")
    {
      noValue();
      o.Json = true;
    }
    else if (arg == "--compress")
    {
      noValue();
      o.Compress = true;
    }
    else if (arg == "--gzip-single-member")
    {
      noValue();
      o.GzipSingleMember = true;
    }
    else if (arg == "--format")
    {
      o.Format = takeValue();
      formatGiven = true;
      if (o.Format == ".nrrd" || o.Format == ".nii.gz" || o.Format == ".nii" || o.Format == ".mha" ||
          o.Format == ".tiff")
      {
        o.Format = o.Format.substr(1);
      }
      if (o.Format == "tif" || o.Format == ".tif")
      {
        o.Format = "tiff";
      }
      if (o.Format != "nrrd" && o.Format != "nii.gz" && o.Format != "nii" && o.Format != "mha" && o.Format != "tiff")
      {
        throw UsageError{ "unknown format \"" + o.Format + "\" (use nrrd, nii.gz, nii, mha or tiff)" };
      }
    }
    else if (arg == "--crop")
    {
      noValue();
      o.Crop = true;
      o.PreprocessingGiven = true;
    }
    else if (arg == "--crop-max")
    {
      noValue();
      o.Crop = true;
      o.CropMax = true;
      o.PreprocessingGiven = true;
    }
    else if (arg == "--size")
    {
      const std::string t = takeValue();
      const size_t      comma = t.find_first_of(",x");
      unsigned long     w = 0, h = 0;
      if (comma == std::string::npos || !ParseUnsigned(t.substr(0, comma), w) ||
          !ParseUnsigned(t.substr(comma + 1), h) || w < 1 || h < 1 || w > 65535 || h > 65535)
      {
        throw UsageError{ "--size needs W,H (two integers from 1 to 65535), got \"" + t + "\"" };
      }
      o.TargetSize[0] = w;
      o.TargetSize[1] = h;
      o.PreprocessingGiven = true;
    }
    else if (arg == "--filter")
    {
      using K = itk::PreprocessEnums::ResizeKernel;
      const std::string                            t = takeValue();
      const std::vector<std::pair<std::string, K>> names = { { "nearest", K::Nearest },
                                                             { "triangle", K::Triangle },
                                                             { "catmull-rom", K::CatmullRom },
                                                             { "gaussian", K::Gaussian },
                                                             { "lanczos3", K::Lanczos3 } };
      const auto it = std::find_if(names.begin(), names.end(), [&t](const auto & n) { return n.first == t; });
      if (it == names.end())
      {
        throw UsageError{ "unknown --filter \"" + t + "\" (use nearest, triangle, catmull-rom, gaussian or lanczos3)" };
      }
      o.Kernel = it->second;
      o.PreprocessingGiven = true;
    }
    else if (arg == "--padding")
    {
      using P = itk::PreprocessEnums::PadDirection;
      const std::string                            t = takeValue();
      const std::vector<std::pair<std::string, P>> names = {
        { "top-left", P::TopLeft }, { "bottom-right", P::BottomRight }, { "center", P::Center }, { "zero", P::Zero }
      };
      const auto it = std::find_if(names.begin(), names.end(), [&t](const auto & n) { return n.first == t; });
      if (it == names.end())
      {
        throw UsageError{ "unknown --padding \"" + t + "\" (use top-left, bottom-right, center or zero)" };
      }
      o.Padding = it->second;
      o.PreprocessingGiven = true;
    }
    else if (arg == "--volume")
    {
      using V = itk::PreprocessEnums::VolumeHandling;
      const std::string                            t = takeValue();
      const std::vector<std::pair<std::string, V>> names = { { "keep", V::Keep },
                                                             { "central", V::Central },
                                                             { "mip", V::MaximumIntensityProjection } };
      const auto it = std::find_if(names.begin(), names.end(), [&t](const auto & n) { return n.first == t; });
      if (it == names.end())
      {
        throw UsageError{ "unknown --volume \"" + t + "\" (use keep, central or mip)" };
      }
      o.Volume = it->second;
      o.PreprocessingGiven = true;
    }
    else if (arg == "--threads" || arg == "-j")
    {
      const std::string t = takeValue();
      unsigned long     n = 0;
      if (!ParseUnsigned(t, n) || n < 1)
      {
        throw UsageError{ "--threads needs a positive integer, got \"" + t + "\"" };
      }
      o.Threads = static_cast<unsigned int>(std::min<unsigned long>(n, ITK_MAX_THREADS));
    }
    else if (arg == "--max-memory")
    {
      const std::string t = takeValue();
      unsigned long     n = 0;
      if (!ParseUnsigned(t, n) || n < 1)
      {
        throw UsageError{ "--max-memory needs a positive number of megabytes, got \"" + t + "\"" };
      }
      o.MaxMemoryMB = n;
    }
    else if (arg.size() > 1 && arg[0] == '-')
    {
      throw UsageError{ "unknown option \"" + arg + "\"" };
    }
    else
    {
      positional.push_back(args[i]);
    }
  }
  const size_t expected = o.Command == "scan" ? 1 : 2;
  if (positional.size() != expected)
  {
    throw UsageError{ o.Command + " expects " + (expected == 1 ? "DIR" : "DIR OUTDIR") + ", got " +
                      std::to_string(positional.size()) + " argument(s)" };
  }
  o.InputDirectory = positional[0];
  if (expected == 2)
  {
    o.OutputDirectory = positional[1];
  }
  if (o.Command == "scan" && (formatGiven || o.Compress || o.GzipSingleMember || o.PreprocessingGiven))
  {
    throw UsageError{
      "--format, --compress, --gzip-single-member and the preprocessing options only apply to convert"
    };
  }
  if (o.GzipSingleMember && o.Format != "nii.gz")
  {
    throw UsageError{ "--gzip-single-member only applies to --format nii.gz" };
  }
  if (o.Command == "convert" && o.Json)
  {
    throw UsageError{ "--json only applies to scan" };
  }
  return o;
}

//------------------------------------------------------------------------------------------
// Formatting helpers
//------------------------------------------------------------------------------------------

/** Shortest decimal representation that reads back to the same double; "nan"/"inf" kept. */
std::string
FormatDouble(double v)
{
  if (!std::isfinite(v))
  {
    return std::isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf");
  }
  if (v == 0.0)
  {
    return "0"; // also for -0
  }
  char       buffer[64];
  const auto r = std::to_chars(buffer, buffer + sizeof(buffer), v);
  return std::string(buffer, r.ptr);
}

/** Rounded representation for tables. */
std::string
FormatShort(double v)
{
  std::ostringstream os;
  os << std::setprecision(6) << v;
  return os.str();
}

std::string
JsonString(const std::string & s)
{
  std::string out = "\"";
  for (size_t i = 0; i < s.size();)
  {
    const auto c = static_cast<unsigned char>(s[i]);
    // Length of a valid UTF-8 sequence starting at i, 0 when invalid.
    size_t length = 0;
    if (c < 0x80)
    {
      length = 1;
    }
    else if (c >= 0xC2 && c <= 0xF4)
    {
      const size_t n = c < 0xE0 ? 2 : (c < 0xF0 ? 3 : 4);
      if (i + n <= s.size())
      {
        bool valid = true;
        for (size_t k = 1; k < n; ++k)
        {
          valid = valid && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        }
        const auto c1 = static_cast<unsigned char>(s[i + 1]);
        valid = valid && !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0) && !(c == 0xF0 && c1 < 0x90) &&
                !(c == 0xF4 && c1 >= 0x90);
        length = valid ? n : 0;
      }
    }
    if (length == 0)
    {
      // Not UTF-8 (DICOM's default character repertoire is often Latin-1): code point = byte.
      char escaped[8];
      std::snprintf(escaped, sizeof(escaped), "\\u%04x", static_cast<unsigned int>(c));
      out += escaped;
      ++i;
      continue;
    }
    if (length > 1)
    {
      out.append(s, i, length);
      i += length;
      continue;
    }
    switch (c)
    {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7F)
        {
          char escaped[8];
          std::snprintf(escaped, sizeof(escaped), "\\u%04x", static_cast<unsigned int>(c));
          out += escaped;
        }
        else
        {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  return out + "\"";
}

std::string
JsonNumber(double v)
{
  return std::isfinite(v) ? FormatDouble(v) : "null";
}

std::string
CsvField(const std::string & s)
{
  if (s.find_first_of(",\"\r\n") == std::string::npos && (s.empty() || (s.front() != ' ' && s.back() != ' ')))
  {
    return s;
  }
  std::string out = "\"";
  for (const char c : s)
  {
    out += c;
    if (c == '"')
    {
      out += '"';
    }
  }
  return out + "\"";
}

/** Keeps [A-Za-z0-9_-]; every run of other characters becomes one '_'; at most maxLength. */
std::string
Sanitize(const std::string & s, const std::string & fallback, size_t maxLength = 40)
{
  std::string out;
  bool        separator = false;
  for (const char c : s)
  {
    const bool keep =
      (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!keep)
    {
      separator = true;
      continue;
    }
    if (separator && !out.empty())
    {
      out += '_';
    }
    separator = false;
    out += c;
  }
  if (out.size() > maxLength)
  {
    out.resize(maxLength);
  }
  while (!out.empty() && out.back() == '_')
  {
    out.pop_back();
  }
  return out.empty() ? fallback : out;
}

/** "short", "unsigned_char[3]", ...: component type as ITK names it, then the number of samples
 * per pixel in brackets when it is not 1. */
std::string
PixelTypeName(const SummaryType & s)
{
  std::string name = itk::ImageIOBase::GetComponentTypeAsString(s.ComponentType);
  if (s.SamplesPerPixel != 1)
  {
    name += "[" + std::to_string(s.SamplesPerPixel) + "]";
  }
  return name;
}

unsigned int
ComponentSize(itk::IOComponentEnum t)
{
  switch (t)
  {
    case itk::IOComponentEnum::UCHAR:
    case itk::IOComponentEnum::CHAR:
      return 1;
    case itk::IOComponentEnum::USHORT:
    case itk::IOComponentEnum::SHORT:
      return 2;
    case itk::IOComponentEnum::UINT:
    case itk::IOComponentEnum::INT:
    case itk::IOComponentEnum::FLOAT:
      return 4;
    default:
      return 8;
  }
}

/** Decoded size of one volume of a series, bytes. */
double
VolumeBytes(const SummaryType & s)
{
  return static_cast<double>(s.Columns) * s.Rows * std::max(1u, s.NumberOfSlices) * std::max(1u, s.SamplesPerPixel) *
         ComponentSize(s.ComponentType);
}

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

std::string
SpacingText(const SummaryType & s)
{
  return FormatShort(s.Spacing[0]) + " x " + FormatShort(s.Spacing[1]) + " x " + FormatShort(s.Spacing[2]);
}

std::string
FormatBytes(double bytes)
{
  const char * units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
  int          u = 0;
  while (bytes >= 1024.0 && u < 4)
  {
    bytes /= 1024.0;
    ++u;
  }
  std::ostringstream os;
  os << std::fixed << std::setprecision(u == 0 ? 0 : 1) << bytes << " " << units[u];
  return os.str();
}

//------------------------------------------------------------------------------------------
// Scan
//------------------------------------------------------------------------------------------

/** One series, in output order. */
struct SeriesEntry
{
  std::string         Identifier;
  const SummaryType * Summary{ nullptr };
  unsigned int        Index{ 0 }; ///< 1-based position in the output order
};

/** Series ordered by study, then series number (numerically), then identifier: stable for a
 * given directory and close to the order of acquisition. */
std::vector<SeriesEntry>
OrderSeries(const ScannerType * scanner)
{
  std::vector<SeriesEntry> series;
  for (const std::string & uid : scanner->GetSeriesUIDs())
  {
    SeriesEntry e;
    e.Identifier = uid;
    e.Summary = &scanner->GetSeriesSummary(uid);
    series.push_back(e);
  }
  auto number = [](const std::string & text, long long & value) {
    const char * begin = text.data();
    const char * end = text.data() + text.size();
    while (begin < end && *begin == ' ')
    {
      ++begin;
    }
    const auto r = std::from_chars(begin, end, value);
    return r.ec == std::errc() && begin != end;
  };
  std::stable_sort(series.begin(), series.end(), [&number](const SeriesEntry & a, const SeriesEntry & b) {
    if (a.Summary->StudyInstanceUID != b.Summary->StudyInstanceUID)
    {
      return a.Summary->StudyInstanceUID < b.Summary->StudyInstanceUID;
    }
    long long  na = 0, nb = 0;
    const bool ha = number(a.Summary->SeriesNumber, na);
    const bool hb = number(b.Summary->SeriesNumber, nb);
    if (ha != hb)
    {
      return ha; // numbered series first
    }
    if (ha && na != nb)
    {
      return na < nb;
    }
    return a.Identifier < b.Identifier;
  });
  for (size_t i = 0; i < series.size(); ++i)
  {
    series[i].Index = static_cast<unsigned int>(i + 1);
  }
  return series;
}

ScannerType::Pointer
Scan(const Options & o)
{
  if (!itksys::SystemTools::FileIsDirectory(o.InputDirectory))
  {
    std::ostringstream msg;
    msg << "\"" << o.InputDirectory << "\" is not a directory";
    throw std::runtime_error(msg.str());
  }
  auto scanner = ScannerType::New();
  scanner->SetInputDirectory(o.InputDirectory);
  scanner->SetRecursive(o.Recursive);
  if (o.Threads > 0)
  {
    scanner->SetNumberOfWorkUnits(o.Threads);
  }
  scanner->Update();
  return scanner;
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
                     PixelTypeName(s),
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
    os << "      \"pixel_type\": " << JsonString(PixelTypeName(s)) << ",\n";
    os << "      \"component_type\": " << JsonString(itk::ImageIOBase::GetComponentTypeAsString(s.ComponentType))
       << ",\n";
    os << "      \"samples_per_pixel\": " << s.SamplesPerPixel << ",\n";
    os << "      \"photometric_interpretation\": " << JsonString(s.PhotometricInterpretation) << ",\n";
    os << "      \"transfer_syntax_uid\": " << JsonString(s.TransferSyntaxUID) << ",\n";
    os << "      \"spacing\": [" << JsonNumber(s.Spacing[0]) << ", " << JsonNumber(s.Spacing[1]) << ", "
       << JsonNumber(s.Spacing[2]) << "],\n";
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

int
RunScan(const Options & o)
{
  ScannerType::Pointer scanner;
  try
  {
    scanner = Scan(o);
  }
  catch (const itk::ExceptionObject & e)
  {
    std::cerr << ProgramName << ": cannot scan \"" << o.InputDirectory << "\": " << e.GetDescription() << std::endl;
    return ExitFailure;
  }
  catch (const std::exception & e)
  {
    std::cerr << ProgramName << ": cannot scan \"" << o.InputDirectory << "\": " << e.what() << std::endl;
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

//------------------------------------------------------------------------------------------
// Convert: writer threads, progress, manifest
//------------------------------------------------------------------------------------------

/** Writer threads: jobs start in the order they were enqueued, each on the first free thread,
 * so that CPU-bound encoders (nii.gz and compressed NRRD/MetaImage/TIFF) run in parallel.
 * Jobs must not throw. */
class WriterQueue
{
public:
  explicit WriterQueue(unsigned int threads)
    : m_NumberOfThreads(std::max(1u, threads))
  {}
  WriterQueue(const WriterQueue &) = delete;
  WriterQueue &
  operator=(const WriterQueue &) = delete;
  ~WriterQueue() { this->Stop(); }

  void
  Start()
  {
    for (unsigned int t = 0; t < m_NumberOfThreads; ++t)
    {
      m_Threads.emplace_back([this] { this->Run(); });
    }
  }

  void
  Enqueue(std::function<void()> job)
  {
    {
      std::lock_guard<std::mutex> lock(m_Mutex);
      m_Jobs.emplace_back(m_Finished.size(), std::move(job));
      m_Finished.push_back(false);
    }
    m_WorkCondition.notify_one();
  }

  /** Number of jobs enqueued so far. */
  size_t
  GetNumberOfEnqueuedJobs()
  {
    std::lock_guard<std::mutex> lock(m_Mutex);
    return m_Finished.size();
  }

  /** Blocks until the first \c count jobs enqueued have all finished. */
  void
  WaitUntilDone(size_t count)
  {
    std::unique_lock<std::mutex> lock(m_Mutex);
    m_DoneCondition.wait(lock, [this, count] { return m_FinishedPrefix >= count; });
  }

  /** Runs the remaining jobs, then ends the threads. */
  void
  Stop()
  {
    {
      std::lock_guard<std::mutex> lock(m_Mutex);
      m_Stop = true;
    }
    m_WorkCondition.notify_all();
    for (std::thread & t : m_Threads)
    {
      if (t.joinable())
      {
        t.join();
      }
    }
    m_Threads.clear();
  }

private:
  void
  Run()
  {
    std::unique_lock<std::mutex> lock(m_Mutex);
    for (;;)
    {
      m_WorkCondition.wait(lock, [this] { return m_Stop || !m_Jobs.empty(); });
      if (m_Jobs.empty())
      {
        return;
      }
      std::pair<size_t, std::function<void()>> job = std::move(m_Jobs.front());
      m_Jobs.pop_front();
      lock.unlock();
      job.second();
      job.second = nullptr; // release what the job holds (the volume) before counting it done
      lock.lock();
      m_Finished[job.first] = true;
      while (m_FinishedPrefix < m_Finished.size() && m_Finished[m_FinishedPrefix])
      {
        ++m_FinishedPrefix;
      }
      m_DoneCondition.notify_all();
    }
  }

  const unsigned int                                   m_NumberOfThreads;
  std::mutex                                           m_Mutex;
  std::condition_variable                              m_WorkCondition;
  std::condition_variable                              m_DoneCondition;
  std::deque<std::pair<size_t, std::function<void()>>> m_Jobs;                ///< (sequence number, job)
  std::vector<bool>                                    m_Finished;            ///< per sequence number
  size_t                                               m_FinishedPrefix{ 0 }; ///< jobs 0 .. prefix-1 finished
  bool                                                 m_Stop{ false };
  std::vector<std::thread>                             m_Threads;
};

/** Progress bar on stderr (only when stderr is a terminal). Thread-safe. Progress is the
 * decoded bytes read plus the bytes written, over twice the total. */
class ProgressBar
{
public:
  ProgressBar(bool enabled, double totalBytes, size_t totalVolumes)
    : m_Enabled(enabled)
    , m_TotalBytes(std::max(1.0, totalBytes))
    , m_TotalVolumes(totalVolumes)
  {}

  void
  BeginBatch(double bytes)
  {
    std::lock_guard<std::mutex> lock(m_Mutex);
    m_BatchBytes = bytes;
    m_ReaderProgress = 0.0;
  }
  void
  EndBatch()
  {
    std::lock_guard<std::mutex> lock(m_Mutex);
    m_BatchBase += m_BatchBytes;
    m_BatchBytes = 0.0;
    m_ReaderProgress = 0.0;
    m_ReadBytes = std::max(m_ReadBytes, m_BatchBase);
    this->Draw(false);
  }
  /** ProgressEvent of the current reader (calling thread). */
  void
  SetReaderProgress(double fraction)
  {
    std::lock_guard<std::mutex> lock(m_Mutex);
    m_ReaderProgress = fraction;
    this->Draw(false);
  }
  /** A volume was decoded (any thread). */
  void
  VolumeRead(double bytes)
  {
    std::lock_guard<std::mutex> lock(m_Mutex);
    ++m_VolumesRead;
    m_ReadBytes += bytes;
    this->Draw(false);
  }
  /** A volume was written, or will never be (any thread). */
  void
  VolumeDone(double bytes, bool written)
  {
    std::lock_guard<std::mutex> lock(m_Mutex);
    m_VolumesWritten += written ? 1 : 0;
    m_WrittenBytes += bytes;
    this->Draw(false);
  }
  void
  Finish()
  {
    std::lock_guard<std::mutex> lock(m_Mutex);
    if (m_Enabled && m_Drawn)
    {
      m_ReadBytes = m_WrittenBytes = m_TotalBytes;
      this->Draw(true);
      std::fputc('\n', stderr);
      std::fflush(stderr);
    }
  }

private:
  void
  Draw(bool force)
  {
    if (!m_Enabled)
    {
      return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (!force && m_Drawn && now - m_LastDraw < std::chrono::milliseconds(100))
    {
      return;
    }
    m_LastDraw = now;
    m_Drawn = true;
    const double read = std::min(m_TotalBytes, std::max(m_ReadBytes, m_BatchBase + m_ReaderProgress * m_BatchBytes));
    const double fraction = std::min(1.0, (read + m_WrittenBytes) / (2.0 * m_TotalBytes));
    const int    width = 30;
    const int    filled = static_cast<int>(fraction * width + 0.5);
    std::fprintf(stderr,
                 "\r[%s%s] %3d%%  read %zu/%zu  written %zu/%zu volumes ",
                 std::string(filled, '#').c_str(),
                 std::string(width - filled, '.').c_str(),
                 static_cast<int>(fraction * 100.0),
                 std::min(m_VolumesRead, m_TotalVolumes),
                 m_TotalVolumes,
                 m_VolumesWritten,
                 m_TotalVolumes);
    std::fflush(stderr);
  }

  std::mutex                            m_Mutex;
  const bool                            m_Enabled;
  const double                          m_TotalBytes;
  const size_t                          m_TotalVolumes;
  double                                m_BatchBase{ 0.0 };
  double                                m_BatchBytes{ 0.0 };
  double                                m_ReaderProgress{ 0.0 };
  double                                m_ReadBytes{ 0.0 };
  double                                m_WrittenBytes{ 0.0 };
  size_t                                m_VolumesRead{ 0 };
  size_t                                m_VolumesWritten{ 0 };
  bool                                  m_Drawn{ false };
  std::chrono::steady_clock::time_point m_LastDraw;
};

/** Observer calling a std::function (ITK 5.2 has no FunctionCommand). */
class CallbackCommand : public itk::Command
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(CallbackCommand);
  using Self = CallbackCommand;
  using Superclass = itk::Command;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);

  void
  SetCallback(std::function<void(const itk::EventObject &)> callback)
  {
    m_Callback = std::move(callback);
  }
  void
  Execute(itk::Object *, const itk::EventObject & event) override
  {
    m_Callback(event);
  }
  void
  Execute(const itk::Object *, const itk::EventObject & event) override
  {
    m_Callback(event);
  }

protected:
  CallbackCommand() = default;
  ~CallbackCommand() override = default;

private:
  std::function<void(const itk::EventObject &)> m_Callback;
};

/** One row of manifest.csv: one volume. */
struct ManifestRow
{
  const SeriesEntry * Series{ nullptr };
  unsigned int        Volume{ 0 };
  std::string         Path;                     ///< relative to the output directory
  unsigned long long  Size[3]{ 0, 0, 0 };       ///< of the DICOM volume
  double              Spacing[3]{ 1, 1, 1 };    ///< of the DICOM volume (positive)
  unsigned long long  OutputSize[3]{ 0, 0, 0 }; ///< of the written image (after preprocessing)
  size_t              Files{ 0 };
  double              Bytes{ 0.0 }; ///< decoded size
  bool                Ok{ false };
  std::string         Error;
  std::string         FailedFile;
};

struct ConvertContext
{
  Options                                                Opts;
  std::string                                            Extension;
  ScannerType::Pointer                                   Scanner;
  std::vector<SeriesEntry>                               Series;
  std::vector<ManifestRow>                               Rows; ///< never resized once reading starts
  std::map<std::pair<std::string, unsigned int>, size_t> RowOfVolume;
  std::unique_ptr<WriterQueue>                           Writer;
  std::unique_ptr<ProgressBar>                           Progress;
  double                                                 BatchBudget{ 0.0 }; ///< bytes
  std::deque<std::pair<std::shared_ptr<void>, size_t>>   Pending;            ///< batches being written, job count
};

void
MarkFailed(ConvertContext & ctx, size_t row, const std::string & file, const std::string & reason)
{
  ManifestRow & r = ctx.Rows[row];
  if (r.Ok || !r.Error.empty())
  {
    return;
  }
  r.FailedFile = file;
  r.Error = reason.empty() ? std::string("unknown error") : reason;
  ctx.Progress->VolumeDone(r.Bytes, false);
}

/** Writes \c volume to \c fileName (through a temporary file renamed on success). Runs on the
 * writer threads: the written image is a new object sharing the volume's pixel buffer, so that
 * the writer's pipeline never reaches the reader. A negative spacing (possible for multi-frame
 * files) is made positive by flipping the axis' direction, as ImageFileReader does; the written
 * spacing is returned in \c spacing. \c gzipSingleMember: .nii.gz in one gzip member (zlib engine
 * of ParallelSeriesGzip.h) rather than the default engine's. Returns an error message, empty on
 * success. */
template <typename TImage>
std::string
WriteVolume(TImage * volume, const std::string & fileName, bool compress, bool gzipSingleMember, double spacing[3])
{
  const std::string stem = itksys::SystemTools::GetFilenameWithoutLastExtension(fileName);
  std::string       extension = itksys::SystemTools::GetFilenameLastExtension(fileName);
  std::string       base = fileName.substr(0, fileName.size() - extension.size());
  if (extension == ".gz")
  {
    const std::string inner = itksys::SystemTools::GetFilenameLastExtension(base);
    base = base.substr(0, base.size() - inner.size());
    extension = inner + extension;
  }
  const std::string temporary = base + ".partial" + extension;
  try
  {
    typename TImage::SpacingType   imageSpacing = volume->GetSpacing();
    typename TImage::DirectionType direction = volume->GetDirection();
    for (unsigned int d = 0; d < 3; ++d)
    {
      if (imageSpacing[d] < 0.0)
      {
        imageSpacing[d] = -imageSpacing[d];
        for (unsigned int r = 0; r < 3; ++r)
        {
          direction[r][d] = -direction[r][d];
        }
      }
      spacing[d] = imageSpacing[d];
    }
    auto image = TImage::New();
    image->SetRegions(volume->GetLargestPossibleRegion());
    image->SetSpacing(imageSpacing);
    image->SetOrigin(volume->GetOrigin());
    image->SetDirection(direction);
    image->SetPixelContainer(volume->GetPixelContainer());

    auto writer = itk::ImageFileWriter<TImage>::New();
    writer->SetInput(image);
#ifdef PARALLELSERIES_CLI_HAVE_ZLIB
    if (extension == ".nii.gz")
    {
      // ITK writes the .nii; it is compressed on the thread pool (ParallelSeriesGzip.h), not by
      // gzwrite() on this thread.
      const std::string uncompressed = base + ".partial.nii";
      writer->SetFileName(uncompressed);
      writer->Update();
      auto              threader = itk::MultiThreaderBase::New();
      const std::string error = ParallelSeriesGzip::CompressFile(
        uncompressed,
        temporary,
        6,
        threader,
        itk::MultiThreaderBase::GetGlobalDefaultNumberOfThreads(),
        gzipSingleMember ? ParallelSeriesGzip::Engine::Zlib : ParallelSeriesGzip::DefaultEngine);
      itksys::SystemTools::RemoveFile(uncompressed);
      if (!error.empty())
      {
        itksys::SystemTools::RemoveFile(temporary);
        return std::string("cannot write \"") + fileName + "\": " + error;
      }
    }
    else
#else
    (void)gzipSingleMember; // ITK's writer: one member anyway
#endif
    {
      writer->SetFileName(temporary);
      writer->SetUseCompression(compress);
      writer->Update();
    }
  }
  catch (const itk::ExceptionObject & e)
  {
    itksys::SystemTools::RemoveFile(temporary);
    itksys::SystemTools::RemoveFile(base + ".partial.nii");
    return std::string("cannot write \"") + fileName + "\": " + e.GetDescription();
  }
  catch (const std::exception & e)
  {
    itksys::SystemTools::RemoveFile(temporary);
    itksys::SystemTools::RemoveFile(base + ".partial.nii");
    return std::string("cannot write \"") + fileName + "\": " + e.what();
  }
  itksys::SystemTools::RemoveFile(fileName);
  if (std::rename(temporary.c_str(), fileName.c_str()) != 0)
  {
    itksys::SystemTools::RemoveFile(temporary);
    return "cannot rename \"" + temporary + "\" to \"" + fileName + "\"";
  }
  return std::string();
}

/** A new image with the geometry of \c volume sharing its pixel buffer: filters and writers
 * connected to it never reach the reader's pipeline. */
template <typename TImage>
typename TImage::Pointer
ShareVolume(const TImage * volume)
{
  auto image = TImage::New();
  image->SetRegions(volume->GetLargestPossibleRegion());
  image->SetSpacing(volume->GetSpacing());
  image->SetOrigin(volume->GetOrigin());
  image->SetDirection(volume->GetDirection());
  image->SetPixelContainer(const_cast<TImage *>(volume)->GetPixelContainer());
  return image;
}

using RGBImageType = itk::Image<itk::RGBPixel<unsigned char>, 3>;
using ChannelImageType = itk::Image<unsigned char, 3>;

/** Preprocessing of an RGB volume, channel by channel: (1) each channel goes through the slice
 * selection; (2) a key image K is made of the selected channels: 0 where all three are 0, 255
 * where all three are 255, else max(r, g, b) clamped to [1, 254]; (3) K goes through
 * PreprocessImageFilter with the tool's settings (slice selection excepted): its crop box, scale,
 * padding and output geometry are the RGB result's; (4) each channel, cut to K's crop box, is
 * resized by PreprocessImageFilter (crop and pad off) and placed at (left, top) of the output,
 * the padding being 0. So a pixel is background when all its channels are (max with --crop-max),
 * and the "zero" padding counts pixels whose three channels are 0 (up to the rounding of the
 * resize kernels with negative lobes). */
RGBImageType::Pointer
PreprocessRGB(const Options &                                         o,
              RGBImageType *                                          image,
              itk::PreprocessImageFilter<ChannelImageType> *&         keyFilterOut,
              itk::PreprocessImageFilter<ChannelImageType>::Pointer & keyFilterHolder)
{
  using FilterType = itk::PreprocessImageFilter<ChannelImageType>;
  // (1) Channels, slice selection.
  ChannelImageType::Pointer selected[3];
  for (unsigned int c = 0; c < 3; ++c)
  {
    auto channel = ChannelImageType::New();
    channel->CopyInformation(image);
    channel->SetRegions(image->GetLargestPossibleRegion());
    channel->Allocate();
    const auto *    in = image->GetBufferPointer();
    unsigned char * out = channel->GetBufferPointer();
    const size_t    n = image->GetLargestPossibleRegion().GetNumberOfPixels();
    for (size_t i = 0; i < n; ++i)
    {
      out[i] = in[i][c];
    }
    if (o.Volume != itk::PreprocessEnums::VolumeHandling::Keep)
    {
      auto selection = itk::SliceSelectionImageFilter<ChannelImageType>::New();
      selection->SetInput(channel);
      selection->SetVolumeHandling(o.Volume);
      selection->Update();
      channel = selection->GetOutput();
      channel->DisconnectPipeline();
    }
    selected[c] = channel;
  }
  // (2) Key image.
  auto key = ChannelImageType::New();
  key->CopyInformation(selected[0]);
  key->SetRegions(selected[0]->GetLargestPossibleRegion());
  key->Allocate();
  {
    const size_t         n = key->GetLargestPossibleRegion().GetNumberOfPixels();
    const unsigned char *r = selected[0]->GetBufferPointer(), *g = selected[1]->GetBufferPointer(),
                        *b = selected[2]->GetBufferPointer();
    unsigned char * k = key->GetBufferPointer();
    for (size_t i = 0; i < n; ++i)
    {
      const unsigned int m = std::max({ r[i], g[i], b[i] });
      if (m == 0)
      {
        k[i] = 0;
      }
      else if (r[i] == 255 && g[i] == 255 && b[i] == 255)
      {
        k[i] = 255;
      }
      else
      {
        k[i] = static_cast<unsigned char>(std::min(254u, m));
      }
    }
  }
  // (3) The key's preprocessing decides the crop box, scale and padding.
  const bool                 resize = o.TargetSize[0] > 0 && o.TargetSize[1] > 0;
  FilterType::TargetSizeType target;
  target[0] = resize ? o.TargetSize[0] : 1;
  target[1] = resize ? o.TargetSize[1] : 1;
  auto keyFilter = FilterType::New();
  keyFilter->SetInput(key);
  keyFilter->SetCrop(o.Crop);
  keyFilter->SetCropMax(o.CropMax);
  keyFilter->SetResize(resize);
  keyFilter->SetPad(resize);
  keyFilter->SetTargetSize(target);
  keyFilter->SetKeepAspectRatio(true);
  keyFilter->SetKernel(o.Kernel);
  keyFilter->SetPadDirection(o.Padding);
  keyFilter->Update();
  keyFilterHolder = keyFilter;
  keyFilterOut = keyFilter;
  ChannelImageType * keyOutput = keyFilter->GetOutput();

  auto output = RGBImageType::New();
  output->CopyInformation(keyOutput);
  output->SetRegions(keyOutput->GetLargestPossibleRegion());
  output->Allocate();
  output->FillBuffer(itk::RGBPixel<unsigned char>(static_cast<unsigned char>(0)));
  const auto outSize = output->GetLargestPossibleRegion().GetSize();
  const auto keyRegion = key->GetLargestPossibleRegion();
  const auto cropOrigin = keyFilter->GetCropOrigin(); // absolute index of the key's index space
  const auto cropSize = keyFilter->GetCropSize();
  const auto padding = keyFilter->GetPadding();
  for (unsigned int c = 0; c < 3; ++c)
  {
    // (4) Cut to the crop box, resize, place.
    auto                       cut = ChannelImageType::New();
    ChannelImageType::SizeType cutSize = keyRegion.GetSize();
    cutSize[0] = cropSize[0];
    cutSize[1] = cropSize[1];
    cut->SetRegions(cutSize);
    cut->SetSpacing(key->GetSpacing());
    cut->SetDirection(key->GetDirection());
    cut->Allocate();
    const size_t          w = keyRegion.GetSize(0), h = keyRegion.GetSize(1);
    const size_t          x0 = static_cast<size_t>(cropOrigin[0] - keyRegion.GetIndex(0));
    const size_t          y0 = static_cast<size_t>(cropOrigin[1] - keyRegion.GetIndex(1));
    const unsigned char * in = selected[c]->GetBufferPointer();
    unsigned char *       out = cut->GetBufferPointer();
    for (size_t z = 0; z < cutSize[2]; ++z)
    {
      for (size_t y = 0; y < cutSize[1]; ++y)
      {
        const unsigned char * row = in + (z * h + y0 + y) * w + x0;
        std::copy(row, row + cutSize[0], out + (z * cutSize[1] + y) * cutSize[0]);
      }
    }
    ChannelImageType::Pointer resized = cut;
    if (resize)
    {
      auto filter = FilterType::New();
      filter->SetInput(cut);
      filter->SetCrop(false);
      filter->SetResize(true);
      filter->SetPad(false);
      filter->SetTargetSize(target);
      filter->SetKeepAspectRatio(true);
      filter->SetKernel(o.Kernel);
      filter->Update();
      resized = filter->GetOutput();
    }
    const auto rs = resized->GetBufferedRegion().GetSize();
    if (rs[0] + padding[0] + padding[2] != outSize[0] || rs[1] + padding[1] + padding[3] != outSize[1] ||
        rs[2] != outSize[2])
    {
      itkGenericExceptionMacro("RGB preprocessing: the resized channel does not fit the key's output");
    }
    const unsigned char * rp = resized->GetBufferPointer();
    auto *                op = output->GetBufferPointer();
    for (size_t z = 0; z < rs[2]; ++z)
    {
      for (size_t y = 0; y < rs[1]; ++y)
      {
        for (size_t x = 0; x < rs[0]; ++x)
        {
          op[(z * outSize[1] + y + padding[1]) * outSize[0] + x + padding[0]][c] = rp[(z * rs[1] + y) * rs[0] + x];
        }
      }
    }
  }
  return output;
}

/** Preprocesses (when asked) and writes one volume; fills the row's spacing and output size.
 * Runs on a writer thread (a std::thread, not a pool thread: the filters' stages use ITK's
 * pool from here). Returns an error message, empty on success. */
template <typename TPixel>
std::string
PreprocessAndWrite(const Options & o, itk::Image<TPixel, 3> * volume, const std::string & fileName, ManifestRow & r)
{
  using ImageType = itk::Image<TPixel, 3>;
  typename ImageType::Pointer image = ShareVolume<ImageType>(volume);
  for (unsigned int d = 0; d < 3; ++d)
  {
    r.Spacing[d] = std::abs(image->GetSpacing()[d]);
  }
#ifdef PARALLELSERIES_CLI_HAVE_TIFF
  const auto inputSize = image->GetLargestPossibleRegion().GetSize();
  auto       tags = ParallelSeriesTIFF::PreprocessingTags::Identity(static_cast<uint32_t>(inputSize[0]),
                                                              static_cast<uint32_t>(inputSize[1]));
#endif
  if (o.Preprocess())
  {
    if constexpr (std::is_arithmetic<TPixel>::value)
    {
      using FilterType = itk::PreprocessImageFilter<ImageType>;
      auto filter = FilterType::New();
      filter->SetInput(image);
      filter->SetVolumeHandling(o.Volume);
      filter->SetCrop(o.Crop);
      filter->SetCropMax(o.CropMax);
      const bool resize = o.TargetSize[0] > 0 && o.TargetSize[1] > 0;
      filter->SetResize(resize);
      filter->SetPad(resize);
      if (resize)
      {
        typename FilterType::TargetSizeType target;
        target[0] = o.TargetSize[0];
        target[1] = o.TargetSize[1];
        filter->SetTargetSize(target);
      }
      filter->SetKeepAspectRatio(true);
      filter->SetKernel(o.Kernel);
      filter->SetPadDirection(o.Padding);
      try
      {
        filter->Update();
      }
      catch (const itk::ExceptionObject & e)
      {
        return std::string("cannot preprocess the volume for \"") + fileName + "\": " + e.GetDescription();
      }
      image = filter->GetOutput();
      image->DisconnectPipeline();
#ifdef PARALLELSERIES_CLI_HAVE_TIFF
      for (unsigned int d = 0; d < 2; ++d)
      {
        tags.Scale[d] = static_cast<float>(filter->GetScale()[d]);
        tags.CropSize[d] = static_cast<uint32_t>(filter->GetCropSize()[d]);
        tags.CropCentre[d] = static_cast<uint32_t>(filter->GetCropOrigin()[d]) + tags.CropSize[d] / 2;
      }
      for (unsigned int i = 0; i < 4; ++i)
      {
        tags.Padding[i] = static_cast<uint32_t>(filter->GetPadding()[i]);
      }
#endif
    }
    else
    {
      itk::PreprocessImageFilter<ChannelImageType> *        keyFilter = nullptr;
      itk::PreprocessImageFilter<ChannelImageType>::Pointer holder;
      try
      {
        image = PreprocessRGB(o, image, keyFilter, holder);
      }
      catch (const itk::ExceptionObject & e)
      {
        return std::string("cannot preprocess the volume for \"") + fileName + "\": " + e.GetDescription();
      }
#ifdef PARALLELSERIES_CLI_HAVE_TIFF
      for (unsigned int d = 0; d < 2; ++d)
      {
        tags.Scale[d] = static_cast<float>(keyFilter->GetScale()[d]);
        tags.CropSize[d] = static_cast<uint32_t>(keyFilter->GetCropSize()[d]);
        tags.CropCentre[d] = static_cast<uint32_t>(keyFilter->GetCropOrigin()[d]) + tags.CropSize[d] / 2;
      }
      for (unsigned int i = 0; i < 4; ++i)
      {
        tags.Padding[i] = static_cast<uint32_t>(keyFilter->GetPadding()[i]);
      }
#endif
    }
  }
  const auto outputSize = image->GetLargestPossibleRegion().GetSize();
  for (unsigned int d = 0; d < 3; ++d)
  {
    r.OutputSize[d] = outputSize[d];
  }
  if (o.Format != "tiff")
  {
    double writtenSpacing[3];
    return WriteVolume<ImageType>(image, fileName, o.Compress, o.GzipSingleMember, writtenSpacing);
  }
#ifdef PARALLELSERIES_CLI_HAVE_TIFF
  const std::string temporary = fileName.substr(0, fileName.size() - 5) + ".partial.tiff";
  const double      spacing[2] = { std::abs(image->GetSpacing()[0]), std::abs(image->GetSpacing()[1]) };
  std::string       error = ParallelSeriesTIFF::WriteMultiPageTIFF<TPixel>(image, temporary, tags, spacing, o.Compress);
  if (!error.empty())
  {
    itksys::SystemTools::RemoveFile(temporary);
    return error;
  }
  itksys::SystemTools::RemoveFile(fileName);
  if (std::rename(temporary.c_str(), fileName.c_str()) != 0)
  {
    itksys::SystemTools::RemoveFile(temporary);
    return "cannot rename \"" + temporary + "\" to \"" + fileName + "\"";
  }
  return std::string();
#else
  return "TIFF output is not available in this build";
#endif
}

/** Reader, outputs and bookkeeping of one batch of series of one pixel type. */
template <typename TImage>
struct Batch
{
  using ReaderType = itk::ParallelSeriesReader<TImage>;
  typename ReaderType::Pointer          Reader;
  std::vector<typename TImage::Pointer> Outputs;
  std::vector<size_t>                   RowOfOutput;
  std::unique_ptr<std::atomic<bool>[]>  Enqueued;
};

template <typename TImage>
void
EnqueueWrite(ConvertContext & ctx, Batch<TImage> & batch, unsigned int output)
{
  if (batch.Enqueued[output].exchange(true))
  {
    return;
  }
  const size_t                   row = batch.RowOfOutput[output];
  const typename TImage::Pointer volume = batch.Outputs[output];
  ConvertContext *               context = &ctx;
  ctx.Writer->Enqueue([context, row, volume]() {
    ManifestRow &     r = context->Rows[row];
    const std::string path = context->Opts.OutputDirectory + "/" + r.Path;
    const auto        size = volume->GetLargestPossibleRegion().GetSize();
    for (unsigned int d = 0; d < 3; ++d)
    {
      r.Size[d] = size[d];
    }
    std::string error;
    try
    {
      error = PreprocessAndWrite<typename TImage::PixelType>(context->Opts, volume, path, r);
    }
    catch (const std::exception & e) // itk::ExceptionObject included; the job must not throw
    {
      const auto * itkException = dynamic_cast<const itk::ExceptionObject *>(&e);
      error = "cannot write \"" + path + "\": " + (itkException ? itkException->GetDescription() : e.what());
    }
    if (error.empty())
    {
      r.Ok = true;
    }
    else
    {
      r.Error = error;
    }
    context->Progress->VolumeDone(r.Bytes, r.Ok);
  });
}

/** Reads (in batches bounded by the memory budget) and writes the series \c seriesIndices, all
 * of pixel type TPixel. */
template <typename TPixel>
void
ConvertGroup(ConvertContext & ctx, const std::vector<size_t> & seriesIndices)
{
  using ImageType = itk::Image<TPixel, 3>;
  using BatchType = Batch<ImageType>;
  using ReaderType = typename BatchType::ReaderType;

  // Batches of consecutive series whose decoded size stays within the budget.
  std::vector<std::vector<size_t>> batches;
  double                           batchBytes = 0.0;
  for (const size_t s : seriesIndices)
  {
    const double bytes = VolumeBytes(*ctx.Series[s].Summary) * std::max(1u, ctx.Series[s].Summary->NumberOfVolumes);
    if (batches.empty() || (batchBytes + bytes > ctx.BatchBudget && batchBytes > 0.0))
    {
      batches.emplace_back();
      batchBytes = 0.0;
    }
    batches.back().push_back(s);
    batchBytes += bytes;
  }

  for (const std::vector<size_t> & members : batches)
  {
    auto                                batch = std::make_shared<BatchType>();
    ScannerType::SeriesUIDContainerType selection;
    std::vector<size_t>                 rows;
    double                              bytes = 0.0;
    for (const size_t s : members)
    {
      selection.push_back(ctx.Series[s].Identifier);
      for (unsigned int v = 0; v < ctx.Series[s].Summary->NumberOfVolumes; ++v)
      {
        const size_t row = ctx.RowOfVolume.at({ ctx.Series[s].Identifier, v });
        rows.push_back(row);
        bytes += ctx.Rows[row].Bytes;
      }
    }
    batch->Reader = ReaderType::New();
    ReaderType * reader = batch->Reader;
    reader->SetFileNamesSource(ctx.Scanner);
    reader->SetSeriesSelection(selection);
    if (ctx.Opts.Threads > 0)
    {
      reader->SetNumberOfWorkUnits(ctx.Opts.Threads);
    }
    ctx.Progress->BeginBatch(bytes);
    try
    {
      reader->UpdateOutputInformation();
      const unsigned int n = reader->GetNumberOfVolumes();
      batch->Outputs.resize(n);
      batch->RowOfOutput.resize(n);
      batch->Enqueued.reset(new std::atomic<bool>[n]()); // value-initialized: false
      for (unsigned int i = 0; i < n; ++i)
      {
        const auto & info = reader->GetVolumeInfo(i);
        batch->Outputs[i] = reader->GetOutput(i);
        batch->RowOfOutput[i] = ctx.RowOfVolume.at({ info.SeriesIdentifier, info.VolumeIndex });
        batch->Enqueued[i].store(false);
        ctx.Rows[batch->RowOfOutput[i]].Files = info.FileNames.size();
      }

      // Progress (calling thread) and completed volumes (pool threads: only queue the write).
      auto progress = CallbackCommand::New();
      progress->SetCallback(
        [&ctx, reader](const itk::EventObject &) { ctx.Progress->SetReaderProgress(reader->GetProgress()); });
      reader->AddObserver(itk::ProgressEvent(), progress);
      auto        completed = CallbackCommand::New();
      BatchType * b = batch.get();
      completed->SetCallback([&ctx, b](const itk::EventObject & event) {
        const auto * e = dynamic_cast<const itk::ParallelSeriesVolumeCompletedEvent *>(&event);
        if (e == nullptr || e->GetVolumeIndex() >= b->Outputs.size())
        {
          return;
        }
        ctx.Progress->VolumeRead(ctx.Rows[b->RowOfOutput[e->GetVolumeIndex()]].Bytes);
        if (!e->GetFailed())
        {
          EnqueueWrite<ImageType>(ctx, *b, e->GetVolumeIndex());
        }
      });
      reader->AddObserver(itk::ParallelSeriesVolumeCompletedEvent(), completed);

      reader->Update();
    }
    catch (const std::exception & e) // itk::ExceptionObject included
    {
      const auto *      itkException = dynamic_cast<const itk::ExceptionObject *>(&e);
      const std::string description = itkException ? itkException->GetDescription() : e.what();
      for (unsigned int i = 0; i < batch->Outputs.size() && i < reader->GetNumberOfVolumes(); ++i)
      {
        if (!batch->Enqueued[i].load() && reader->GetVolumeInfo(i).Failed)
        {
          const auto & info = reader->GetVolumeInfo(i);
          MarkFailed(ctx, batch->RowOfOutput[i], info.FailedFile, info.FailureReason);
        }
      }
      // Volumes not handed to the writer fail with the reader's error.
      for (const size_t row : rows)
      {
        bool queued = false;
        for (unsigned int i = 0; i < batch->Outputs.size(); ++i)
        {
          queued = queued || (batch->RowOfOutput[i] == row && batch->Enqueued[i].load());
        }
        if (!queued)
        {
          MarkFailed(ctx, row, "", "reading failed: " + description);
        }
      }
      ctx.Progress->EndBatch();
      ctx.Writer->WaitUntilDone(ctx.Writer->GetNumberOfEnqueuedJobs()); // before the outputs go
      continue;
    }

    // Failed volumes; volumes whose completion was not reported are written now.
    for (unsigned int i = 0; i < batch->Outputs.size(); ++i)
    {
      const auto & info = reader->GetVolumeInfo(i);
      if (info.Failed)
      {
        MarkFailed(ctx, batch->RowOfOutput[i], info.FailedFile, info.FailureReason);
      }
      else
      {
        EnqueueWrite<ImageType>(ctx, *batch, i);
      }
    }
    // A volume of a selected series that the reader did not produce (should not happen).
    for (const size_t row : rows)
    {
      if (std::find(batch->RowOfOutput.begin(), batch->RowOfOutput.end(), row) == batch->RowOfOutput.end())
      {
        MarkFailed(ctx, row, "", "the reader produced no output for this volume");
      }
    }
    ctx.Progress->EndBatch();

    // Keep at most one batch being written while the next one is read (memory bound).
    ctx.Pending.emplace_back(batch, ctx.Writer->GetNumberOfEnqueuedJobs());
    while (ctx.Pending.size() > 1)
    {
      ctx.Writer->WaitUntilDone(ctx.Pending.front().second);
      ctx.Pending.pop_front();
    }
  }
}

using GroupKey = std::pair<itk::IOComponentEnum, unsigned int>;

/** Dispatches a group to ConvertGroup<T>; returns false for an unsupported pixel type. */
bool
ConvertGroupOfType(ConvertContext & ctx, const GroupKey & key, const std::vector<size_t> & seriesIndices)
{
  using T = itk::IOComponentEnum;
  if (key.second == 1)
  {
    switch (key.first)
    {
      case T::UCHAR:
        ConvertGroup<unsigned char>(ctx, seriesIndices);
        return true;
      case T::CHAR:
        ConvertGroup<char>(ctx, seriesIndices);
        return true;
      case T::USHORT:
        ConvertGroup<unsigned short>(ctx, seriesIndices);
        return true;
      case T::SHORT:
        ConvertGroup<short>(ctx, seriesIndices);
        return true;
      case T::UINT:
        ConvertGroup<unsigned int>(ctx, seriesIndices);
        return true;
      case T::INT:
        ConvertGroup<int>(ctx, seriesIndices);
        return true;
      case T::FLOAT:
        ConvertGroup<float>(ctx, seriesIndices);
        return true;
      case T::DOUBLE:
        ConvertGroup<double>(ctx, seriesIndices);
        return true;
      default:
        return false;
    }
  }
  if (key.second == 3 && key.first == T::UCHAR)
  {
    ConvertGroup<itk::RGBPixel<unsigned char>>(ctx, seriesIndices);
    return true;
  }
  return false;
}

bool
WriteManifest(const ConvertContext & ctx, const std::string & fileName)
{
  const std::string temporary = fileName + ".partial";
  {
    std::ofstream os(temporary, std::ios::binary | std::ios::trunc);
    if (!os)
    {
      return false;
    }
    os << "index,study_instance_uid,series_instance_uid,series_identifier,series_number,series_description,modality,"
          "volume,path,size_x,size_y,size_z,spacing_x,spacing_y,spacing_z,pixel_type,files,status,error,"
          "output_width,output_height,output_frames\n";
    for (const ManifestRow & r : ctx.Rows)
    {
      const SummaryType & s = *r.Series->Summary;
      std::string         error = r.Error;
      if (!r.FailedFile.empty())
      {
        error = "file \"" + r.FailedFile + "\": " + error;
      }
      os << r.Series->Index << "," << CsvField(s.StudyInstanceUID) << "," << CsvField(s.SeriesInstanceUID) << ","
         << CsvField(r.Series->Identifier) << "," << CsvField(s.SeriesNumber) << "," << CsvField(s.SeriesDescription)
         << "," << CsvField(s.Modality) << "," << r.Volume << "," << CsvField(r.Ok ? r.Path : std::string()) << ","
         << r.Size[0] << "," << r.Size[1] << "," << r.Size[2] << "," << FormatDouble(r.Spacing[0]) << ","
         << FormatDouble(r.Spacing[1]) << "," << FormatDouble(r.Spacing[2]) << "," << CsvField(PixelTypeName(s)) << ","
         << r.Files << "," << (r.Ok ? "ok" : "failed") << "," << CsvField(r.Ok ? std::string() : error) << ","
         << r.OutputSize[0] << "," << r.OutputSize[1] << "," << r.OutputSize[2] << "\n";
    }
    if (!os.flush())
    {
      return false;
    }
  }
  itksys::SystemTools::RemoveFile(fileName);
  return std::rename(temporary.c_str(), fileName.c_str()) == 0;
}

int
RunConvert(const Options & o)
{
  ConvertContext ctx;
  ctx.Opts = o;
  ctx.Extension = "." + o.Format;
  ctx.BatchBudget = static_cast<double>(o.MaxMemoryMB) * 1024.0 * 1024.0 / 2.0;

  try
  {
    ctx.Scanner = Scan(o);
  }
  catch (const itk::ExceptionObject & e)
  {
    std::cerr << ProgramName << ": cannot scan \"" << o.InputDirectory << "\": " << e.GetDescription() << std::endl;
    return ExitFailure;
  }
  catch (const std::exception & e)
  {
    std::cerr << ProgramName << ": cannot scan \"" << o.InputDirectory << "\": " << e.what() << std::endl;
    return ExitFailure;
  }
  if (!itksys::SystemTools::MakeDirectory(o.OutputDirectory))
  {
    std::cerr << ProgramName << ": cannot create the output directory \"" << o.OutputDirectory << "\"" << std::endl;
    return ExitFailure;
  }
  ctx.Series = OrderSeries(ctx.Scanner);
  if (ctx.Series.empty())
  {
    std::cerr << ProgramName << ": warning: no DICOM series found in \"" << o.InputDirectory << "\""
              << (o.Recursive ? "" : " (use --recursive to scan sub-directories)") << std::endl;
  }

  // One manifest row per volume (one per series without volume), in output order.
  const size_t digits = std::max<size_t>(3, std::to_string(ctx.Series.size()).size());
  double       totalBytes = 0.0;
  for (const SeriesEntry & e : ctx.Series)
  {
    const SummaryType & s = *e.Summary;
    std::ostringstream  stem;
    stem << std::setw(static_cast<int>(digits)) << std::setfill('0') << e.Index << "_"
         << Sanitize(s.SeriesNumber, "x", 12) << "_" << Sanitize(s.SeriesDescription, "noname");
    const unsigned int volumes = std::max(1u, s.NumberOfVolumes);
    for (unsigned int v = 0; v < volumes; ++v)
    {
      ManifestRow r;
      r.Series = &e;
      r.Volume = v;
      r.Path = stem.str() + (s.NumberOfVolumes > 1 ? "_vol" + std::to_string(v) : std::string()) + ctx.Extension;
      r.Size[0] = s.Columns;
      r.Size[1] = s.Rows;
      r.Size[2] = s.NumberOfSlices;
      for (unsigned int d = 0; d < 3; ++d)
      {
        r.Spacing[d] = s.Spacing[d];
      }
      r.Files = s.NumberOfVolumes > 0 ? s.NumberOfFiles / s.NumberOfVolumes : s.NumberOfFiles;
      r.Bytes = VolumeBytes(s);
      totalBytes += r.Bytes;
      ctx.RowOfVolume[{ e.Identifier, v }] = ctx.Rows.size();
      ctx.Rows.push_back(r);
    }
  }

  const bool showProgress = PARALLELSERIES_ISATTY(2) != 0;
  ctx.Progress = std::make_unique<ProgressBar>(showProgress, totalBytes, ctx.Rows.size());
  // As many writer threads as reading threads: encoding (nii.gz, compressed NRRD, TIFF) is
  // CPU-bound and runs in parallel, mostly after or between the reads.
  // ITK 5.2 creates its global settings lazily and registers each one in a map without a lock
  // (itk::SingletonIndex): two threads that first touch two of them at once race. The TSan lane
  // caught two writer threads doing so (DataObject's global release-data flag, MetaImageIO's
  // default precision). Touch the ones the writer threads use here, before they start: the flags
  // and the output window, and every registered ImageIO (CreateImageIO constructs them all).
  itk::DataObject::GetGlobalReleaseDataFlag();
  itk::Object::GetGlobalWarningDisplay();
  itk::OutputWindow::GetInstance();
  itk::ImageIOFactory::CreateImageIO("parallel-series-warm-up.nrrd", itk::IOFileModeEnum::WriteMode);
  ctx.Writer = std::make_unique<WriterQueue>(o.Threads > 0 ? o.Threads
                                                           : itk::MultiThreaderBase::GetGlobalDefaultNumberOfThreads());
  ctx.Writer->Start();

  // Inconsistent series fail now; the others are grouped by native pixel type.
  std::map<GroupKey, std::vector<size_t>> groups;
  for (size_t i = 0; i < ctx.Series.size(); ++i)
  {
    const SummaryType & s = *ctx.Series[i].Summary;
    if (s.NumberOfVolumes == 0)
    {
      MarkFailed(ctx,
                 ctx.RowOfVolume.at({ ctx.Series[i].Identifier, 0u }),
                 "",
                 s.Error.empty() ? std::string("the series has no consistent volume") : s.Error);
      continue;
    }
    groups[{ s.ComponentType, s.SamplesPerPixel }].push_back(i);
  }
  for (const auto & g : groups)
  {
    if (!ConvertGroupOfType(ctx, g.first, g.second))
    {
      std::ostringstream msg;
      msg << "unsupported pixel type " << itk::ImageIOBase::GetComponentTypeAsString(g.first.first) << " with "
          << g.first.second << " samples per pixel (supported: scalar integer and floating-point types, "
          << "and RGB unsigned_char)";
      for (const size_t s : g.second)
      {
        for (unsigned int v = 0; v < ctx.Series[s].Summary->NumberOfVolumes; ++v)
        {
          MarkFailed(ctx, ctx.RowOfVolume.at({ ctx.Series[s].Identifier, v }), "", msg.str());
        }
      }
    }
  }
  ctx.Writer->Stop();
  ctx.Pending.clear();
  ctx.Progress->Finish();

  int               status = ExitOK;
  const std::string manifest = o.OutputDirectory + "/manifest.csv";
  if (!WriteManifest(ctx, manifest))
  {
    std::cerr << ProgramName << ": cannot write \"" << manifest << "\"" << std::endl;
    status = ExitFailure;
  }
  size_t failed = 0;
  for (const ManifestRow & r : ctx.Rows)
  {
    failed += r.Ok ? 0 : 1;
  }
  // Files that belong to no series (not DICOM, unreadable, damaged header, loops): not an error
  // by themselves, but said (as "scan" does).
  const auto & skipped = ctx.Scanner->GetSkippedFiles();
  if (!skipped.empty())
  {
    std::cerr << ProgramName << ": " << skipped.size() << " file(s) skipped (not part of any series):" << std::endl;
    const size_t shown = std::min<size_t>(skipped.size(), 20);
    for (size_t i = 0; i < shown; ++i)
    {
      std::cerr << "  skipped \"" << skipped[i].FileName << "\": " << skipped[i].Reason << std::endl;
    }
    if (shown < skipped.size())
    {
      std::cerr << "  ... and " << (skipped.size() - shown) << " more (\"scan --json\" lists all)" << std::endl;
    }
  }
  std::cerr << ProgramName << ": " << (ctx.Rows.size() - failed) << " of " << ctx.Rows.size() << " volumes of "
            << ctx.Series.size() << " series written to \"" << o.OutputDirectory << "\"" << std::endl;
  if (failed > 0)
  {
    std::cerr << ProgramName << ": " << failed << " volume(s) failed:" << std::endl;
    for (const ManifestRow & r : ctx.Rows)
    {
      if (r.Ok)
      {
        continue;
      }
      const SummaryType & s = *r.Series->Summary;
      std::cerr << "  series " << r.Series->Index << " \"" << s.SeriesDescription << "\" (number " << s.SeriesNumber
                << ", " << r.Series->Identifier << ")";
      if (s.NumberOfVolumes > 1)
      {
        std::cerr << " volume " << r.Volume;
      }
      std::cerr << ": ";
      if (!r.FailedFile.empty())
      {
        std::cerr << "file \"" << r.FailedFile << "\": ";
      }
      std::cerr << r.Error << std::endl;
    }
    status = ExitFailure;
  }
  return status;
}

void
RegisterOutputFactories()
{
#ifdef PARALLELSERIES_CLI_HAVE_NRRD
  itk::NrrdImageIOFactoryRegister__Private();
#endif
#ifdef PARALLELSERIES_CLI_HAVE_NIFTI
  itk::NiftiImageIOFactoryRegister__Private();
#endif
#ifdef PARALLELSERIES_CLI_HAVE_META
  itk::MetaImageIOFactoryRegister__Private();
#endif
}

bool
FormatAvailable(const std::string & format)
{
#ifdef PARALLELSERIES_CLI_HAVE_NRRD
  if (format == "nrrd")
  {
    return true;
  }
#endif
#ifdef PARALLELSERIES_CLI_HAVE_NIFTI
  if (format == "nii.gz" || format == "nii")
  {
    return true;
  }
#endif
#ifdef PARALLELSERIES_CLI_HAVE_META
  if (format == "mha")
  {
    return true;
  }
#endif
#ifdef PARALLELSERIES_CLI_HAVE_TIFF
  if (format == "tiff")
  {
    return true;
  }
#endif
  (void)format;
  return false;
}

} // namespace

int
main(int argc, char * argv[])
{
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty())
  {
    PrintUsage(std::cerr);
    return ExitUsage;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help")
  {
    PrintHelp();
    return ExitOK;
  }
  if (args[0] == "--version")
  {
    std::cout << ProgramName << " " << PARALLELSERIES_CLI_VERSION << " (ITK " << itk::Version::GetITKVersion() << ")"
              << std::endl;
    return ExitOK;
  }
  if (std::find(args.begin(), args.end(), "--help") != args.end())
  {
    PrintHelp();
    return ExitOK;
  }
  Options o;
  try
  {
    o = ParseCommandLine(args);
    if (o.Command == "convert" && !FormatAvailable(o.Format))
    {
      throw UsageError{ "format \"" + o.Format + "\" is not available in this build" };
    }
  }
  catch (const UsageError & e)
  {
    std::cerr << ProgramName << ": " << e.Message << "\n";
    PrintUsage(std::cerr);
    return ExitUsage;
  }

  if (o.Threads > 0)
  {
    itk::MultiThreaderBase::SetGlobalDefaultNumberOfThreads(o.Threads);
  }
  RegisterOutputFactories();
  try
  {
    return o.Command == "scan" ? RunScan(o) : RunConvert(o);
  }
  catch (const itk::ExceptionObject & e)
  {
    std::cerr << ProgramName << ": error: " << e.GetDescription() << std::endl;
  }
  catch (const std::exception & e)
  {
    std::cerr << ProgramName << ": error: " << e.what() << std::endl;
  }
  return ExitFailure;
}
