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
#ifndef itkParallelSeriesManifestReader_h
#define itkParallelSeriesManifestReader_h

// An independent reader of manifest.csv, the table parallel-series convert writes (for the
// tests): CSV as RFC 4180 has it (quoted fields, doubled quotes, newlines inside quotes), and the
// columns the manifest must have.

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace ParallelSeriesCLITest
{
/** The manifest's columns, in order (its header line). */
inline const std::vector<std::string> &
ManifestColumns()
{
  static const std::vector<std::string> columns = { "index",
                                                    "study_instance_uid",
                                                    "series_instance_uid",
                                                    "series_identifier",
                                                    "series_number",
                                                    "series_description",
                                                    "modality",
                                                    "volume",
                                                    "path",
                                                    "size_x",
                                                    "size_y",
                                                    "size_z",
                                                    "spacing_x",
                                                    "spacing_y",
                                                    "spacing_z",
                                                    "pixel_type",
                                                    "files",
                                                    "status",
                                                    "error",
                                                    "output_width",
                                                    "output_height",
                                                    "output_frames",
                                                    "spacing_z_source",
                                                    "spacing_z_deviation",
                                                    "stack_tilt_degrees",
                                                    "geometry_correction",
                                                    "sop_instance_uid",
                                                    "inode",
                                                    "channels",
                                                    "num_frames",
                                                    "pixel_spacing_source",
                                                    "origin_known" };
  return columns;
}

/** Parses CSV (RFC 4180: quoted fields, doubled quotes, newlines inside quotes). */
inline std::vector<std::vector<std::string>>
ReadCsv(const std::string & fileName)
{
  std::ifstream                         in(fileName, std::ios::binary);
  const std::string                     text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string>              row;
  std::string                           field;
  bool                                  quoted = false;
  bool                                  any = false;
  for (size_t i = 0; i < text.size(); ++i)
  {
    const char c = text[i];
    any = true;
    if (quoted)
    {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
      {
        field += '"';
        ++i;
      }
      else if (c == '"')
      {
        quoted = false;
      }
      else
      {
        field += c;
      }
    }
    else if (c == '"')
    {
      quoted = true;
    }
    else if (c == ',')
    {
      row.push_back(field);
      field.clear();
    }
    else if (c == '\n')
    {
      row.push_back(field);
      field.clear();
      rows.push_back(row);
      row.clear();
      any = false;
    }
    else if (c != '\r')
    {
      field += c;
    }
  }
  if (any)
  {
    row.push_back(field);
    rows.push_back(row);
  }
  return rows;
}
} // namespace ParallelSeriesCLITest

#endif
