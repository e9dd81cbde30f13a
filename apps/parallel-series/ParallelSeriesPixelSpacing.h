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
#ifndef ParallelSeriesPixelSpacing_h
#define ParallelSeriesPixelSpacing_h

// The in-plane pixel spacing as dicom-preprocessing 0.1.2 takes it for its TIFF resolution tags
// (metadata/resolution.rs: pixel_spacing_mm): PixelSpacing (0028,0030) when the element is
// present, else ImagerPixelSpacing (0018,1164); when that value does not parse, the PixelSpacing
// of the first PixelMeasuresSequence (0028,9110) item of SharedFunctionalGroupsSequence
// (5200,9229), else of the first PerFrameFunctionalGroupsSequence (5200,9230) item. Each value
// is parsed as a 32-bit float, as the peer's f32::parse (GDCM's spacing is a double, and for
// mammography GDCM prefers ImagerPixelSpacing). Read with GDCM (the header only).

#include <string>

namespace ParallelSeriesApp
{
/** Reads the spacing of \c dicomFile as above into \c spacing (x = column spacing, y = row
 * spacing, mm). Returns false when the file has none (or cannot be read: \c error says why).
 * \c peerParse (preprocess): a value with leading spaces is no value, as Rust's f32::parse has it
 * (the peer then writes no resolution); off (convert), leading spaces are skipped. */
bool
ReadPeerPixelSpacing(const std::string & dicomFile, float spacing[2], std::string & error, bool peerParse = true);
} // namespace ParallelSeriesApp

#endif
