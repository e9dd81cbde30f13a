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

#include "itkImageFileWriter.h"
#include "itkNiftiImageIOFactory.h"
#include "itkParallelSeriesReader.h"
#include "itkSliceStackResampleImageFilter.h"

#include <iostream>
#include <string>

// The library half of the dcm2niix oracle (test/slice_stack_dcm2niix_oracle.py, not part of
// ctest: it needs pydicom, nibabel and dcm2niix): reads the one series of a DICOM directory with
// ParallelSeriesReader, corrects it with SliceStackResampleImageFilter from the scanner's slice
// positions, writes <prefix>.nii (int16, as read: stock ITK's geometry) and <prefix>_corrected.nii;
// with dcm2niix-grid, on dcm2niix's in-plane grid (SetGridSlice()); with a slice spacing (mm, > 0),
// at that spacing (SetSliceSpacing()).
//   itkSliceStackResampleImageFilterOracle <dicom directory> <output prefix> [dcm2niix-grid|first-grid [spacing]]
int
itkSliceStackResampleImageFilterOracle(int argc, char * argv[])
{
  if (argc < 3)
  {
    std::cerr << "usage: " << argv[0] << " <dicom directory> <output prefix>" << std::endl;
    return EXIT_FAILURE;
  }
  itk::NiftiImageIOFactory::RegisterOneFactory();
  using ImageType = itk::Image<short, 3>;
  try
  {
    auto scanner = itk::ParallelGDCMSeriesFileNames::New();
    scanner->SetInputDirectory(argv[1]);
    scanner->Update();
    auto reader = itk::ParallelSeriesReader<ImageType>::New();
    reader->SetFileNamesSource(scanner);
    reader->Update();
    if (reader->GetNumberOfVolumes() != 1 || reader->GetNumberOfFailedVolumes() != 0)
    {
      std::cerr << "expected one volume, read " << reader->GetNumberOfVolumes() << "\n"
                << reader->GetFailureReport() << std::endl;
      return EXIT_FAILURE;
    }
    const auto &                       info = reader->GetVolumeInfo(0);
    std::vector<itk::Point<double, 3>> positions;
    if (!scanner->GetVolumeImagePositions(info.SeriesIdentifier, info.VolumeIndex, positions))
    {
      std::cerr << "no positions" << std::endl;
      return EXIT_FAILURE;
    }
    auto filter = itk::SliceStackResampleImageFilter<ImageType>::New();
    filter->SetInput(reader->GetOutput(0));
    filter->SetSlicePositions(positions);
    if (argc > 4 && std::stod(argv[4]) > 0.0)
    {
      filter->SetSliceSpacing(std::stod(argv[4]));
    }
    if (argc > 3 && std::string(argv[3]) == "dcm2niix-grid")
    {
      // dcm2niix's _Tilt grid: the last slice's when the slices move towards +c (the last row).
      const auto & direction = reader->GetOutput(0)->GetDirection();
      double       shift = 0.0;
      for (unsigned int i = 0; i < 3; ++i)
      {
        shift += (positions.back()[i] - positions.front()[i]) * direction[i][1];
      }
      filter->SetGridSlice(shift > 0.0 ? positions.size() - 1 : 0);
    }
    filter->Update();
    std::cout << "read " << reader->GetOutput(0)->GetLargestPossibleRegion().GetSize() << ", corrected "
              << filter->GetOutput()->GetLargestPossibleRegion().GetSize() << ", slice spacing "
              << filter->GetOutputSliceSpacing() << (filter->GetUniformSpacing() ? " (uniform)" : " (smallest)")
              << ", largest in-plane shift " << filter->GetMaximumInPlaneShift() << " mm" << std::endl;
    itk::WriteImage(reader->GetOutput(0), std::string(argv[2]) + ".nii");
    itk::WriteImage(filter->GetOutput(), std::string(argv[2]) + "_corrected.nii");
  }
  catch (const itk::ExceptionObject & e)
  {
    std::cerr << e << std::endl;
    return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}
