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

// parallel-series convert when manifest.csv cannot be written (the manifest's other checks run on
// every conversion, itkParallelSeriesCLIConversionCheck.h):
//
//   itkParallelSeriesCLIManifestTest CLI SRCDIR OUTDIR
//       Makes OUTDIR/manifest.csv a (non-empty) directory, so that renaming the written
//       manifest.csv.partial onto it fails, then runs "CLI convert SRCDIR OUTDIR": exit code 1,
//       an error naming OUTDIR/manifest.csv, no manifest.csv.partial left behind, the directory
//       untouched, and the volumes written all the same.

#include "itkParallelSeriesRunProgram.h"
#include "itksys/Directory.hxx"
#include "itksys/SystemTools.hxx"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

int
itkParallelSeriesCLIManifestTest(int argc, char * argv[])
{
  if (argc != 4)
  {
    std::cerr << "Usage: " << argv[0] << " CLI SRCDIR OUTDIR" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string outputDirectory = argv[3];
  const std::string manifest = outputDirectory + "/manifest.csv";
  itksys::SystemTools::RemoveADirectory(outputDirectory);
  itksys::SystemTools::MakeDirectory(manifest);
  std::ofstream(manifest + "/keep") << "not the tool's\n";

  std::string output, errors;
  const int code = ParallelSeriesCLITest::RunProgram({ argv[1], "convert", argv[2], outputDirectory }, output, &errors);
  std::cout << output << "exit code " << code << std::endl;
  bool ok = true;
  if (code != 1)
  {
    std::cerr << "expected exit code 1" << std::endl;
    ok = false;
  }
  const std::string expected = "cannot write the manifest \"" + manifest + "\"";
  if (errors.find(expected) == std::string::npos)
  {
    std::cerr << "the errors do not say " << expected << std::endl;
    ok = false;
  }
  if (itksys::SystemTools::FileExists(manifest + ".partial"))
  {
    std::cerr << "\"" << manifest << ".partial\" was left behind" << std::endl;
    ok = false;
  }
  if (!itksys::SystemTools::FileIsDirectory(manifest) || !itksys::SystemTools::FileExists(manifest + "/keep", true))
  {
    std::cerr << "the directory \"" << manifest << "\" was changed" << std::endl;
    ok = false;
  }
  itksys::Directory directory;
  unsigned int      volumes = 0;
  if (directory.Load(outputDirectory))
  {
    for (unsigned long i = 0; i < directory.GetNumberOfFiles(); ++i)
    {
      const std::string name = directory.GetFile(i);
      volumes += name.size() > 5 && name.compare(name.size() - 5, 5, ".nrrd") == 0 ? 1 : 0;
    }
  }
  std::cout << volumes << " volumes written" << std::endl;
  if (volumes == 0)
  {
    std::cerr << "no volume was written" << std::endl;
    ok = false;
  }
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
