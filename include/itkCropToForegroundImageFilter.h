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
#ifndef itkCropToForegroundImageFilter_h
#define itkCropToForegroundImageFilter_h

#include "itkWholeImageToImageFilter.h"

namespace itk
{
/** \class CropToForegroundImageFilter
 * \brief Crops an image to the bounding box of its foreground, in-plane (axes x and y).
 *
 * A pixel is background when it equals 0 and, with CropMax on, also when it equals
 * NumericTraits<PixelType>::max() (255 for 8-bit, 65535 for 16-bit unsigned, ...); every
 * other pixel is foreground. The crop keeps the first and last columns (x, index 0) and rows
 * (y, index 1) that hold at least one foreground pixel. For an image of more than two
 * dimensions (a stack of slices, index order x, y, z) the box is the union over all slices:
 * every slice is cropped alike, and the axes beyond y are never cropped. This is the crop of
 * dicom-preprocessing (medcognetics), "crop" and "crop max" options.
 *
 * <b>Largest connected component</b> (UseComponents on; dicom-preprocessing's default crop,
 * `transform/crop.rs:Crop::new_from_components`), per slice: (1) the bounding box above (with the
 * border fraction); (2) that box, if wider or higher than 512, shrunk to a thumbnail of
 * round(w r) x round(h r), r = min(512 / w, 512 / h) (double, at least 1), by the image crate's
 * Nearest (input pixel min(floor((i + 0.5) w / tw), w - 1), f32); (3) converted to 8 bits as the
 * image crate's `into_luma8` does: 8-bit unsigned values as they are, every other type as a 16-bit
 * value (clamped to [0, 65535]) v -> (v + 128) / 257; (4) thresholded > 1 (so 16-bit values below
 * 386 are background here; CropMax does not apply to this step); (5) 4-connected components,
 * the largest by pixel count, ties to the one whose first pixel comes last in raster order
 * (imageproc's labels in raster order of first appearance, `Iterator::max_by_key`); (6) its
 * inclusive thumbnail bounds mapped back to the box conservatively: left = floor(l W / tw),
 * top = floor(t H / th), right = ceil((r + 1) W / tw), bottom = ceil((b + 1) H / th) (clamped to at
 * least one pixel). No component: the box of step 1. The components are labelled on runs
 * (maximal horizontal spans of thumbnail foreground) rather than pixels: the two-pass labelling of
 * Rosenfeld and Pfaltz (J. ACM 13(4), 1966) with union-find and path halving; a run joins the
 * runs of the row above that share a column, and the root of each component is its first run in
 * raster order, so the tie rule above holds. The result equals a flood fill's (tested on random
 * masks).
 *
 * <b>Border fraction</b> (BorderFraction b in [0, 0.5], `Crop::new`): the foreground is searched in
 * columns [floor(w b), floor(w (1 - b))) and rows [floor(h b), floor(h (1 - b))) only (f32
 * products), then the box grows by floor(w b) / floor(h b) on each side, clamped to the slice.
 *
 * <b>Per slice, then union</b> (`Crop::new_from_images`): with UseComponents or a border
 * fraction the box of each slice is computed alone (a slice without foreground gives the whole
 * slice, as in the peer) and the boxes are united. Without either (the bounding box, the default)
 * the foreground of all slices is united directly (an all-background slice adds nothing); the two
 * differ only when some slice, not all, is all background.
 *
 * <b>Crop box.</b> GetCropIndex() and GetCropSize() give the box in the index space of the
 * input (absolute indices, i.e. including the start index of the input's largest possible
 * region); GetCropRegion() gives both. They are valid after UpdateOutputInformation() (or
 * Update()). GetForegroundFound() tells whether any foreground pixel exists.
 *
 * <b>All-background input.</b> If no pixel is foreground, nothing is cropped: the crop box is
 * the input's largest possible region, the output equals the input (same pixels, same
 * geometry) and GetForegroundFound() is false.
 *
 * <b>Geometry.</b> The output's largest possible region starts at index 0 (as
 * RegionOfInterestImageFilter does); its origin is the physical point (mm) of the crop box's
 * first index in the input, spacing and direction are the input's. So output index i and
 * input index (i + GetCropIndex()) are the same physical point: every kept pixel keeps its
 * world coordinates.
 *
 * <b>Pipeline.</b> The output's size depends on the input's pixel values: the bounding box is
 * computed in GenerateOutputInformation(), which therefore updates the whole input (largest
 * possible region) first, as AutoCropLabelMapFilter does. The filter does not stream its input.
 *
 * <b>Parallelism.</b> The bounding box is reduced with ITK's region partitioning
 * (MultiThreaderBase::ParallelizeImageRegion, GetNumberOfWorkUnits() work units of the filter's
 * MultiThreaderBase, ITK's pool unless SetMultiThreader() gave another): each work
 * unit computes the box of its sub-region, and the boxes are merged under a lock. The copy is a
 * DynamicThreadedGenerateData(). Work units never call into the thread pool; the result does
 * not depend on the number of work units. One filter instance must not be updated from two
 * threads at once (as for every ITK filter).
 *
 * \tparam TImage an itk::Image of a scalar pixel type, of dimension 2 or more.
 *
 * Exceptions: ExceptionObject (from the pipeline) if the input is missing.
 *
 * \ingroup ParallelSeries
 */
template <typename TImage>
class ITK_TEMPLATE_EXPORT CropToForegroundImageFilter : public WholeImageToImageFilter<TImage, TImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(CropToForegroundImageFilter);

  using Self = CropToForegroundImageFilter;
  using Superclass = WholeImageToImageFilter<TImage, TImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(CropToForegroundImageFilter, WholeImageToImageFilter);

  using ImageType = TImage;
  using PixelType = typename ImageType::PixelType;
  using IndexType = typename ImageType::IndexType;
  using SizeType = typename ImageType::SizeType;
  using RegionType = typename ImageType::RegionType;
  using OutputImageRegionType = RegionType;

  static constexpr unsigned int ImageDimension = ImageType::ImageDimension;
  static_assert(ImageDimension >= 2, "CropToForegroundImageFilter needs an image of dimension 2 or more");

  /** Whether the maximum of the pixel type is background too (default off). */
  itkSetMacro(CropMax, bool);
  itkGetConstMacro(CropMax, bool);
  itkBooleanMacro(CropMax);

  /** Crop to the largest 4-connected component of an 8-bit thumbnail (see the class
   * documentation; default off: the bounding box of all foreground). */
  itkSetMacro(UseComponents, bool);
  itkGetConstMacro(UseComponents, bool);
  itkBooleanMacro(UseComponents);

  /** Border fraction in [0, 0.5] (default 0): ignored border of the search, then added to the
   * box. Values outside [0, 0.5] or not finite make UpdateOutputInformation() throw. */
  itkSetMacro(BorderFraction, double);
  itkGetConstMacro(BorderFraction, double);

  /** First index of the crop box, in the input's index space. */
  itkGetConstReferenceMacro(CropIndex, IndexType);
  /** Size of the crop box (pixels). */
  itkGetConstReferenceMacro(CropSize, SizeType);
  /** Whether the input holds a foreground pixel (else nothing is cropped). */
  itkGetConstMacro(ForegroundFound, bool);

  /** The crop box in the input's index space. */
  RegionType
  GetCropRegion() const
  {
    return RegionType(m_CropIndex, m_CropSize);
  }

  /** Whether \a value is background for the current CropMax setting. */
  bool
  IsBackground(const PixelType & value) const
  {
    return value == PixelType{} || (m_CropMax && value == NumericTraits<PixelType>::max());
  }

protected:
  CropToForegroundImageFilter();
  ~CropToForegroundImageFilter() override = default;

  void
  PrintSelf(std::ostream & os, Indent indent) const override;

  void
  GenerateOutputInformation() override;


  void
  DynamicThreadedGenerateData(const OutputImageRegionType & outputRegionForThread) override;

  /** Compute the crop box of the (up to date) input; sets m_CropIndex, m_CropSize,
   * m_ForegroundFound. */
  void
  ComputeCropBox();

  /** dicom-preprocessing's per-slice box (see the class documentation) of the w x h slice at
   * \a pixels (x fastest): left, top, width, height; returns whether it holds foreground. */
  bool
  ComputeSliceBox(const PixelType * pixels, SizeValueType w, SizeValueType h, SizeValueType box[4]) const;

  /** The 8-bit value of the thumbnail step (image crate's into_luma8). */
  static unsigned int
  ToLuma8(const PixelType & value);

private:
  bool      m_UseComponents{ false };
  double    m_BorderFraction{ 0.0 };
  bool      m_CropMax{ false };
  bool      m_ForegroundFound{ false };
  IndexType m_CropIndex;
  SizeType  m_CropSize;
};
} // end namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkCropToForegroundImageFilter.hxx"
#endif

#endif
