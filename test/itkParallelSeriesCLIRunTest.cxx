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

// The parallel-series tool's exit codes and messages (usage errors, --help, missing inputs, and
// the conversions whose outputs the other CLI tests check):
//
//   itkParallelSeriesCLIRunTest CODES [--expect-output FILE] [--] COMMAND [ARGS...]
//       Runs COMMAND and succeeds when its exit code is one of CODES (comma-separated) and, with
//       --expect-output, every line of FILE occurs in its standard output or error.

#include "itkParallelSeriesRunProgram.h"

#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

int
itkParallelSeriesCLIRunTest(int argc, char * argv[])
{
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() < 2)
  {
    std::cerr << "Usage: " << argv[0] << " CODES [--expect-output FILE] [--] COMMAND [ARGS...]" << std::endl;
    return EXIT_FAILURE;
  }
  std::set<int>      codes;
  std::istringstream list(args[0]);
  std::string        item;
  while (std::getline(list, item, ','))
  {
    codes.insert(std::atoi(item.c_str()));
  }
  size_t      first = 1;
  std::string expectOutput; // a file: every line of it must occur in the command's stdout or stderr
  if (args[first] == "--expect-output" && first + 1 < args.size())
  {
    expectOutput = args[first + 1];
    first += 2;
  }
  if (first < args.size() && args[first] == "--")
  {
    ++first;
  }
  const std::vector<std::string> command(args.begin() + static_cast<std::ptrdiff_t>(first), args.end());
  if (command.empty())
  {
    std::cerr << "a COMMAND is needed" << std::endl;
    return EXIT_FAILURE;
  }
  std::string output, errors;
  const int   code = ParallelSeriesCLITest::RunProgram(command, output, &errors);
  std::cout << output;
  std::cout << "exit code " << code << " (expected one of " << args[0] << ")" << std::endl;
  bool ok = codes.count(code) > 0;
  if (!expectOutput.empty())
  {
    std::ifstream expectedLines(expectOutput);
    std::string   line;
    unsigned int  expected = 0;
    while (std::getline(expectedLines, line))
    {
      if (line.empty())
      {
        continue;
      }
      ++expected;
      if (output.find(line) == std::string::npos && errors.find(line) == std::string::npos)
      {
        std::cerr << "the output does not mention \"" << line << "\"" << std::endl;
        ok = false;
      }
    }
    std::cout << expected << " expected strings checked in the output" << std::endl;
    ok = ok && expected > 0;
  }
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
