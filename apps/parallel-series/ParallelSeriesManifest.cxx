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

// The manifest of parallel-series convert (manifest.csv).

#include "ParallelSeriesManifest.h"

#include "itkParallelSeriesComponentTypes.h"
#include "ParallelSeriesReplaceFile.h"
#include "ParallelSeriesTextFormats.h"

#include "itksys/SystemTools.hxx"

#include <algorithm>
#include <fstream>

namespace ParallelSeriesApp
{
std::string
WriteManifest(const std::vector<ManifestRow> & rows, const std::string & fileName)
{
  const std::string temporary = fileName + ".partial";
  {
    std::ofstream os(temporary, std::ios::binary | std::ios::trunc);
    if (!os)
    {
      itksys::SystemTools::RemoveFile(temporary);
      return "cannot create \"" + temporary + "\"";
    }
    os << "index,study_instance_uid,series_instance_uid,series_identifier,series_number,series_description,modality,"
          "volume,path,size_x,size_y,size_z,spacing_x,spacing_y,spacing_z,pixel_type,files,status,error,"
          "output_width,output_height,output_frames,spacing_z_source,spacing_z_deviation,stack_tilt_degrees,"
          "geometry_correction,sop_instance_uid,inode,channels,num_frames,pixel_spacing_source,origin_known\n";
    for (const ManifestRow & r : rows)
    {
      const SummaryType & s = r.Series->Summary;
      std::string         error = r.Error;
      if (!r.FailedFile.empty())
      {
        error = "file \"" + r.FailedFile + "\": " + error;
      }
      os << r.Series->Index << "," << CsvField(s.GetStudyInstanceUID()) << "," << CsvField(s.GetSeriesInstanceUID())
         << "," << CsvField(r.Series->Identifier) << "," << CsvField(s.GetSeriesNumber()) << ","
         << CsvField(s.GetSeriesDescription()) << "," << CsvField(s.GetModality()) << "," << r.Volume << ","
         << CsvField(r.Ok ? r.Path : std::string()) << "," << r.Size[0] << "," << r.Size[1] << "," << r.Size[2] << ","
         << FormatDouble(r.Spacing[0]) << "," << FormatDouble(r.Spacing[1]) << "," << FormatDouble(r.Spacing[2]) << ","
         << CsvField(itk::ParallelSeriesComponentTypes::PixelTypeName(s.GetComponentType(), s.GetSamplesPerPixel()))
         << "," << r.Files << "," << (r.Ok ? "ok" : "failed") << "," << CsvField(r.Ok ? std::string() : error) << ","
         << r.OutputSize[0] << "," << r.OutputSize[1] << "," << r.OutputSize[2] << ","
         << CsvField(s.GetSliceSpacingSource()) << "," << FormatDouble(s.GetSliceSpacingDeviation()) << ","
         << FormatDouble(s.GetStackTiltDegrees()) << "," << CsvField(r.Correction) << "," << CsvField(r.SOPInstanceUID)
         << "," << r.Inode << "," << std::max(1u, s.GetSamplesPerPixel()) << "," << r.OutputSize[2] << ","
         << CsvField(s.GetPixelSpacingSource()) << "," << (s.GetOriginKnown() ? 1 : 0) << "\n";
    }
    if (!os.flush())
    {
      os.close();
      itksys::SystemTools::RemoveFile(temporary);
      return "cannot write \"" + temporary + "\"";
    }
  }
  return ReplaceFile(temporary, fileName);
}
} // namespace ParallelSeriesApp
