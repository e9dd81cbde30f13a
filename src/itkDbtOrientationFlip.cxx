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
#include "itkDbtOrientationFlip.h"
#include "itkMacro.h"

#include "itkParallelSeriesHeaderReading.h"
#include "gdcmReader.h"
#include "gdcmTag.h"

#include <set>

namespace itk
{
namespace
{
std::string
ElementString(const gdcm::DataSet & ds, const gdcm::Tag & tag)
{
  if (!ds.FindDataElement(tag))
  {
    return {};
  }
  const gdcm::ByteValue * bv = ds.GetDataElement(tag).GetByteValue();
  return bv ? std::string(bv->GetPointer(), bv->GetLength()) : std::string{};
}
} // namespace

DbtOrientationAttributes
ReadDbtOrientationAttributes(const std::string & fileName)
{
  // The header up to PixelData, parsed in memory from the file's first bytes where they hold it.
  ParallelSeriesScan::HeaderReader header;
  const std::string                why = header.Read(fileName);
  if (!why.empty())
  {
    itkGenericExceptionMacro("Cannot read the DICOM header of " << fileName << ": " << why);
  }
  const gdcm::File &       file = header.GetFile();
  const gdcm::DataSet &    ds = file.GetDataSet();
  DbtOrientationAttributes a;
  a.MediaStorageSOPClassUID = ElementString(file.GetHeader(), gdcm::Tag(0x0002, 0x0002));
  a.SOPClassUID = ElementString(ds, gdcm::Tag(0x0008, 0x0016));
  a.ImageLaterality = ElementString(ds, gdcm::Tag(0x0020, 0x0062));
  a.Laterality = ElementString(ds, gdcm::Tag(0x0020, 0x0060));
  a.ViewPosition = ElementString(ds, gdcm::Tag(0x0018, 0x5101));
  a.PatientOrientation = ElementString(ds, gdcm::Tag(0x0020, 0x0020));
  return a;
}
} // end namespace itk
