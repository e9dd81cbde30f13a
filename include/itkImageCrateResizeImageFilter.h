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
#ifndef itkImageCrateResizeImageFilter_h
#define itkImageCrateResizeImageFilter_h

#include "itkWholeImageToImageFilter.h"
#include "itkDicomPreprocessingEnums.h"

#include <vector>

namespace itk
{
/** \class ImageCrateResizeImageFilter
 * \brief Resizes an image in-plane (axes x and y) to an exact output size with the arithmetic of
 * the Rust image crate 0.25 (`image/imageops/sample.rs:resize`), as dicom-preprocessing 0.1.2
 * does (`transform/resize.rs:Resize::apply` → `DynamicImage::resize_exact`), or with
 * dicom-preprocessing's own max-pool.
 *
 * <b>Output size.</b> OutputSize (x, y in pixels) exactly; axes beyond y (slices, index order
 * x, y, z) keep their size and every slice is resized alike. The size rules of
 * dicom-preprocessing (one scale for --size, per axis for --spacing) are
 * ComputeSizeForTarget() and ComputeSizeForSpacing() (f32 arithmetic as in the peer).
 *
 * <b>Convolution kernels</b> (DicomPreprocessingEnums::ResizeKernel; the kernels of
 * `sample.rs`, evaluated in float (f32) in the crate's operation order): Nearest = box kernel,
 * support 0 (one input pixel, floor((i + 0.5) in/out)); Triangle 1 − |x|, support 1; CatmullRom
 * = Mitchell–Netravali B = 0, C = 0.5, support 2; Gaussian exp(−x²/(2·0.5²))/(√(2π)·0.5),
 * support 3; Lanczos3 sinc(x) sinc(x/3), support 3. If the output size equals the input size the
 * image is copied. Otherwise the <b>vertical pass runs first</b> into a float intermediate (not
 * rounded, not clamped), then the horizontal pass; per output pixel i of an axis: ratio = in/out
 * and sratio = max(ratio, 1) (float), centre c = (i + 0.5) ratio, window [floor(c − support
 * sratio), ceil(c + support sratio)) clamped to the axis and to at least one pixel, weights
 * kernel((k − (c − 0.5)) / sratio) normalised to sum 1, sums accumulated sequentially in float.
 * An axis whose size does not change still runs its pass (the crate does). The final value of an
 * integer output type is clamped to the type's range and rounded half away from zero
 * (`FloatNearest`); a floating-point output is neither clamped nor rounded (the crate would
 * clamp to [0, 1]).
 *
 * <b>MaxPool</b> (`resize.rs:Resize::apply`, FilterType::MaxPool): output (x, y) is the maximum
 * over input columns [x w / W, (x + 1) w / W) and rows [y h / H, (y + 1) h / H) (integer
 * division; the start clamped to w − 1 / h − 1, the end to w / h; an empty range, when
 * upscaling, gives the start pixel). The peer reads and writes through 8-bit RGBA, so for a
 * 16-bit unsigned pixel type the values are quantised first ((v + 128) / 257) and the maxima
 * written back ×257: every output value is a multiple of 257. Other pixel types are pooled
 * without quantisation (8-bit: the peer's result exactly). Max-pool has no same-size shortcut
 * (the other kernels copy when the size is unchanged): at the input's size a 16-bit image is
 * still quantised, as the peer's output shows.
 *
 * <b>Geometry.</b> As PillowResizeImageFilter: the physical extent is preserved, output spacing[d]
 * = input spacing[d] in_size[d] / out_size[d] (d = x, y), output continuous index o maps to input
 * continuous index start + (o + 0.5) in_size / out_size − 0.5, the output region starts at 0,
 * direction unchanged. GetScale() = out/in per axis (the realised ratio).
 *
 * <b>Parallelism.</b> Each pass runs with MultiThreaderBase::ParallelizeArray on the filter's
 * multithreader (ITK's pool unless SetMultiThreader() gave another), GetNumberOfWorkUnits():
 * the vertical pass over output rows of all slices, the horizontal pass over blocks of eight
 * output rows (transposed so that the eight rows' sums of one output column are one vector
 * operation per term; each sum keeps its own order), max-pool over output rows; results do not
 * depend on the number of work units (every output value has one fixed order of summation). The whole input is
 * requested and the whole output generated. One instance must not be updated from two threads at once.
 *
 * \tparam TInputImage, TOutputImage itk::Image of a scalar pixel type, same dimension (≥ 2).
 * Exceptions: ExceptionObject from UpdateOutputInformation() if an OutputSize component is 0 or
 * the input is empty in x or y.
 * \ingroup ParallelSeries
 */
template <typename TInputImage, typename TOutputImage = TInputImage>
class ITK_TEMPLATE_EXPORT ImageCrateResizeImageFilter : public WholeImageToImageFilter<TInputImage, TOutputImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(ImageCrateResizeImageFilter);

  using Self = ImageCrateResizeImageFilter;
  using Superclass = WholeImageToImageFilter<TInputImage, TOutputImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(ImageCrateResizeImageFilter, WholeImageToImageFilter);

  using InputImageType = TInputImage;
  using OutputImageType = TOutputImage;
  using InputPixelType = typename InputImageType::PixelType;
  using OutputPixelType = typename OutputImageType::PixelType;
  using RegionType = typename OutputImageType::RegionType;
  using OutputImageRegionType = RegionType;
  using IndexType = typename OutputImageType::IndexType;
  using SizeType = typename OutputImageType::SizeType;
  using Size2DType = Size<2>;
  using ScaleType = FixedArray<double, 2>;
  using KernelEnum = DicomPreprocessingEnums::ResizeKernel;

  static constexpr unsigned int ImageDimension = OutputImageType::ImageDimension;
  static_assert(ImageDimension >= 2, "ImageCrateResizeImageFilter needs an image of dimension 2 or more");
  static_assert(static_cast<unsigned int>(InputImageType::ImageDimension) == ImageDimension,
                "input and output images must have the same dimension");

  /** Output in-plane size (x, y) in pixels. Default (1, 1): set it. */
  itkSetMacro(OutputSize, Size2DType);
  itkGetConstReferenceMacro(OutputSize, Size2DType);

  /** Kernel (default Triangle, dicom-preprocessing's default). */
  itkSetEnumMacro(Kernel, KernelEnum);
  itkGetEnumMacro(Kernel, KernelEnum);

  /** Realised scale per axis (x, y): output size / input size. After UpdateOutputInformation(). */
  itkGetConstReferenceMacro(Scale, ScaleType);

  /** dicom-preprocessing's --size W,H rule (`resize.rs:Resize::new`): s = min(W/w, H/h) in f32,
   * output round(w s) × round(h s) (half away from zero, at least 1); \a scale receives s. */
  static Size2DType
  ComputeSizeForTarget(SizeValueType width, SizeValueType height, const Size2DType & target, float & scale);

  /** dicom-preprocessing's --spacing x,y rule (`preprocess.rs:get_resize`): W = round(w sx / tx),
   * H = round(h sy / ty) in f32 (at least 1), for the input spacing (sx, sy) and the target
   * (tx, ty), mm. */
  static Size2DType
  ComputeSizeForSpacing(SizeValueType width,
                        SizeValueType height,
                        const double  inputSpacing[2],
                        const double  target[2]);

  /** The kernel's value at \a x (f32, the crate's operation order) and its support. */
  static float
  EvaluateKernel(KernelEnum kernel, float x);
  static float
  KernelSupport(KernelEnum kernel);

protected:
  ImageCrateResizeImageFilter();
  ~ImageCrateResizeImageFilter() override = default;

  void
  PrintSelf(std::ostream & os, Indent indent) const override;

  void
  GenerateOutputInformation() override;

  void
  GenerateData() override;

  /** Window and weights of each output pixel of one axis (`sample.rs`: the loop head of
   * vertical_sample / horizontal_sample). */
  struct AxisWeights
  {
    std::vector<SizeValueType> First;
    std::vector<SizeValueType> Count;
    std::vector<float>         Weights; ///< Count weights at Offset[i]
    std::vector<SizeValueType> Offset;
  };

  static void
  ComputeAxisWeights(SizeValueType inSize, SizeValueType outSize, KernelEnum kernel, AxisWeights & weights);

private:
  void
  GenerateConvolution();
  void
  GenerateMaxPool();

  Size2DType m_OutputSize;
  KernelEnum m_Kernel{ KernelEnum::Triangle };
  ScaleType  m_Scale;
};
} // end namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkImageCrateResizeImageFilter.hxx"
#endif

#endif
