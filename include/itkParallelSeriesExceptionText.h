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
#ifndef itkParallelSeriesExceptionText_h
#define itkParallelSeriesExceptionText_h

#include "itkMacro.h"

#include <exception>
#include <string>

namespace itk
{
namespace ParallelSeriesGDCM
{
/** \brief The text of the exception being handled, as a failure or skip reason: call it only
 * from inside a catch block (it rethrows the current exception to tell its type).
 *
 * - ExceptionObject: its description;
 * - std::exception: what();
 * - std::string: "GDCM rejected the <subject>: " and the string without its trailing newlines.
 *   GDCM's gdcmAssertAlwaysMacro throws a std::string in release builds (e.g. from
 *   gdcm::PixelFormat::GetScalarType() on a BitsAllocated / PixelRepresentation it rejects);
 * - anything else: "GDCM failed on the <subject> (unknown exception)".
 *
 * \c subject names what GDCM was given ("file", "header"). Inline, in an installed header,
 * because the templated ParallelSeriesReader (itkParallelSeriesReader.hxx) uses it as well as
 * the library's sources; it is not part of the module's documented API. Thread-safe (reads only
 * the exception of the calling thread).
 *
 * \ingroup ParallelSeries
 */
inline std::string
CurrentExceptionText(const std::string & subject)
{
  try
  {
    throw;
  }
  catch (const ExceptionObject & e)
  {
    return e.GetDescription();
  }
  catch (const std::exception & e)
  {
    return e.what();
  }
  catch (const std::string & e)
  {
    return "GDCM rejected the " + subject + ": " + e.substr(0, e.find_last_not_of('\n') + 1);
  }
  catch (...)
  {
    return "GDCM failed on the " + subject + " (unknown exception)";
  }
}
} // namespace ParallelSeriesGDCM
} // end namespace itk

#endif
