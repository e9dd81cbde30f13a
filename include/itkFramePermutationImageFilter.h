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
#ifndef itkFramePermutationImageFilter_h
#define itkFramePermutationImageFilter_h

#include "itkWholeImageToImageFilter.h"

#include <vector>

namespace itk
{
/** \class FramePermutationImageFilter
 * \brief Puts the frames (slices along z, index 2) of an image in a given order: output frame k is
 * input frame FrameOrder[k].
 *
 * The order of a multi-frame DICOM file's frames as dicom-preprocessing 0.1.2 displays them
 * (metadata/frame_order.rs:resolve_frame_order, ported as itk::ResolveFrameOrder(): its
 * FrameOrderResult::Order is this filter's FrameOrder) can differ from the stored order, e.g. an
 * Enhanced MR file whose InStackPositionNumber descends; the volume handlers of the peer (keep,
 * central slice, MIP, interpolation, frame skipping) see the frames in that order, and so must ours.
 *
 * FrameOrder holds 0-based input z offsets (from the input's first frame). It must be a
 * permutation of 0 .. N-1 for an input of N frames; an empty FrameOrder (the default) is the
 * identity. Anything else (another length, an index out of range, a repeated index) throws an
 * ExceptionObject from UpdateOutputInformation() that states the order and the frame count.
 *
 * <b>Geometry.</b> Size, spacing, in-plane origin and in-plane direction are the input's. For the
 * identity, the output's geometry is the input's. For the reverse order (N-1, ..., 0), the output's
 * origin is the physical point (mm) of the input's last frame and the z column of the direction is
 * negated, so every output voxel keeps its physical position. For any other permutation the frames
 * are no longer one evenly spaced stack: the output keeps the input's origin, spacing and direction,
 * and its z index is the display order only (GetGeometryPreserved() is then false: physical
 * positions along z are not the frames' own).
 *
 * <b>Parallelism.</b> DynamicThreadedGenerateData() over output regions (ITK's region
 * partitioning, the filter's MultiThreaderBase, ITK's pool by default); each output row is one
 * contiguous copy of an input row.
 *
 * \tparam TImage an itk::Image of dimension 3 (any pixel type).
 *
 * Thread safety: as every ITK filter, one instance must not be updated from several threads at once.
 *
 * \ingroup ParallelSeries
 */
template <typename TImage>
class ITK_TEMPLATE_EXPORT FramePermutationImageFilter : public WholeImageToImageFilter<TImage, TImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(FramePermutationImageFilter);

  using Self = FramePermutationImageFilter;
  using Superclass = WholeImageToImageFilter<TImage, TImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(FramePermutationImageFilter, WholeImageToImageFilter);

  using ImageType = TImage;
  using RegionType = typename ImageType::RegionType;
  using OutputImageRegionType = RegionType;
  using FrameOrderType = std::vector<unsigned int>;

  static constexpr unsigned int ImageDimension = ImageType::ImageDimension;
  static_assert(ImageDimension == 3, "FramePermutationImageFilter needs a 3D image (frames along z)");

  /** Output frame k is input frame FrameOrder[k] (0-based offsets along z); empty: the identity. */
  void
  SetFrameOrder(const FrameOrderType & order)
  {
    if (order != m_FrameOrder)
    {
      m_FrameOrder = order;
      this->Modified();
    }
  }
  const FrameOrderType &
  GetFrameOrder() const
  {
    return m_FrameOrder;
  }

  /** True (after UpdateOutputInformation()) when every output voxel keeps its physical position:
   * the identity or the reverse order. */
  itkGetConstMacro(GeometryPreserved, bool);

protected:
  FramePermutationImageFilter() = default;
  ~FramePermutationImageFilter() override = default;

  void
  PrintSelf(std::ostream & os, Indent indent) const override;

  void
  GenerateOutputInformation() override;

  void
  DynamicThreadedGenerateData(const OutputImageRegionType & outputRegionForThread) override;

private:
  FrameOrderType m_FrameOrder;
  bool           m_GeometryPreserved{ true };
};
} // end namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkFramePermutationImageFilter.hxx"
#endif

#endif
