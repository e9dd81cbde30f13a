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
#ifndef itkParallelSeriesFrameOrder_h
#define itkParallelSeriesFrameOrder_h

#include "ParallelSeriesExport.h"
#include "itkMacro.h"
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <set>
#include <string>
#include <vector>

namespace itk
{
/** \brief The per-frame attributes dicom-preprocessing orders a multi-frame file by
 * (metadata/frame_order.rs:FrameMetadata): per-frame functional group, else shared, else top level. */
struct FrameOrderFrame
{
  std::vector<uint32_t> DimensionIndexValues; ///< FrameContentSequence (0020,9157)
  bool                  HasTemporalPositionIndex{ false };
  uint32_t              TemporalPositionIndex{ 0 };
  bool                  HasStackID{ false };
  std::string           StackID;
  bool                  HasInStackPositionNumber{ false };
  uint32_t              InStackPositionNumber{ 0 };
  bool                  HasPosition{ false }; ///< PlanePositionSequence IPP, else top-level IPP
  double                Position[3]{ 0, 0, 0 };
  bool                  HasOrientation{ false }; ///< PlaneOrientationSequence IOP, else top-level IOP
  double                Orientation[6]{ 0, 0, 0, 0, 0, 0 };
  bool                  HasSliceLocation{ false };
  double                SliceLocation{ 0 };
  bool                  HasSpacingBetweenSlices{ false };
  double                SpacingBetweenSlices{ 0 };
  bool                  HasSliceThickness{ false };
  double                SliceThickness{ 0 };
  bool                  Sampled{ false }; ///< VolumetricProperties SAMPLED (e.g. DBT projections)
};

/** \brief The file-level input of ResolveFrameOrder. */
struct FrameOrderInput
{
  std::string                  DimensionOrganizationType;
  std::vector<uint32_t>        DimensionIndexPointers; ///< (group << 16) | element, one per DimensionIndexSequence item
  std::vector<FrameOrderFrame> Frames;                 ///< NumberOfFrames entries, stored order
  std::vector<double> FrameIncrementValues; ///< the values of the attribute FrameIncrementPointer names; empty if none
};

/** \brief Which rule decided (metadata/frame_order.rs:FrameOrderStrategy). */
enum class FrameOrderStrategy : uint8_t
{
  RawPreserved = 0,
  DimensionIndexValues = 1,
  StackPosition = 2,
  Geometry = 3,
  FrameIncrementPointer = 4,
  SliceLocation = 5
};

/** \brief The resolved order: Order[k] = the stored (0-based) frame shown as k-th; ZSpacing (mm)
 * when known (HasZSpacing), as f32 like the peer. */
struct FrameOrderResult
{
  std::vector<uint32_t> Order;
  FrameOrderStrategy    Strategy{ FrameOrderStrategy::RawPreserved };
  bool                  HasZSpacing{ false };
  float                 ZSpacing{ 0.0f };
};

namespace FrameOrderDetail
{
constexpr double Tolerance = 1.0e-4; // POSITION_EQUAL, MIN_SPACING, ORIENTATION_PARALLEL_DOT

inline bool
UniqueValues(std::vector<double> values)
{
  std::sort(values.begin(), values.end());
  for (size_t i = 1; i < values.size(); ++i)
  {
    if (!(std::abs(values[i] - values[i - 1]) > Tolerance))
    {
      return false;
    }
  }
  return true;
}

/** 1 increasing, -1 decreasing, 0 mixed (monotonic_direction). */
inline int
Direction(const std::vector<double> & values)
{
  bool positive = false;
  bool negative = false;
  for (size_t i = 1; i < values.size(); ++i)
  {
    const double delta = values[i] - values[i - 1];
    if (delta > Tolerance)
    {
      positive = true;
    }
    else if (delta < -Tolerance)
    {
      negative = true;
    }
  }
  return positive && !negative ? 1 : (negative && !positive ? -1 : 0);
}

inline bool
SpacingFromValues(const std::vector<double> & values, float & spacing)
{
  if (values.size() < 2)
  {
    return false;
  }
  std::vector<double> diffs;
  for (size_t i = 1; i < values.size(); ++i)
  {
    const double d = std::abs(values[i] - values[i - 1]);
    if (d > Tolerance)
    {
      diffs.push_back(d);
    }
  }
  if (diffs.empty())
  {
    return false;
  }
  std::sort(diffs.begin(), diffs.end());
  spacing = static_cast<float>(diffs[diffs.size() / 2]);
  return true;
}

inline bool
Normal(const double o[6], double n[3])
{
  n[0] = o[1] * o[5] - o[2] * o[4];
  n[1] = o[2] * o[3] - o[0] * o[5];
  n[2] = o[0] * o[4] - o[1] * o[3];
  const double m = std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
  if (m <= std::numeric_limits<double>::epsilon())
  {
    return false;
  }
  n[0] /= m;
  n[1] /= m;
  n[2] /= m;
  return true;
}

/** Stable sort of 0..n-1 by values (ties by frame number). */
inline std::vector<uint32_t>
SortedByValues(const std::vector<double> & values)
{
  std::vector<uint32_t> order(values.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return values[a] < values[b]; });
  return order;
}

inline void
MetadataSpacing(const FrameOrderInput & in, FrameOrderResult & r)
{
  // derived_spacing_mm: geometry along the first ordered frame's normal, else pixel measures.
  const auto & frames = in.Frames;
  bool         sampled = false;
  for (const auto & f : frames)
  {
    sampled = sampled || f.Sampled;
  }
  double n[3];
  if (!sampled && frames[r.Order[0]].HasOrientation && Normal(frames[r.Order[0]].Orientation, n))
  {
    std::vector<double> values;
    bool                all = true;
    for (const uint32_t k : r.Order)
    {
      if (!frames[k].HasPosition)
      {
        all = false;
        break;
      }
      values.push_back(frames[k].Position[0] * n[0] + frames[k].Position[1] * n[1] + frames[k].Position[2] * n[2]);
    }
    if (all && SpacingFromValues(values, r.ZSpacing))
    {
      r.HasZSpacing = true;
      return;
    }
  }
  for (const auto & f : frames)
  {
    if (f.HasSpacingBetweenSlices || f.HasSliceThickness)
    {
      r.HasZSpacing = true;
      r.ZSpacing = static_cast<float>(f.HasSpacingBetweenSlices ? f.SpacingBetweenSlices : f.SliceThickness);
      return;
    }
  }
}

/** The order of a value list: kept when monotonic, sorted when mixed; spacing from the values. */
inline FrameOrderResult
ByValues(const std::vector<double> & values, FrameOrderStrategy strategy)
{
  FrameOrderResult r;
  r.Strategy = strategy;
  if (Direction(values) != 0)
  {
    r.Order.resize(values.size());
    std::iota(r.Order.begin(), r.Order.end(), 0u);
  }
  else
  {
    r.Order = SortedByValues(values);
  }
  std::vector<double> ordered;
  for (const uint32_t k : r.Order)
  {
    ordered.push_back(values[k]);
  }
  r.HasZSpacing = SpacingFromValues(ordered, r.ZSpacing);
  return r;
}
} // namespace FrameOrderDetail

/** \brief dicom-preprocessing's frame order of a multi-frame file
 * (metadata/frame_order.rs:resolve_frame_order), on attributes already read.
 *
 * Precedence: (1) DimensionOrganizationType 3D_TEMPORAL, more than one TemporalPositionIndex or
 * more than one StackID: ExceptionObject ("unsupported multi-volume"); (2) DimensionIndexValues
 * when every frame has one per pointer (a varying pointer other than InStackPositionNumber,
 * ImagePositionPatient, SliceLocation: ExceptionObject): lexicographic, kept as stored when
 * already sorted; (3) InStackPositionNumber, all present and unique: ascending; (4) geometry
 * (every frame with IPP and IOP, normals parallel within 1e-4, unique positions along the first
 * normal, no SAMPLED frame): kept as stored when monotonic in either direction, else sorted
 * ascending; (5) FrameIncrementPointer values, (6) SliceLocation (same monotonic rule); (7) as
 * stored. ZSpacing: the median of the consecutive distances > 1e-4 (geometry, or the values of
 * rules 5/6), else SpacingBetweenSlices, else SliceThickness. A file of 0 or 1 frame: identity.
 * Pure function, thread safe. \ingroup ParallelSeries */
inline FrameOrderResult
ResolveFrameOrder(const FrameOrderInput & in)
{
  using namespace FrameOrderDetail;
  const auto &     frames = in.Frames;
  const uint32_t   n = static_cast<uint32_t>(frames.size());
  FrameOrderResult identity;
  identity.Order.resize(n);
  std::iota(identity.Order.begin(), identity.Order.end(), 0u);
  if (n <= 1)
  {
    return identity;
  }
  if (in.DimensionOrganizationType == "3D_TEMPORAL")
  {
    itkGenericExceptionMacro("unsupported multi-volume file: DimensionOrganizationType=3D_TEMPORAL");
  }
  std::set<uint32_t>    temporal;
  std::set<std::string> stacks;
  for (const auto & f : frames)
  {
    if (f.HasTemporalPositionIndex)
    {
      temporal.insert(f.TemporalPositionIndex);
    }
    if (f.HasStackID)
    {
      stacks.insert(f.StackID);
    }
  }
  if (temporal.size() > 1)
  {
    itkGenericExceptionMacro("unsupported multi-volume file: multiple TemporalPositionIndex values");
  }
  if (stacks.size() > 1)
  {
    itkGenericExceptionMacro("unsupported multi-volume file: multiple StackID values");
  }

  // (2) DimensionIndexValues
  const size_t pointers = in.DimensionIndexPointers.size();
  if (pointers > 0 && std::all_of(frames.begin(), frames.end(), [&](const FrameOrderFrame & f) {
        return f.DimensionIndexValues.size() == pointers;
      }))
  {
    for (size_t d = 0; d < pointers; ++d)
    {
      std::set<uint32_t> distinct;
      for (const auto & f : frames)
      {
        distinct.insert(f.DimensionIndexValues[d]);
      }
      if (distinct.size() <= 1)
      {
        continue;
      }
      const uint32_t p = in.DimensionIndexPointers[d];
      if (p != 0x00209057u && p != 0x00200032u && p != 0x00201041u) // InStack, IPP, SliceLocation
      {
        itkGenericExceptionMacro("unsupported multi-volume file: DimensionIndexSequence varies pointer ("
                                 << std::hex << (p >> 16) << "," << (p & 0xffffu) << ")");
      }
    }
    FrameOrderResult r;
    r.Strategy = FrameOrderStrategy::DimensionIndexValues;
    r.Order = identity.Order;
    std::stable_sort(r.Order.begin(), r.Order.end(), [&](uint32_t a, uint32_t b) {
      return frames[a].DimensionIndexValues < frames[b].DimensionIndexValues;
    });
    MetadataSpacing(in, r);
    return r;
  }
  // (3) InStackPositionNumber
  {
    std::set<uint32_t> positions;
    bool               all = true;
    for (const auto & f : frames)
    {
      all = all && f.HasInStackPositionNumber;
      positions.insert(f.InStackPositionNumber);
    }
    if (all && positions.size() == n)
    {
      FrameOrderResult r;
      r.Strategy = FrameOrderStrategy::StackPosition;
      r.Order = identity.Order;
      std::stable_sort(r.Order.begin(), r.Order.end(), [&](uint32_t a, uint32_t b) {
        return frames[a].InStackPositionNumber < frames[b].InStackPositionNumber;
      });
      MetadataSpacing(in, r);
      return r;
    }
  }
  // (4) geometry
  {
    bool usable = true;
    for (const auto & f : frames)
    {
      usable = usable && !f.Sampled && f.HasPosition && f.HasOrientation;
    }
    double reference[3];
    if (usable)
    {
      if (!Normal(frames[0].Orientation, reference))
      {
        itkGenericExceptionMacro("invalid ImageOrientationPatient of frame 1");
      }
      std::vector<double> projections;
      for (uint32_t k = 0; k < n && usable; ++k)
      {
        double normal[3];
        if (!Normal(frames[k].Orientation, normal))
        {
          itkGenericExceptionMacro("invalid ImageOrientationPatient of frame " << k + 1);
        }
        const double dot = std::abs(reference[0] * normal[0] + reference[1] * normal[1] + reference[2] * normal[2]);
        if (1.0 - dot > Tolerance)
        {
          usable = false;
          break;
        }
        const double * p = frames[k].Position;
        projections.push_back(p[0] * reference[0] + p[1] * reference[1] + p[2] * reference[2]);
      }
      if (usable && UniqueValues(projections))
      {
        FrameOrderResult r = ByValues(projections, FrameOrderStrategy::Geometry);
        r.HasZSpacing = false;
        MetadataSpacing(in, r);
        return r;
      }
    }
  }
  // (5) FrameIncrementPointer
  if (in.FrameIncrementValues.size() == n && UniqueValues(in.FrameIncrementValues))
  {
    return ByValues(in.FrameIncrementValues, FrameOrderStrategy::FrameIncrementPointer);
  }
  // (6) SliceLocation
  {
    std::vector<double> locations;
    for (const auto & f : frames)
    {
      if (!f.HasSliceLocation)
      {
        break;
      }
      locations.push_back(f.SliceLocation);
    }
    if (locations.size() == n && UniqueValues(locations))
    {
      return ByValues(locations, FrameOrderStrategy::SliceLocation);
    }
  }
  // (7) as stored, spacing from the pixel measures
  for (const auto & f : frames)
  {
    if (f.HasSpacingBetweenSlices || f.HasSliceThickness)
    {
      identity.HasZSpacing = true;
      identity.ZSpacing = static_cast<float>(f.HasSpacingBetweenSlices ? f.SpacingBetweenSlices : f.SliceThickness);
      break;
    }
  }
  return identity;
}

/** \brief Reads the FrameOrderInput of a DICOM file with GDCM (up to the pixel data): per frame,
 * the Per-frame Functional Groups item, else the Shared one, else the top-level attribute
 * (FrameContent: DimensionIndexValues, TemporalPositionIndex, StackID, InStackPositionNumber;
 * PlanePosition/PlaneOrientation; PixelMeasures: SpacingBetweenSlices, SliceThickness;
 * VolumetricProperties; SliceLocation), the DimensionIndexSequence pointers, and the values of
 * the attribute FrameIncrementPointer names. Binary values (UL, AT) are read little endian.
 * Throws ExceptionObject naming the file when it cannot be read. Thread safe. \ingroup ParallelSeries */
ParallelSeries_EXPORT FrameOrderInput
                      ReadFrameOrderInput(const std::string & fileName);

/** \brief dicom-preprocessing's frame count for `--spacing x,y,z` (preprocess.rs:
 * compute_target_frame_count): round((n - 1) * dz / z) + 1 in f32 (dz = the file's z spacing,
 * ResolveFrameOrder's ZSpacing; frames_per_mm = 1 / dz as the peer). \ingroup ParallelSeries */
inline uint32_t
TargetFrameCountForSpacing(uint32_t frames, float zSpacing, float targetZSpacing)
{
  const float framesPerMm = 1.0f / zSpacing;
  const float extent = static_cast<float>(frames > 0 ? frames - 1 : 0) / framesPerMm;
  return static_cast<uint32_t>(std::round(extent / targetZSpacing)) + 1u;
}
} // end namespace itk

#endif
