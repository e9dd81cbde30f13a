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
#ifndef itkDbtOrientationFlip_h
#define itkDbtOrientationFlip_h

#include "ParallelSeriesExport.h"
#include <cctype>
#include <cstdint>
#include <string>
#include <vector>

namespace itk
{
/** \brief The attributes of a file that decide dicom-preprocessing's DBT 180° flip (raw DICOM
 * strings, as stored; empty when absent). */
struct DbtOrientationAttributes
{
  std::string MediaStorageSOPClassUID; ///< (0002,0002)
  std::string SOPClassUID;             ///< (0008,0016)
  std::string ImageLaterality;         ///< (0020,0062)
  std::string Laterality;              ///< (0020,0060)
  std::string ViewPosition;            ///< (0018,5101)
  std::string PatientOrientation;      ///< (0020,0020), e.g. "P\\L"
};

/** \brief What tag 65000 of dicom-preprocessing's TIFF records for the DBT flip: the frame size
 * before the flip and the flipped axes (metadata/preprocessing.rs, transform/flip.rs:
 * Flip::both_from_image): written as LONG[4] (Width, Height, FlipX, FlipY). */
struct OrientationFlipRecord
{
  uint32_t Width{ 0 };
  uint32_t Height{ 0 };
  bool     FlipX{ false };
  bool     FlipY{ false };
};

/** Breast Tomosynthesis Image Storage. */
constexpr const char * BreastTomosynthesisImageStorageUID = "1.2.840.10008.5.1.4.1.1.13.1.3";

namespace DbtOrientationDetail
{
/** trim_dicom_code + to_ascii_uppercase (transform/volume.rs:normalized_dicom_code). */
inline std::string
Normalize(const std::string & value)
{
  size_t     begin = 0;
  size_t     end = value.size();
  const auto trimmed = [](char c) { return c == '\0' || std::isspace(static_cast<unsigned char>(c)); };
  while (begin < end && trimmed(value[begin]))
  {
    ++begin;
  }
  while (end > begin && trimmed(value[end - 1]))
  {
    --end;
  }
  std::string out = value.substr(begin, end - begin);
  for (char & c : out)
  {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

/** normalized_element_parts: split at '\\', each normalised, the empty ones dropped. */
inline std::vector<std::string>
Parts(const std::string & value)
{
  std::vector<std::string> parts;
  size_t                   begin = 0;
  while (begin <= value.size())
  {
    size_t end = value.find('\\', begin);
    if (end == std::string::npos)
    {
      end = value.size();
    }
    const std::string part = Normalize(value.substr(begin, end - begin));
    if (!part.empty())
    {
      parts.push_back(part);
    }
    begin = end + 1;
  }
  return parts;
}

inline char
Inverse(char c)
{
  switch (c)
  {
    case 'A':
      return 'P';
    case 'P':
      return 'A';
    case 'R':
      return 'L';
    case 'L':
      return 'R';
    case 'F':
      return 'H';
    case 'H':
      return 'F';
    default:
      return '\0';
  }
}
} // namespace DbtOrientationDetail

/** \brief dicom-preprocessing's rule for rotating a DBT file's frames by 180° (flip x and y),
 * transform/volume.rs:should_flip_inverse_standard_dbt_orientation.
 *
 * True when the SOP class (file meta, else dataset; trimmed) is Breast Tomosynthesis Image
 * Storage, (ImageLaterality, else Laterality; ViewPosition) is (L, CC), (R, CC), (L, MLO) or
 * (R, MLO) (first value, trimmed, upper case), and PatientOrientation (its non-empty values) is
 * component by component the inverse (A<->P, R<->L, F<->H) of the standard A\\R, A\\L, A\\FR,
 * A\\FL respectively (e.g. P\\L for L CC). Pure function; thread safe. \ingroup ParallelSeries */
inline bool
ShouldFlipInverseStandardDbtOrientation(const DbtOrientationAttributes & a)
{
  using namespace DbtOrientationDetail;
  const bool dbt = Normalize(a.MediaStorageSOPClassUID) == BreastTomosynthesisImageStorageUID ||
                   Normalize(a.SOPClassUID) == BreastTomosynthesisImageStorageUID;
  if (!dbt)
  {
    return false;
  }
  std::vector<std::string> laterality = Parts(a.ImageLaterality);
  if (laterality.empty())
  {
    laterality = Parts(a.Laterality);
  }
  const std::vector<std::string> view = Parts(a.ViewPosition);
  const std::vector<std::string> observed = Parts(a.PatientOrientation);
  if (laterality.empty() || view.empty() || observed.empty())
  {
    return false;
  }
  const std::string & l = laterality[0];
  const std::string & v = view[0];
  const char *        second = nullptr;
  if (l == "L" && v == "CC")
  {
    second = "R";
  }
  else if (l == "R" && v == "CC")
  {
    second = "L";
  }
  else if (l == "L" && v == "MLO")
  {
    second = "FR";
  }
  else if (l == "R" && v == "MLO")
  {
    second = "FL";
  }
  else
  {
    return false;
  }
  const std::string expected[2] = { "A", second };
  if (observed.size() != 2)
  {
    return false;
  }
  for (size_t k = 0; k < 2; ++k)
  {
    if (observed[k].size() != expected[k].size())
    {
      return false;
    }
    for (size_t c = 0; c < expected[k].size(); ++c)
    {
      if (Inverse(expected[k][c]) != observed[k][c])
      {
        return false;
      }
    }
  }
  return true;
}

/** \brief Reads the attributes of DbtOrientationAttributes from a DICOM file with GDCM (up to the
 * pixel data, not decoded). Throws itk::ExceptionObject naming the file when it cannot be read.
 * Thread safe (one GDCM reader per call). \ingroup ParallelSeries */
ParallelSeries_EXPORT DbtOrientationAttributes
                      ReadDbtOrientationAttributes(const std::string & fileName);
} // end namespace itk

#endif
