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

// libFuzzer target: one input = an option byte and up to 8 DICOM files (see
// ParallelSeriesFuzzInput.h), written to a per-process temporary directory, then scanned by
// ParallelGDCMSeriesFileNames and read by ParallelSeriesReader (ParallelSeriesFuzzCase.h).
// Built and run by scripts/fuzz.sh.

#include "ParallelSeriesFuzzCase.h"
#include "itkOutputWindow.h"

#include "gdcmTrace.h"

#include <cstdlib>
#include <string>
#include <unistd.h>

namespace
{
std::string g_Directory;

void
RemoveDirectory()
{
  if (!g_Directory.empty())
  {
    itksys::SystemTools::RemoveADirectory(g_Directory);
  }
}
} // namespace

extern "C" int
LLVMFuzzerInitialize(int *, char ***)
{
  // tmpfs when there is one: every input is written to files.
  const char * base = itksys::SystemTools::FileIsDirectory("/dev/shm") ? "/dev/shm" : "/tmp";
  if (const char * env = std::getenv("PARALLELSERIES_FUZZ_TMPDIR"))
  {
    base = env;
  }
  g_Directory = std::string(base) + "/parallelseries-fuzz." + std::to_string(getpid());
  std::atexit(RemoveDirectory);
  // Failures of damaged input are expected: keep the output readable.
  itk::Object::GlobalWarningDisplayOff();
  gdcm::Trace::WarningOff();
  gdcm::Trace::ErrorOff();
  gdcm::Trace::DebugOff();
  return 0;
}

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t * data, std::size_t size)
{
  ParallelSeriesFuzz::RunCase(data, size, g_Directory);
  return 0;
}
