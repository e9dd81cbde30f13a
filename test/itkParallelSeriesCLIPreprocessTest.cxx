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

// The preprocessing options of parallel-series convert (--crop, --crop-max, --size, --filter,
// --padding, --volume) and its TIFF output:
//
//   itkParallelSeriesCLIPreprocessTest --generate-foreground DIR
//       Writes 3 series (unsigned short, short, unsigned char with a frame of 255) with a zero
//       background, a foreground rectangle and a bright block (itkParallelSeriesForegroundDirectory.h).
//   itkParallelSeriesCLIPreprocessTest [--recursive] [--expect-volumes N] [OPTIONS...] OUTDIR SRCDIR
//       Checks what "parallel-series convert SRCDIR OUTDIR OPTIONS..." wrote
//       (itkParallelSeriesCLIConversionCheck.h), OPTIONS being the conversion's: the reference is
//       stock ITK's volume through itk::DicomPreprocessingImageFilter with the same preprocessing settings
//       (RGB: PreprocessRGBReference), pixels must be equal. TIFF files (.tiff) are read with
//       libtiff: page layout and pixels, the preprocessing tags on every page (values, on-disk
//       types, their coordinate mapping against MapOutputIndexToInputIndex) and, for the series of
//       --generate-foreground, that the bright block's centre maps through the tags into the block;
//       the container: Compression (-z/--compressor, --compress: Deflate), RowsPerStrip,
//       X/YResolution, Software, the transform tags present only for the steps run, no tag 65000.
//       PackBits/LZW/Deflate pages are decoded by libtiff and compared with the reference pixels.
//       --max-memory and --threads do not change the pixels. Every failed row is an error.

#include "itkParallelSeriesCLIConversionCheck.h"
#include "itkParallelSeriesForegroundDirectory.h"

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

int
itkParallelSeriesCLIPreprocessTest(int argc, char * argv[])
{
  using namespace ParallelSeriesCLITest;
  const std::vector<std::string> args(argv + 1, argv + argc);
  try
  {
    if (args.size() == 2 && args[0] == "--generate-foreground")
    {
      GenerateForegroundDirectory(args[1]);
      std::cout << "foreground series written to " << args[1] << std::endl;
      return EXIT_SUCCESS;
    }
    ConversionCheck check;
    if (!check.Parse(
          args,
          [&check](const std::vector<std::string> & a, size_t & i) {
            if (check.Settings.Parse(a, i))
            {
              return true;
            }
            if (a[i] == "--compress")
            {
              ExpectedTIFF().Compression = 8; // Deflate
              return true;
            }
            if ((a[i] == "-z" || a[i] == "--compressor") && i + 1 < a.size())
            {
              const std::string c = a[++i];
              ExpectedTIFF().Compression = c == "packbits" ? 32773 : c == "lzw" ? 5 : c == "deflate" ? 8 : 1;
              return true;
            }
            if ((a[i] == "--max-memory" || a[i] == "--threads") && i + 1 < a.size())
            {
              ++i;
              return true;
            }
            return false;
          },
          std::string(argv[0]) + " --generate-foreground DIR\n       " + argv[0] +
            " [--recursive] [--expect-volumes N] [conversion options...] OUTDIR SRCDIR"))
    {
      return EXIT_FAILURE;
    }
    ExpectedTIFF().Crop = check.Settings.Crop;
    ExpectedTIFF().Resize = check.Settings.TargetSize[0] > 0;
    const ConversionResult result = CheckConversion(check, RejectFailure);
    return result.Ok ? EXIT_SUCCESS : EXIT_FAILURE;
  }
  catch (const std::exception & e)
  {
    std::cerr << "error: " << e.what() << std::endl;
  }
  return EXIT_FAILURE;
}
