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

// The command line of parallel-series: option parsing, usage, help and version texts.

#include "ParallelSeriesCommandLine.h"
#include "ParallelSeriesVersion.h"

#include "itkMultiThreaderBase.h"
#include "itkVersion.h"

#include <algorithm>
#include <cstdlib>
#include <cmath>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

namespace ParallelSeriesApp
{
void
PrintUsage(std::ostream & os)
{
  os << "Usage:\n"
     << "  " << ProgramName << " scan DIR|--files-from FILE [input options] [--split-by LIST] [--json] [--threads N]\n"
     << "  " << ProgramName
     << " convert DIR|--files-from FILE OUTDIR [input options] [--split-by LIST] [--resume] "
        "[--stream|--stream-by-folder]\n"
     << "        [--no-sidecar] [--format nrrd|nii.gz|nii|mha|tiff] [--compress]\n"
     << "        [-z packbits|lzw|uncompressed|deflate]\n"
     << "        [--threads N] [--max-memory MB]\n"
     << "        [--values display|stored] [-w|--window C,W]\n"
     << "        [--crop] [--crop-max] [-n|--no-components|--components] [-b|--border-frac F]\n"
     << "        [--size W,H | --spacing x,y[,z]] [--resampling pillow|image-crate]\n"
     << "        [-f|--filter nearest|triangle|catmull-rom|gaussian|lanczos3|max-pool]\n"
     << "        [--padding top-left|bottom-right|center|zero] [--no-padding]\n"
     << "        [-v keep|central-slice|max-intensity|interpolate|laplacian-mip] [-t T] [--mip-weight W]\n"
     << "        [--skip-frames K] [--projection-mode parallel-beam|central-slice]\n"
     << "        [--geometry-correction off|extra|replace] [--per-file] [--layout flat|sop] [--strict]\n"
     << "  " << ProgramName << " preprocess SOURCE OUTPUT [convert options]   (convert as dicom-preprocessing)\n"
     << "  " << ProgramName << " --help | --version\n";
}

void
PrintHelp()
{
  std::cout << ProgramName << " " << ToolVersion
            << ": list or convert the DICOM series of a directory, in parallel.\n\n";
  PrintUsage(std::cout);
  std::cout << "\nCommands:\n"
            << "  scan      Print one line per series: identifier, series number, description, modality,\n"
            << "            number of files, size (columns x rows x slices, and the number of volumes when\n"
            << "            the series holds several), pixel type and spacing (mm). Only headers are read.\n"
            << "  convert   Write every volume of every series to OUTDIR in its native pixel type (no\n"
            << "            widening), as <index>_<series number>_<description>[_vol<k>].<ext> with a JSON\n"
            << "            sidecar, and write OUTDIR/manifest.csv with one row per volume (failed volumes\n"
            << "            included). Prints \"wrote <file>\" on stdout for each volume written.\n"
            << "  preprocess  convert with dicom-preprocessing 0.1.2's defaults: --per-file, --layout sop,\n"
            << "            --format tiff, no sidecar. SOURCE is a directory, a DICOM file or a .txt file\n"
            << "            with one path a line (also for scan and convert); with one file as SOURCE and\n"
            << "            OUTPUT not an existing directory, OUTPUT is the output file (no manifest\n"
            << "            unless --manifest)\n"
            << "\nOptions:\n"
            << "\nInput options:\n"
            << "  --no-recursive   scan DIR only, not its sub-directories (they are scanned by default;\n"
            << "                   --recursive is accepted)\n"
            << "  --max-depth N    scan sub-directories down to N levels below DIR (0: DIR only)\n"
            << "  --files-from FILE  scan the files listed in FILE, one path a line, instead of a\n"
            << "                   directory (\"-\": standard input); DIR is then not given\n"
            << "  --series LIST    only these series: series identifiers (as scan lists them) or\n"
            << "                   SeriesInstanceUIDs (all the series split from it), comma-separated\n"
            << "                   or repeated; an unknown one is an error\n"
            << "  --ignore-derived skip derived images (ImageType DERIVED), as dcm2niix -i y\n"
            << "  --ignore-localizers  skip localizers as dcm2niix -i y tells them (ImageType LOCALIZER,\n"
            << "                   Siemens localizer sequences and AAHScout, GE 3-plane, a series whose\n"
            << "                   orientation varies); skipped files are listed with the reason\n"
            << "\nOther options:\n"
            << "  --resume         (convert) keep the volumes already in OUTDIR under their final name\n"
            << "                   (with their sidecar) from an interrupted run with the same options,\n"
            << "                   and convert the rest; manifest.csv lists all\n"
            << "  --stream         (convert) read and write each series as soon as all its files are\n"
            << "                   scanned, while the scan goes on (a first pass reads every file's\n"
            << "                   SeriesInstanceUID; then series by series, the smallest first);\n"
            << "                   outputs are numbered in the order of completion, manifest.csv is\n"
            << "                   written at the end in the usual order; no progress bar\n"
            << "  --stream-by-folder  (convert) as --stream, without the first pass: a series is\n"
            << "                   complete once every folder it uses is scanned (a folder must hold\n"
            << "                   whole series, as PACS exports: a later file of a series already\n"
            << "                   converted is skipped and reported)\n"
            << "  --no-sidecar     (convert) no JSON sidecar (<volume>.json: BIDS names of the\n"
            << "                   acquisition attributes, written by default as dcm2niix -b y)\n"
            << "  --manifest FILE  (convert) write the manifest to FILE instead of OUTDIR/manifest.csv\n"
            << "  --series-index K/N  (convert) number the first series converted K (the next K+1, ...)\n"
            << "                   with the digits of N series: the names those series get in a\n"
            << "                   conversion of N series (for batch systems that convert series apart)\n"
            << "  --split-by LIST  what splits the files of one series into separate series (stacks),\n"
            << "                   comma-separated: size, orientation, series-number (the default: a\n"
            << "                   tri-planar localizer is three series, a dose report of another size\n"
            << "                   its own), echo, acquisition, image-type; or none. Split series are\n"
            << "                   named <identifier>.<what differs>, e.g. 1.2.3.ax, 1.2.3.e2\n"
            << "  --json           (scan) print a JSON object {\"series\": [...], \"skipped_files\": [...]}\n"
            << "  --format F       (convert) output format: nrrd (default), nii.gz, nii, mha or tiff\n"
            << "                   (multi-page TIFF, one page per slice in z order; see below)\n"
            << "  --compress       (convert) compress NRRD/MetaImage output (nii.gz is always compressed),\n"
            << "                   Deflate for TIFF (-z deflate)\n"
            << "  -z, --compressor C  (convert, tiff) TIFF compression: packbits (PackBits, one row a\n"
            << "                   strip; the default of dicom-preprocessing), lzw, uncompressed (default)\n"
            << "                   or deflate (not in dicom-preprocessing; its tiff crate reads it)\n"
            << "  --gzip-single-member  (convert, nii.gz) write each file as one gzip member with zlib\n"
            << "                   (slower) instead of 4 MiB members with libdeflate, for decoders that\n"
            << "                   read only the first member of a .gz file\n"
            << "  --threads N      number of threads (ITK's default number of threads otherwise)\n"
            << "  --max-memory MB  (convert) limit of decoded image memory, volumes being read and volumes\n"
            << "                   waiting to be written together; series are read in batches of at most\n"
            << "                   MB/2, each volume freed once written (default: 2 x the largest volume,\n"
            << "                   at least 64 MB)\n"
            << "  --geometry-correction M  (convert) gantry tilt and variable slice distance (the\n"
            << "                   volume's true slice positions are not on the orthogonal, uniform grid\n"
            << "                   the volume as read has): extra (default, as dcm2niix): also write the\n"
            << "                   volume resampled onto an orthogonal grid of equidistant slices covering\n"
            << "                   every slice, as <name>_Tilt, <name>_Eq or <name>_Tilt_Eq; replace: write\n"
            << "                   only the corrected volume, under the volume's name; off: only the volume\n"
            << "                   as read (stock ITK's geometry). The manifest's geometry_correction column\n"
            << "                   says which output is which (none, tilt, equidistant, tilt+equidistant)\n"
            << "  --per-file       (convert) every input file is its own output (a multi-frame file: its\n"
            << "                   frames), not stacked into volumes, as dicom-preprocessing\n"
            << "  --layout L       (convert) flat (default): names as above; sop:\n"
            << "                   OUTDIR/<StudyInstanceUID>/<SeriesInstanceUID>/<SOPInstanceUID>.<ext>, as\n"
            << "                   dicom-preprocessing (no SeriesInstanceUID: directory \"series\"; no Study or\n"
            << "                   SOP Instance UID: that output fails); without --per-file the SOP UID is\n"
            << "                   the volume's first instance's (_vol<k> added when volumes share it)\n"
            << "  --strict         (convert) stop at the first output that fails (exit 1, naming it);\n"
            << "                   without it the others are written and the failures reported\n"
            << "  --sidecar        (convert) write the JSON sidecars (preprocess writes none by default)\n"
            << "  --help           print this help\n"
            << "  --version        print the version\n"
            << "\nPreprocessing (convert; as dicom-preprocessing; any output format), in this order:\n"
            << "  --values V       stored: the decoded values in the DICOM's pixel type (default of convert);\n"
            << "                   display: dicom-preprocessing's display values, 8/16-bit unsigned: rescale,\n"
            << "                   then the file's VOI LUT, else its window (VOILUTFunction), else a min-max\n"
            << "                   stretch per frame; 0..255 (BitsStored <= 8) or 0..65535, truncated;\n"
            << "                   MONOCHROME1 inverted; RGB unchanged. Before crop/resize/pad\n"
            << "  -w, --window C,W (with --values display) this window instead of the file's VOI LUT/window\n"
            << "                   (the file's VOILUTFunction still applies; negative numbers allowed)\n"
            << "  -v, --volume-handler V  (also --volume) keep: all slices/frames (default); central-slice\n"
            << "                   (alias central): the slice n/2; max-intensity (alias mip): maximum\n"
            << "                   intensity projection along z; interpolate: T slices linearly interpolated\n"
            << "                   (as dicom-preprocessing, truncated); laplacian-mip: one 16-bit synthetic\n"
            << "                   2D view of a DBT stack (Laplacian-pyramid MIP fusion, Garrett et al. 2018;\n"
            << "                   16-bit unsigned images only)\n"
            << "  -t, --target-frames T  (interpolate) output slices, >= 1 (default 32); needs -v\n"
            << "  --mip-weight W   (laplacian-mip) weight of the MIP's details (default 1.5)\n"
            << "  --skip-frames K  (laplacian-mip) frames dropped at each end (default 5); a volume with\n"
            << "                   n <= 2 K frames fails\n"
            << "  --projection-mode M  (laplacian-mip) parallel-beam (default: normalised sum) or\n"
            << "                   central-slice (frame n/2); another word warns and means central-slice\n"
            << "  --crop           crop every slice alike to the bounding box of the non-zero pixels\n"
            << "  --crop-max       like --crop, the pixel type's maximum being background too\n"
            << "  --size W,H       resize keeping the aspect ratio to fit W x H, then pad to exactly W x H\n"
            << "                   with 0 (also WxH)\n"
            << "  -n, --no-components  with --crop: the bounding box of all foreground (convert's default)\n"
            << "  --components     with --crop: the largest 4-connected component of an 8-bit thumbnail\n"
            << "                   (dicom-preprocessing's -c; preprocess's default)\n"
            << "  -b, --border-frac F  with --crop: ignore a border of F (0.0 to 0.5) of width/height when\n"
            << "                   searching the crop, then grow the crop by it\n"
            << "  --spacing x,y[,z]  resize to this pixel spacing (mm, from PixelSpacing); never pads;\n"
            << "                   conflicts with --size (z: frame resampling of multi-frame files)\n"
            << "  -f, --filter F   resize kernel: nearest, triangle (default), catmull-rom, gaussian,\n"
            << "                   lanczos3, max-pool (block maximum; 16-bit values quantised to 8 bits)\n"
            << "  --resampling R   pillow (convert's default) or image-crate (dicom-preprocessing's\n"
            << "                   arithmetic; preprocess's default)\n"
            << "  --no-padding     with --size: resize only, no padding\n"
            << "  --padding P      (with --size) where the padding goes: top-left, bottom-right, center, or\n"
            << "                   zero (default: per axis, the side whose edge holds more zero pixels)\n"
            << "  RGB volumes: each channel alike; a pixel is background (crop) or zero (padding) when its\n"
            << "  three channels are (all 255 too with --crop-max).\n"
            << "  The manifest's size/spacing columns describe the DICOM volume, output_width,\n"
            << "  output_height and output_frames the written image.\n"
            << "\nTIFF output (--format tiff): pixel types as in the DICOM files (8/16/32-bit integers with\n"
            << "SampleFormat UINT or INT, float/double IEEEFP, grayscale MinIsBlack or RGB 8-bit), and on\n"
            << "every page the tags of dicom-preprocessing 0.1.2, each only when its step ran (x first):\n"
            << "  297   PageNumber        SHORT[2] (0, number of pages); always\n"
            << "  282/283/296 X/YResolution RATIONAL trunc(10 / spacing x DefaultScale) / 1 pixels per cm,\n"
            << "                                   the file's PixelSpacing (or ImagerPixelSpacing); 1/1 and no\n"
            << "                                   unit when the file has none; always\n"
            << "  305   Software          ASCII    parallel-series <version>; always\n"
            << "  50718 DefaultScale      FLOAT[2] (sx, sy): resized size / crop size (--size)\n"
            << "  50719 DefaultCropOrigin LONG[2]  CENTRE of the crop box (left + w/2, top + h/2), integer\n"
            << "                                   division (--crop, --crop-max)\n"
            << "  50720 DefaultCropSize   LONG[2]  (w, h) of the crop box (--crop, --crop-max)\n"
            << "  50829 ActiveArea        LONG[4]  the padding (left, top, right, bottom), in output pixels\n"
            << "                                   (--size, even when all 0)\n"
            << "  65000 (private)         LONG[4]  (width, height, flip x, flip y) before a DBT flip\n"
            << "  An output pixel (x, y) maps to the frame's pixel (a missing tag is the identity)\n"
            << "    ((x - left + 0.5) / sx - 0.5 + cx - w/2, (y - top + 0.5) / sy - 0.5 + cy - h/2).\n"
            << "\nExit status: 0 on success; 1 when a series or volume could not be converted (a summary\n"
            << "naming the series and the file is printed on stderr) or the directory cannot be scanned;\n"
            << "2 for usage errors.\n";
}

void
PrintVersion()
{
  std::cout << ProgramName << " " << ToolVersion << " (ITK " << itk::Version::GetITKVersion() << ")" << std::endl;
}

namespace
{
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

bool
ParseFiniteDouble(const std::string & text, double & value)
{
  if (text.empty())
  {
    return false;
  }
  size_t used = 0;
  try
  {
    value = std::stod(text, &used);
  }
  catch (const std::exception &)
  {
    return false;
  }
  return used == text.size() && std::isfinite(value);
}
} // namespace

void
ApplyPreprocessDefaults(Options & o)
{
  // dicom-preprocessing 0.1.2 (docs/dicom-preprocessing.md): every file is its own output,
  // OUTPUT/<study>/<series>/<sop>.tiff, TIFF only, no sidecar; display values (VOI LUT / window /
  // min-max, MONOCHROME1 inverted); -c is the largest connected component (crop.rs), resize is the
  // image crate's (resize.rs), padding `zero` is judged on the first frame's 8-bit luma (pad.rs).
  // PackBits (-z's default) is set after parsing (ParseCommandLine), as --compress may ask for Deflate.
  o.PerFile = true;
  o.Layout = "sop";
  o.Format = "tiff";
  o.Sidecar = false;
  o.Values = "display";
  o.CropComponents = true;
  o.Resampling = itk::DicomPreprocessingEnums::ResizeConvention::ImageCrate;
  o.PeerZeroRule = true;
  o.DbtFlip = true;
  o.PeerFrameOrder = true;
  o.PeerSpacingParse = true;
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
  if (o.Command != "scan" && o.Command != "convert" && o.Command != "preprocess")
  {
    throw UsageError{ "unknown command \"" + o.Command + "\"" };
  }
  if (o.Command == "preprocess")
  {
    ApplyPreprocessDefaults(o);
  }
  const bool               converts = o.Command != "scan";
  std::vector<std::string> positional;
  bool                     formatGiven = false;
  bool                     sidecarGiven = false;
  bool                     convertOnlyGiven = false; ///< --per-file, --layout, --strict
  bool                     targetFramesGiven = false;
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
    else if (arg == "--no-recursive")
    {
      noValue();
      o.Recursive = false;
    }
    else if (arg == "--max-depth")
    {
      const std::string t = takeValue();
      unsigned long     n = 0;
      if (!ParseUnsigned(t, n) || n > 1000)
      {
        throw UsageError{ "--max-depth needs a number of directory levels (0 to 1000), got \"" + t + "\"" };
      }
      o.MaxDepth = static_cast<int>(n);
    }
    else if (arg == "--files-from")
    {
      o.FilesFrom = takeValue();
      if (o.FilesFrom.empty())
      {
        throw UsageError{ "--files-from needs a file name (or - for standard input)" };
      }
    }
    else if (arg == "--series")
    {
      const std::string list = takeValue();
      size_t            begin = 0;
      while (begin <= list.size())
      {
        const size_t end = std::min(list.find(',', begin), list.size());
        std::string  item = list.substr(begin, end - begin);
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (!item.empty())
        {
          o.SeriesSelection.push_back(item);
        }
        begin = end + 1;
      }
      if (o.SeriesSelection.empty())
      {
        throw UsageError{ "--series needs one or more series identifiers or SeriesInstanceUIDs" };
      }
    }
    else if (arg == "--ignore-derived")
    {
      noValue();
      o.IgnoreDerived = true;
    }
    else if (arg == "--ignore-localizers")
    {
      noValue();
      o.IgnoreLocalizers = true;
    }
    else if (arg == "--resume")
    {
      noValue();
      o.Resume = true;
    }
    else if (arg == "--stream" || arg == "--stream-by-folder")
    {
      noValue();
      o.Stream = true;
      o.StreamByFolder = arg == "--stream-by-folder";
    }
    else if (arg == "--manifest")
    {
      o.ManifestPath = takeValue();
      if (o.ManifestPath.empty())
      {
        throw UsageError{ "--manifest needs a file name" };
      }
    }
    else if (arg == "--series-index")
    {
      const std::string t = takeValue();
      const size_t      slash = t.find('/');
      unsigned long     first = 0;
      unsigned long     count = 0;
      if (slash == std::string::npos || !ParseUnsigned(t.substr(0, slash), first) ||
          !ParseUnsigned(t.substr(slash + 1), count) || first < 1 || count < first || count > 100000000)
      {
        throw UsageError{ "--series-index needs K/N with 1 <= K <= N, got \"" + t + "\"" };
      }
      o.SeriesIndexFirst = static_cast<unsigned int>(first);
      o.SeriesIndexCount = static_cast<unsigned int>(count);
    }
    else if (arg == "--no-sidecar" || arg == "--sidecar")
    {
      noValue();
      o.Sidecar = arg == "--sidecar";
      sidecarGiven = true;
    }
    else if (arg == "--per-file" || arg == "--strict")
    {
      noValue();
      (arg == "--strict" ? o.Strict : o.PerFile) = true;
      convertOnlyGiven = true;
    }
    else if (arg == "--layout")
    {
      o.Layout = takeValue();
      if (o.Layout != "flat" && o.Layout != "sop")
      {
        throw UsageError{ "unknown --layout \"" + o.Layout + "\" (use flat or sop)" };
      }
      convertOnlyGiven = true;
    }
    else if (arg == "--split-by")
    {
      const std::pair<const char *, bool Options::*> names[] = { { "size", &Options::SplitBySize },
                                                                 { "orientation", &Options::SplitByOrientation },
                                                                 { "series-number", &Options::SplitBySeriesNumber },
                                                                 { "echo", &Options::SplitByEcho },
                                                                 { "acquisition", &Options::SplitByAcquisition },
                                                                 { "image-type", &Options::SplitByImageType } };
      const std::string                              list = takeValue();
      for (const auto & n : names)
      {
        o.*(n.second) = false;
      }
      size_t begin = 0;
      while (begin <= list.size())
      {
        const size_t      end = std::min(list.find(',', begin), list.size());
        const std::string item = list.substr(begin, end - begin);
        const auto        known =
          std::find_if(std::begin(names), std::end(names), [&item](const auto & n) { return item == n.first; });
        if (known != std::end(names))
        {
          o.*(known->second) = true;
        }
        else if (item != "none" || list != "none")
        {
          throw UsageError{ "--split-by: \"" + item +
                            "\" is not one of size, orientation, series-number, echo, acquisition, image-type, none" };
        }
        begin = end + 1;
      }
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
    else if (arg == "--compressor" || arg == "-z")
    {
      const std::string t = takeValue();
      if (t != "packbits" && t != "lzw" && t != "uncompressed" && t != "deflate")
      {
        throw UsageError{ "unknown --compressor \"" + t + "\" (use packbits, lzw, uncompressed or deflate)" };
      }
      o.Compressor = t;
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
    else if (arg == "--crop" || arg == "-c")
    {
      noValue();
      o.Crop = true;
      o.PreprocessingGiven = true;
    }
    else if (arg == "--values")
    {
      const std::string t = takeValue();
      if (t != "display" && t != "stored")
      {
        throw UsageError{ "unknown --values \"" + t + "\" (use display or stored)" };
      }
      o.Values = t;
      o.PreprocessingGiven = true;
    }
    else if (arg == "--window" || arg == "-w")
    {
      // dicom-preprocessing main.rs:Args::window: "C,W", two f64 (negative numbers allowed).
      const std::string t = takeValue();
      const size_t      comma = t.find(',');
      auto              number = [](const std::string & text, double & v) {
        if (text.empty() || text.find_first_of(" \t") != std::string::npos)
        {
          return false;
        }
        char * end = nullptr;
        v = std::strtod(text.c_str(), &end);
        return end == text.c_str() + text.size();
      };
      if (comma == std::string::npos || t.find(',', comma + 1) != std::string::npos ||
          !number(t.substr(0, comma), o.WindowCenter) || !number(t.substr(comma + 1), o.WindowWidth))
      {
        throw UsageError{ "--window needs C,W (window centre and width, two numbers), got \"" + t + "\"" };
      }
      o.WindowGiven = true;
      o.PreprocessingGiven = true;
    }
    else if (arg == "--crop-max" || arg == "-m")
    {
      noValue();
      o.Crop = true;
      o.CropMax = true;
      o.PreprocessingGiven = true;
    }
    else if (arg == "--size" || arg == "-s")
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
    else if (arg == "--no-components" || arg == "-n")
    {
      noValue();
      o.CropComponents = false;
      o.PreprocessingGiven = true;
    }
    else if (arg == "--components")
    {
      noValue();
      o.CropComponents = true;
      o.PreprocessingGiven = true;
    }
    else if (arg == "--border-frac" || arg == "-b")
    {
      const std::string t = takeValue();
      double            b = 0.0;
      if (!ParseFiniteDouble(t, b) || b < 0.0 || b > 0.5)
      {
        throw UsageError{ "--border-frac needs a number from 0.0 to 0.5, got \"" + t + "\"" };
      }
      o.BorderFraction = b;
      o.PreprocessingGiven = true;
    }
    else if (arg == "--spacing")
    {
      const std::string   t = takeValue();
      std::vector<double> values;
      size_t              start = 0;
      bool                ok = true;
      while (ok)
      {
        const size_t comma = t.find(',', start);
        double       v = 0.0;
        ok = ParseFiniteDouble(t.substr(start, comma == std::string::npos ? std::string::npos : comma - start), v) &&
             v > 0.0;
        values.push_back(v);
        if (comma == std::string::npos)
        {
          break;
        }
        start = comma + 1;
      }
      if (!ok || values.size() < 2 || values.size() > 3)
      {
        throw UsageError{ "--spacing needs x,y or x,y,z (mm, each a finite number > 0), got \"" + t + "\"" };
      }
      for (size_t d = 0; d < values.size(); ++d)
      {
        o.TargetSpacing[d] = values[d];
      }
      o.PreprocessingGiven = true;
    }
    else if (arg == "--no-padding")
    {
      noValue();
      o.NoPadding = true;
      o.PreprocessingGiven = true;
    }
    else if (arg == "--resampling")
    {
      const std::string t = takeValue();
      if (t == "pillow")
      {
        o.Resampling = itk::DicomPreprocessingEnums::ResizeConvention::Pillow;
      }
      else if (t == "image-crate")
      {
        o.Resampling = itk::DicomPreprocessingEnums::ResizeConvention::ImageCrate;
      }
      else
      {
        throw UsageError{ "unknown --resampling \"" + t + "\" (use pillow or image-crate)" };
      }
      o.PreprocessingGiven = true;
    }
    else if (arg == "--filter" || arg == "-f")
    {
      using K = itk::DicomPreprocessingEnums::ResizeKernel;
      const std::string                            t = takeValue();
      const std::vector<std::pair<std::string, K>> names = {
        { "nearest", K::Nearest },   { "triangle", K::Triangle }, { "catmull-rom", K::CatmullRom },
        { "gaussian", K::Gaussian }, { "lanczos3", K::Lanczos3 }, { "max-pool", K::MaxPool }
      };
      const auto it = std::find_if(names.begin(), names.end(), [&t](const auto & n) { return n.first == t; });
      if (it == names.end())
      {
        throw UsageError{ "unknown --filter \"" + t +
                          "\" (use nearest, triangle, catmull-rom, gaussian, lanczos3 or max-pool)" };
      }
      o.Kernel = it->second;
      o.PreprocessingGiven = true;
    }
    else if (arg == "--padding" || arg == "-p")
    {
      using P = itk::DicomPreprocessingEnums::PadDirection;
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
    else if (arg == "--volume" || arg == "--volume-handler" || arg == "-v")
    {
      // dicom-preprocessing's names (main.rs:Args::volume_handler), ours (--volume central|mip) as aliases.
      using V = itk::DicomPreprocessingEnums::VolumeHandling;
      const std::string                            t = takeValue();
      const std::vector<std::pair<std::string, V>> names = { { "keep", V::Keep },
                                                             { "central-slice", V::Central },
                                                             { "max-intensity", V::MaximumIntensityProjection },
                                                             { "interpolate", V::Interpolate },
                                                             { "laplacian-mip", V::LaplacianMip },
                                                             { "central", V::Central },
                                                             { "mip", V::MaximumIntensityProjection } };
      const auto it = std::find_if(names.begin(), names.end(), [&t](const auto & n) { return n.first == t; });
      if (it == names.end())
      {
        throw UsageError{ "unknown " + arg + " \"" + t +
                          "\" (use keep, central-slice, max-intensity, interpolate or laplacian-mip; "
                          "central and mip are aliases)" };
      }
      o.Volume = it->second;
      o.VolumeGiven = true;
      o.PreprocessingGiven = true;
    }
    else if (arg == "--target-frames" || arg == "-t")
    {
      const std::string t = takeValue();
      unsigned long     n = 0;
      if (!ParseUnsigned(t, n) || n < 1 || n > 4294967295ul)
      {
        throw UsageError{ "--target-frames needs a number of frames >= 1, got \"" + t + "\"" };
      }
      o.TargetFrames = n;
      targetFramesGiven = true;
    }
    else if (arg == "--mip-weight")
    {
      const std::string t = takeValue();
      char *            end = nullptr;
      const float       w = std::strtof(t.c_str(), &end);
      if (t.empty() || end != t.c_str() + t.size())
      {
        throw UsageError{ "--mip-weight needs a number, got \"" + t + "\"" };
      }
      o.MipWeight = w;
    }
    else if (arg == "--skip-frames")
    {
      const std::string t = takeValue();
      unsigned long     n = 0;
      if (!ParseUnsigned(t, n) || n > 4294967295ul)
      {
        throw UsageError{ "--skip-frames needs a number of frames, got \"" + t + "\"" };
      }
      o.SkipFrames = n;
    }
    else if (arg == "--projection-mode")
    {
      // main.rs:parse_projection_mode: an unknown word warns and means central-slice.
      const std::string t = takeValue();
      using M = itk::DicomPreprocessingEnums::ProjectionMode;
      if (t == "parallel-beam")
      {
        o.ProjectionMode = M::ParallelBeam;
      }
      else
      {
        if (t != "central-slice")
        {
          std::cerr << "Unknown projection mode '" << t
                    << "', using central-slice. Valid options: central-slice, parallel-beam" << std::endl;
        }
        o.ProjectionMode = M::CentralSlice;
      }
    }
    else if (arg == "--geometry-correction")
    {
      const std::string t = takeValue();
      if (t != "off" && t != "extra" && t != "replace")
      {
        throw UsageError{ "unknown --geometry-correction \"" + t + "\" (use off, extra or replace)" };
      }
      o.GeometryCorrection = t;
      o.GeometryCorrectionGiven = true;
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
  const bool   fromList = !o.FilesFrom.empty();
  const size_t expected = (converts ? 2 : 1) - (fromList ? 1 : 0);
  if (positional.size() != expected)
  {
    const std::string what = o.Command == "scan" ? (fromList ? "no DIR with --files-from" : "DIR")
                                                 : (fromList ? "OUTDIR (and no DIR with --files-from)" : "DIR OUTDIR");
    throw UsageError{ o.Command + " expects " + what + ", got " + std::to_string(positional.size()) + " argument(s)" };
  }
  if (!fromList)
  {
    o.InputDirectory = positional[0];
  }
  if (converts)
  {
    o.OutputDirectory = positional.back();
  }
  if (!converts && (o.Resume || o.Stream || sidecarGiven || !o.ManifestPath.empty() || o.SeriesIndexFirst > 0))
  {
    throw UsageError{
      "--resume, --stream, --no-sidecar, --sidecar, --manifest and --series-index only apply to convert"
    };
  }
  if (o.Stream && (o.Resume || o.SeriesIndexFirst > 0 || !o.SeriesSelection.empty()))
  {
    // Streaming numbers the outputs in the order of completion, which the whole input decides.
    throw UsageError{ "--stream cannot be combined with --resume, --series-index or --series (they need the "
                      "series of the whole input before the first output is named)" };
  }
  if (!converts && (formatGiven || o.Compress || !o.Compressor.empty() || o.GzipSingleMember || o.PreprocessingGiven ||
                    o.GeometryCorrectionGiven || convertOnlyGiven))
  {
    throw UsageError{ "--format, --compress, --compressor, --gzip-single-member, --geometry-correction, --per-file, "
                      "--layout, --strict and the preprocessing options only apply to convert" };
  }
  if (o.Command == "preprocess" && o.Compressor.empty() && !o.Compress)
  {
    o.Compressor = "packbits"; // dicom-preprocessing's -z default
  }
  if (!o.Compressor.empty() && o.Format != "tiff")
  {
    throw UsageError{ "--compressor only applies to --format tiff" };
  }
  if (o.Compress && !o.Compressor.empty() && o.Compressor != "deflate")
  {
    throw UsageError{ "--compress is --compressor deflate for TIFF; it cannot be combined with --compressor " +
                      o.Compressor };
  }
  if (o.WindowGiven && o.Values != "display")
  {
    throw UsageError{ "--window only applies to --values display" };
  }
  if (targetFramesGiven && !o.VolumeGiven)
  {
    // dicom-preprocessing's clap rule (main.rs:Args::target_frames, requires = "volume_handler").
    throw UsageError{ "--target-frames needs an explicit --volume-handler (e.g. -v interpolate)" };
  }
  if (o.TargetSize[0] > 0 && o.TargetSpacing[0] > 0.0)
  {
    throw UsageError{ "--size and --spacing cannot be used together" };
  }
  if (o.GzipSingleMember && o.Format != "nii.gz")
  {
    throw UsageError{ "--gzip-single-member only applies to --format nii.gz" };
  }
  if (converts && o.Json)
  {
    throw UsageError{ "--json only applies to scan" };
  }
  return o;
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
} // namespace ParallelSeriesApp
