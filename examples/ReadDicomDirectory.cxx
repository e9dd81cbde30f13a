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

// Reads every series of a DICOM directory and writes one file per volume:
//
//   ParallelSeriesReadDicomDirectory DICOM_DIR OUTPUT_DIR [EXTENSION]
//
// itk::ParallelGDCMSeriesFileNames scans the directory once (headers only, in parallel); one
// itk::ParallelSeriesReader then decodes every volume of every series in parallel. All volumes
// are read as float here (one reader for everything); the parallel-series tool
// (apps/parallel-series) keeps each series' native pixel type instead. OUTPUT_DIR receives
// volume<n>.<EXTENSION> (default nrrd). Exit status: 0 when every volume was written.

#include "itkImageFileWriter.h"
#include "itkParallelGDCMSeriesFileNames.h"
#include "itkParallelSeriesReader.h"
#include "itksys/SystemTools.hxx"

#include <cstdlib>
#include <iostream>
#include <string>

int
main(int argc, char * argv[])
{
  if (argc < 3)
  {
    std::cerr << "Usage: " << argv[0] << " DICOM_DIR OUTPUT_DIR [EXTENSION]" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string directory = argv[1];
  const std::string output = argv[2];
  const std::string extension = argc > 3 ? argv[3] : "nrrd";
  using ImageType = itk::Image<float, 3>;

  try
  {
    auto scanner = itk::ParallelGDCMSeriesFileNames::New();
    scanner->SetInputDirectory(directory);
    scanner->SetRecursive(true);
    scanner->Update();                                // one parallel header-only pass
    for (const auto & uid : scanner->GetSeriesUIDs()) // const and thread-safe from here on
    {
      const auto s = scanner->GetSeriesSummary(uid); // rows, columns, spacing, ... no pixels read
      std::cout << uid << " " << s.GetModality() << " " << s.GetColumns() << "x" << s.GetRows() << "x"
                << s.GetNumberOfSlices() << "\n";
    }

    auto reader = itk::ParallelSeriesReader<ImageType>::New();
    reader->SetFileNamesSource(scanner); // or reader->SetInputDirectory(directory)
    reader->Update();                    // every volume of every series, in parallel

    itksys::SystemTools::MakeDirectory(output);
    unsigned int written = 0;
    for (unsigned int v = 0; v < reader->GetNumberOfVolumes(); ++v)
    {
      const auto info = reader->GetVolumeInfo(v); // series, volume, files, failure
      if (info.GetFailed())
      {
        std::cerr << info.GetSeriesIdentifier() << ": " << info.GetFailedFile() << ": " << info.GetFailureReason()
                  << "\n";
        continue;
      }
      itk::WriteImage(reader->GetOutput(v), output + "/volume" + std::to_string(v) + "." + extension);
      ++written;
    }
    std::cout << written << " of " << reader->GetNumberOfVolumes() << " volumes written to " << output << std::endl;
    return written > 0 && written == reader->GetNumberOfVolumes() ? EXIT_SUCCESS : EXIT_FAILURE;
  }
  catch (const itk::ExceptionObject & e)
  {
    std::cerr << "Error: " << e << std::endl;
    return EXIT_FAILURE;
  }
}
