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
#ifndef itkDicomPreprocessingRGBImageFilter_h
#define itkDicomPreprocessingRGBImageFilter_h

#include "itkDicomPreprocessingImageFilterBase.h"
#include "itkDicomPreprocessingImageFilter.h"
#include "itkRGBPixel.h"

#include <type_traits>

namespace itk
{
/** \class DicomPreprocessingRGBImageFilter
 * \brief DicomPreprocessingImageFilter's pipeline (slice selection, crop to foreground, resize, pad) for
 * an RGB volume, channel by channel, with one crop box, scale and padding for all channels.
 *
 * Algorithm:
 * -# each channel (r, g, b) goes through SliceSelectionImageFilter with VolumeHandling (none
 *    when Keep);
 * -# a key image K is made of the selected channels: 0 where all three are 0, 255 where all
 *    three are 255, else max(r, g, b) clamped to [1, 254]; with PeerZeroRule on (dicom-preprocessing
 *    0.1.2's rules), K is the image crate's 8-bit luma instead, (2126 r + 7152 g + 722 b) / 10000
 *    truncated (color.rs:rgb_to_luma), which is what the peer's crop, connected components and zero
 *    padding judge an RGB pixel by (so a dark pixel such as (0, 0, 13), luma 0, is background);
 * -# K goes through DicomPreprocessingImageFilter with this filter's settings (its VolumeHandling Keep):
 *    its crop box, scale, padding and output geometry are this filter's;
 * -# each channel, cut to K's crop box, is resized by DicomPreprocessingImageFilter (crop and pad off;
 *    when Resize is on) and placed at (left, top) of the output; the padding is 0 in every
 *    channel.
 * So a pixel is background (crop) when all its channels are 0 (also when all are 255 with
 * CropMax), and PadDirection Zero counts the pixels whose three channels are 0 (up to the
 * rounding of the resize kernels with negative lobes).
 *
 * Shapes and index order: the input is a 3D volume (x = index 0 columns, y = index 1 rows,
 * z = index 2 slices), its buffer x fastest; crop, resize and pad act in-plane on every slice
 * alike. The output has DicomPreprocessingImageFilter's output geometry for K (largest possible region
 * starting at index 0; origin in mm, spacing in mm, direction kept consistent with the input's
 * physical space); its MetaDataDictionary is left empty.
 *
 * <b>Settings</b>: DicomPreprocessingImageFilterBase's, the same as DicomPreprocessingImageFilter's
 * (same defaults), without PadValue (the padding is 0).
 *
 * <b>Recorded parameters</b> (those of K's DicomPreprocessingImageFilter, valid after
 * UpdateOutputInformation(); x first, in input pixels unless said): CropOrigin (first index of
 * the crop box, absolute in the input's index space), CropSize, Scale (resized size / crop
 * size), ResizedSize, Padding (left, top, right, bottom, in output pixels).
 *
 * The whole input is updated, and K and its crop box computed, in GenerateOutputInformation()
 * (the output size depends on the pixel values); GenerateData() resizes and places the
 * channels.
 *
 * Exceptions (itk::ExceptionObject): those of the stages (e.g. a TargetSize with a zero
 * component while Resize or Pad is on), and an internal error when a resized channel does not
 * fit K's output.
 *
 * Thread safety: like every ITK filter, one instance must not be updated from several threads
 * at once. The stages run their work units on this filter's MultiThreaderBase, so Update() must
 * not be called from inside a pool work unit (ITK's pool deadlocks on nested waits).
 *
 * \tparam TImage itk::Image<RGBPixel<unsigned char>, 3>.
 *
 * \sa DicomPreprocessingImageFilter
 * \ingroup ParallelSeries
 */
template <typename TImage>
class ITK_TEMPLATE_EXPORT DicomPreprocessingRGBImageFilter : public DicomPreprocessingImageFilterBase<TImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(DicomPreprocessingRGBImageFilter);

  using Self = DicomPreprocessingRGBImageFilter;
  using Superclass = DicomPreprocessingImageFilterBase<TImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(DicomPreprocessingRGBImageFilter, DicomPreprocessingImageFilterBase);

  using ImageType = TImage;
  using PixelType = typename ImageType::PixelType;
  using RegionType = typename ImageType::RegionType;
  static constexpr unsigned int ImageDimension = ImageType::ImageDimension;
  static_assert(std::is_same<PixelType, RGBPixel<unsigned char>>::value,
                "DicomPreprocessingRGBImageFilter needs RGBPixel<unsigned char> pixels");
  static_assert(ImageDimension == 3, "DicomPreprocessingRGBImageFilter needs a 3D image");

  /** One channel of the input, and the key image. */
  using ChannelImageType = Image<unsigned char, ImageDimension>;
  using ChannelFilterType = DicomPreprocessingImageFilter<ChannelImageType>;
  using TargetSizeType = typename Superclass::TargetSizeType;
  using Index2DType = typename Superclass::Index2DType;
  using Size2DType = typename Superclass::Size2DType;
  using ScaleType = typename Superclass::ScaleType;
  using PaddingType = typename Superclass::PaddingType;
  using VolumeHandlingEnum = typename Superclass::VolumeHandlingEnum;
  using KernelEnum = typename Superclass::KernelEnum;
  using PadDirectionEnum = typename Superclass::PadDirectionEnum;

protected:
  DicomPreprocessingRGBImageFilter() = default;
  ~DicomPreprocessingRGBImageFilter() override = default;

  void
  GenerateOutputInformation() override;


  void
  GenerateData() override;

private:
  typename ChannelImageType::Pointer m_Channels[3]; ///< after slice selection
  typename ChannelImageType::Pointer m_Key;
};
} // end namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkDicomPreprocessingRGBImageFilter.hxx"
#endif

#endif
