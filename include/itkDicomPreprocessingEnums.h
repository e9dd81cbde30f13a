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
#ifndef itkDicomPreprocessingEnums_h
#define itkDicomPreprocessingEnums_h

#include <cstdint>
#include <ostream>

namespace itk
{
/** \class DicomPreprocessingEnums
 * \brief Enumerations of the ML-preprocessing filters of ParallelSeries
 * (PadToSizeImageFilter, PillowResizeImageFilter, SliceSelectionImageFilter, DicomPreprocessingImageFilter).
 *
 * The names follow the options of the Rust project dicom-preprocessing (medcognetics):
 * padding directions "top-left", "bottom-right", "center", "zero"; resize filters "nearest",
 * "triangle", "catmull-rom", "gaussian", "lanczos3"; volume handlers "keep", "central", "max".
 *
 * \ingroup ParallelSeries
 */
class DicomPreprocessingEnums
{
public:
  /** \brief Where PadToSizeImageFilter puts the padding (in-plane, axes x and y).
   *
   * - TopLeft: all padding before the image (left, top), the image ends at the bottom-right.
   * - BottomRight: all padding after the image (right, bottom).
   * - Center: floor(total / 2) left/top, the rest right/bottom.
   * - Zero: per axis, all padding on the side whose edge line (first/last column, resp. row,
   *   over all slices) holds more zero pixels; ties go left/top (dicom-preprocessing's rule).
   */
  enum class PadDirection : uint8_t
  {
    TopLeft = 0,
    BottomRight = 1,
    Center = 2,
    Zero = 3
  };

  /** \brief Interpolation kernel of PillowResizeImageFilter (see its documentation).
   *
   * Nearest: Pillow's NEAREST (no convolution). Triangle: support 1 (bilinear).
   * CatmullRom: Keys cubic a = -0.5, support 2 (Pillow BICUBIC). Gaussian: exp(-2 x^2)
   * (sigma 0.5), support 3 (Rust image crate). Lanczos3: sinc(x) sinc(x/3), support 3
   * (Pillow LANCZOS). MaxPool: the per-block maximum of dicom-preprocessing's own resize
   * (`transform/resize.rs:Resize::apply`), ImageCrateResizeImageFilter only (PillowResizeImageFilter
   * rejects it). */
  enum class ResizeKernel : uint8_t
  {
    Nearest = 0,
    Triangle = 1,
    CatmullRom = 2,
    Gaussian = 3,
    Lanczos3 = 4,
    MaxPool = 5
  };

  /** \brief Whose resampling arithmetic DicomPreprocessingImageFilter's resize step reproduces.
   *
   * Pillow: PillowResizeImageFilter (horizontal pass first, double, rounded intermediate; the
   * default of `parallel-series convert`). ImageCrate: ImageCrateResizeImageFilter (the Rust image
   * crate 0.25 that dicom-preprocessing uses: vertical pass first, f32 intermediate; the default of
   * `parallel-series preprocess`). The kernel MaxPool always uses ImageCrateResizeImageFilter. */
  enum class ResizeConvention : uint8_t
  {
    Pillow = 0,
    ImageCrate = 1
  };

  /** \brief What SliceSelectionImageFilter keeps of a volume (axis z = index 2), i.e.
   * dicom-preprocessing's volume handlers (`-v/--volume-handler`, transform/volume.rs).
   *
   * Keep ("keep"): all slices. Central ("central-slice"): the slice of index n/2 (integer
   * division, relative to the start of the largest possible region). MaximumIntensityProjection
   * ("max-intensity"): per (x, y) the maximum over z. Interpolate ("interpolate"): T slices
   * linearly interpolated along z (FrameInterpolationImageFilter). LaplacianMip
   * ("laplacian-mip"): one synthetic 2D view of a tomosynthesis stack, Laplacian-pyramid fusion of
   * the MIP and a central projection (LaplacianMipImageFilter).
   */
  enum class VolumeHandling : uint8_t
  {
    Keep = 0,
    Central = 1,
    MaximumIntensityProjection = 2,
    Interpolate = 3,
    LaplacianMip = 4
  };

  /** \brief The "central" image of LaplacianMipImageFilter (dicom-preprocessing's
   * `--projection-mode`, transform/volume.rs:ProjectionMode).
   *
   * ParallelBeam ("parallel-beam", default): the sum of the frames divided by its maximum.
   * CentralSlice ("central-slice"): the frame of index n/2 of the (trimmed) stack. */
  enum class ProjectionMode : uint8_t
  {
    ParallelBeam = 0,
    CentralSlice = 1
  };
};

/** Print the enumerators by name. */
inline std::ostream &
operator<<(std::ostream & out, const DicomPreprocessingEnums::PadDirection value)
{
  switch (value)
  {
    case DicomPreprocessingEnums::PadDirection::TopLeft:
      return out << "itk::DicomPreprocessingEnums::PadDirection::TopLeft";
    case DicomPreprocessingEnums::PadDirection::BottomRight:
      return out << "itk::DicomPreprocessingEnums::PadDirection::BottomRight";
    case DicomPreprocessingEnums::PadDirection::Center:
      return out << "itk::DicomPreprocessingEnums::PadDirection::Center";
    case DicomPreprocessingEnums::PadDirection::Zero:
      return out << "itk::DicomPreprocessingEnums::PadDirection::Zero";
  }
  return out << "INVALID VALUE FOR itk::DicomPreprocessingEnums::PadDirection";
}

inline std::ostream &
operator<<(std::ostream & out, const DicomPreprocessingEnums::ResizeKernel value)
{
  switch (value)
  {
    case DicomPreprocessingEnums::ResizeKernel::Nearest:
      return out << "itk::DicomPreprocessingEnums::ResizeKernel::Nearest";
    case DicomPreprocessingEnums::ResizeKernel::Triangle:
      return out << "itk::DicomPreprocessingEnums::ResizeKernel::Triangle";
    case DicomPreprocessingEnums::ResizeKernel::CatmullRom:
      return out << "itk::DicomPreprocessingEnums::ResizeKernel::CatmullRom";
    case DicomPreprocessingEnums::ResizeKernel::Gaussian:
      return out << "itk::DicomPreprocessingEnums::ResizeKernel::Gaussian";
    case DicomPreprocessingEnums::ResizeKernel::Lanczos3:
      return out << "itk::DicomPreprocessingEnums::ResizeKernel::Lanczos3";
    case DicomPreprocessingEnums::ResizeKernel::MaxPool:
      return out << "itk::DicomPreprocessingEnums::ResizeKernel::MaxPool";
  }
  return out << "INVALID VALUE FOR itk::DicomPreprocessingEnums::ResizeKernel";
}

inline std::ostream &
operator<<(std::ostream & out, const DicomPreprocessingEnums::ResizeConvention value)
{
  switch (value)
  {
    case DicomPreprocessingEnums::ResizeConvention::Pillow:
      return out << "itk::DicomPreprocessingEnums::ResizeConvention::Pillow";
    case DicomPreprocessingEnums::ResizeConvention::ImageCrate:
      return out << "itk::DicomPreprocessingEnums::ResizeConvention::ImageCrate";
  }
  return out << "INVALID VALUE FOR itk::DicomPreprocessingEnums::ResizeConvention";
}

inline std::ostream &
operator<<(std::ostream & out, const DicomPreprocessingEnums::VolumeHandling value)
{
  switch (value)
  {
    case DicomPreprocessingEnums::VolumeHandling::Keep:
      return out << "itk::DicomPreprocessingEnums::VolumeHandling::Keep";
    case DicomPreprocessingEnums::VolumeHandling::Central:
      return out << "itk::DicomPreprocessingEnums::VolumeHandling::Central";
    case DicomPreprocessingEnums::VolumeHandling::MaximumIntensityProjection:
      return out << "itk::DicomPreprocessingEnums::VolumeHandling::MaximumIntensityProjection";
    case DicomPreprocessingEnums::VolumeHandling::Interpolate:
      return out << "itk::DicomPreprocessingEnums::VolumeHandling::Interpolate";
    case DicomPreprocessingEnums::VolumeHandling::LaplacianMip:
      return out << "itk::DicomPreprocessingEnums::VolumeHandling::LaplacianMip";
  }
  return out << "INVALID VALUE FOR itk::DicomPreprocessingEnums::VolumeHandling";
}

inline std::ostream &
operator<<(std::ostream & out, const DicomPreprocessingEnums::ProjectionMode value)
{
  switch (value)
  {
    case DicomPreprocessingEnums::ProjectionMode::ParallelBeam:
      return out << "itk::DicomPreprocessingEnums::ProjectionMode::ParallelBeam";
    case DicomPreprocessingEnums::ProjectionMode::CentralSlice:
      return out << "itk::DicomPreprocessingEnums::ProjectionMode::CentralSlice";
  }
  return out << "INVALID VALUE FOR itk::DicomPreprocessingEnums::ProjectionMode";
}
} // end namespace itk

#endif
