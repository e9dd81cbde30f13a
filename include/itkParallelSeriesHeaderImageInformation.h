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
#ifndef itkParallelSeriesHeaderImageInformation_h
#define itkParallelSeriesHeaderImageInformation_h

#include "ParallelSeriesExport.h"
#include "itkGDCMImageIO.h"

#include <string>

namespace itk
{
/** GDCMImageIO::ReadImageInformation() on \c fileName without loading its pixel data.
 *
 * GDCMImageIO reads the whole file (gdcm::ImageReader::Read(), the pixel data included) to describe
 * it. For a file of uncompressed little-endian pixel data with a defined length (Implicit or
 * Explicit VR Little Endian), this gives GDCMImageIO an in-memory copy of the file whose PixelData
 * value is empty (its length set to 0; the elements after it kept): the same header, the same
 * dictionary (GDCMImageIO leaves PixelData out of it), the same geometry and pixel type, without
 * reading and zero-filling the pixel data. Linux only (memfd_create, the copy is opened as
 * /proc/self/fd/N).
 *
 * Returns true when \c io holds the information of \c fileName; false when this path does not apply
 * (another transfer syntax, an undefined or inconsistent PixelData length, another system) or failed:
 * the caller then calls io.ReadImageInformation() on the file itself (which reports any error).
 * \c io's file name is \c fileName on return in every case. Throws nothing.
 *
 * Thread safety: reentrant (each call its own buffers and descriptor); one \c io per thread.
 *
 * \ingroup ParallelSeries
 */
ParallelSeries_EXPORT bool
ReadGDCMImageInformationWithoutPixelData(GDCMImageIO & io, const std::string & fileName);
} // end namespace itk

#endif
