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

// parallel-series --version prints the package's version:
//
//   itkParallelSeriesCLIVersionTest CLI PYPROJECT
//       Runs "CLI --version": exit code 0 and the line "parallel-series VERSION (ITK ITKVERSION)",
//       VERSION being the [project] version of PYPROJECT (pyproject.toml, read here
//       independently of the build) and ITKVERSION the ITK this test is built with.

#include "itkParallelSeriesRunProgram.h"
#include "itkVersion.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace
{
/** The value of the key "version" of the [project] table of a pyproject.toml (a basic string);
 * empty when there is none. */
std::string
ProjectVersion(const std::string & fileName)
{
  std::ifstream in(fileName);
  std::string   line;
  bool          inProject = false;
  while (std::getline(in, line))
  {
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#')
    {
      continue;
    }
    if (line[first] == '[')
    {
      inProject = line.compare(first, 9, "[project]") == 0;
      continue;
    }
    const size_t equals = line.find('=');
    if (!inProject || equals == std::string::npos)
    {
      continue;
    }
    std::string key = line.substr(first, equals - first);
    key.erase(key.find_last_not_of(" \t") + 1);
    if (key != "version")
    {
      continue;
    }
    const size_t open = line.find('"', equals);
    const size_t close = open == std::string::npos ? open : line.find('"', open + 1);
    return close == std::string::npos ? std::string() : line.substr(open + 1, close - open - 1);
  }
  return std::string();
}
} // namespace

int
itkParallelSeriesCLIVersionTest(int argc, char * argv[])
{
  if (argc != 3)
  {
    std::cerr << "Usage: " << argv[0] << " CLI PYPROJECT" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string version = ProjectVersion(argv[2]);
  if (version.empty())
  {
    std::cerr << "no [project] version in \"" << argv[2] << "\"" << std::endl;
    return EXIT_FAILURE;
  }
  std::string output;
  const int   code = ParallelSeriesCLITest::RunProgram({ argv[1], "--version" }, output);
  std::cout << output << "exit code " << code << std::endl;
  const std::string expected =
    std::string("parallel-series ") + version + " (ITK " + itk::Version::GetITKVersion() + ")\n";
  bool ok = true;
  if (code != 0)
  {
    std::cerr << "--version exited with " << code << ", expected 0" << std::endl;
    ok = false;
  }
  if (output != expected)
  {
    std::cerr << "--version printed \"" << output << "\", expected \"" << expected << "\" (the package's version "
              << version << ")" << std::endl;
    ok = false;
  }
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
