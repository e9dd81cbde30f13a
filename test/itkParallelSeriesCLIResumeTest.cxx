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

// parallel-series convert --resume: a conversion killed (SIGKILL) after its first volume, then
// resumed, ends with the outputs of one uninterrupted conversion: the same files, the same
// manifest.csv, the same sidecars, voxel-equal volumes with the same geometry; the volume the
// killed run completed is kept (not written again), a temporary file it left is gone.
//
//   itkParallelSeriesCLIResumeTest CLI SOURCE_DIR WORK_DIR [convert options...]
//
// The kill point is deterministic, not timed: the killed run's standard output is a pipe that
// the test fills before starting it and never reads. The tool prints "wrote <file>" after each
// volume's final rename; with one writer thread (--threads 1) that print blocks the only writer,
// so the run stalls with exactly one complete volume, and is killed once that file exists.

#include "itkParallelSeriesRunProgram.h"

#include "itkImageIOBase.h"
#include "itkImageIOFactory.h"
#include "itksys/Directory.hxx"
#include "itksys/SystemTools.hxx"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#ifndef _WIN32
#  include <csignal>
#  include <fcntl.h>
#  include <sys/stat.h>
#  include <sys/wait.h>
#  include <unistd.h>
#endif

namespace
{
std::set<std::string>
FilesIn(const std::string & dir)
{
  itksys::Directory d;
  d.Load(dir);
  std::set<std::string> files;
  for (unsigned long i = 0; i < d.GetNumberOfFiles(); ++i)
  {
    const std::string name = d.GetFile(i);
    if (name != "." && name != "..")
    {
      files.insert(name);
    }
  }
  return files;
}

std::string
ReadText(const std::string & file)
{
  std::ifstream     in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/** Whether the images in \c a and \c b have the same pixel type, size, geometry and bytes. */
bool
SameVolume(const std::string & a, const std::string & b)
{
  std::vector<char>         buffers[2];
  itk::ImageIOBase::Pointer ios[2];
  const std::string         names[2] = { a, b };
  for (int k = 0; k < 2; ++k)
  {
    ios[k] = itk::ImageIOFactory::CreateImageIO(names[k].c_str(), itk::IOFileModeEnum::ReadMode);
    if (!ios[k])
    {
      std::cerr << "no ImageIO reads " << names[k] << std::endl;
      return false;
    }
    ios[k]->SetFileName(names[k]);
    ios[k]->ReadImageInformation();
    buffers[k].resize(ios[k]->GetImageSizeInBytes());
    ios[k]->Read(buffers[k].data());
  }
  bool same = ios[0]->GetNumberOfDimensions() == ios[1]->GetNumberOfDimensions() &&
              ios[0]->GetComponentType() == ios[1]->GetComponentType() &&
              ios[0]->GetNumberOfComponents() == ios[1]->GetNumberOfComponents() && buffers[0] == buffers[1];
  for (unsigned int d = 0; same && d < ios[0]->GetNumberOfDimensions(); ++d)
  {
    same = ios[0]->GetDimensions(d) == ios[1]->GetDimensions(d) && ios[0]->GetSpacing(d) == ios[1]->GetSpacing(d) &&
           ios[0]->GetOrigin(d) == ios[1]->GetOrigin(d) && ios[0]->GetDirection(d) == ios[1]->GetDirection(d);
  }
  if (!same)
  {
    std::cerr << a << " and " << b << " differ (pixel type, size, geometry or voxels)" << std::endl;
  }
  return same;
}

size_t
CountLines(const std::string & text, const std::string & prefix)
{
  size_t             n = 0;
  std::istringstream in(text);
  std::string        line;
  while (std::getline(in, line))
  {
    n += line.compare(0, prefix.size(), prefix) == 0 ? 1 : 0;
  }
  return n;
}
} // namespace

int
itkParallelSeriesCLIResumeTest(int argc, char * argv[])
{
#ifdef _WIN32
  (void)argc;
  (void)argv;
  std::cerr << "this test needs POSIX processes and signals" << std::endl;
  return EXIT_FAILURE;
#else
  if (argc < 4)
  {
    std::cerr << "Usage: " << argv[0] << " CLI SOURCE_DIR WORK_DIR [convert options...]" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string              cli = argv[1];
  const std::string              source = argv[2];
  const std::string              work = argv[3];
  const std::vector<std::string> extra(argv + 4, argv + argc);
  const std::string              full = work + "/uninterrupted";
  const std::string              resumed = work + "/resumed";
  itksys::SystemTools::RemoveADirectory(work);
  itksys::SystemTools::MakeDirectory(work);

  auto convert = [&](const std::string & out, bool resume) {
    std::vector<std::string> command{ cli, "convert", source, out, "--threads", "1" };
    command.insert(command.end(), extra.begin(), extra.end());
    if (resume)
    {
      command.push_back("--resume");
    }
    return command;
  };

  // 1. One uninterrupted conversion: the reference.
  std::string fullOutput;
  if (ParallelSeriesCLITest::RunProgram(convert(full, false), fullOutput) != 0)
  {
    std::cerr << "the uninterrupted conversion failed" << std::endl;
    return EXIT_FAILURE;
  }
  const std::set<std::string> expected = FilesIn(full);
  std::vector<std::string>    volumes;
  for (const std::string & f : expected)
  {
    if (f != "manifest.csv" && f.size() > 5 && f.compare(f.size() - 5, 5, ".json") != 0)
    {
      volumes.push_back(f);
    }
  }
  const size_t written = CountLines(fullOutput, "wrote ");
  if (volumes.size() < 3 || written != volumes.size())
  {
    std::cerr << "expected at least 3 volumes and one \"wrote\" line each, got " << volumes.size() << " volumes and "
              << written << " lines" << std::endl;
    return EXIT_FAILURE;
  }

  // 2. The same conversion, killed after its first volume.
  int pipeFds[2];
  if (pipe(pipeFds) != 0)
  {
    std::perror("pipe");
    return EXIT_FAILURE;
  }
  const int flags = fcntl(pipeFds[1], F_GETFL);
  fcntl(pipeFds[1], F_SETFL, flags | O_NONBLOCK);
  const std::string filler(4096, 'x');
  size_t            filled = 0;
  for (;;) // fill the pipe: the child's first write to stdout blocks
  {
    const ssize_t n = write(pipeFds[1], filler.data(), filler.size());
    if (n <= 0)
    {
      break;
    }
    filled += static_cast<size_t>(n);
  }
  for (;;)
  {
    if (write(pipeFds[1], filler.data(), 1) != 1)
    {
      break;
    }
    ++filled;
  }
  fcntl(pipeFds[1], F_SETFL, flags); // blocking again (the flag is shared with the child's copy)
  std::cout << "pipe filled with " << filled << " bytes" << std::endl;

  const std::vector<std::string> command = convert(resumed, false);
  const std::string              childErrors = work + "/killed.stderr";
  const pid_t                    child = fork();
  if (child < 0)
  {
    std::perror("fork");
    return EXIT_FAILURE;
  }
  if (child == 0)
  {
    dup2(pipeFds[1], 1);
    const int err = open(childErrors.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (err >= 0)
    {
      dup2(err, 2);
    }
    close(pipeFds[0]);
    std::vector<char *> childArgv;
    for (const auto & a : command)
    {
      childArgv.push_back(const_cast<char *>(a.c_str()));
    }
    childArgv.push_back(nullptr);
    execv(childArgv[0], childArgv.data());
    _exit(127);
  }
  close(pipeFds[1]);
  std::string firstDone;
  const auto  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(300);
  int         status = 0;
  bool        exited = false;
  while (firstDone.empty() && std::chrono::steady_clock::now() < deadline)
  {
    for (const std::string & v : volumes)
    {
      if (itksys::SystemTools::FileExists(resumed + "/" + v, true))
      {
        firstDone = v;
      }
    }
    if (waitpid(child, &status, WNOHANG) == child)
    {
      exited = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!exited)
  {
    kill(child, SIGKILL);
    waitpid(child, &status, 0);
  }
  close(pipeFds[0]);
  std::cerr << ReadText(childErrors);
  if (firstDone.empty() || !WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
  {
    std::cerr << "the conversion to kill did not stall after its first volume (first volume: \"" << firstDone << "\", "
              << (WIFSIGNALED(status) ? "killed" : "exited") << ")" << std::endl;
    return EXIT_FAILURE;
  }
  size_t complete = 0;
  for (const std::string & v : volumes)
  {
    complete += itksys::SystemTools::FileExists(resumed + "/" + v, true) ? 1 : 0;
  }
  if (complete != 1 || itksys::SystemTools::FileExists(resumed + "/manifest.csv", true))
  {
    std::cerr << "after the kill: " << complete << " complete volumes (expected 1)"
              << (itksys::SystemTools::FileExists(resumed + "/manifest.csv", true) ? " and a manifest" : "")
              << std::endl;
    return EXIT_FAILURE;
  }
  std::cout << "killed after \"" << firstDone << "\"" << std::endl;
  struct stat before;
  stat((resumed + "/" + firstDone).c_str(), &before);
  // What a kill during a write leaves: the temporary file of another volume.
  std::string       other = volumes[0] == firstDone ? volumes[1] : volumes[0];
  const std::string stale =
    resumed + "/" + other.substr(0, other.find('.')) + ".partial" + other.substr(other.find('.'));
  std::ofstream(stale) << "interrupted write";

  // 3. Resumed.
  std::string resumedOutput;
  if (ParallelSeriesCLITest::RunProgram(convert(resumed, true), resumedOutput) != 0)
  {
    std::cerr << "the resumed conversion failed" << std::endl;
    return EXIT_FAILURE;
  }
  bool ok = true;
  if (CountLines(resumedOutput, "wrote ") != volumes.size() - 1 ||
      resumedOutput.find("wrote " + firstDone + "\n") != std::string::npos)
  {
    std::cerr << "the resumed run must write every volume but \"" << firstDone << "\"; it printed:\n"
              << resumedOutput << std::endl;
    ok = false;
  }
  struct stat after;
  stat((resumed + "/" + firstDone).c_str(), &after);
  if (after.st_ino != before.st_ino || after.st_mtime != before.st_mtime)
  {
    std::cerr << "\"" << firstDone << "\" was written again" << std::endl;
    ok = false;
  }

  // 4. The outputs of one uninterrupted run.
  const std::set<std::string> got = FilesIn(resumed);
  if (got != expected)
  {
    std::cerr << "file sets differ:";
    for (const auto & f : got)
    {
      std::cerr << (expected.count(f) ? "" : " +" + f);
    }
    for (const auto & f : expected)
    {
      std::cerr << (got.count(f) ? "" : " -" + f);
    }
    std::cerr << std::endl;
    ok = false;
  }
  for (const std::string & f : expected)
  {
    if (!got.count(f))
    {
      continue;
    }
    const bool isVolume = std::find(volumes.begin(), volumes.end(), f) != volumes.end();
    if (isVolume ? !SameVolume(full + "/" + f, resumed + "/" + f)
                 : ReadText(full + "/" + f) != ReadText(resumed + "/" + f))
    {
      std::cerr << f << " differs from the uninterrupted run's" << std::endl;
      if (!isVolume)
      {
        std::cerr << "uninterrupted:\n" << ReadText(full + "/" + f) << "resumed:\n" << ReadText(resumed + "/" + f);
      }
      ok = false;
    }
  }
  std::cout << (ok ? "resumed outputs equal the uninterrupted run's: " : "FAILED: ") << expected.size() << " files, "
            << volumes.size() << " volumes" << std::endl;
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
#endif
}
