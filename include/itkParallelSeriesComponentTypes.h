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
#ifndef itkParallelSeriesComponentTypes_h
#define itkParallelSeriesComponentTypes_h

#include "itkCommonEnums.h"
#include "itkImageIOBase.h"
#include "itkRGBPixel.h"

#include <cstddef>
#include <string>
#include <utility>

namespace itk
{
/** \brief From a run-time component type (IOComponentEnum, as GDCMImageIO and
 * ParallelSeriesSummary report it) to C++ types: the one dispatch the
 * reader (conversion to the output pixel type), the command-line tool (one reader per native
 * pixel type) and the tests use.
 *
 * The visitors call \c f with a TypeTag<T>{} argument, so that a generic lambda gets the type:
 * \code
 * ParallelSeriesComponentTypes::VisitNativePixelType(summary.ComponentType, summary.SamplesPerPixel,
 *   [&](auto tag) { using PixelType = typename decltype(tag)::Type; Read<PixelType>(); });
 * \endcode
 * Everything here is stateless: thread-safe. Python's `itk.read_dicom_directory` maps the same
 * component types to the pixel types PyPI's `itk` wraps (wrapping/ParallelSeriesHelpers.py).
 *
 * \ingroup ParallelSeries
 */
namespace ParallelSeriesComponentTypes
{
/** Carries a C++ type as a value (the argument the visitors pass). */
template <typename T>
struct TypeTag
{
  using Type = T;
};

/** Calls f(TypeTag<C>{}) with C the C++ type of \c type: unsigned char, char, unsigned short,
 * short, unsigned int, int, float or double (the scalar types GDCM decodes to). Returns whether
 * \c f was called (false for any other type, e.g. UNKNOWNCOMPONENTTYPE or 64-bit integers). */
template <typename TFunction>
bool
VisitComponentType(IOComponentEnum type, TFunction && f)
{
  switch (type)
  {
    case IOComponentEnum::UCHAR:
      f(TypeTag<unsigned char>{});
      return true;
    case IOComponentEnum::CHAR:
      f(TypeTag<char>{});
      return true;
    case IOComponentEnum::USHORT:
      f(TypeTag<unsigned short>{});
      return true;
    case IOComponentEnum::SHORT:
      f(TypeTag<short>{});
      return true;
    case IOComponentEnum::UINT:
      f(TypeTag<unsigned int>{});
      return true;
    case IOComponentEnum::INT:
      f(TypeTag<int>{});
      return true;
    case IOComponentEnum::FLOAT:
      f(TypeTag<float>{});
      return true;
    case IOComponentEnum::DOUBLE:
      f(TypeTag<double>{});
      return true;
    default:
      return false;
  }
}

/** Calls f(TypeTag<P>{}) with P the native pixel type of a series: the component type of
 * VisitComponentType() for one sample per pixel, RGBPixel<unsigned char> for three samples of
 * unsigned char (RGB and YBR photometric interpretations, which GDCM decodes to RGB). Returns
 * whether \c f was called (false for other combinations, which have no native pixel type here). */
template <typename TFunction>
bool
VisitNativePixelType(IOComponentEnum type, unsigned int samplesPerPixel, TFunction && f)
{
  if (samplesPerPixel == 1)
  {
    return VisitComponentType(type, std::forward<TFunction>(f));
  }
  if (samplesPerPixel == 3 && type == IOComponentEnum::UCHAR)
  {
    f(TypeTag<RGBPixel<unsigned char>>{});
    return true;
  }
  return false;
}

/** Bytes of one component of \c type (sizeof of its VisitComponentType() type); 0 for a type
 * VisitComponentType() does not handle. */
inline std::size_t
ComponentSize(IOComponentEnum type)
{
  std::size_t size = 0;
  VisitComponentType(type, [&size](auto tag) { size = sizeof(typename decltype(tag)::Type); });
  return size;
}

/** The pixel type as text: ImageIOBase::GetComponentTypeAsString(type) ("short",
 * "unsigned_char", ...), followed by "[n]" when \c samplesPerPixel n is not 1, e.g.
 * "unsigned_char[3]" for RGB. The name of the command-line tool's pixel_type column. */
inline std::string
PixelTypeName(IOComponentEnum type, unsigned int samplesPerPixel)
{
  std::string name = ImageIOBase::GetComponentTypeAsString(type);
  if (samplesPerPixel != 1)
  {
    name += "[" + std::to_string(samplesPerPixel) + "]";
  }
  return name;
}
} // namespace ParallelSeriesComponentTypes
} // end namespace itk

#endif
