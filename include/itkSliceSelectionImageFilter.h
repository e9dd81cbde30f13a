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
#ifndef itkSliceSelectionImageFilter_h
#define itkSliceSelectionImageFilter_h

#include "itkWholeImageToImageFilter.h"
#include "itkContinuousIndex.h"
#include "itkDicomPreprocessingEnums.h"
#include "itkImageBase.h"

namespace itk
{
/** The geometry of a maximum-intensity projection along z (index 2) of \c input's largest possible
 * region (n slices from index (x0, y0, z0)): size (w, h, 1) from index 0, origin the physical point
 * of the continuous index (x0, y0, z0 + (n - 1) / 2) (the centre of the slab), z spacing n times the
 * input's (the slab thickness, as ProjectionImageFilter sets it), in-plane spacing and direction
 * unchanged; origin and spacing in mm (physical space). Set on \c output (largest possible region,
 * origin, spacing, direction); throws nothing (n = 0 is the caller's error: the callers check it).
 * Thread safety: reads \c input, writes \c output only. The rule of SliceSelectionImageFilter's
 * MaximumIntensityProjection and of VOILUTImageFilter's projection. */
inline void
SetMaximumIntensityProjectionInformation(const ImageBase<3> * input, ImageBase<3> * output)
{
  const ImageRegion<3>       largest = input->GetLargestPossibleRegion();
  ContinuousIndex<double, 3> originIndex;
  for (unsigned int d = 0; d < 3; ++d)
  {
    originIndex[d] = static_cast<double>(largest.GetIndex(d));
  }
  const SizeValueType n = largest.GetSize(2);
  originIndex[2] += 0.5 * static_cast<double>(n - 1);
  ImageBase<3>::SpacingType spacing = input->GetSpacing();
  spacing[2] *= static_cast<double>(n);
  ImageBase<3>::PointType origin;
  input->TransformContinuousIndexToPhysicalPoint(originIndex, origin);
  ImageBase<3>::SizeType size = largest.GetSize();
  size[2] = 1;
  ImageBase<3>::IndexType start;
  start.Fill(0);
  output->SetLargestPossibleRegion(ImageRegion<3>(start, size));
  output->SetOrigin(origin);
  output->SetSpacing(spacing);
  output->SetDirection(input->GetDirection());
}

/** \class SliceSelectionImageFilter
 * \brief Volume handling of dicom-preprocessing: keeps all slices, the central slice, or the
 * maximum-intensity projection along z (index 2).
 *
 * VolumeHandling (DicomPreprocessingEnums::VolumeHandling), for an input of n slices along z whose
 * largest possible region starts at index (x0, y0, z0):
 * - Keep (default): the output is the input (same pixels and geometry, the buffer is shared).
 * - Central: the slice z0 + n / 2 (integer division, dicom-preprocessing's "central"), with
 *   RegionOfInterestImageFilter; output size (w, h, 1), region start 0, origin = physical point
 *   of input index (x0, y0, z0 + n / 2), spacing and direction unchanged.
 * - MaximumIntensityProjection: per (x, y) the maximum over all slices (3D integer images: computed
 *   here frame by frame over contiguous rows, the values of MaximumProjectionImageFilter, which
 *   the other images use); output size (w, h, 1), region start 0, origin = physical point
 *   of the input continuous index (x0, y0, z0 + (n - 1) / 2) (the centre of the slab), z
 *   spacing = n * input z spacing (the slab thickness, as ProjectionImageFilter sets it), in-plane
 *   spacing and direction unchanged (SetMaximumIntensityProjectionInformation(), for 3D images).
 * - Interpolate: FrameInterpolationImageFilter with TargetFrames (dicom-preprocessing's
 *   `-v interpolate -t T`): T slices linearly interpolated along z, bit-exact with the peer (see
 *   that filter for the arithmetic and the geometry); n = 1 returns the input.
 * - LaplacianMip: LaplacianMipImageFilter with MipWeight, SkipFrames (dropped at each end) and
 *   ProjectionMode (`-v laplacian-mip`): output size (w, h, 1), the geometry of the used slab.
 *   Dimension 3 and unsigned 16-bit pixels only (the peer's output is always 16-bit and it fails
 *   on 8-bit files): ExceptionObject otherwise.
 * Axes beyond z (if any) are kept. For an image of dimension 2, or of one slice (n = 1), every
 * mode returns the input, as Keep does (dicom-preprocessing 0.1.2, preprocess.rs:prepare_volume:
 * a file of one frame is kept whatever the handler; so laplacian-mip on a single-frame 8-bit
 * file is no error).
 * GetSelectedSliceStart() and GetSelectedSliceCount() give the input z range the output comes
 * from, [start, start + count) (after UpdateOutputInformation()).
 *
 * <b>Parallelism.</b> The internal ITK filters and the projection run on GetNumberOfWorkUnits() work units of
 * this filter's MultiThreaderBase (SetMultiThreader(): ITK's pool by default, or a caller's);
 * the result does not depend on that number.
 *
 * Exceptions: ExceptionObject if the input has no slice (n = 0) for a mode other than Keep;
 * those of FrameInterpolationImageFilter and LaplacianMipImageFilter (e.g. n <= 2 SkipFrames).
 *
 * \tparam TImage an itk::Image of a scalar pixel type.
 *
 * Thread safety: like every ITK filter, one instance must not be updated from several threads at
 * once; the projection (MaximumIntensityProjection) runs in ITK's thread pool, so Update() must
 * not be called from inside a pool work unit (ITK 5.2's pool deadlocks on nested waits).
 *
 * \ingroup ParallelSeries
 */
template <typename TImage>
class ITK_TEMPLATE_EXPORT SliceSelectionImageFilter : public WholeImageToImageFilter<TImage, TImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(SliceSelectionImageFilter);

  using Self = SliceSelectionImageFilter;
  using Superclass = WholeImageToImageFilter<TImage, TImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(SliceSelectionImageFilter, WholeImageToImageFilter);

  using ImageType = TImage;
  using PixelType = typename ImageType::PixelType;
  using IndexType = typename ImageType::IndexType;
  using SizeType = typename ImageType::SizeType;
  using RegionType = typename ImageType::RegionType;
  using VolumeHandlingEnum = DicomPreprocessingEnums::VolumeHandling;
  using ProjectionModeEnum = DicomPreprocessingEnums::ProjectionMode;

  static constexpr unsigned int ImageDimension = ImageType::ImageDimension;

  itkSetEnumMacro(VolumeHandling, VolumeHandlingEnum);
  itkGetEnumMacro(VolumeHandling, VolumeHandlingEnum);

  /** Interpolate: the number of output slices (default 32, `--target-frames`). */
  itkSetMacro(TargetFrames, SizeValueType);
  itkGetConstMacro(TargetFrames, SizeValueType);
  /** LaplacianMip: the MIP's weight (1.5), the slices dropped at each end (5), the central
   * image (ParallelBeam). */
  itkSetMacro(MipWeight, float);
  itkGetConstMacro(MipWeight, float);
  itkSetMacro(SkipFrames, SizeValueType);
  itkGetConstMacro(SkipFrames, SizeValueType);
  itkSetEnumMacro(ProjectionMode, ProjectionModeEnum);
  itkGetEnumMacro(ProjectionMode, ProjectionModeEnum);

  /** First input z index the output comes from, and the number of slices it covers. */
  itkGetConstMacro(SelectedSliceStart, IndexValueType);
  itkGetConstMacro(SelectedSliceCount, SizeValueType);

protected:
  SliceSelectionImageFilter() = default;
  ~SliceSelectionImageFilter() override = default;

  void
  PrintSelf(std::ostream & os, Indent indent) const override;

  void
  GenerateOutputInformation() override;

  void
  GenerateData() override;

private:
  VolumeHandlingEnum m_VolumeHandling{ VolumeHandlingEnum::Keep };
  IndexValueType     m_SelectedSliceStart{ 0 };
  SizeValueType      m_SelectedSliceCount{ 0 };
  SizeValueType      m_TargetFrames{ 32 };
  float              m_MipWeight{ 1.5f };
  SizeValueType      m_SkipFrames{ 5 };
  ProjectionModeEnum m_ProjectionMode{ ProjectionModeEnum::ParallelBeam };

  /** Whether the output is the input: Keep, dimension 2, or a single slice along z (the peer's rule). */
  bool
  KeepsInput(const RegionType & largest) const
  {
    return ImageDimension < 3 || m_VolumeHandling == VolumeHandlingEnum::Keep ||
           largest.GetSize(ImageDimension < 3 ? 0 : 2) == 1;
  }

  /** Interpolate, LaplacianMip: the internal filter, its output information updated. */
  typename ImageType::Pointer
  RunDerived(bool update);
};
} // end namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkSliceSelectionImageFilter.hxx"
#endif

#endif
