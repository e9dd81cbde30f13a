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

// The series of a scan as parallel-series lists and numbers them: in the library's order
// (ParallelGDCMSeriesFileNames::GetSeriesUIDs(): study, series number, identifier), the order of
// the reader's outputs and of Python's read_dicom_directory too.

#include "itkParallelGDCMSeriesFileNames.h"

#include <string>
#include <vector>

namespace ParallelSeriesApp
{
using ScannerType = itk::ParallelGDCMSeriesFileNames;
using SummaryType = itk::ParallelSeriesSummary;

/** One series, in output order. */
struct SeriesEntry
{
  std::string  Identifier;
  SummaryType  Summary;
  unsigned int Index{ 0 }; ///< 1-based position in the output order (convert --stream: of completion)
};

/** The series of \c scanner in GetSeriesUIDs() order, numbered from 1. */
std::vector<SeriesEntry>
OrderSeries(const ScannerType * scanner);
} // namespace ParallelSeriesApp

#endif
