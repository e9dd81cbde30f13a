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
#ifndef itkPillowResizeImageFilter_h
#define itkPillowResizeImageFilter_h

#include "itkWholeImageToImageFilter.h"
#include "itkDicomPreprocessingEnums.h"

#include <vector>

namespace itk
{
/** \class PillowResizeImageFilter
 * \brief Resizes an image in-plane (axes x and y) to a target size, with antialiased
 * separable convolution as Pillow's Image.resize does.
 *
 * <b>Name.</b> "Resize" as in dicom-preprocessing's resize step and Pillow's Image.resize: the
 * output is defined by a target size in pixels, not by a transform and an output grid as in
 * ResampleImageFilter, and the kernel is widened when downscaling. ITK 5.2 to 5.4 have no
 * itk::PillowResizeImageFilter.
 *
 * <b>Output size.</b> For an input of w x h pixels (x = index 0, y = index 1) and
 * TargetSize (tw, th): with KeepAspectRatio on (default) one scale s = min(tw / w, th / h) is
 * used for both axes and the output is round(w s) x round(h s) (rounded half away from zero, at
 * least 1), so it fits in the target; with KeepAspectRatio off the output is tw x th. Axes
 * beyond y (slices) keep their size; every slice is resized alike. GetScale() gives the actual
 * per-axis scale output size / input size, valid after UpdateOutputInformation().
 *
 * <b>Sampling.</b> Axis by axis (all columns first, then all rows, as Pillow's
 * ImagingResample: horizontal pass into an intermediate image of out_w x h, then vertical
 * pass), with scale_inv = in_size / out_size and filterscale = max(scale_inv, 1) per axis,
 * output pixel i has centre c = (i + 0.5) scale_inv in "edge" coordinates (pixel k covers
 * [k, k + 1)); support = kernel_support * filterscale; the window is input pixels
 * [max(0, int(c - support + 0.5)), min(in_size, int(c + support + 0.5))); the weight of input
 * pixel k is kernel((k - c + 0.5) / filterscale), and the weights are normalized to sum 1
 * (Pillow's precompute_coeffs in Resample.c; the same scheme as the Rust image crate used by
 * dicom-preprocessing). Kernels (DicomPreprocessingEnums::ResizeKernel):
 * - Triangle: max(0, 1 - |x|), support 1 (Pillow BILINEAR);
 * - CatmullRom: Keys cubic with a = -0.5, support 2 (Pillow BICUBIC);
 * - Gaussian: exp(-2 x^2) (sigma 0.5), support 3 (image crate's Gaussian);
 * - Lanczos3: sinc(x) sinc(x / 3), support 3 (Pillow LANCZOS);
 * - Nearest: no convolution, Pillow's NEAREST (ImagingScaleAffine in Geometry.c): output
 *   pixel i takes input pixel int(x_i) with x_0 = scale_inv / 2, x_{i+1} = x_i + scale_inv
 *   (accumulated in double, as Pillow does), clamped to [0, in_size - 1].
 * An axis whose size does not change is copied (Pillow skips that pass).
 *
 * <b>Pixel values.</b> Sums are computed in double. For an integer output pixel type both the
 * intermediate and the output values are rounded (floor(v + 0.5)) and clamped to the pixel
 * type's range, as Pillow does for 8-bit images (it stores the intermediate as 8-bit); for a
 * floating-point type no rounding or clamping happens. Results agree with Pillow 8-bit
 * ("L") resizes within +-1 grey level (Pillow's 22-bit fixed-point weights); NEAREST agrees
 * exactly.
 *
 * <b>Geometry.</b> The physical extent (from the outer edge of the first pixel to the outer
 * edge of the last, pixel-centre convention) is preserved: output spacing[d] =
 * input spacing[d] * in_size[d] / out_size[d] for d = x, y (other axes unchanged); the output
 * region starts at index 0; the output origin is the physical point (mm) of the input
 * continuous index start[d] + 0.5 * scale_inv[d] - 0.5 (d = x, y; start[d] otherwise), i.e.
 * output continuous index o maps to input continuous index
 * start + (o + 0.5) * in_size / out_size - 0.5. Direction is unchanged.
 *
 * <b>Parallelism.</b> The horizontal pass runs with MultiThreaderBase::ParallelizeArray over
 * input rows (of all slices) in BeforeThreadedGenerateData(); the vertical pass (or the nearest
 * lookup) is DynamicThreadedGenerateData() over output regions. Both use
 * GetNumberOfWorkUnits() work units of the filter's MultiThreaderBase (ITK's pool unless
 * SetMultiThreader() gave another), never nested; results do not depend on the
 * number of work units. The whole input is requested and the whole output generated.
 *
 * \tparam TInputImage, TOutputImage itk::Image types of a scalar pixel type and the same
 * dimension (2 or more).
 *
 * Exceptions: ExceptionObject from UpdateOutputInformation() if a target size component is 0
 * or the input is empty in x or y.
 *
 * \ingroup ParallelSeries
 */
template <typename TInputImage, typename TOutputImage = TInputImage>
class ITK_TEMPLATE_EXPORT PillowResizeImageFilter : public WholeImageToImageFilter<TInputImage, TOutputImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(PillowResizeImageFilter);

  using Self = PillowResizeImageFilter;
  using Superclass = WholeImageToImageFilter<TInputImage, TOutputImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(PillowResizeImageFilter, WholeImageToImageFilter);

  using InputImageType = TInputImage;
  using OutputImageType = TOutputImage;
  using InputPixelType = typename InputImageType::PixelType;
  using OutputPixelType = typename OutputImageType::PixelType;
  using RegionType = typename OutputImageType::RegionType;
  using OutputImageRegionType = RegionType;
  using IndexType = typename OutputImageType::IndexType;
  using SizeType = typename OutputImageType::SizeType;
  using TargetSizeType = Size<2>;
  using ScaleType = FixedArray<double, 2>;
  using KernelEnum = DicomPreprocessingEnums::ResizeKernel;

  static constexpr unsigned int ImageDimension = OutputImageType::ImageDimension;
  static_assert(ImageDimension >= 2, "PillowResizeImageFilter needs an image of dimension 2 or more");
  static_assert(static_cast<unsigned int>(InputImageType::ImageDimension) == ImageDimension,
                "input and output images must have the same dimension");

  /** Target in-plane size (x, y) in pixels. Default (1, 1): set it. */
  itkSetMacro(TargetSize, TargetSizeType);
  itkGetConstReferenceMacro(TargetSize, TargetSizeType);

  /** Keep the aspect ratio (one scale for both axes; default on). */
  itkSetMacro(KeepAspectRatio, bool);
  itkGetConstMacro(KeepAspectRatio, bool);
  itkBooleanMacro(KeepAspectRatio);

  /** Interpolation kernel (default Triangle). */
  itkSetEnumMacro(Kernel, KernelEnum);
  itkGetEnumMacro(Kernel, KernelEnum);

  /** Actual scale per axis (x, y): output size / input size. After UpdateOutputInformation(). */
  itkGetConstReferenceMacro(Scale, ScaleType);

  /** Output in-plane size (x, y) for an input of \a width x \a height (see class doc). */
  static TargetSizeType
  ComputeOutputSize(SizeValueType width, SizeValueType height, const TargetSizeType & target, bool keepAspectRatio);

  /** Kernel value at \a x and its support (half-width), for the convolution kernels. */
  static double
  EvaluateKernel(KernelEnum kernel, double x);
  static double
  KernelSupport(KernelEnum kernel);

protected:
  PillowResizeImageFilter();
  ~PillowResizeImageFilter() override = default;

  void
  PrintSelf(std::ostream & os, Indent indent) const override;

  void
  GenerateOutputInformation() override;



  void
  BeforeThreadedGenerateData() override;

  void
  DynamicThreadedGenerateData(const OutputImageRegionType & outputRegionForThread) override;

  void
  AfterThreadedGenerateData() override;

  /** Per-output-pixel coefficient windows along one axis (Pillow's precompute_coeffs). */
  struct AxisCoefficients
  {
    std::vector<SizeValueType> First;   ///< first input pixel of each output pixel's window
    std::vector<SizeValueType> Count;   ///< number of input pixels in the window
    std::vector<double>        Weights; ///< Count weights at [i * KernelSize]
    SizeValueType              KernelSize{ 0 };
  };

  static void
  ComputeAxisCoefficients(SizeValueType inSize, SizeValueType outSize, KernelEnum kernel, AxisCoefficients & coeffs);

  /** Pillow's NEAREST source indices along one axis. */
  static std::vector<SizeValueType>
  ComputeNearestIndices(SizeValueType inSize, SizeValueType outSize);

  /** Round and clamp \a value for an integer output pixel type; identity for floating point. */
  static double
  ToOutputRange(double value);

private:
  TargetSizeType m_TargetSize;
  bool           m_KeepAspectRatio{ true };
  KernelEnum     m_Kernel{ KernelEnum::Triangle };
  ScaleType      m_Scale;

  // Valid between BeforeThreadedGenerateData() and AfterThreadedGenerateData().
  AxisCoefficients           m_CoefficientsX;
  AxisCoefficients           m_CoefficientsY;
  std::vector<SizeValueType> m_NearestX;
  std::vector<SizeValueType> m_NearestY;
  std::vector<double>        m_Intermediate; ///< out_w x in_h x slices, x fastest
};
} // end namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkPillowResizeImageFilter.hxx"
#endif

#endif
