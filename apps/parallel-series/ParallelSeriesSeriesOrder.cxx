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

#include <algorithm>
#include <charconv>

namespace ParallelSeriesApp
{
std::vector<SeriesEntry>
OrderSeries(const ScannerType * scanner)
{
  std::vector<SeriesEntry> series;
  for (const std::string & uid : scanner->GetSeriesUIDs())
  {
    SeriesEntry e;
    e.Identifier = uid;
    e.Summary = &scanner->GetSeriesSummary(uid);
    series.push_back(e);
  }
  auto number = [](const std::string & text, long long & value) {
    const char * begin = text.data();
    const char * end = text.data() + text.size();
    while (begin < end && *begin == ' ')
    {
      ++begin;
    }
    const auto r = std::from_chars(begin, end, value);
    return r.ec == std::errc() && begin != end;
  };
  std::stable_sort(series.begin(), series.end(), [&number](const SeriesEntry & a, const SeriesEntry & b) {
    if (a.Summary->StudyInstanceUID != b.Summary->StudyInstanceUID)
    {
      return a.Summary->StudyInstanceUID < b.Summary->StudyInstanceUID;
    }
    long long  na = 0, nb = 0;
    const bool ha = number(a.Summary->SeriesNumber, na);
    const bool hb = number(b.Summary->SeriesNumber, nb);
    if (ha != hb)
    {
      return ha; // numbered series first
    }
    if (ha && na != nb)
    {
      return na < nb;
    }
    return a.Identifier < b.Identifier;
  });
  for (size_t i = 0; i < series.size(); ++i)
  {
    series[i].Index = static_cast<unsigned int>(i + 1);
  }
  return series;
}
} // namespace ParallelSeriesApp
