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
#ifndef ParallelSeriesSidecar_h
#define ParallelSeriesSidecar_h

// The JSON sidecar of parallel-series convert: one <volume>.json beside each volume, holding the
// acquisition attributes users need downstream under their BIDS names (as dcm2niix -b y writes
// them), read by GDCM from the first file of the volume.

#include <string>

namespace ParallelSeriesApp
{
/** The sidecar of \c dicomFile as a JSON object (keys in the order below; an attribute that is
 * absent or empty in the file is omitted, never made up):
 *  Modality, Manufacturer, ManufacturersModelName (ManufacturerModelName (0008,1090)),
 *  MagneticFieldStrength (T), RepetitionTime and EchoTime (seconds: DICOM's ms / 1000, as
 *  BIDS), FlipAngle (degrees), SliceThickness and SpacingBetweenSlices (mm), SeriesDescription,
 *  ProtocolName, SeriesNumber (integer), AcquisitionTime ("hh:mm:ss.ffffff", as dcm2niix),
 *  ImageType (array of its values), SeriesInstanceUID, StudyInstanceUID, and always
 *  ConversionSoftware ("parallel-series") and ConversionSoftwareVersion. Numbers of a
 *  multi-valued attribute: its first value. The header is read up to PixelData
 *  (gdcm::Reader::ReadUpToTag), values through gdcm::StringFilter. Returns an error message in
 *  \c error (and an empty text) when the file cannot be read. Thread-safe. */
std::string
SidecarJson(const std::string & dicomFile, std::string & error);

/** Writes SidecarJson(dicomFile) to \c fileName through \c fileName's ".partial" temporary
 * (ParallelSeriesReplaceFile.h). Returns an error message naming the files, empty on success. */
std::string
WriteSidecar(const std::string & dicomFile, const std::string & fileName);

/** The sidecar's name for the volume file \c volumeFile: its name without the format's
 * extension (.nii.gz, .nii, .nrrd, .mha, .tiff) + ".json". */
std::string
SidecarFileName(const std::string & volumeFile);

/** The temporary name under which WriteSidecar() writes \c fileName. */
std::string
SidecarTemporaryName(const std::string & fileName);
} // namespace ParallelSeriesApp

#endif
