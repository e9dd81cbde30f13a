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
#ifndef ParallelSeriesComponentSize_h
#define ParallelSeriesComponentSize_h

// Bytes per pixel component of an ITK component type, as parallel-series sizes its batches (8
// for unknown types). The library has the same logic (with another default); kept here until the
// app uses a library helper.

#include "itkCommonEnums.h"

namespace ParallelSeriesApp
{
inline unsigned int
ComponentSize(itk::IOComponentEnum t)
{
  switch (t)
  {
    case itk::IOComponentEnum::UCHAR:
    case itk::IOComponentEnum::CHAR:
      return 1;
    case itk::IOComponentEnum::USHORT:
    case itk::IOComponentEnum::SHORT:
      return 2;
    case itk::IOComponentEnum::UINT:
    case itk::IOComponentEnum::INT:
    case itk::IOComponentEnum::FLOAT:
      return 4;
    default:
      return 8;
  }
}

} // namespace ParallelSeriesApp

#endif
