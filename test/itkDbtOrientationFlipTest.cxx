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
#include "itkDicomPreprocessingImageFilter.h"
#include "itkTestingMacros.h"
#include "itkImageRegionIteratorWithIndex.h"
#include <cmath>
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

  // The flip step of the composite filter: every slice rotated by 180° (out(x, y) = in(w - 1 - x,
  // h - 1 - y)), the record (w, h, 1, 1), and the index mapping through the flip.
  {
    using Image3D = itk::Image<unsigned short, 3>;
    auto               image = Image3D::New();
    Image3D::IndexType start = { { 2, 3, 0 } };
    image->SetRegions(Image3D::RegionType(start, Image3D::SizeType{ { 5, 4, 3 } }));
    image->Allocate();
    for (itk::ImageRegionIteratorWithIndex<Image3D> it(image, image->GetLargestPossibleRegion()); !it.IsAtEnd(); ++it)
    {
      const auto i = it.GetIndex();
      it.Set(static_cast<unsigned short>(1 + i[0] + 10 * i[1] + 100 * i[2]));
    }
    auto filter = itk::DicomPreprocessingImageFilter<Image3D>::New();
    filter->SetInput(image);
    filter->SetCrop(false);
    filter->SetResize(false);
    filter->SetPad(false);
    filter->SetOrientationFlip(true);
    filter->Update();
    const Image3D * out = filter->GetOutput();
    for (itk::ImageRegionConstIteratorWithIndex<Image3D> it(out, out->GetLargestPossibleRegion()); !it.IsAtEnd(); ++it)
    {
      const auto         o = it.GetIndex();
      Image3D::IndexType i = { { 2 + 4 - o[0], 3 + 3 - o[1], o[2] } };
      ITK_TEST_EXPECT_EQUAL(it.Get(), image->GetPixel(i));
      itk::ContinuousIndex<double, 3> oc;
      for (unsigned int d = 0; d < 3; ++d)
      {
        oc[d] = double(o[d]);
      }
      const auto ic = filter->MapOutputIndexToInputIndex(oc);
      ITK_TEST_EXPECT_TRUE(std::abs(ic[0] - double(i[0])) < 1e-9 && std::abs(ic[1] - double(i[1])) < 1e-9);
      const auto back = filter->MapInputIndexToOutputIndex(ic);
      ITK_TEST_EXPECT_TRUE(std::abs(back[0] - oc[0]) < 1e-9 && std::abs(back[1] - oc[1]) < 1e-9);
      // same physical point (FlipImageFilter keeps the pixels' positions)
      Image3D::PointType po, pi;
      out->TransformIndexToPhysicalPoint(o, po);
      image->TransformIndexToPhysicalPoint(i, pi);
      ITK_TEST_EXPECT_TRUE(po.EuclideanDistanceTo(pi) < 1e-9);
    }
    std::vector<double> record;
    ITK_TEST_EXPECT_TRUE(itk::ExposeMetaData(out->GetMetaDataDictionary(), "Preprocess_OrientationFlip", record));
    ITK_TEST_EXPECT_TRUE(record == std::vector<double>({ 5, 4, 1, 1 }));
  }
  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
