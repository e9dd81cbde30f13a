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
#ifndef itkFrameInterpolationImageFilter_h
#define itkFrameInterpolationImageFilter_h

#include "itkWholeImageToImageFilter.h"

namespace itk
{
/** \class FrameInterpolationImageFilter
 * \brief Linear resampling of a stack of frames (axis z = index 2) to TargetFrames frames,
 * bit-exact with dicom-preprocessing's `-v interpolate` and its `--spacing x,y,z` frame resampling.
 *
 * Source of the algorithm: dicom-preprocessing 0.1.2, transform/volume.rs:
 * InterpolateVolume::interpolate_frames / interpolate_single_frame, interpolate_u8_samples,
 * interpolate_u16_samples. For an input of n slices along z and T = TargetFrames, output slice
 * i (0 <= i < T) is, in IEEE single precision as the peer computes it,
 *   t = float(i) / float(T - 1), f = t * float(n - 1), lo = floor(f), hi = ceil(f), a = f - lo,
 *   out_i = in_lo * (1 - a) + in_hi * a,
 * evaluated in float for 1-byte pixel types (the peer's 8-bit path) and in double (with a
 * widened to double) for every other integer type (the peer's 16-bit path), then converted
 * toward zero and saturated to the pixel type (Rust's `as`); float pixels keep the float result.
 * T may exceed n (upsampling). T = 1 gives the first slice; n = 1 gives the input as is
 * (whatever T), as the peer does.
 *
 * Shapes and geometry: input (w, h, n[, ...]) -> output (w, h, T[, ...]); x, y and any axis after
 * z are copied. The output region starts at index 0; its origin is the physical point of the
 * input's first slice (z index z0), direction unchanged, z spacing dz * (n - 1) / (T - 1)
 * (unchanged when T = 1 or n = 1), so that output slice i sits at input continuous z index
 * z0 + i * (n - 1) / (T - 1) (the exact, not the float, position).
 *
 * Parallelism: the output rows are shared out over GetNumberOfWorkUnits() work units of this
 * filter's MultiThreaderBase (ITK's pool by default); the result does not depend on it.
 *
 * Exceptions: ExceptionObject if TargetFrames is 0 or the input has no slice.
 *
 * Thread safety: one instance must not be updated from several threads at once; Update() must
 * not be called from inside a work unit of ITK's pool.
 *
 * \tparam TImage an itk::Image of a scalar pixel type, dimension >= 3.
 *
 * \ingroup ParallelSeries
 */
template <typename TImage>
class ITK_TEMPLATE_EXPORT FrameInterpolationImageFilter : public WholeImageToImageFilter<TImage, TImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(FrameInterpolationImageFilter);

  using Self = FrameInterpolationImageFilter;
  using Superclass = WholeImageToImageFilter<TImage, TImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(FrameInterpolationImageFilter, WholeImageToImageFilter);

  using ImageType = TImage;
  using PixelType = typename ImageType::PixelType;
  using IndexType = typename ImageType::IndexType;
  using SizeType = typename ImageType::SizeType;
  using RegionType = typename ImageType::RegionType;

  static constexpr unsigned int ImageDimension = ImageType::ImageDimension;
  static_assert(ImageDimension >= 3, "FrameInterpolationImageFilter needs an image of dimension >= 3");

  /** Number of output frames T (default 32, dicom-preprocessing's `--target-frames`). */
  itkSetMacro(TargetFrames, SizeValueType);
  itkGetConstMacro(TargetFrames, SizeValueType);

  /** The interpolation of one sample (the peer's arithmetic, see the class documentation). */
  static PixelType
  InterpolateSample(PixelType low, PixelType high, float alpha);

protected:
  FrameInterpolationImageFilter() = default;
  ~FrameInterpolationImageFilter() override = default;

  void
  PrintSelf(std::ostream & os, Indent indent) const override;

  void
  GenerateOutputInformation() override;

  void
  GenerateData() override;

private:
  SizeValueType m_TargetFrames{ 32 };
};
} // end namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkFrameInterpolationImageFilter.hxx"
#endif

#endif
