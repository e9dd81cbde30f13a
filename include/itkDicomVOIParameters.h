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
#ifndef itkDicomVOIParameters_h
#define itkDicomVOIParameters_h

#include "ParallelSeriesExport.h"

#include <cstdint>
#include <string>
#include <vector>

namespace itk
{
/** \class DicomVOILUT
 * \brief One item of a VOI LUT Sequence (0028,3010): LUTDescriptor (0028,3002) and LUTData (0028,3006).
 *
 * FirstMapped is the descriptor's second value (signed when the descriptor's VR is SS), Bits its
 * third; Data holds the descriptor's first value of 16-bit entries.
 * \ingroup ParallelSeries
 */
struct DicomVOILUT
{
  int                        FirstMapped{ 0 };
  unsigned int               Bits{ 16 };
  std::vector<std::uint16_t> Data{};
};

/** \class DicomVOIParameters
 * \brief What turns the stored values of one frame into display values (DICOM PS3.3 C.11.2.1.2).
 *
 * One frame's pixel module (BitsAllocated, BitsStored, PixelRepresentation,
 * PhotometricInterpretation), its modality rescale, its VOI (VOI LUT Sequence, WindowCenter/Width,
 * VOILUTFunction) resolved for that frame as dicom-pixeldata 0.9.0 resolves them
 * (`attribute.rs:rescale_slope`, `window_center`, `voi_lut_function`, `voi_lut_sequence`;
 * `lib.rs:ImagingProperties::from_obj` and the per-frame selection of `lib.rs:build_monochrome_image`):
 * the top-level attribute (its first value) first, else the per-frame functional groups
 * (PixelValueTransformationSequence, FrameVOILUTSequence; one value per frame), else the shared
 * functional groups (VOILUTFunction: shared before per-frame, as the peer); a list of values whose
 * length is neither 1 nor the number of frames gives every frame the first value.
 *
 * AppliedRescaleSlope/Intercept are what GDCM (and so ParallelSeriesReader and GDCMImageIO) applied
 * to the decoded pixels: gdcm::ImageHelper::GetRescaleInterceptSlopeValue(), one value for the file.
 * VOILUTImageFilter recovers the stored value from the decoded one with them.
 *
 * \sa ReadDicomVOIParameters, VOILUTImageFilter
 * \ingroup ParallelSeries
 */
struct DicomVOIParameters
{
  enum class FunctionEnum : std::uint8_t
  {
    Linear,      ///< LINEAR (the default, and any unknown value)
    LinearExact, ///< LINEAR_EXACT
    Sigmoid      ///< SIGMOID
  };
  unsigned int BitsAllocated{ 16 };
  unsigned int BitsStored{ 16 };
  bool         Signed{ false };      ///< PixelRepresentation 1
  bool         Monochrome1{ false }; ///< PhotometricInterpretation MONOCHROME1 (inverted after the VOI)
  unsigned int SamplesPerPixel{ 1 };
  double       RescaleSlope{ 1.0 };     ///< the frame's modality rescale (the peer's)
  double       RescaleIntercept{ 0.0 }; ///< the frame's modality rescale (the peer's)
  double       AppliedRescaleSlope{ 1.0 };
  double       AppliedRescaleIntercept{ 0.0 };
  bool         HasWindow{ false };
  double       WindowCenter{ 0.0 };
  double       WindowWidth{ 0.0 };
  FunctionEnum Function{ FunctionEnum::Linear };
  bool         HasLUT{ false }; ///< a VOI LUT Sequence item applies (it has precedence over the window)
  DicomVOILUT  LUT{};
};

/** The VOI parameters of every frame of DICOM file \c fileName (one element per frame, in stored
 * order; one element for a single-frame file), read with GDCM up to the pixel data.
 * \throws ExceptionObject naming the file when it cannot be read or its window or rescale values
 * are inconsistent (WindowCenter and WindowWidth, or slope and intercept, of unequal counts: the
 * peer fails those files too). Thread-safe (no shared state). */
ParallelSeries_EXPORT std::vector<DicomVOIParameters>
                      ReadDicomVOIParameters(const std::string & fileName);
} // end namespace itk

#endif // itkDicomVOIParameters_h
