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
#include "itkParallelSeriesSeriesOrdering.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <charconv>
#include <map>
#include <set>
#include <sstream>

namespace itk
{
namespace ParallelSeriesScan
{
namespace
{
/** Adds file \c i to \c group unless a copy of its instance (same non-empty SOPInstanceUID) is
 * there already; an undamaged copy replaces a damaged one. */
void
AddInstance(const std::vector<FileRecord> & files, std::vector<SizeValueType> & group, SizeValueType i)
{
  const FileRecord & r = files[i];
  if (!r.SOPInstanceUID.empty())
  {
    for (SizeValueType & j : group)
    {
      if (files[j].SOPInstanceUID == r.SOPInstanceUID)
      {
        if (!files[j].Damage.empty() && r.Damage.empty())
        {
          j = i;
        }
        return;
      }
    }
  }
  group.push_back(i);
}

/** The plane of the normal of \c cosines (ImageOrientationPatient, LPS): "sag", "cor", "ax"
 * when its largest component is x, y, z; "obl" when the largest two are equal. */
std::string
PlaneName(const double c[6])
{
  const double x = std::abs(c[1] * c[5] - c[2] * c[4]);
  const double y = std::abs(c[2] * c[3] - c[0] * c[5]);
  const double z = std::abs(c[0] * c[4] - c[1] * c[3]);
  if (z > x && z > y)
  {
    return "ax";
  }
  if (y > x && y > z)
  {
    return "cor";
  }
  if (x > y && x > z)
  {
    return "sag";
  }
  return "obl";
}

bool
SameOrientation(const double a[6], const double b[6])
{
  for (int i = 0; i < 6; ++i)
  {
    if (std::abs(a[i] - b[i]) > OrientationTolerance)
    {
      return false;
    }
  }
  return true;
}

/** The files of \c series at the same distance, grouped (ascending distance), copies of one
 * instance (same non-empty SOPInstanceUID in a group) counted once; then one volume per file of
 * a position, or the error when positions hold unequal numbers of files. */
void
GroupByPosition(const std::vector<FileRecord> &    files,
                const std::vector<SizeValueType> & series,
                const std::vector<double> &        dist,
                const std::vector<size_t> &        byDistance,
                SeriesOrder &                      result)
{
  std::vector<std::vector<SizeValueType>> groups;
  for (size_t k = 0; k < byDistance.size(); ++k)
  {
    if (k == 0 || dist[byDistance[k]] != dist[byDistance[k - 1]])
    {
      groups.emplace_back();
    }
    AddInstance(files, groups.back(), series[byDistance[k]]);
  }
  const size_t perPosition = groups.front().size();
  const bool   regular = std::all_of(groups.begin(), groups.end(), [perPosition](const std::vector<SizeValueType> & g) {
    return g.size() == perPosition;
  });
  if (!regular)
  {
    std::ostringstream msg;
    msg << "inconsistent series: " << series.size() << " files at " << groups.size()
        << " distinct positions, with positions repeated an unequal number of times (missing or extra files?)";
    // Name the files of the first position whose count differs from the most common one.
    std::map<size_t, size_t> counts;
    for (const auto & g : groups)
    {
      ++counts[g.size()];
    }
    const size_t usual = std::max_element(counts.begin(), counts.end(), [](const auto & a, const auto & b) {
                           return a.second < b.second;
                         })->first;
    for (const auto & g : groups)
    {
      if (g.size() != usual)
      {
        msg << "; " << g.size() << " file(s) instead of " << usual << " at position (" << files[g.front()].Position[0]
            << ", " << files[g.front()].Position[1] << ", " << files[g.front()].Position[2] << "):";
        for (size_t k = 0; k < g.size() && k < 4; ++k)
        {
          msg << " \"" << files[g[k]].FileName << "\"";
        }
        msg << (g.size() > 4 ? " ..." : "");
        break;
      }
    }
    result.Error = msg.str();
    return;
  }
  result.Volumes.assign(perPosition, {});
  for (auto & g : groups)
  {
    std::sort(g.begin(), g.end(), [&files](SizeValueType a, SizeValueType b) {
      if (files[a].InstanceNumber != files[b].InstanceNumber)
      {
        return files[a].InstanceNumber < files[b].InstanceNumber;
      }
      return files[a].FileName < files[b].FileName;
    });
    for (size_t v = 0; v < perPosition; ++v)
    {
      result.Volumes[v].push_back(g[v]);
    }
  }
}
} // namespace

std::vector<double>
DistancesAlongNormal(const std::vector<FileRecord> & files, const std::vector<SizeValueType> & series)
{
  const double *      c = files[series.front()].Cosines;
  const double        normal[3] = { c[1] * c[5] - c[2] * c[4], c[2] * c[3] - c[0] * c[5], c[0] * c[4] - c[1] * c[3] };
  std::vector<double> dist(series.size());
  for (size_t k = 0; k < series.size(); ++k)
  {
    const double * ipp = files[series[k]].Position;
    double         d = 0;
    for (int i = 0; i < 3; ++i)
    {
      d += normal[i] * ipp[i];
    }
    dist[k] = d;
  }
  return dist;
}

namespace
{
/** A series of Siemens mosaics: one volume per file, by InstanceNumber, then file name (see
 * OrderSeries()). */
SeriesOrder
OrderMosaicSeries(const std::vector<FileRecord> & files, const std::vector<SizeValueType> & series)
{
  SeriesOrder result;
  result.Files = series;
  std::stable_sort(result.Files.begin(), result.Files.end(), [&files](SizeValueType a, SizeValueType b) {
    if (files[a].InstanceNumber != files[b].InstanceNumber)
    {
      return files[a].InstanceNumber < files[b].InstanceNumber;
    }
    return files[a].FileName < files[b].FileName;
  });
  const ParallelSeriesMosaicLayout first = files[result.Files.front()].Mosaic.GetLayout();
  for (const SizeValueType i : result.Files)
  {
    const FileRecord &                 r = files[i];
    const ParallelSeriesMosaicLayout   l = r.Mosaic.GetLayout();
    std::ostringstream                 msg;
    if (!r.Mosaic.GetError().empty())
    {
      msg << "Siemens mosaic \"" << r.FileName << "\": " << r.Mosaic.GetError();
    }
    else if (!r.IsMosaic())
    {
      msg << "series mixes Siemens mosaics and other images: \"" << r.FileName << "\" is not a mosaic";
    }
    else if (l.GetNumberOfTiles() != first.GetNumberOfTiles() || l.GetTileColumns() != first.GetTileColumns() ||
             l.GetTileRows() != first.GetTileRows())
    {
      msg << "Siemens mosaics of different layouts in one series: \"" << r.FileName << "\" holds "
          << l.GetNumberOfTiles() << " tiles of " << l.GetTileColumns() << " x " << l.GetTileRows()
          << ", the first file " << first.GetNumberOfTiles() << " tiles of " << first.GetTileColumns() << " x "
          << first.GetTileRows();
    }
    if (!msg.str().empty())
    {
      result.Error = msg.str();
      result.Volumes.clear();
      return result;
    }
    result.Volumes.push_back({ i });
  }
  return result;
}
} // namespace

namespace
{
/** One volume per file of \c series (every file, or every instance when \c instancesOnly), by
 * InstanceNumber, then file name; a multi-frame file is one volume of its frames in file order. */
SeriesOrder
OrderOneVolumePerFile(const std::vector<FileRecord> & files, std::vector<SizeValueType> series, bool instancesOnly)
{
  SeriesOrder result;
  std::stable_sort(series.begin(), series.end(), [&files](SizeValueType a, SizeValueType b) {
    if (files[a].InstanceNumber != files[b].InstanceNumber)
    {
      return files[a].InstanceNumber < files[b].InstanceNumber;
    }
    return files[a].FileName < files[b].FileName;
  });
  result.Files = series;
  std::vector<SizeValueType> volumes;
  for (const SizeValueType i : series)
  {
    if (instancesOnly)
    {
      AddInstance(files, volumes, i);
    }
    else
    {
      volumes.push_back(i);
    }
  }
  for (const SizeValueType i : volumes)
  {
    result.Volumes.push_back({ i });
  }
  result.Frames.resize(result.Volumes.size());
  return result;
}
} // namespace

SeriesOrder
OrderSeries(const std::vector<FileRecord> & files, const std::vector<SizeValueType> & series, bool onePerFile)
{
  if (onePerFile &&
      !std::any_of(series.begin(), series.end(), [&files](SizeValueType i) { return files[i].IsMosaic(); }))
  {
    return OrderOneVolumePerFile(files, series, false);
  }
  // Projection images (ParallelSeriesGeometry::IsProjectionImage()) are never slices: a volume
  // each, after the volumes of the other files.
  std::vector<SizeValueType> projections;
  std::vector<SizeValueType> slices;
  for (const SizeValueType i : series)
  {
    (files[i].Projection && !files[i].IsMosaic() ? projections : slices).push_back(i);
  }
  if (!projections.empty())
  {
    SeriesOrder result = OrderOneVolumePerFile(files, projections, true);
    if (slices.empty())
    {
      return result;
    }
    SeriesOrder stacked = OrderSeries(files, slices, false);
    if (!stacked.Error.empty())
    {
      return stacked;
    }
    stacked.Files.insert(stacked.Files.end(), result.Files.begin(), result.Files.end());
    stacked.Volumes.insert(stacked.Volumes.end(), result.Volumes.begin(), result.Volumes.end());
    stacked.Frames.resize(stacked.Volumes.size() - result.Volumes.size());
    stacked.Frames.insert(stacked.Frames.end(), result.Frames.begin(), result.Frames.end());
    return stacked;
  }
  if (std::any_of(series.begin(), series.end(), [&files](SizeValueType i) { return files[i].IsMosaic(); }))
  {
    SeriesOrder mosaics = OrderMosaicSeries(files, series);
    mosaics.Frames.resize(mosaics.Volumes.size());
    return mosaics;
  }
  SeriesOrder result;

  // 1. gdcm::SerieHelper::ImagePositionPatientOrdering(): normal of the first listed file.
  const std::vector<double> dist = DistancesAlongNormal(files, series);
  const auto                mm = std::minmax_element(dist.begin(), dist.end());
  const bool                allSamePosition = (*mm.first == *mm.second);
  std::vector<size_t>       byDistance(series.size());
  for (size_t k = 0; k < byDistance.size(); ++k)
  {
    byDistance[k] = k;
  }
  std::stable_sort(byDistance.begin(), byDistance.end(), [&dist](size_t a, size_t b) { return dist[a] < dist[b]; });
  bool uniquePositions = !allSamePosition;
  for (size_t k = 1; k < byDistance.size() && uniquePositions; ++k)
  {
    if (dist[byDistance[k]] == dist[byDistance[k - 1]])
    {
      uniquePositions = false;
    }
  }

  std::vector<SizeValueType> & sorted = result.Files;
  sorted.reserve(series.size());
  if (uniquePositions)
  {
    for (const size_t k : byDistance)
    {
      sorted.push_back(series[k]);
    }
  }
  else
  {
    // 2. ImageNumberOrdering(), else 3. FileNameOrdering().
    std::set<int> numbers;
    for (const SizeValueType i : series)
    {
      numbers.insert(files[i].InstanceNumber);
    }
    sorted = series;
    if (numbers.size() == series.size())
    {
      std::sort(sorted.begin(), sorted.end(), [&files](SizeValueType a, SizeValueType b) {
        return files[a].InstanceNumber < files[b].InstanceNumber;
      });
    }
    else
    {
      std::sort(sorted.begin(), sorted.end(), [&files](SizeValueType a, SizeValueType b) {
        return files[a].FileName < files[b].FileName;
      });
    }
  }

  // Volumes.
  const bool multiFrame =
    std::any_of(series.begin(), series.end(), [&files](SizeValueType i) { return files[i].Frames > 1; });
  if (multiFrame)
  {
    for (const SizeValueType i : sorted)
    {
      FrameSplit split = SplitFrames(files[i]);
      if (!split.Error.empty())
      {
        result.Volumes.clear();
        result.Frames.clear();
        result.Error = "multi-frame file \"" + files[i].FileName + "\": " + split.Error;
        return result;
      }
      if (split.Volumes.empty())
      {
        result.Volumes.push_back({ i });
        result.Frames.emplace_back();
      }
      for (auto & frames : split.Volumes)
      {
        result.Volumes.push_back({ i });
        result.Frames.push_back(std::move(frames));
      }
    }
    return result;
  }
  else if (uniquePositions || series.size() == 1)
  {
    result.Volumes.push_back(sorted);
  }
  else if (allSamePosition)
  {
    // Co-located files are not slices of one stack: no spacing could be computed between them.
    std::vector<SizeValueType> instances;
    for (const SizeValueType i : sorted)
    {
      AddInstance(files, instances, i);
    }
    for (const SizeValueType i : instances)
    {
      result.Volumes.push_back({ i });
    }
  }
  else
  {
    GroupByPosition(files, series, dist, byDistance, result);
  }
  result.Frames.resize(result.Volumes.size());
  return result;
}

FrameSplit
SplitFrames(const FileRecord & file)
{
  FrameSplit                       split;
  const std::vector<FrameRecord> & frames = file.FrameRecords;
  if (frames.size() < 2 || frames.size() != file.Frames)
  {
    return split;
  }
  const double *      c = file.Cosines;
  const double        normal[3] = { c[1] * c[5] - c[2] * c[4], c[2] * c[3] - c[0] * c[5], c[0] * c[4] - c[1] * c[3] };
  std::vector<double> dist(frames.size());
  for (size_t k = 0; k < frames.size(); ++k)
  {
    dist[k] = normal[0] * frames[k].Position[0] + normal[1] * frames[k].Position[1] + normal[2] * frames[k].Position[2];
  }
  std::vector<unsigned int> byDistance(frames.size());
  for (unsigned int k = 0; k < byDistance.size(); ++k)
  {
    byDistance[k] = k;
  }
  std::stable_sort(
    byDistance.begin(), byDistance.end(), [&dist](unsigned int a, unsigned int b) { return dist[a] < dist[b]; });
  std::vector<std::vector<unsigned int>> positions;
  for (size_t k = 0; k < byDistance.size(); ++k)
  {
    if (k == 0 || dist[byDistance[k]] != dist[byDistance[k - 1]])
    {
      positions.emplace_back();
    }
    positions.back().push_back(byDistance[k]);
  }
  if (positions.size() == frames.size())
  {
    return split; // one frame per position: one volume
  }
  const size_t perPosition = positions.front().size();
  for (const auto & p : positions)
  {
    if (p.size() != perPosition)
    {
      const FrameRecord & f = frames[p.front()];
      std::ostringstream  msg;
      msg << "inconsistent frames: " << frames.size() << " frames at " << positions.size()
          << " distinct positions, with positions repeated an unequal number of times; " << p.size()
          << " frame(s) instead of " << perPosition << " at position (" << f.Position[0] << ", " << f.Position[1]
          << ", " << f.Position[2] << ")";
      split.Error = msg.str();
      return split;
    }
  }
  // At one position: TemporalPositionIndex, DimensionIndexValues, trigger delay, frame number.
  const auto precedes = [&frames](unsigned int a, unsigned int b) {
    const FrameRecord & fa = frames[a];
    const FrameRecord & fb = frames[b];
    if (fa.TemporalPositionIndex != fb.TemporalPositionIndex)
    {
      return fa.TemporalPositionIndex < fb.TemporalPositionIndex;
    }
    if (fa.DimensionIndexValues != fb.DimensionIndexValues)
    {
      return fa.DimensionIndexValues < fb.DimensionIndexValues;
    }
    const bool na = std::isnan(fa.TriggerDelayTime);
    const bool nb = std::isnan(fb.TriggerDelayTime);
    if (na != nb)
    {
      return nb; // present before absent
    }
    if (!na && fa.TriggerDelayTime != fb.TriggerDelayTime)
    {
      return fa.TriggerDelayTime < fb.TriggerDelayTime;
    }
    return a < b;
  };
  split.Volumes.assign(perPosition, {});
  for (auto & p : positions)
  {
    std::sort(p.begin(), p.end(), precedes);
    for (size_t v = 0; v < perPosition; ++v)
    {
      split.Volumes[v].push_back(p[v]);
    }
  }
  return split;
}

std::vector<Stack>
SplitIntoStacks(const std::vector<FileRecord> &    files,
                const std::vector<SizeValueType> & series,
                const StackSplitRule &             rule)
{
  // Greedy, in the given order: a file joins the first stack whose first file it agrees with.
  std::vector<Stack> stacks;
  const auto         agree = [&files, &rule](const FileRecord & a, SizeValueType bi) {
    const FileRecord & b = files[bi];
    return (!rule.ImageSize || (a.Columns == b.Columns && a.Rows == b.Rows)) &&
           (!rule.Orientation || SameOrientation(a.Cosines, b.Cosines)) &&
           (!rule.SeriesNumber || a.SeriesNumber == b.SeriesNumber) &&
           (!rule.EchoNumber || a.EchoNumbers == b.EchoNumbers) &&
           (!rule.AcquisitionNumber || a.AcquisitionNumber == b.AcquisitionNumber) &&
           (!rule.ImageType || a.ImageType == b.ImageType);
  };
  for (const SizeValueType i : series)
  {
    auto it =
      std::find_if(stacks.begin(), stacks.end(), [&](const Stack & st) { return agree(files[i], st.Files.front()); });
    if (it == stacks.end())
    {
      stacks.emplace_back();
      it = stacks.end() - 1;
    }
    it->Files.push_back(i);
  }
  if (stacks.size() <= 1)
  {
    return stacks;
  }

  // Suffixes from the attributes that differ between stacks.
  const auto differs = [&stacks, &files](auto value) {
    for (const Stack & st : stacks)
    {
      if (value(files[st.Files.front()]) != value(files[stacks.front().Files.front()]))
      {
        return true;
      }
    }
    return false;
  };
  const bool bySize = rule.ImageSize && differs([](const FileRecord & r) {
                        return std::to_string(r.Columns) + "x" + std::to_string(r.Rows);
                      });
  const bool byOrientation =
    rule.Orientation && std::any_of(stacks.begin(), stacks.end(), [&](const Stack & st) {
      return !SameOrientation(files[st.Files.front()].Cosines, files[stacks.front().Files.front()].Cosines);
    });
  const bool byNumber = rule.SeriesNumber && differs([](const FileRecord & r) { return r.SeriesNumber; });
  const bool byEcho = rule.EchoNumber && differs([](const FileRecord & r) { return r.EchoNumbers; });
  const bool byAcquisition =
    rule.AcquisitionNumber && differs([](const FileRecord & r) { return r.AcquisitionNumber; });
  const bool byImageType = rule.ImageType && differs([](const FileRecord & r) { return r.ImageType; });
  for (Stack & st : stacks)
  {
    const FileRecord & r = files[st.Files.front()];
    if (bySize)
    {
      st.Suffix += "." + std::to_string(r.Columns) + "x" + std::to_string(r.Rows);
    }
    if (byOrientation)
    {
      st.Suffix += "." + PlaneName(r.Cosines);
    }
    if (byNumber)
    {
      st.Suffix += ".n" + CleanSeriesIdentifier(r.SeriesNumber);
    }
    if (byEcho)
    {
      st.Suffix += ".e" + CleanSeriesIdentifier(r.EchoNumbers);
    }
    if (byAcquisition)
    {
      st.Suffix += ".a" + CleanSeriesIdentifier(r.AcquisitionNumber);
    }
    if (byImageType)
    {
      st.Suffix += "." + CleanSeriesIdentifier(r.ImageType);
    }
  }
  const auto firstInstance = [&files](const Stack & st) {
    int n = std::numeric_limits<int>::max();
    for (const SizeValueType i : st.Files)
    {
      n = std::min(n, files[i].InstanceNumber);
    }
    return n;
  };
  const auto firstName = [&files](const Stack & st) {
    std::string name = files[st.Files.front()].FileName;
    for (const SizeValueType i : st.Files)
    {
      name = std::min(name, files[i].FileName);
    }
    return name;
  };
  std::sort(stacks.begin(), stacks.end(), [&](const Stack & a, const Stack & b) {
    if (a.Suffix != b.Suffix)
    {
      return a.Suffix < b.Suffix;
    }
    const int ia = firstInstance(a);
    const int ib = firstInstance(b);
    return ia != ib ? ia < ib : firstName(a) < firstName(b);
  });
  std::map<std::string, unsigned int> seen;
  for (Stack & st : stacks)
  {
    const unsigned int n = ++seen[st.Suffix];
    if (n > 1)
    {
      st.Suffix += "." + std::to_string(n);
    }
  }
  return stacks;
}

bool
ParseSeriesNumber(const std::string & text, long long & value)
{
  const char * begin = text.data();
  const char * end = text.data() + text.size();
  while (begin < end && *begin == ' ')
  {
    ++begin;
  }
  const auto r = std::from_chars(begin, end, value);
  return r.ec == std::errc() && begin != end;
}

bool
SeriesPrecedes(const ParallelSeriesSummary & a, const ParallelSeriesSummary & b)
{
  if (a.GetStudyInstanceUID() != b.GetStudyInstanceUID())
  {
    return a.GetStudyInstanceUID() < b.GetStudyInstanceUID();
  }
  long long  na = 0;
  long long  nb = 0;
  const bool ha = ParseSeriesNumber(a.GetSeriesNumber(), na);
  const bool hb = ParseSeriesNumber(b.GetSeriesNumber(), nb);
  if (ha != hb)
  {
    return ha; // numbered series first
  }
  if (ha && na != nb)
  {
    return na < nb;
  }
  return a.GetSeriesIdentifier() < b.GetSeriesIdentifier();
}
} // namespace ParallelSeriesScan
} // end namespace itk
