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
#ifndef itkParallelSeriesRunProgram_h
#define itkParallelSeriesRunProgram_h

// Running a program from a test (the parallel-series tool): its exit code, standard output and
// standard error (kwsys Process, with a timeout).

#include "itksys/Process.h"

#include <iostream>
#include <string>
#include <vector>

namespace ParallelSeriesCLITest
{
/** Runs \c command (600 s at most); returns the exit code (-1 when it did not exit normally),
 * its standard output in \c output; its standard error is passed through and, when \c errors is
 * given, appended to it. */
inline int
RunProgram(const std::vector<std::string> & command, std::string & output, std::string * errors = nullptr)
{
  std::vector<const char *> argv;
  for (const auto & a : command)
  {
    argv.push_back(a.c_str());
  }
  argv.push_back(nullptr);
  itksysProcess * process = itksysProcess_New();
  itksysProcess_SetCommand(process, argv.data());
  itksysProcess_SetTimeout(process, 600.0);
  itksysProcess_Execute(process);
  char * data = nullptr;
  int    length = 0;
  int    pipe;
  while ((pipe = itksysProcess_WaitForData(process, &data, &length, nullptr)) != 0)
  {
    if (pipe == itksysProcess_Pipe_STDOUT)
    {
      output.append(data, static_cast<size_t>(length));
    }
    else if (pipe == itksysProcess_Pipe_STDERR)
    {
      std::cerr.write(data, length);
      if (errors)
      {
        errors->append(data, static_cast<size_t>(length));
      }
    }
  }
  itksysProcess_WaitForExit(process, nullptr);
  int code = -1;
  switch (itksysProcess_GetState(process))
  {
    case itksysProcess_State_Exited:
      code = itksysProcess_GetExitValue(process);
      break;
    case itksysProcess_State_Exception:
      std::cerr << "\"" << command[0] << "\" crashed: " << itksysProcess_GetExceptionString(process) << std::endl;
      break;
    case itksysProcess_State_Error:
      std::cerr << "cannot run \"" << command[0] << "\": " << itksysProcess_GetErrorString(process) << std::endl;
      break;
    case itksysProcess_State_Expired:
      std::cerr << "\"" << command[0] << "\" timed out" << std::endl;
      break;
    default:
      std::cerr << "\"" << command[0] << "\" ended abnormally" << std::endl;
  }
  itksysProcess_Delete(process);
  return code;
}
} // namespace ParallelSeriesCLITest

#endif
