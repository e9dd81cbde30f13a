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
#ifndef itkPadToSizeImageFilter_h
#define itkPadToSizeImageFilter_h

#include "itkWholeImageToImageFilter.h"
#include "itkDicomPreprocessingEnums.h"

namespace itk
{
/** \class PadToSizeImageFilter
 * \brief Pads an image in-plane (axes x and y) up to a target size with a constant value.
 *
 * For axis x (index 0) and y (index 1) the total padding is TargetSize[d] - size[d] pixels
 * when the input is smaller than the target, else 0: an axis already at least as large as the
 * target is left as it is (never cropped). Axes beyond y (slices) are never padded; every slice
 * is padded alike. The padded pixels take PadValue (default 0). Where the padding goes is set
 * by PadDirection (DicomPreprocessingEnums::PadDirection):
 * - TopLeft: all before the image (left = total, right = 0; top = total, bottom = 0);
 * - BottomRight: all after the image;
 * - Center: left/top = floor(total / 2), right/bottom = the rest;
 * - Zero: per axis, count the zero pixels of the first and of the last column (for x; first and
 *   last row for y), summed over all slices; all padding goes to the side with more zeros,
 *   ties to the left/top. This is dicom-preprocessing's (medcognetics) "zero" direction.
 *
 * GetPadLeft(), GetPadTop(), GetPadRight(), GetPadBottom() give the padding (pixels); they are
 * valid after UpdateOutputInformation().
 *
 * <b>Geometry.</b> The output's largest possible region starts at index 0; spacing and
 * direction are the input's; the origin is the physical point (mm) of input index
 * (start_x - left, start_y - top, start_z, ...), so output index i and input index
 * i - (left, top, 0...) + input start are the same physical point: existing pixels keep their
 * world coordinates.
 *
 * <b>Pipeline.</b> With PadDirection Zero, the output geometry depends on the pixel values, so
 * GenerateOutputInformation() updates the whole input first; in all cases the whole input is
 * requested (no streaming of the input).
 *
 * <b>Parallelism.</b> DynamicThreadedGenerateData() over output regions (ITK's region
 * partitioning, GetNumberOfWorkUnits() work units of the filter's MultiThreaderBase, ITK's pool
 * unless SetMultiThreader() gave another); the Zero counts are computed on the calling thread. The result does not
 * depend on the number of work units.
 *
 * \tparam TImage an itk::Image of a scalar pixel type, of dimension 2 or more.
 *
 * Exceptions: ExceptionObject (from the pipeline) if the input is missing.
 *
 * \ingroup ParallelSeries
 */
template <typename TImage>
class ITK_TEMPLATE_EXPORT PadToSizeImageFilter : public WholeImageToImageFilter<TImage, TImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(PadToSizeImageFilter);

  using Self = PadToSizeImageFilter;
  using Superclass = WholeImageToImageFilter<TImage, TImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(PadToSizeImageFilter, WholeImageToImageFilter);

  using ImageType = TImage;
  using PixelType = typename ImageType::PixelType;
  using IndexType = typename ImageType::IndexType;
  using SizeType = typename ImageType::SizeType;
  using RegionType = typename ImageType::RegionType;
  using OutputImageRegionType = RegionType;
  using TargetSizeType = Size<2>;
  using PadDirectionEnum = DicomPreprocessingEnums::PadDirection;

  static constexpr unsigned int ImageDimension = ImageType::ImageDimension;
  static_assert(ImageDimension >= 2, "PadToSizeImageFilter needs an image of dimension 2 or more");

  /** Target in-plane size (x, y) in pixels; default (0, 0), i.e. no padding. */
  itkSetMacro(TargetSize, TargetSizeType);
  itkGetConstReferenceMacro(TargetSize, TargetSizeType);

  itkSetEnumMacro(PadDirection, PadDirectionEnum);
  itkGetEnumMacro(PadDirection, PadDirectionEnum);

  /** Value of the padded pixels (default 0). */
  /** Zero rule: pixels with |value| <= ZeroTolerance count as zero (default 0: exact zeros).
   * dicom-preprocessing tests the 8-bit luma (`get_pixel` -> Rgba<u8>): 128 for 16-bit output. */
  itkSetMacro(ZeroTolerance, double);
  itkGetConstMacro(ZeroTolerance, double);
  /** Zero rule: count on the first slice only (dicom-preprocessing: the first frame), not on all
   * slices (default off). */
  itkSetMacro(ZeroRuleFirstSliceOnly, bool);
  itkGetConstMacro(ZeroRuleFirstSliceOnly, bool);
  itkBooleanMacro(ZeroRuleFirstSliceOnly);
  itkSetMacro(PadValue, PixelType);
  itkGetConstMacro(PadValue, PixelType);

  /** Padding in pixels, valid after UpdateOutputInformation(). */
  itkGetConstMacro(PadLeft, SizeValueType);
  itkGetConstMacro(PadTop, SizeValueType);
  itkGetConstMacro(PadRight, SizeValueType);
  itkGetConstMacro(PadBottom, SizeValueType);

protected:
  PadToSizeImageFilter();
  ~PadToSizeImageFilter() override = default;

  void
  PrintSelf(std::ostream & os, Indent indent) const override;

  void
  GenerateOutputInformation() override;



  void
  DynamicThreadedGenerateData(const OutputImageRegionType & outputRegionForThread) override;

private:
  TargetSizeType   m_TargetSize;
  PadDirectionEnum m_PadDirection{ PadDirectionEnum::Zero };
  PixelType        m_PadValue{};
  double           m_ZeroTolerance{ 0.0 };
  bool             m_ZeroRuleFirstSliceOnly{ false };
  SizeValueType    m_PadLeft{ 0 };
  SizeValueType    m_PadTop{ 0 };
  SizeValueType    m_PadRight{ 0 };
  SizeValueType    m_PadBottom{ 0 };
};
} // end namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkPadToSizeImageFilter.hxx"
#endif

#endif
