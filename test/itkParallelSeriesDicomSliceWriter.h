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
#ifndef itkParallelSeriesDicomSliceWriter_h
#define itkParallelSeriesDicomSliceWriter_h

// The one writer of synthetic DICOM slices of the tests: a one-slice image of known geometry and
// pixels, written by stock GDCMImageIO with the given identifying attributes (original UIDs
// kept). The test directories (itkParallelSeriesTestUtilities.h, the bad-input corpus, the CLI's
// foreground directory) are made of such slices.

#include "itkParallelSeriesComponentTypes.h"
#include "itkGDCMImageIO.h"
#include "itkImage.h"
#include "itkImageFileWriter.h"
#include "itkImageRegionIterator.h"
#include "itkMetaDataObject.h"

#include <functional>
#include <stdexcept>
#include <string>

namespace ParallelSeriesTest
{
/** Geometry of one slice: its size, the spacing (x, y, and the distance between slices), the
 * position of its first pixel and the direction (columns = axes). */
struct DicomSliceGeometry
{
  unsigned int Columns{ 0 };
  unsigned int Rows{ 0 };
  double       Spacing[3]{ 1, 1, 1 };
  double       Origin[3]{ 0, 0, 0 };
  double       Direction[3][3]{ { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
};

/** The identifying attributes written into a slice. */
struct DicomSliceAttributes
{
  std::string  StudyInstanceUID;
  std::string  SeriesInstanceUID;
  std::string  SOPInstanceUID;
  std::string  SOPClassUID;
  std::string  Modality;
  unsigned int SeriesNumber{ 0 };
  unsigned int InstanceNumber{ 0 };
  std::string  SeriesDescription;
  std::string  PatientID{ "PARALLELSERIES" };
};

/** Pixel value at column x, row y of a slice. */
using DicomSliceValue = std::function<double(unsigned int x, unsigned int y)>;

/** Writes one slice to \c fileName: pixel (x, y) is static_cast<TPixel>(value(x, y)). */
template <typename TPixel>
void
WriteDicomSlice(const DicomSliceGeometry &   geometry,
                const DicomSliceAttributes & attributes,
                const DicomSliceValue &      value,
                const std::string &          fileName)
{
  using ImageType = itk::Image<TPixel, 3>;
  auto                         image = ImageType::New();
  typename ImageType::SizeType size = { { geometry.Columns, geometry.Rows, 1 } };
  image->SetRegions(size);
  typename ImageType::SpacingType   spacing;
  typename ImageType::PointType     origin;
  typename ImageType::DirectionType direction;
  for (unsigned int i = 0; i < 3; ++i)
  {
    spacing[i] = geometry.Spacing[i];
    origin[i] = geometry.Origin[i];
    for (unsigned int j = 0; j < 3; ++j)
    {
      direction[i][j] = geometry.Direction[i][j];
    }
  }
  image->SetSpacing(spacing);
  image->SetOrigin(origin);
  image->SetDirection(direction);
  image->Allocate();
  itk::ImageRegionIterator<ImageType> it(image, image->GetLargestPossibleRegion());
  for (; !it.IsAtEnd(); ++it)
  {
    const auto index = it.GetIndex();
    it.Set(static_cast<TPixel>(value(static_cast<unsigned int>(index[0]), static_cast<unsigned int>(index[1]))));
  }
  itk::MetaDataDictionary & dict = image->GetMetaDataDictionary();
  itk::EncapsulateMetaData<std::string>(dict, "0020|000e", attributes.SeriesInstanceUID);
  itk::EncapsulateMetaData<std::string>(dict, "0020|000d", attributes.StudyInstanceUID);
  itk::EncapsulateMetaData<std::string>(dict, "0008|0018", attributes.SOPInstanceUID);
  itk::EncapsulateMetaData<std::string>(dict, "0008|0060", attributes.Modality);
  itk::EncapsulateMetaData<std::string>(dict, "0008|0016", attributes.SOPClassUID);
  itk::EncapsulateMetaData<std::string>(dict, "0020|0011", std::to_string(attributes.SeriesNumber));
  itk::EncapsulateMetaData<std::string>(dict, "0020|0013", std::to_string(attributes.InstanceNumber));
  itk::EncapsulateMetaData<std::string>(dict, "0008|103e", attributes.SeriesDescription);
  itk::EncapsulateMetaData<std::string>(dict, "0010|0020", attributes.PatientID);
  auto io = itk::GDCMImageIO::New();
  io->KeepOriginalUIDOn();
  auto writer = itk::ImageFileWriter<ImageType>::New();
  writer->SetImageIO(io);
  writer->SetInput(image);
  writer->SetFileName(fileName);
  writer->Update();
}

/** The same, with the pixel type given at run time (a scalar type of
 * itk::ParallelSeriesComponentTypes::VisitComponentType()). */
inline void
WriteDicomSlice(itk::IOComponentEnum         componentType,
                const DicomSliceGeometry &   geometry,
                const DicomSliceAttributes & attributes,
                const DicomSliceValue &      value,
                const std::string &          fileName)
{
  if (!itk::ParallelSeriesComponentTypes::VisitComponentType(componentType, [&](auto tag) {
        WriteDicomSlice<typename decltype(tag)::Type>(geometry, attributes, value, fileName);
      }))
  {
    throw std::invalid_argument("WriteDicomSlice: unsupported component type " +
                                itk::ImageIOBase::GetComponentTypeAsString(componentType));
  }
}
} // namespace ParallelSeriesTest

#endif
