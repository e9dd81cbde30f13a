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
#ifndef itkWholeImageToImageFilter_h
#define itkWholeImageToImageFilter_h

#include "itkImageToImageFilter.h"

namespace itk
{
/** \class WholeImageToImageFilter
 * \brief An ImageToImageFilter that always reads its whole input and produces its whole output
 * (no streaming): the base of this module's filters whose output depends on the whole input
 * (crop to the foreground, Pillow's resampling, padding, slice selection, the preprocessing
 * pipelines) or whose output size changes between updates.
 *
 * GenerateInputRequestedRegion() requests the input's largest possible region;
 * EnlargeOutputRequestedRegion() enlarges the requested output region to the output's largest
 * possible region. Nothing else is changed. The class is abstract: GenerateOutputInformation()
 * is pure virtual, since the output geometry of such a filter is its own (a definition that
 * calls ImageToImageFilter's is provided, for subclasses to call as Superclass::
 * GenerateOutputInformation()); subclasses implement GenerateData() (or
 * DynamicThreadedGenerateData()) as for any ImageToImageFilter.
 *
 * Exceptions: none beyond ImageToImageFilter's. Thread safety: as every ITK filter, one instance
 * must not be updated from several threads at once.
 *
 * \tparam TInputImage, TOutputImage itk::Image types (any pixel type, any dimension).
 *
 * \ingroup ParallelSeries
 */
template <typename TInputImage, typename TOutputImage = TInputImage>
class ITK_TEMPLATE_EXPORT WholeImageToImageFilter : public ImageToImageFilter<TInputImage, TOutputImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(WholeImageToImageFilter);

  using Self = WholeImageToImageFilter;
  using Superclass = ImageToImageFilter<TInputImage, TOutputImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkTypeMacro(WholeImageToImageFilter, ImageToImageFilter);

protected:
  WholeImageToImageFilter() = default;
  ~WholeImageToImageFilter() override = default;

  /** The input is requested whole (its largest possible region). */
  void
  GenerateInputRequestedRegion() override
  {
    Superclass::GenerateInputRequestedRegion();
    if (auto * input = const_cast<TInputImage *>(this->GetInput()))
    {
      input->SetRequestedRegionToLargestPossibleRegion();
    }
  }

  /** The subclass' output geometry (the definition below is ImageToImageFilter's). */
  void
  GenerateOutputInformation() override = 0;

  /** The whole output is always generated. */
  void
  EnlargeOutputRequestedRegion(DataObject * output) override
  {
    Superclass::EnlargeOutputRequestedRegion(output);
    output->SetRequestedRegionToLargestPossibleRegion();
  }
};

template <typename TInputImage, typename TOutputImage>
void
WholeImageToImageFilter<TInputImage, TOutputImage>::GenerateOutputInformation()
{
  Superclass::GenerateOutputInformation();
}
} // end namespace itk

#endif // itkWholeImageToImageFilter_h
