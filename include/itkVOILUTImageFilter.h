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
#ifndef itkVOILUTImageFilter_h
#define itkVOILUTImageFilter_h

#include "itkDicomVOIParameters.h"
#include "itkSliceSelectionImageFilter.h"
#include "itkImageToImageFilter.h"

#include <vector>

namespace itk
{
/** \class VOILUTImageFilter
 * \brief DICOM display values: stored value → modality rescale → VOI (LUT, window or min–max) →
 * 0..y_max, MONOCHROME1 inverted; exactly as dicom-pixeldata 0.9.0 renders a monochrome frame.
 *
 * Input: a 3D scalar image, slices/frames along z (index 2), holding the values ParallelSeriesReader
 * (or GDCMImageIO) decodes: the stored values with GDCM's modality rescale applied (the slice's
 * DicomVOIParameters::AppliedRescaleSlope/Intercept). Output: the same grid, \c TOutputImage's pixel
 * type unsigned char or unsigned short (the caller picks: BitsAllocated 8 → unsigned char, 16 →
 * unsigned short).
 *
 * For each slice z (its parameters SetSliceParameters(): one entry for all slices, or one per slice),
 * following `dicom-pixeldata/lib.rs:build_monochrome_image` and `lut.rs`:
 * - the stored value x is recovered from the input value v: x = round((v − AppliedIntercept) /
 *   AppliedSlope) (v itself without rescale), GDCM's MONOCHROME1 inversion undone
 *   (SetInputInvertedMonochrome1()), then masked to its low n bits, n = 8 when BitsAllocated
 *   is 8, else BitsStored (`lut.rs:Lut::get`); a table of 2^n entries is built over the stored values
 *   (signed when PixelRepresentation is 1), `lut.rs:Lut::new_with_fn`;
 * - each entry: u = slope·x + intercept (the slice's own rescale, `transform.rs:Rescale::apply`), then
 *   the VOI, in this precedence (`lib.rs:build_monochrome_image`): SetWindow()'s window when set
 *   (with the slice's VOILUTFunction, as the peer's `--window`); else the VOI LUT Sequence item
 *   (`transform.rs:VoiLutTransform::apply`: round(u), lookup clamped to the table's ends, shifted left
 *   by next_pow2(n) − LUT bits); else the window with VOILUTFunction (`transform.rs:window_level_linear`,
 *   `window_level_linear_exact`, `window_level_sigmoid`; DICOM PS3.3 C.11.2.1.2.1, C.11.2.1.3.1/2;
 *   width clamped to ≥ 1, LINEAR_EXACT ≥ 0); else a LINEAR window from the slice's minimum and maximum
 *   *raw words* (`lut.rs:new_rescale_and_normalize`: width max − min + 1, centre (min + max)/2, after the
 *   rescale, swapped for a negative slope). The raw word is x modulo 2^16 (2^8 for BitsAllocated 8):
 *   for signed data the peer takes the minimum and maximum over unsigned words, so negative values
 *   count as large ones: reproduced on purpose;
 * - the window maps onto 0..y_max, y_max = 2^next_pow2(n) − 1 (65535 for BitsStored 9–16, 255 for 5–8),
 *   and the value is truncated toward zero (`NumCast`), not rounded;
 * - MONOCHROME1: m − value, m = 255 for BitsAllocated 8, else 65535 (`image.invert()` on Luma8/Luma16).
 *
 * \throws ExceptionObject when the parameter count is neither 1 nor the slice count, BitsAllocated is
 * neither 8 nor 16, the output pixel type cannot hold m, SamplesPerPixel is not 1, or a VOI LUT
 * cannot be applied (its bits exceed next_pow2(n), or an 8-bit table value exceeds 255: the peer fails
 * those files too).
 *
 * With MaximumIntensityProjection on, the output is the projection of those values along z (one
 * frame; see SetMaximumIntensityProjection()).
 *
 * Threads: the tables (2^n entries; one per distinct parameter set, i.e. once for slices sharing
 * their parameters, and one per slice with the min–max fallback, after a pass over the slice) are
 * built in parallel, then the pixels are mapped in parallel over regions (ITK's
 * pool). The whole input is requested.
 *
 * \sa ReadDicomVOIParameters
 * \ingroup ParallelSeries
 */
template <typename TInputImage, typename TOutputImage>
class ITK_TEMPLATE_EXPORT VOILUTImageFilter : public ImageToImageFilter<TInputImage, TOutputImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(VOILUTImageFilter);

  using Self = VOILUTImageFilter;
  using Superclass = ImageToImageFilter<TInputImage, TOutputImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(VOILUTImageFilter, ImageToImageFilter);

  using InputImageType = TInputImage;
  using OutputImageType = TOutputImage;
  using InputPixelType = typename InputImageType::PixelType;
  using OutputPixelType = typename OutputImageType::PixelType;
  using OutputImageRegionType = typename OutputImageType::RegionType;
  using IndexType = typename InputImageType::IndexType;
  using ParametersType = DicomVOIParameters;

  static_assert(TInputImage::ImageDimension == 3 && TOutputImage::ImageDimension == 3, "3D images");

  /** One entry for every slice, or one per slice (z order). */
  void
  SetSliceParameters(std::vector<ParametersType> parameters)
  {
    m_SliceParameters = std::move(parameters);
    this->Modified();
  }
  const std::vector<ParametersType> &
  GetSliceParameters() const
  {
    return m_SliceParameters;
  }

  /** A window replacing the files' VOI LUT and window (the peer's `--window C,W`); the slices'
   * VOILUTFunction still applies. */
  void
  SetWindow(double center, double width)
  {
    m_UseWindow = true;
    m_WindowCenter = center;
    m_WindowWidth = width;
    this->Modified();
  }
  void
  ClearWindow()
  {
    m_UseWindow = false;
    this->Modified();
  }
  itkGetConstMacro(UseWindow, bool);

  /** Whether the input's MONOCHROME1 slices hold GDCM's inverted stored values (default true: what
   * ParallelSeriesReader and GDCMImageIO decode, gdcm::ImageChangePhotometricInterpretation to
   * MONOCHROME2, i.e. `ImageCodec::DoInvertMonochrome`: unsigned 8-bit 255 − x, unsigned 16-bit
   * (2^BitsStored − 1) − x, signed −x − 1, before the rescale). The filter undoes it to find the
   * stored value. */
  itkSetMacro(InputInvertedMonochrome1, bool);
  itkGetConstMacro(InputInvertedMonochrome1, bool);
  itkBooleanMacro(InputInvertedMonochrome1);
  itkGetConstMacro(WindowCenter, double);
  itkGetConstMacro(WindowWidth, double);
  /** The maximum-intensity projection of the display values along z (default off): the output is
   * one frame, per (x, y) the maximum over the slices of their mapped values (each slice with its
   * own table), i.e. SliceSelectionImageFilter's MaximumIntensityProjection of the mapped volume
   * (dicom-preprocessing's `-v max-intensity` after its display mapping), without the mapped
   * volume: one pass over the input, no output of the input's size. Output geometry:
   * SetMaximumIntensityProjectionInformation() (size (w, h, 1), the slab's centre, z spacing n
   * times the input's). */
  itkSetMacro(MaximumIntensityProjection, bool);
  itkGetConstMacro(MaximumIntensityProjection, bool);
  itkBooleanMacro(MaximumIntensityProjection);

  /** The table of slice z after Update() (index: stored value masked to n bits). */
  const std::vector<OutputPixelType> &
  GetTable(SizeValueType z) const
  {
    return m_Tables.at(m_TableOfSlice.at(z)).Values;
  }

protected:
  VOILUTImageFilter();
  ~VOILUTImageFilter() override = default;

  void
  PrintSelf(std::ostream & os, Indent indent) const override;

  void
  GenerateOutputInformation() override;

  void
  GenerateInputRequestedRegion() override;

  void
  EnlargeOutputRequestedRegion(DataObject * output) override;

  void
  BeforeThreadedGenerateData() override;

  void
  DynamicThreadedGenerateData(const OutputImageRegionType & outputRegion) override;

private:
  struct Table
  {
    std::vector<OutputPixelType> Values;
    std::uint32_t                Mask{ 0 };
    bool                         Rescaled{ false };
    double                       Slope{ 1.0 };
    double                       Intercept{ 0.0 };
    int                          Uninvert{ 0 }; ///< 0: none; 1: UninvertMax − x; 2: −x − 1
    long long                    UninvertMax{ 0 };
  };

  /** The stored value under the slice's applied rescale. */
  static long long
  Stored(const Table & t, InputPixelType v);

  /** Maps \c length input values of one row through \c t into \c target (VMaximum: into the
   * maximum of target and the mapped value). */
  template <bool VMaximum>
  static void
  MapLine(const Table & t, const InputPixelType * source, OutputPixelType * target, SizeValueType length);

  void
  BuildTable(SizeValueType z, Table & table) const;

  std::vector<ParametersType> m_SliceParameters{};
  bool                        m_UseWindow{ false };
  double                      m_WindowCenter{ 0.0 };
  double                      m_WindowWidth{ 0.0 };
  bool                        m_InputInvertedMonochrome1{ true };
  bool                        m_MaximumIntensityProjection{ false };
  std::vector<Table>          m_Tables{};       ///< one per distinct parameter set
  std::vector<SizeValueType>  m_TableOfSlice{}; ///< slice z uses m_Tables[m_TableOfSlice[z]]
};
} // end namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkVOILUTImageFilter.hxx"
#endif

#endif // itkVOILUTImageFilter_h
