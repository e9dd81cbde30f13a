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
#ifndef ParallelSeriesSeriesOrder_h
#define ParallelSeriesSeriesOrder_h

// The order in which parallel-series lists and numbers the series of a scan (study, then series
// number, then identifier). Python orders by identifier; one order for every front-end is to
// come from the library.

#include "itkParallelGDCMSeriesFileNames.h"

#include <string>
#include <vector>

namespace ParallelSeriesApp
{
using ScannerType = itk::ParallelGDCMSeriesFileNames;
using SummaryType = ScannerType::SeriesSummary;

/** One series, in output order. */
struct SeriesEntry
{
  std::string         Identifier;
  const SummaryType * Summary{ nullptr };
  unsigned int        Index{ 0 }; ///< 1-based position in the output order
};

/** Series ordered by study, then series number (numerically), then identifier: stable for a
 * given directory and close to the order of acquisition. */
std::vector<SeriesEntry>
OrderSeries(const ScannerType * scanner);
} // namespace ParallelSeriesApp

#endif
