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

// The order of the series of a scan (see the header).

#include "ParallelSeriesSeriesOrder.h"


namespace ParallelSeriesApp
{
std::vector<SeriesEntry>
OrderSeries(const ScannerType * scanner)
{
  // The library's series order (study, series number, identifier), shared with the reader and
  // Python: ParallelGDCMSeriesFileNames::GetSeriesUIDs().
  std::vector<SeriesEntry> series;
  for (const std::string & uid : scanner->GetSeriesUIDs())
  {
    SeriesEntry e;
    e.Identifier = uid;
    e.Summary = scanner->GetSeriesSummary(uid);
    e.Index = static_cast<unsigned int>(series.size() + 1);
    series.push_back(e);
  }
  return series;
}
} // namespace ParallelSeriesApp
