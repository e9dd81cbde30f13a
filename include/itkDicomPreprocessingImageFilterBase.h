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
#ifndef itkDicomPreprocessingImageFilterBase_h
#define itkDicomPreprocessingImageFilterBase_h

#include "itkDicomPreprocessingEnums.h"
#include "itkFixedArray.h"
#include "itkIndex.h"
#include "itkSize.h"
#include "itkWholeImageToImageFilter.h"

namespace itk
{
/** \class DicomPreprocessingImageFilterBase
 * \brief The settings and the recorded parameters shared by DicomPreprocessingImageFilter
 * (scalar pixels) and DicomPreprocessingRGBImageFilter (RGB pixels): dicom-preprocessing's
 * pipeline, slice selection, then crop to the foreground, then resize, then pad.
 *
 * <b>Settings</b> (defaults in brackets): VolumeHandling [Keep], Crop [on], CropMax [off],
 * Resize [on], Pad [on], TargetSize (x, y in pixels) [(1, 1): set it], KeepAspectRatio [on],
 * Kernel [Triangle], PadDirection [Zero]. See DicomPreprocessingImageFilter for what each does.
 *
 * <b>Recorded parameters</b>, valid after UpdateOutputInformation(); x (index 0) first, in input
 * pixels unless said: CropOrigin (first index of the crop box, absolute in the input's index
 * space: a box is a start and a size, never a last index), CropSize, Scale (resized size / crop
 * size per axis), ResizedSize (pixels), Padding (left, top, right, bottom, output pixels).
 *
 * Abstract: GenerateOutputInformation() computes the recorded parameters and is the
 * subclasses'. Exceptions: none of its own. Thread safety: as every ITK filter, one instance
 * must not be updated from several threads at once; the getters may be called concurrently
 * after Update().
 *
 * \tparam TImage an itk::Image (the subclass restricts the pixel type and dimension).
 *
 * \ingroup ParallelSeries
 */
template <typename TImage>
class ITK_TEMPLATE_EXPORT DicomPreprocessingImageFilterBase : public WholeImageToImageFilter<TImage, TImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(DicomPreprocessingImageFilterBase);

  using Self = DicomPreprocessingImageFilterBase;
  using Superclass = WholeImageToImageFilter<TImage, TImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkTypeMacro(DicomPreprocessingImageFilterBase, WholeImageToImageFilter);

  using TargetSizeType = Size<2>;
  using Index2DType = Index<2>;
  using Size2DType = Size<2>;
  using ScaleType = FixedArray<double, 2>;
  using PaddingType = FixedArray<SizeValueType, 4>;
  using VolumeHandlingEnum = DicomPreprocessingEnums::VolumeHandling;
  using KernelEnum = DicomPreprocessingEnums::ResizeKernel;
  using PadDirectionEnum = DicomPreprocessingEnums::PadDirection;
  using ProjectionModeEnum = DicomPreprocessingEnums::ProjectionMode;
  using ResizeConventionEnum = DicomPreprocessingEnums::ResizeConvention;
  using SpacingType = FixedArray<double, 2>;

  /** Slice selection along z (index 2): keep all slices, the central one, or their MIP. */
  itkSetEnumMacro(VolumeHandling, VolumeHandlingEnum);
  itkGetEnumMacro(VolumeHandling, VolumeHandlingEnum);
  /** The settings of the Interpolate and LaplacianMip handlers (SliceSelectionImageFilter):
   * TargetFrames [32], MipWeight [1.5], SkipFrames [5], ProjectionMode [ParallelBeam]. */
  itkSetMacro(TargetFrames, SizeValueType);
  itkGetConstMacro(TargetFrames, SizeValueType);
  itkSetMacro(MipWeight, float);
  itkGetConstMacro(MipWeight, float);
  itkSetMacro(SkipFrames, SizeValueType);
  itkGetConstMacro(SkipFrames, SizeValueType);
  itkSetEnumMacro(ProjectionMode, ProjectionModeEnum);
  itkGetEnumMacro(ProjectionMode, ProjectionModeEnum);
  /** dicom-preprocessing's DBT 180° rotation (flip x and y of every slice, after the volume
   * handler, before the crop; transform/volume.rs:apply_orientation_flip). Decide it with
   * ShouldFlipInverseStandardDbtOrientation (itkDbtOrientationFlip.h). Default off. */
  itkSetMacro(OrientationFlip, bool);
  itkGetConstMacro(OrientationFlip, bool);
  itkBooleanMacro(OrientationFlip);
  /** Crop every slice alike to the bounding box of the foreground (in-plane). */
  itkSetMacro(Crop, bool);
  itkGetConstMacro(Crop, bool);
  itkBooleanMacro(Crop);
  /** With Crop: the pixel type's maximum is background too. */
  itkSetMacro(CropMax, bool);
  itkGetConstMacro(CropMax, bool);
  itkBooleanMacro(CropMax);
  /** With Crop: crop to the largest 4-connected component (dicom-preprocessing's default crop,
   * CropToForegroundImageFilter::UseComponents); off (default, the library's behaviour before
   * issue 14 and `parallel-series convert --crop`): the bounding box of all foreground
   * (dicom-preprocessing's `--no-components`). `parallel-series preprocess` turns it on. */
  itkSetMacro(CropComponents, bool);
  itkGetConstMacro(CropComponents, bool);
  itkBooleanMacro(CropComponents);
  /** With Crop: border fraction in [0, 0.5] (CropToForegroundImageFilter::BorderFraction). */
  itkSetMacro(BorderFraction, double);
  itkGetConstMacro(BorderFraction, double);
  /** Whose arithmetic the resize reproduces: Pillow (PillowResizeImageFilter, default) or the
   * image crate (ImageCrateResizeImageFilter, dicom-preprocessing's; its size rule in f32 and
   * DefaultScale (s, s)). The kernel MaxPool always uses ImageCrateResizeImageFilter. */
  itkSetEnumMacro(ResizeConvention, ResizeConventionEnum);
  itkGetEnumMacro(ResizeConvention, ResizeConventionEnum);
  /** Resize to this pixel spacing (x, y, mm; `--spacing`) instead of TargetSize when both are
   * positive (default (0, 0): off). Needs SourceSpacing; never pads. */
  itkSetMacro(TargetSpacing, SpacingType);
  itkGetConstReferenceMacro(TargetSpacing, SpacingType);
  /** The file's pixel spacing (x, y, mm: PixelSpacing, else ImagerPixelSpacing) for
   * TargetSpacing; (0, 0) (default) = unknown: no resize (GetResized() false). */
  itkSetMacro(SourceSpacing, SpacingType);
  itkGetConstReferenceMacro(SourceSpacing, SpacingType);
  /** dicom-preprocessing's zero padding rule: counted on the first slice only, and a 16-bit
   * unsigned pixel counts as zero when its 8-bit luma is 0 (value <= 128). Default off (exact
   * zeros over all slices). */
  itkSetMacro(PeerZeroRule, bool);
  itkGetConstMacro(PeerZeroRule, bool);
  itkBooleanMacro(PeerZeroRule);
  /** Resize (Pillow's resampling, PillowResizeImageFilter) to TargetSize. */
  itkSetMacro(Resize, bool);
  itkGetConstMacro(Resize, bool);
  itkBooleanMacro(Resize);
  /** Pad to exactly TargetSize. */
  itkSetMacro(Pad, bool);
  itkGetConstMacro(Pad, bool);
  itkBooleanMacro(Pad);
  /** Target in-plane size (x, y) of resize and pad, pixels. Default (1, 1): set it. */
  itkSetMacro(TargetSize, TargetSizeType);
  itkGetConstReferenceMacro(TargetSize, TargetSizeType);
  /** Resize keeping the aspect ratio (fit into TargetSize). */
  itkSetMacro(KeepAspectRatio, bool);
  itkGetConstMacro(KeepAspectRatio, bool);
  itkBooleanMacro(KeepAspectRatio);
  /** Resize kernel. */
  itkSetEnumMacro(Kernel, KernelEnum);
  itkGetEnumMacro(Kernel, KernelEnum);
  /** Where the padding goes. */
  itkSetEnumMacro(PadDirection, PadDirectionEnum);
  itkGetEnumMacro(PadDirection, PadDirectionEnum);

  /** Recorded parameters (see the class documentation), valid after UpdateOutputInformation(). */
  itkGetConstReferenceMacro(CropOrigin, Index2DType);
  itkGetConstReferenceMacro(CropSize, Size2DType);
  itkGetConstReferenceMacro(Scale, ScaleType);
  itkGetConstReferenceMacro(ResizedSize, Size2DType);
  /** Padding (left, top, right, bottom). */
  itkGetConstReferenceMacro(Padding, PaddingType);
  /** Whether each step ran (for the TIFF tags: a tag only for a step that ran). Crop: Crop was
   * on; Resize: a resize ran (Resize on and, for TargetSpacing, a known SourceSpacing); Pad: the
   * pad step ran (Pad on, TargetSize mode), even when it added nothing (dicom-preprocessing writes
   * ActiveArea then too). */
  itkGetConstMacro(Cropped, bool);
  itkGetConstMacro(Resized, bool);
  itkGetConstMacro(Padded, bool);
  /** The DefaultScale to record: the requested scale (s, s) for TargetSize with the image-crate
   * convention, (W/w, H/h) for TargetSpacing, the realised ratio (= GetScale()) for Pillow. */
  itkGetConstReferenceMacro(DefaultScale, ScaleType);

protected:
  DicomPreprocessingImageFilterBase()
  {
    m_TargetSize.Fill(1);
    m_CropOrigin.Fill(0);
    m_CropSize.Fill(0);
    m_Scale.Fill(1.0);
    m_ResizedSize.Fill(0);
    m_Padding.Fill(0);
    m_DefaultScale.Fill(1.0);
    m_TargetSpacing.Fill(0.0);
    m_SourceSpacing.Fill(0.0);
  }
  ~DicomPreprocessingImageFilterBase() override = default;

  /** Copies the settings added for dicom-preprocessing 0.1.2 to another preprocessing filter
   * (the RGB filter's key and channel filters). */
  template <typename TOther>
  void
  ForwardPeerSettings(TOther * other) const
  {
    other->SetCropComponents(m_CropComponents);
    other->SetBorderFraction(m_BorderFraction);
    other->SetResizeConvention(m_ResizeConvention);
    other->SetTargetSpacing(m_TargetSpacing);
    other->SetSourceSpacing(m_SourceSpacing);
    other->SetPeerZeroRule(m_PeerZeroRule);
  }

  void
  PrintSelf(std::ostream & os, Indent indent) const override
  {
    Superclass::PrintSelf(os, indent);
    os << indent << "VolumeHandling: " << m_VolumeHandling << ", TargetFrames: " << m_TargetFrames
       << ", MipWeight: " << m_MipWeight << ", SkipFrames: " << m_SkipFrames << ", ProjectionMode: " << m_ProjectionMode
       << std::endl;
    os << indent << "Crop: " << (m_Crop ? "On" : "Off") << ", CropMax: " << (m_CropMax ? "On" : "Off") << std::endl;
    os << indent << "Resize: " << (m_Resize ? "On" : "Off") << ", TargetSize: " << m_TargetSize
       << ", KeepAspectRatio: " << (m_KeepAspectRatio ? "On" : "Off") << ", Kernel: " << m_Kernel << std::endl;
    os << indent << "Pad: " << (m_Pad ? "On" : "Off") << ", PadDirection: " << m_PadDirection << std::endl;
    os << indent << "CropOrigin: " << m_CropOrigin << ", CropSize: " << m_CropSize << std::endl;
    os << indent << "Scale: " << m_Scale << ", ResizedSize: " << m_ResizedSize << std::endl;
    os << indent << "Padding: " << m_Padding << std::endl;
    os << indent << "CropComponents: " << m_CropComponents << ", BorderFraction: " << m_BorderFraction
       << ", ResizeConvention: " << m_ResizeConvention << ", TargetSpacing: " << m_TargetSpacing
       << ", SourceSpacing: " << m_SourceSpacing << ", PeerZeroRule: " << m_PeerZeroRule << std::endl;
    os << indent << "Cropped: " << m_Cropped << ", Resized: " << m_Resized << ", Padded: " << m_Padded
       << ", DefaultScale: " << m_DefaultScale << std::endl;
  }

  /** The recorded parameters, set by the subclass' GenerateOutputInformation(). */
  Index2DType m_CropOrigin;
  Size2DType  m_CropSize;
  ScaleType   m_Scale;
  Size2DType  m_ResizedSize;
  PaddingType m_Padding;
  bool        m_Cropped{ false };
  bool        m_Resized{ false };
  bool        m_Padded{ false };
  ScaleType   m_DefaultScale;

private:
  bool                 m_CropComponents{ false };
  double               m_BorderFraction{ 0.0 };
  ResizeConventionEnum m_ResizeConvention{ ResizeConventionEnum::Pillow };
  SpacingType          m_TargetSpacing;
  SpacingType          m_SourceSpacing;
  bool                 m_PeerZeroRule{ false };
  VolumeHandlingEnum m_VolumeHandling{ VolumeHandlingEnum::Keep };
  SizeValueType      m_TargetFrames{ 32 };
  float              m_MipWeight{ 1.5f };
  SizeValueType      m_SkipFrames{ 5 };
  ProjectionModeEnum m_ProjectionMode{ ProjectionModeEnum::ParallelBeam };
  bool               m_OrientationFlip{ false };
  bool               m_Crop{ true };
  bool               m_CropMax{ false };
  bool               m_Resize{ true };
  bool               m_Pad{ true };
  TargetSizeType     m_TargetSize;
  bool               m_KeepAspectRatio{ true };
  KernelEnum         m_Kernel{ KernelEnum::Triangle };
  PadDirectionEnum   m_PadDirection{ PadDirectionEnum::Zero };
};
} // end namespace itk

#endif // itkDicomPreprocessingImageFilterBase_h
