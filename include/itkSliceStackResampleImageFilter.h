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
#ifndef itkSliceStackResampleImageFilter_h
#define itkSliceStackResampleImageFilter_h

#include "itkWholeImageToImageFilter.h"
#include "itkParallelSeriesGeometry.h"
#include "itkPoint.h"

#include <vector>

namespace itk
{
/** \class SliceStackResampleImageFilter
 * \brief Resamples a stack of DICOM slices whose true positions are not those of the stock ITK
 * geometry (gantry tilt, variable slice distances) onto an orthogonal grid of equidistant slices:
 * dcm2niix's `_Tilt` and `_Eq` corrections in one filter.
 *
 * <b>Input.</b> A 3D volume as ParallelSeriesReader (or stock ImageSeriesReader) gives it: slices
 * in order along index z, index x = column, y = row; spacing x, y = PixelSpacing; direction
 * columns 0 and 1 = the row and column directions of ImageOrientationPatient, column 2 = their
 * normal; origin = the first slice's ImagePositionPatient. The z spacing of the input is ignored.
 * SetSlicePositions() gives the true ImagePositionPatient (mm, LPS) of every slice, in the
 * input's slice order, e.g. from ParallelGDCMSeriesFileNames::GetVolumeImagePosition(). The
 * number of positions must be the number of slices; the first one must be the input's origin
 * (within 0.01 mm); the positions must advance monotonically along the normal.
 *
 * <b>Output geometry.</b> With r, c, n the input's direction columns, P_k the position of slice k
 * and, for every slice, u_k = (P_k - P_0)·r, v_k = (P_k - P_0)·c (its in-plane shift: gantry
 * tilt moves slices along c) and z_k = (P_k - P_0)·n (its distance along the normal):
 * - direction: the input's (r, c, n); n is negated when the slices advance against n (never for
 *   ParallelSeriesReader's volumes, ordered along n);
 * - spacing x, y: the input's; slice spacing dz: (z_last - z_0) / (N - 1) when every distance
 *   between neighbouring slices is within SliceSpacingTolerance (default 0.2 mm, dcm2niix's
 *   threshold) of the first one, else the smallest such distance (dcm2niix's `_Eq` rule); with
 *   dcm2niix's cap: when that would give more than 2 N slices, 2 N slices spaced
 *   (z_last - z_0) / (2 N - 1). SetSliceSpacing() (> 0) overrides the rule;
 * - slices: floor((z_last - z_0) / dz) + 1 (up to 1e-4 of a slice), from z_0: the first and the
 *   last input slice both have an output slice (the last one when dz divides the extent);
 * - in-plane grid: the pixel grid of slice g = GridSlice (default 0, the first), extended by whole
 *   pixels to cover every slice: columns floor(min (u_k - u_g) / sx) .. ceil(max (u_k - u_g) / sx)
 *   + columns - 1, rows likewise with (v_k - v_g) / sy; the origin is the first of them, in the
 *   plane of the first slice.
 * Without tilt and with uniform spacing the output is the input: same size, origin, spacing,
 * direction and pixel values (bit for bit).
 *
 * <b>Values.</b> An output voxel at physical point X lies between two neighbouring input slices
 * a, b (z_a <= z <= z_b along the normal): its value is the linear interpolation, with weight
 * (z - z_a) / (z_b - z_a), of the bilinear in-plane interpolation of slices a and b at the
 * projection of X along the normal onto each slice (trilinear along the true slice positions).
 * A point within half a pixel of a slice's edge takes the edge value (ITK's
 * LinearInterpolateImageFunction convention); a point farther out takes the fill value (also
 * when only one of the two slices is outside: it contributes the fill value with its weight, as
 * in dcm2niix's `_Tilt_Eq`). Fractions within 1e-6 of a pixel or slice are snapped to it (exact
 * pass-through). Integer output pixel types are rounded to the nearest value (half away from
 * zero, as dcm2niix's round()) and clamped to the type's range; real types are not rounded.
 *
 * Fill value: with UsePixelPaddingValue on (the caller passes DICOM's PixelPaddingValue,
 * 0028,0120), PixelPaddingValue, and an interpolation that would mix a padding voxel with
 * others takes the nearest neighbour instead (dcm2niix issue 262); otherwise the minimum of the
 * input (dcm2niix's rule when there is no PixelPaddingValue).
 *
 * <b>What dcm2niix does</b> (v1.0.20220720, Debian 12's; console/nii_dicom_batch.cpp), and how
 * this filter relates:
 * - Detection (saveDcm2NiiCore()): computeGantryTiltPrecise() takes the angle between the
 *   first-to-last IPP vector and row x column, signed by their cross product, instead of
 *   (0018,1120) GantryTilt (CT and X-ray); intersliceDistance() = cos(tilt) |P_k - P_0| is the
 *   distance along the normal; the distances "vary" when one between neighbours differs from the
 *   first by more than 0.2 mm (isSameFloatT()); then sliceMMarray[k] = intersliceDistance(P_0,
 *   P_k), and pixdim[3] is the first distance.
 * - `_Tilt`: nii_saveNII3Dtilt() (int16) / nii_saveNII3DtiltFloat32() (float32), on the image
 *   after nii_flipY() (rows reversed): every slice keeps its place along the normal and is
 *   shifted along the rows by tan(tilt) z_k / sy rows (z_k = k pixdim[3], or sliceMMarray[k]),
 *   1D linear interpolation between two neighbouring rows; the image grows by
 *   ceil(|tan(tilt) z_last| / sy) rows. When the shift is negative (slices moving towards +c in
 *   DICOM rows) every shift is taken relative to the last slice, so the grid is the last slice's
 *   (GridSlice = N - 1 reproduces it) and adjustOriginForNegativeTilt() moves the origin by the
 *   whole number of added rows; otherwise the grid is the first slice's. Rows outside a slice get
 *   PixelPaddingValue, or the minimum of the volume when there is none; a neighbour equal to
 *   PixelPaddingValue gives nearest neighbour; values are round()ed, float32 too. The affine is
 *   the orthogonal one (row, column, normal; z spacing = the normal distance).
 * - `_Eq`: nii_saveNII3Deq() (uint8, int16, RGB24, float32): dz = the smallest distance between
 *   neighbouring slices (distances within FLT_EPSILON of 0 skipped), at most 2 N slices as
 *   above; output slice s at s dz from the first slice, linear between the neighbouring input
 *   slices, round()ed; after `_Tilt` when both apply (`_Tilt_Eq`, from the tilted image).
 * - The uncorrected image is always written too (its sform carries the tilt as a shear; its z
 *   spacing is the first distance); `_Tilt` / `_Eq` are extra files (opts.isTiltCorrect is always
 *   on in this version: no command-line option turns it off).
 * Deliberate differences (measured by test/slice_stack_dcm2niix_oracle.py):
 * - Slice count: dcm2niix's `_Eq` has ceil((z_last - 0.5 (z_last - z_{N-2})) / dz) slices, which
 *   drops the last input slice (more when the last distance is large); this filter keeps every
 *   slice up to z_last: its output is dcm2niix's plus those slices. (dcm2niix 1.0.20260724 spaces
 *   ceil(extent / dz) + 1 slices evenly over the extent instead, in single precision, which can
 *   give one slice more and a smaller spacing than dz; SetSliceSpacing() reproduces its grid.)
 * - Geometry: dcm2niix's affine is wrong in these cases, this filter's is not:
 *   adjustOriginForNegativeTilt() moves the origin along srow_y (a row of the matrix) instead of
 *   the column axis, and by ceil() rows instead of the exact shift (3.8 mm off in the oracle's
 *   15 degree case); `_Eq` scales srow_z (a row) instead of the slice axis (a wrong sform for
 *   planes that are not axial; the qform is right).
 * - Shift: dcm2niix's row index (floor(r - offset)) and weight (ceil(offset) - offset) come from
 *   single-precision values; when a shift is within float precision of a whole number of rows
 *   they disagree and whole runs of a slice take the next row's value (found on stacks sheared
 *   by 0.5 row per slice). This filter computes in double precision and snaps whole pixels.
 * - Tilt direction: dcm2niix shifts only along the rows, by the first-to-last angle; this filter
 *   uses every slice's own position, in both in-plane directions (the same for collinear
 *   positions and a shift along c).
 * - Edges: dcm2niix (on flipped rows) gives DICOM row 0's value up to a whole row before it and
 *   the fill value right after the last row; this filter uses half a pixel on both sides: voxels
 *   within a pixel of a slice's edge may differ.
 * - Rounding: once, and only for integer pixel types (dcm2niix rounds float32 too, and twice for
 *   `_Tilt_Eq`); integer results may therefore differ by 1.
 *
 * <b>Pipeline.</b> The whole input is requested; the whole output is generated (its geometry
 * depends on the positions): WholeImageToImageFilter's rule. <b>Parallelism.</b>
 * DynamicThreadedGenerateData() over output regions (the filter's MultiThreaderBase, ITK's pool
 * unless SetMultiThreader() gave another); the per-slice weights and offsets are computed once in
 * GenerateOutputInformation(), the input's minimum in BeforeThreadedGenerateData(). The result
 * does not depend on the number of work units.
 *
 * \tparam TInputImage, TOutputImage itk::Image of dimension 3 and a scalar pixel type.
 *
 * Exceptions (ExceptionObject, from UpdateOutputInformation()): no input, no positions or not one
 * per slice, first position not the origin, positions not strictly monotone along the normal,
 * fewer than 2 slices, GridSlice not a slice.
 *
 * \ingroup ParallelSeries
 */
template <typename TInputImage, typename TOutputImage = TInputImage>
class ITK_TEMPLATE_EXPORT SliceStackResampleImageFilter : public WholeImageToImageFilter<TInputImage, TOutputImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(SliceStackResampleImageFilter);

  using Self = SliceStackResampleImageFilter;
  using Superclass = WholeImageToImageFilter<TInputImage, TOutputImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(SliceStackResampleImageFilter, WholeImageToImageFilter);

  using InputImageType = TInputImage;
  using OutputImageType = TOutputImage;
  using InputPixelType = typename InputImageType::PixelType;
  using OutputPixelType = typename OutputImageType::PixelType;
  using OutputImageRegionType = typename OutputImageType::RegionType;
  using PointType = Point<double, 3>;
  using PositionContainerType = std::vector<PointType>;

  static constexpr unsigned int ImageDimension = InputImageType::ImageDimension;
  static_assert(ImageDimension == 3 && OutputImageType::ImageDimension == 3,
                "SliceStackResampleImageFilter needs 3D images");

  /** True ImagePositionPatient (mm, LPS) of every input slice, in the input's slice order. */
  void
  SetSlicePositions(const PositionContainerType & positions);
  const PositionContainerType &
  GetSlicePositions() const
  {
    return m_SlicePositions;
  }

  /** The same, one slice at a time: AddSlicePosition() appends the next slice's position,
   * ClearSlicePositions() removes them all (for wrapped languages, e.g. Python:
   * `f.AddSlicePosition([x, y, z])`). */
  void
  AddSlicePosition(const PointType & position);
  void
  ClearSlicePositions();

  /** Largest difference (mm) between a neighbour distance and the first one for which the
   * spacing counts as uniform (default ParallelSeriesGeometry::SliceDistanceTolerance, 0.2 mm,
   * dcm2niix's threshold; the rule is ParallelSeriesGeometry::NeededStackCorrection()). */
  itkSetMacro(SliceSpacingTolerance, double);
  itkGetConstMacro(SliceSpacingTolerance, double);

  /** Output slice spacing (mm); 0 (default): the rule of the class documentation. */
  itkSetMacro(SliceSpacing, double);
  itkGetConstMacro(SliceSpacing, double);

  /** The slice (in the input's slice order) whose pixel grid the output's in-plane grid extends
   * (default 0, the first: its pixels pass through without in-plane interpolation). dcm2niix's
   * `_Tilt` grid is that of the last slice when the slices move towards +c (towards the last
   * row), see the class documentation. */
  itkSetMacro(GridSlice, SizeValueType);
  itkGetConstMacro(GridSlice, SizeValueType);

  /** DICOM PixelPaddingValue: fill value, and never interpolated with other values, when
   * UsePixelPaddingValue is on (default off: the fill value is the input's minimum). */
  itkSetMacro(PixelPaddingValue, double);
  itkGetConstMacro(PixelPaddingValue, double);
  itkSetMacro(UsePixelPaddingValue, bool);
  itkGetConstMacro(UsePixelPaddingValue, bool);
  itkBooleanMacro(UsePixelPaddingValue);

  /** Valid after UpdateOutputInformation(): whether the neighbour distances were uniform (within
   * the tolerance), the largest in-plane shift of a slice relative to the first (mm), and the
   * output slice spacing (mm). The input needs no correction (the output is the input) when the
   * spacing is uniform and the shift is at most ParallelSeriesGeometry::InPlaneShiftTolerance:
   * ParallelSeriesGeometry::NeededStackCorrection(), which callers use to decide beforehand. */
  itkGetConstMacro(UniformSpacing, bool);
  itkGetConstMacro(MaximumInPlaneShift, double);
  itkGetConstMacro(OutputSliceSpacing, double);

protected:
  SliceStackResampleImageFilter();
  ~SliceStackResampleImageFilter() override = default;

  void
  PrintSelf(std::ostream & os, Indent indent) const override;

  void
  GenerateOutputInformation() override;

  void
  BeforeThreadedGenerateData() override;

  void
  DynamicThreadedGenerateData(const OutputImageRegionType & outputRegionForThread) override;

private:
  /** One output slice: its two input slices (positions in the input's slice order), the weight
   * of the second, and the continuous input index (x, y) of output pixel (0, 0) on each. */
  struct OutputSlice
  {
    SizeValueType SliceA{ 0 };
    SizeValueType SliceB{ 0 };
    double        WeightB{ 0.0 };
    double        OffsetA[2]{ 0.0, 0.0 };
    double        OffsetB[2]{ 0.0, 0.0 };
  };

  PositionContainerType m_SlicePositions;
  double                m_SliceSpacingTolerance{ ParallelSeriesGeometry::SliceDistanceTolerance };
  double                m_SliceSpacing{ 0.0 };
  SizeValueType         m_GridSlice{ 0 };
  double                m_PixelPaddingValue{ 0.0 };
  bool                  m_UsePixelPaddingValue{ false };

  // Computed by GenerateOutputInformation().
  bool                     m_UniformSpacing{ true };
  double                   m_MaximumInPlaneShift{ 0.0 };
  double                   m_OutputSliceSpacing{ 0.0 };
  std::vector<OutputSlice> m_OutputSlices;
  double                   m_FillValue{ 0.0 };
};
} // end namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkSliceStackResampleImageFilter.hxx"
#endif

#endif
