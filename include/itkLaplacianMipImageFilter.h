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
#ifndef itkLaplacianMipImageFilter_h
#define itkLaplacianMipImageFilter_h

#include "itkDicomPreprocessingEnums.h"
#include "itkImageToImageFilter.h"
#include <type_traits>
#include <vector>

namespace itk
{
/** \class LaplacianMipImageFilter
 * \brief dicom-preprocessing's `-v laplacian-mip`: one synthetic 2D view of a tomosynthesis
 * (DBT) stack by Laplacian-pyramid fusion of its maximum-intensity projection and a central
 * image (Garrett et al. 2018), bit-exact with the peer's f32 arithmetic.
 *
 * Source: dicom-preprocessing 0.1.2, transform/volume.rs: LaplacianMip::project_laplacian_mip,
 * aggregate_frames, fuse_projected_frames, bilateral_filter, gaussian_blur, downsample, upsample,
 * build_gaussian_pyramid, build_laplacian_pyramid, reconstruct_with_fusion, from_grayscale_f32.
 *
 * For an input of n slices along z (index 2): the slices [SkipStart, n - SkipEnd) are used
 * (ExceptionObject "insufficient frames" unless SkipStart < n - SkipEnd, the peer's
 * LaplacianMipInsufficientFrames). Each is converted to f32 in [0, 1] (v / 65535; 8-bit input
 * as v * 257 first, the image crate's to_luma16). MIP = per-pixel maximum; the central image is,
 * with ProjectionMode ParallelBeam (default), the f32 sum of the slices (in z order) divided by
 * its maximum, with CentralSlice the slice m / 2 of the m used slices. Both are bilateral filtered
 * (sigma_s 3, radius ceil(2 sigma_s) = 6, sigma_r 0.015, range weights from a 2,048-bin LUT over
 * squared differences clamped to 1, clamped borders). Gaussian pyramid: 5-tap [1 4 6 4 1]/16
 * separable blur (x then y, clamped borders), then the even pixels (size ceil(n / 2)).
 * Upsampling: bilinear, align-corners (src = x (w - 1) / (W - 1)). The peer reconstructs
 * r_k = alpha_k Up(g_{k+1}) + beta_k Up(g_{k+1})^p_k (Lc_k + MipWeight Lmip_k) from the coarsest
 * level down, but each level overwrites the previous result (r_k never enters r_{k-1}), so its
 * output is r_0 alone with (alpha, beta, p) = (1, 2, 1): this filter computes exactly that, from
 * the central image's Gaussian levels 0 and 1 and the MIP's. Output = clamp(r_0, 0, 1) * 65535
 * converted toward zero. When one slice is left after trimming, it is the output as is (the peer
 * returns it unchanged).
 *
 * Shapes and geometry: input (w, h, n), output (w, h, 1), region start 0; the output is the
 * slab [z0 + SkipStart, z0 + n - SkipEnd): origin = physical point of the input continuous index
 * (x0, y0, z0 + SkipStart + (m - 1) / 2), z spacing m * dz (as ITK's projection filters).
 *
 * Parallelism: the per-pixel stages run on GetNumberOfWorkUnits() work units of this filter's
 * MultiThreaderBase; the result does not depend on that number.
 *
 * Exceptions: ExceptionObject for insufficient frames, and for w or h < 3 (the peer panics on
 * such images: its pyramid needs two levels).
 *
 * Thread safety: one instance must not be updated from several threads at once; Update() must not
 * be called from inside a work unit of ITK's pool.
 *
 * \tparam TInputImage  itk::Image<unsigned char or unsigned short, 3> (display values).
 * \tparam TOutputImage itk::Image<unsigned short, 3> (the peer's output is always 16-bit).
 *
 * \ingroup ParallelSeries
 */
template <typename TInputImage, typename TOutputImage = Image<unsigned short, TInputImage::ImageDimension>>
class ITK_TEMPLATE_EXPORT LaplacianMipImageFilter : public ImageToImageFilter<TInputImage, TOutputImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(LaplacianMipImageFilter);

  using Self = LaplacianMipImageFilter;
  using Superclass = ImageToImageFilter<TInputImage, TOutputImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(LaplacianMipImageFilter, ImageToImageFilter);

  using InputImageType = TInputImage;
  using OutputImageType = TOutputImage;
  using InputPixelType = typename InputImageType::PixelType;
  using OutputPixelType = typename OutputImageType::PixelType;
  using ProjectionModeEnum = DicomPreprocessingEnums::ProjectionMode;

  static constexpr unsigned int ImageDimension = InputImageType::ImageDimension;
  static_assert(ImageDimension == 3, "LaplacianMipImageFilter needs a 3D input (x, y, frames)");
  static_assert(std::is_same<InputPixelType, unsigned char>::value ||
                  std::is_same<InputPixelType, unsigned short>::value,
                "LaplacianMipImageFilter needs unsigned 8- or 16-bit input (display values)");
  static_assert(std::is_same<OutputPixelType, unsigned short>::value, "the output is unsigned 16-bit");

  /** Weight of the MIP's Laplacian (`--mip-weight`, default 1.5). */
  itkSetMacro(MipWeight, float);
  itkGetConstMacro(MipWeight, float);
  /** Frames dropped at the start and at the end (`--skip-frames`, default 5 each). */
  itkSetMacro(SkipStart, SizeValueType);
  itkGetConstMacro(SkipStart, SizeValueType);
  itkSetMacro(SkipEnd, SizeValueType);
  itkGetConstMacro(SkipEnd, SizeValueType);
  /** The central image (`--projection-mode`, default ParallelBeam). */
  itkSetEnumMacro(ProjectionMode, ProjectionModeEnum);
  itkGetEnumMacro(ProjectionMode, ProjectionModeEnum);

  /** The first used slice (relative to the region start) and the number of used slices, valid
   * after UpdateOutputInformation(). */
  itkGetConstMacro(UsedSliceStart, SizeValueType);
  itkGetConstMacro(UsedSliceCount, SizeValueType);

protected:
  LaplacianMipImageFilter() = default;
  ~LaplacianMipImageFilter() override = default;

  void
  PrintSelf(std::ostream & os, Indent indent) const override;

  void
  GenerateInputRequestedRegion() override;
  void
  EnlargeOutputRequestedRegion(DataObject * output) override;
  void
  GenerateOutputInformation() override;
  void
  GenerateData() override;

private:
  using Plane = std::vector<float>;

  Plane
  Bilateral(const Plane & data, size_t w, size_t h) const;

  float              m_MipWeight{ 1.5f };
  SizeValueType      m_SkipStart{ 5 };
  SizeValueType      m_SkipEnd{ 5 };
  ProjectionModeEnum m_ProjectionMode{ ProjectionModeEnum::ParallelBeam };
  SizeValueType      m_UsedSliceStart{ 0 };
  SizeValueType      m_UsedSliceCount{ 0 };
};
} // end namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkLaplacianMipImageFilter.hxx"
#endif

#endif
