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
#ifndef ParallelSeriesPositiveSpacing_h
#define ParallelSeriesPositiveSpacing_h

// Negative spacing to flipped axis: the geometry parallel-series writes for a volume whose
// spacing is negative (possible for multi-frame files). The library and the tests have the same
// rule; kept here until the app uses a library helper.

namespace ParallelSeriesApp
{
/** Makes every negative spacing component positive by flipping the direction of that axis
 * (same physical points), as ImageFileReader does. */
template <typename TSpacing, typename TDirection>
void
MakeSpacingPositive(TSpacing & spacing, TDirection & direction)
{
  for (unsigned int d = 0; d < 3; ++d)
  {
    if (spacing[d] < 0.0)
    {
      spacing[d] = -spacing[d];
      for (unsigned int r = 0; r < 3; ++r)
      {
        direction[r][d] = -direction[r][d];
      }
    }
  }
}
} // namespace ParallelSeriesApp

#endif
