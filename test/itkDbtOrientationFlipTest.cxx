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
#include "itkTestingMacros.h"
#include <iostream>

// The DBT 180° flip rule of dicom-preprocessing (transform/volume.rs:
// should_flip_inverse_standard_dbt_orientation), as a table: the four standard views and their
// inverse orientations flip, anything else does not.

int
itkDbtOrientationFlipTest(int, char *[])
{
  const std::string dbt = itk::BreastTomosynthesisImageStorageUID;
  const std::string mg = "1.2.840.10008.5.1.4.1.1.1.2"; // Digital Mammography X-Ray (for presentation)
  struct Row
  {
    std::string meta, sop, imageLaterality, laterality, view, orientation;
    bool        flip;
  };
  const Row rows[] = {
    // the inverse of the standard orientation: flip
    { dbt, "", "L", "", "CC", "P\\L", true },
    { dbt, "", "R", "", "CC", "P\\R", true },
    { dbt, "", "L", "", "MLO", "P\\HL", true },
    { dbt, "", "R", "", "MLO", "P\\HR", true },
    // SOP class from the dataset, padding and case normalised, Laterality as fallback
    { "", dbt + '\0', "", "l ", "cc", " p\\l ", true },
    { dbt + " ", "", "", "R", "MLO\\X", "P\\HR", true },
    // the standard orientation itself: no flip
    { dbt, "", "L", "", "CC", "A\\R", false },
    { dbt, "", "R", "", "MLO", "A\\FL", false },
    // partly inverted, other views, missing values, other SOP classes: no flip
    { dbt, "", "L", "", "CC", "A\\L", false },
    { dbt, "", "L", "", "CC", "P\\R", false },
    { dbt, "", "L", "", "MLO", "P\\FL", false },
    { dbt, "", "L", "", "ML", "P\\L", false },
    { dbt, "", "L", "", "", "P\\L", false },
    { dbt, "", "", "", "CC", "P\\L", false },
    { dbt, "", "L", "", "CC", "", false },
    { dbt, "", "L", "", "CC", "P\\L\\H", false },
    { dbt, "", "B", "", "CC", "P\\L", false },
    { mg, mg, "L", "", "CC", "P\\L", false },
    // ImageLaterality wins over Laterality
    { dbt, "", "R", "L", "CC", "P\\L", false },
  };
  int row = 0;
  for (const Row & r : rows)
  {
    itk::DbtOrientationAttributes a;
    a.MediaStorageSOPClassUID = r.meta;
    a.SOPClassUID = r.sop;
    a.ImageLaterality = r.imageLaterality;
    a.Laterality = r.laterality;
    a.ViewPosition = r.view;
    a.PatientOrientation = r.orientation;
    const bool flip = itk::ShouldFlipInverseStandardDbtOrientation(a);
    if (flip != r.flip)
    {
      std::cerr << "row " << row << ": expected " << r.flip << ", got " << flip << std::endl;
      return EXIT_FAILURE;
    }
    ++row;
  }
  ITK_TRY_EXPECT_EXCEPTION(itk::ReadDbtOrientationAttributes("/nonexistent/file.dcm"));
  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
