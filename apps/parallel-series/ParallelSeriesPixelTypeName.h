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
#ifndef ParallelSeriesPixelTypeName_h
#define ParallelSeriesPixelTypeName_h

// The pixel type of a series as parallel-series prints it ("short", "unsigned_char[3]").
// The library has the same logic; kept here until the app uses a library helper.

#include "itkParallelGDCMSeriesFileNames.h"

#include <string>

namespace ParallelSeriesApp
{
/** "short", "unsigned_char[3]", ...: component type as ITK names it, then the number of samples
 * per pixel in brackets when it is not 1. */
std::string
PixelTypeName(const itk::ParallelGDCMSeriesFileNames::SeriesSummary & s);
} // namespace ParallelSeriesApp

#endif
