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
#ifndef ParallelSeriesOutputWindow_h
#define ParallelSeriesOutputWindow_h

// ITK's messages as parallel-series prints them: each problem said once, without the build's
// source path. ITK's output window prefixes every warning with "WARNING: In <source file>, line
// N"; ParallelSeriesReader's warning that volumes failed repeats what convert's summary says (the
// series, the file, the reason), so it is dropped; other warnings and errors are printed as
// "parallel-series: warning: <text>".

#include "ParallelSeriesCommandLine.h"

#include "itkObjectFactory.h"
#include "itkOutputWindow.h"

#include <cstdio>
#include <mutex>
#include <string>

namespace ParallelSeriesApp
{
/** The output window of the tool (install with InstallOutputWindow()). Thread-safe. */
class OutputWindow : public itk::OutputWindow
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(OutputWindow);
  using Self = OutputWindow;
  using Superclass = itk::OutputWindow;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  itkOverrideGetNameOfClassMacro(OutputWindow);

  /** \c text without ITK's "WARNING: In <file>, line N" (or ERROR) first line and the object's
   * "ClassName (0x...): " prefix, without trailing blank lines. */
  static std::string
  Strip(const std::string & text)
  {
    std::string t = text;
    if (t.compare(0, 12, "WARNING: In ") == 0 || t.compare(0, 10, "ERROR: In ") == 0)
    {
      const size_t eol = t.find('\n');
      t = eol == std::string::npos ? std::string() : t.substr(eol + 1);
    }
    const size_t colon = t.find("): ");
    if (colon != std::string::npos && t.find(" (0x") != std::string::npos && t.find(" (0x") < colon &&
        t.find('\n') > colon)
    {
      t = t.substr(colon + 3);
    }
    while (!t.empty() && (t.back() == '\n' || t.back() == ' '))
    {
      t.pop_back();
    }
    return t;
  }

  /** Whether \c text is ParallelSeriesReader's report of failed volumes (said by convert's
   * summary). */
  static bool
  IsReaderFailureReport(const std::string & text)
  {
    return text.find("ParallelSeriesReader") != std::string::npos && text.find("volumes failed") != std::string::npos;
  }

  void
  DisplayText(const char * text) override
  {
    this->Print(std::string(text ? text : ""));
  }
  void
  DisplayWarningText(const char * text) override
  {
    const std::string t(text ? text : "");
    if (!IsReaderFailureReport(t))
    {
      this->Print("warning: " + Strip(t));
    }
  }
  void
  DisplayErrorText(const char * text) override
  {
    this->Print("error: " + Strip(std::string(text ? text : "")));
  }
  void
  DisplayGenericOutputText(const char * text) override
  {
    this->Print(Strip(std::string(text ? text : "")));
  }
  void
  DisplayDebugText(const char * text) override
  {
    this->Print(Strip(std::string(text ? text : "")));
  }

protected:
  OutputWindow() = default;
  ~OutputWindow() override = default;

private:
  void
  Print(const std::string & line)
  {
    std::lock_guard<std::mutex> lock(m_Mutex);
    std::fprintf(stderr, "%s: %s\n", ProgramName, line.c_str());
    std::fflush(stderr);
  }
  std::mutex m_Mutex;
};

/** Makes OutputWindow ITK's output window (once, before any thread uses it). */
inline void
InstallOutputWindow()
{
  itk::OutputWindow::SetInstance(OutputWindow::New());
}
} // namespace ParallelSeriesApp

#endif
