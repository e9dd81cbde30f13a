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
#ifndef itkDicomPreprocessingImageFilter_h
#define itkDicomPreprocessingImageFilter_h

#include "itkContinuousIndex.h"
#include "itkCropToForegroundImageFilter.h"
#include "itkDicomPreprocessingImageFilterBase.h"
#include "itkPadToSizeImageFilter.h"
#include "itkDicomPreprocessingEnums.h"
#include "itkPillowResizeImageFilter.h"
#include "itkImageCrateResizeImageFilter.h"
#include "itkSliceSelectionImageFilter.h"
#include "itkFlipImageFilter.h"

#include <string>

namespace itk
{
/** \class DicomPreprocessingImageFilter
 * \brief The preprocessing pipeline of dicom-preprocessing (medcognetics) for ML: volume
 * handling, crop to foreground, resize, pad; records how to map coordinates back.
 *
 * Stages, in this order, each optional:
 * -# SliceSelectionImageFilter with VolumeHandling (default Keep: all slices);
 * -# CropToForegroundImageFilter if Crop is on (default on), with CropMax (default off);
 * -# PillowResizeImageFilter if Resize is on (default on), to TargetSize with KeepAspectRatio
 *    (default on) and Kernel (default Triangle);
 * -# PadToSizeImageFilter if Pad is on (default on), to the same TargetSize, with PadDirection
 *    (default Zero) and PadValue (default 0).
 * Crop, resize and pad act in-plane (x = index 0, y = index 1) on every slice alike.
 *
 * <b>Output geometry.</b> The output's largest possible region always starts at index 0; every
 * stage keeps world coordinates consistent (see each filter), so an output continuous index o
 * and the input continuous index MapOutputIndexToInputIndex(o) are the same physical point (mm)
 * up to rounding. The output's MetaDataDictionary is a copy of the input's, plus the keys below.
 *
 * <b>Recorded parameters</b> (valid after UpdateOutputInformation(); the getters, and typed
 * MetaDataDictionary entries of the output: numbers as std::vector<double>, x first; names as
 * std::string). Ranges are a start and a count (or size), the half-open [start, start + count),
 * as everywhere in this module:
 * - "Preprocess_CropOrigin": (cx, cy), first index of the crop box in the input's index space
 *   (absolute, includes the input's region start); the input region start if Crop is off.
 * - "Preprocess_CropSize": (cw, ch), crop box size (pixels); the input size if Crop is off.
 * - "Preprocess_Scale": (sx, sy), resized size / crop size per axis; (1, 1) if Resize is off.
 * - "Preprocess_ResizedSize": (rw, rh), size after resizing (pixels).
 * - "Preprocess_Padding": (left, top, right, bottom) (pixels); (0, 0, 0, 0) if Pad is off.
 * - "Preprocess_VolumeHandling" (std::string): "keep", "central", "max", "interpolate" or
 *   "laplacian-mip".
 * - "Preprocess_OrientationFlip": (width, height, 1, 1), the slice size before the DBT flip
 *   (dicom-preprocessing's TIFF tag 65000), only when OrientationFlip is on.
 * - "Preprocess_SourceSlices": (z0, n), the input z indices [z0, z0 + n) the output slices come
 *   from; for a 2D input (0, 1).
 * (Writers that store text only, as ITK's NRRD IO, leave these entries out; in Python,
 * image["Preprocess_Scale"] is a tuple of float.)
 *
 * <b>Index mapping</b> (continuous indices; c = crop origin, s = scale, p = (left, top)):
 * for d = x, y
 *   output[d] = (input[d] - c[d] + 0.5) * s[d] - 0.5 + p[d],
 *   input[d]  = (output[d] - p[d] + 0.5) / s[d] - 0.5 + c[d];
 * for z (3D): Keep: output = input - z0; Central: output = input - z0 (z0 = the central index),
 * so only that slice maps to 0; MaximumIntensityProjection: output = (input - z0 - (n - 1) / 2)
 * / n, i.e. the slab centre maps to 0 (as the MIP's geometry says; LaplacianMip alike, over the
 * used slab); Interpolate (T output slices): output = (input - z0) (T - 1) / (n - 1); further axes: output =
 * input - start. The formulas follow from pixel-centre resizing (PillowResizeImageFilter) and are
 * exact in real arithmetic; MapOutputIndexToInputIndex(MapInputIndexToOutputIndex(i)) == i up to
 * rounding.
 *
 * <b>Parallelism.</b> Each stage runs on GetNumberOfWorkUnits() work units of this filter's
 * MultiThreaderBase (SetMultiThreader(): ITK's pool by default, or a caller's; see each
 * filter), stages one after another, never nested. The whole input is updated in
 * GenerateOutputInformation() when cropping (the output size depends on the pixel values).
 *
 * Exceptions: those of the stages (e.g. TargetSize with a zero component while Resize is on).
 *
 * \tparam TImage an itk::Image of a scalar pixel type, dimension 2 (image) or 3 (x, y, slices).
 *
 * Thread safety: like every ITK filter, one instance must not be updated from several threads at
 * once; its stages run their work units in ITK's thread pool, so Update() must not be called
 * from inside a pool work unit (ITK 5.2's pool deadlocks on nested waits). The index-mapping
 * methods are const and may be called concurrently after Update().
 *
 * \ingroup ParallelSeries
 */
template <typename TImage>
class ITK_TEMPLATE_EXPORT DicomPreprocessingImageFilter : public DicomPreprocessingImageFilterBase<TImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(DicomPreprocessingImageFilter);

  using Self = DicomPreprocessingImageFilter;
  using Superclass = DicomPreprocessingImageFilterBase<TImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(DicomPreprocessingImageFilter, DicomPreprocessingImageFilterBase);

  using ImageType = TImage;
  using PixelType = typename ImageType::PixelType;
  using IndexType = typename ImageType::IndexType;
  using SizeType = typename ImageType::SizeType;
  using RegionType = typename ImageType::RegionType;
  static constexpr unsigned int ImageDimension = ImageType::ImageDimension;
  using ContinuousIndexType = ContinuousIndex<double, ImageDimension>;

  using SliceSelectionType = SliceSelectionImageFilter<ImageType>;
  using CropType = CropToForegroundImageFilter<ImageType>;
  using ResizeType = PillowResizeImageFilter<ImageType, ImageType>;
  using CrateResizeType = ImageCrateResizeImageFilter<ImageType, ImageType>;
  using PadType = PadToSizeImageFilter<ImageType>;
  using TargetSizeType = typename Superclass::TargetSizeType;
  using Index2DType = typename Superclass::Index2DType;
  using Size2DType = typename Superclass::Size2DType;
  using ScaleType = typename Superclass::ScaleType;
  using PaddingType = typename Superclass::PaddingType;
  using VolumeHandlingEnum = typename Superclass::VolumeHandlingEnum;
  using KernelEnum = typename Superclass::KernelEnum;
  using PadDirectionEnum = typename Superclass::PadDirectionEnum;

  /** Metadata keys (see the class documentation). */
  static constexpr const char * CropOriginKey = "Preprocess_CropOrigin";
  static constexpr const char * CropSizeKey = "Preprocess_CropSize";
  static constexpr const char * ScaleKey = "Preprocess_Scale";
  static constexpr const char * ResizedSizeKey = "Preprocess_ResizedSize";
  static constexpr const char * PaddingKey = "Preprocess_Padding";
  static constexpr const char * VolumeHandlingKey = "Preprocess_VolumeHandling";
  static constexpr const char * SourceSlicesKey = "Preprocess_SourceSlices";
  static constexpr const char * OrientationFlipKey = "Preprocess_OrientationFlip";

  /** The settings of DicomPreprocessingImageFilterBase, and the value of the padding pixels
   * (default 0). */
  itkSetMacro(PadValue, PixelType);
  itkGetConstMacro(PadValue, PixelType);

  /** Recorded parameters (also DicomPreprocessingImageFilterBase's), valid after
   * UpdateOutputInformation(): the input z slices the output comes from, [start, start + count). */
  itkGetConstMacro(SourceSliceStart, IndexValueType);
  itkGetConstMacro(SourceSliceCount, SizeValueType);

  /** Output continuous index of an input continuous index (formulas in the class doc). */
  ContinuousIndexType
  MapInputIndexToOutputIndex(const ContinuousIndexType & input) const;
  /** Input continuous index of an output continuous index (formulas in the class doc). */
  ContinuousIndexType
  MapOutputIndexToInputIndex(const ContinuousIndexType & output) const;

protected:
  /** The in-plane flip of a continuous index along axis d (an involution). */
  double
  FlipIndex(double index, unsigned int d) const
  {
    return static_cast<double>(2 * m_FlipStart[d]) + static_cast<double>(m_FlipSize[d]) - 1.0 - index;
  }

  DicomPreprocessingImageFilter();
  ~DicomPreprocessingImageFilter() override = default;

  void
  PrintSelf(std::ostream & os, Indent indent) const override;

  void
  GenerateOutputInformation() override;



  void
  GenerateData() override;

private:
  PixelType m_PadValue{};

  IndexType      m_InputStart;
  IndexValueType m_SourceSliceStart{ 0 };
  SizeValueType  m_SourceSliceCount{ 1 };
  SizeValueType  m_OutputSliceCount{ 1 };

  typename SliceSelectionType::Pointer m_SliceSelection;
  typename CropType::Pointer           m_CropFilter;
  typename ResizeType::Pointer         m_ResizeFilter;
  typename CrateResizeType::Pointer    m_CrateResizeFilter;
  typename PadType::Pointer            m_PadFilter;
  typename FlipImageFilter<ImageType>::Pointer m_FlipFilter;
  IndexValueType                               m_FlipStart[2]{ 0, 0 };
  SizeValueType                                m_FlipSize[2]{ 0, 0 };
  typename ImageType::Pointer          m_Last; ///< output of the last enabled stage
};
} // end namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkDicomPreprocessingImageFilter.hxx"
#endif

#endif
