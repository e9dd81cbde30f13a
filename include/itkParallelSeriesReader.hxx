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
#ifndef itkParallelSeriesReader_hxx
#define itkParallelSeriesReader_hxx

#include "itkParallelSeriesReader.h"
#include "itkParallelSeriesComponentTypes.h"
#include "itkConvertPixelBuffer.h"
#include "itkDefaultConvertPixelTraits.h"
#include "itkMetaDataObject.h"
#include "itkParallelSeriesExceptionText.h"
#include "itkParallelSeriesGeometry.h"
#include "itkParallelSeriesHeaderImageInformation.h"
#include "itkPixelTraits.h"

#include <algorithm>
#include <map>
#include <memory>
#include <sstream>

namespace itk
{

template <typename TOutputImage>
ParallelSeriesReader<TOutputImage>::ParallelSeriesReader()
{
  this->SetNumberOfRequiredOutputs(1);
  this->SetNthOutput(0, this->MakeOutput(0));
}

template <typename TOutputImage>
ProcessObject::DataObjectPointer ParallelSeriesReader<TOutputImage>::MakeOutput(DataObjectPointerArraySizeType)
{
  return OutputImageType::New().GetPointer();
}

template <typename TOutputImage>
auto
ParallelSeriesReader<TOutputImage>::InternalFileNamesSource(const char * setting) -> FileNamesSourceType *
{
  if (m_FileNamesSource.IsNull())
  {
    m_FileNamesSource = FileNamesSourceType::New();
    m_InternalSource = true;
    this->Modified();
  }
  else if (!m_InternalSource)
  {
    itkExceptionMacro(<< setting << "() configures the reader's own scanner, but the scanner is the caller's "
                      << "(SetFileNamesSource()): set it on that ParallelGDCMSeriesFileNames instead");
  }
  return m_FileNamesSource;
}

template <typename TOutputImage>
void
ParallelSeriesReader<TOutputImage>::SetInputDirectory(const std::string & directory)
{
  if (!m_InternalSource)
  {
    m_FileNamesSource = nullptr; // a new internal scanner replaces the caller's
  }
  this->InternalFileNamesSource("SetInputDirectory")->SetInputDirectory(directory);
}

template <typename TOutputImage>
void
ParallelSeriesReader<TOutputImage>::SetRecursive(bool recursive)
{
  this->InternalFileNamesSource("SetRecursive")->SetRecursive(recursive);
}

template <typename TOutputImage>
bool
ParallelSeriesReader<TOutputImage>::GetRecursive() const
{
  return m_FileNamesSource ? m_FileNamesSource->GetRecursive() : false;
}

template <typename TOutputImage>
void
ParallelSeriesReader<TOutputImage>::SetUseSeriesDetails(bool useSeriesDetails)
{
  this->InternalFileNamesSource("SetUseSeriesDetails")->SetUseSeriesDetails(useSeriesDetails);
}

template <typename TOutputImage>
bool
ParallelSeriesReader<TOutputImage>::GetUseSeriesDetails() const
{
  return m_FileNamesSource ? m_FileNamesSource->GetUseSeriesDetails() : false;
}

template <typename TOutputImage>
std::string
ParallelSeriesReader<TOutputImage>::GetInputDirectory() const
{
  return m_FileNamesSource ? m_FileNamesSource->GetInputDirectory() : std::string();
}

template <typename TOutputImage>
void
ParallelSeriesReader<TOutputImage>::SetFileNamesSource(FileNamesSourceType * source)
{
  if (m_FileNamesSource.GetPointer() != source || m_InternalSource)
  {
    m_FileNamesSource = source;
    m_InternalSource = false;
    this->Modified();
  }
}

template <typename TOutputImage>
void
ParallelSeriesReader<TOutputImage>::SetSeriesSelection(const SeriesUIDContainerType & uids)
{
  m_SeriesSelection = uids;
  this->Modified();
}

template <typename TOutputImage>
ModifiedTimeType
ParallelSeriesReader<TOutputImage>::GetMTime() const
{
  ModifiedTimeType t = Superclass::GetMTime();
  if (m_FileNamesSource)
  {
    t = std::max(t, m_FileNamesSource->GetMTime());
  }
  return t;
}

template <typename TOutputImage>
auto
ParallelSeriesReader<TOutputImage>::GetOutput(unsigned int index) -> OutputImageType *
{
  return itkDynamicCastInDebugMode<OutputImageType *>(this->ProcessObject::GetOutput(index));
}

template <typename TOutputImage>
auto
ParallelSeriesReader<TOutputImage>::GetVolumeInfo(unsigned int index) const -> VolumeInfoType
{
  if (index >= m_Volumes.size())
  {
    itkExceptionMacro(<< "Volume index " << index << " out of range: " << m_Volumes.size() << " volumes");
  }
  return m_Volumes[index];
}

template <typename TOutputImage>
unsigned int
ParallelSeriesReader<TOutputImage>::GetNumberOfFailedVolumes() const
{
  return static_cast<unsigned int>(
    std::count_if(m_Volumes.begin(), m_Volumes.end(), [](const VolumeInfoType & v) { return v.GetFailed(); }));
}

template <typename TOutputImage>
std::string
ParallelSeriesReader<TOutputImage>::GetFailureReport() const
{
  std::ostringstream os;
  for (const VolumeInfoType & v : m_Volumes)
  {
    if (v.GetFailed())
    {
      os << "series " << v.GetSeriesIdentifier() << " volume " << v.GetVolumeIndex() << ": ";
      if (!v.GetFailedFile().empty())
      {
        os << "file \"" << v.GetFailedFile() << "\": ";
      }
      os << v.GetFailureReason() << "\n";
    }
  }
  return os.str();
}

template <typename TOutputImage>
void
ParallelSeriesReader<TOutputImage>::MarkFailed(unsigned int v, const std::string & file, const std::string & reason)
{
  std::lock_guard<std::mutex> lock(m_FailureMutex);
  if (!m_Volumes[v].GetFailed())
  {
    m_Volumes[v].SetFailed(true);
    m_Volumes[v].SetFailedFile(file);
    m_Volumes[v].SetFailureReason(reason);
  }
  if (m_States.size() > v && m_States[v].Failed)
  {
    m_States[v].Failed->store(true);
  }
}

template <typename TOutputImage>
void
ParallelSeriesReader<TOutputImage>::GenerateOutputInformation()
{
  if (m_FileNamesSource.IsNull())
  {
    itkExceptionMacro(<< "No input: call SetInputDirectory() or SetFileNamesSource()");
  }
  m_FileNamesSource->Update();

  // Volume table.
  const SeriesUIDContainerType & all = m_FileNamesSource->GetSeriesUIDs();
  SeriesUIDContainerType         selected;
  if (m_SeriesSelection.empty())
  {
    selected = all;
  }
  else
  {
    for (const std::string & uid : m_SeriesSelection)
    {
      if (std::find(all.begin(), all.end(), uid) == all.end())
      {
        itkExceptionMacro(<< "Selected series \"" << uid << "\" is not among the " << all.size()
                          << " series found by the scan");
      }
    }
    for (const std::string & uid : all)
    {
      if (std::find(m_SeriesSelection.begin(), m_SeriesSelection.end(), uid) != m_SeriesSelection.end())
      {
        selected.push_back(uid);
      }
    }
  }
  m_Volumes.clear();
  m_States.clear();
  for (const std::string & uid : selected)
  {
    const unsigned int n = m_FileNamesSource->GetNumberOfVolumes(uid);
    if (n == 0)
    {
      VolumeInfoType info;
      info.SetSeriesIdentifier(uid);
      info.SetFileNames(m_FileNamesSource->GetFileNames(uid));
      info.SetFailed(true);
      info.SetFailureReason(m_FileNamesSource->GetSeriesError(uid));
      m_Volumes.push_back(std::move(info));
      continue;
    }
    for (unsigned int v = 0; v < n; ++v)
    {
      VolumeInfoType info;
      info.SetSeriesIdentifier(uid);
      info.SetVolumeIndex(v);
      info.SetFileNames(m_FileNamesSource->GetVolumeFileNames(uid, v));
      m_Volumes.push_back(std::move(info));
    }
  }
  m_States.resize(m_Volumes.size());
  for (unsigned int v = 0; v < m_Volumes.size(); ++v)
  {
    VolumeState & s = m_States[v];
    s.IO = GDCMImageIO::New(); // created here: object factories are not used from work units
    VolumeInfoType & info = m_Volumes[v];
    s.Failed = std::make_unique<std::atomic<bool>>(info.GetFailed());
    s.Remaining = std::make_unique<std::atomic<SizeValueType>>(info.GetFileNames().size());
    if (!info.GetFailed())
    {
      const std::string & uid = info.GetSeriesIdentifier();
      const auto &        files = info.GetFileNames();
      s.Positions.clear();
      s.Positions.reserve(files.size());
      s.Frames = m_FileNamesSource->GetVolumeFrames(uid, info.GetVolumeIndex());
      if (s.Frames.empty())
      {
        for (unsigned int f = 0; f < files.size(); ++f)
        {
          s.Positions.push_back(m_FileNamesSource->GetVolumeImagePosition(uid, info.GetVolumeIndex(), f));
        }
      }
      else
      {
        for (unsigned int k = 0; k < s.Frames.size(); ++k)
        {
          s.Positions.push_back(m_FileNamesSource->GetVolumeFramePosition(uid, info.GetVolumeIndex(), k));
        }
      }
      // A damaged (e.g. truncated) file fails its volume before anything is read.
      const unsigned int damagedFiles = m_FileNamesSource->GetNumberOfDamagedFiles(uid);
      for (unsigned int d = 0; d < damagedFiles; ++d)
      {
        const ParallelSeriesSkippedFile damaged = m_FileNamesSource->GetDamagedFile(uid, d);
        if (std::find(files.begin(), files.end(), damaged.GetFileName()) != files.end())
        {
          info.SetFailed(true);
          info.SetFailedFile(damaged.GetFileName());
          info.SetFailureReason(damaged.GetReason());
          s.Failed->store(true);
          break;
        }
      }
    }
  }

  // Outputs: one per volume (at least one, as every ProcessObject with a primary output).
  const unsigned int numberOfOutputs = std::max<unsigned int>(1, static_cast<unsigned int>(m_Volumes.size()));
  this->SetNumberOfIndexedOutputs(numberOfOutputs);
  this->SetNumberOfRequiredOutputs(numberOfOutputs);
  for (unsigned int i = 0; i < numberOfOutputs; ++i)
  {
    if (this->ProcessObject::GetOutput(i) == nullptr)
    {
      this->SetNthOutput(i, this->MakeOutput(i));
    }
  }

  // Volumes of frames of one file share its header (read once).
  std::map<std::string, unsigned int> firstVolumeOfFile;
  for (unsigned int v = 0; v < m_Volumes.size(); ++v)
  {
    if (!m_States[v].Frames.empty() && !m_Volumes[v].GetFailed())
    {
      m_States[v].FirstOfFile = firstVolumeOfFile.emplace(m_Volumes[v].GetFileNames().front(), v).first->second;
    }
  }

  // Header of each volume's first file, in parallel over volumes.
  if (!m_Volumes.empty())
  {
    auto               threader = ParallelSeriesReaderHeaderThreader<TOutputImage>::New();
    WeightedIndexRange domain;
    domain.Begin = 0;
    domain.End = m_Volumes.size();
    threader->SetMultiThreader(this->GetMultiThreader());
    threader->SetNumberOfWorkUnits(ThreadedWeightedRangePartitioner::NumberOfWorkUnitsFor(
      this->GetMultiThreader(), this->GetNumberOfWorkUnits(), 4));
    threader->Execute(this, domain);
  }
  for (unsigned int v = 0; v < m_Volumes.size(); ++v)
  {
    const long long first = m_States[v].FirstOfFile;
    if (first >= 0 && static_cast<unsigned int>(first) != v)
    {
      m_States[v].IO = m_States[first].IO; // read-only from here on
      if (m_Volumes[first].GetFailed())
      {
        this->MarkFailed(v, m_Volumes[first].GetFailedFile(), m_Volumes[first].GetFailureReason());
      }
    }
  }

  // Output geometry.
  for (unsigned int v = 0; v < numberOfOutputs; ++v)
  {
    OutputImageType *                    output = this->GetOutput(v);
    typename OutputImageType::RegionType region;
    if (v >= m_Volumes.size() || m_Volumes[v].GetFailed())
    {
      output->SetLargestPossibleRegion(region); // empty
      continue;
    }
    GDCMImageIO *                           io = m_States[v].IO;
    const SizeValueType                     files = m_Volumes[v].GetFileNames().size();
    typename OutputImageType::SizeType      size;
    typename OutputImageType::SpacingType   spacing;
    typename OutputImageType::PointType     origin;
    typename OutputImageType::DirectionType direction;
    for (unsigned int d = 0; d < 3; ++d)
    {
      size[d] = io->GetDimensions(d);
      spacing[d] = io->GetSpacing(d);
      origin[d] = io->GetOrigin(d);
      const std::vector<double> axis = io->GetDirection(d);
      for (unsigned int r = 0; r < 3; ++r)
      {
        direction[r][d] = axis[r];
      }
    }
    // ImageFileReader::GenerateOutputInformation(): record the original geometry, then turn a
    // negative spacing into a flipped direction.
    MetaDataDictionary dictionary = io->GetMetaDataDictionary();
    EncapsulateMetaData<std::vector<double>>(
      dictionary, "ITK_original_spacing", std::vector<double>(spacing.Begin(), spacing.End()));
    EncapsulateMetaData<typename OutputImageType::DirectionType>(dictionary, "ITK_original_direction", direction);
    const typename OutputImageType::DirectionType fileDirection = direction;
    ParallelSeriesGeometry::FlipNegativeSpacing(spacing, direction);
    // A projection image: the scan's in-plane spacing (PixelSpacing, else ImagerPixelSpacing),
    // and whether its origin is known (no ImagePositionPatient: GDCM's (0,0,0) is a placeholder).
    {
      double      projectionSpacing[2]{ 1.0, 1.0 };
      std::string pixelSpacingSource;
      if (files == 1 && m_FileNamesSource->GetVolumeProjectionSpacing(m_Volumes[v].GetSeriesIdentifier(),
                                                                      m_Volumes[v].GetVolumeIndex(),
                                                                      projectionSpacing,
                                                                      pixelSpacingSource))
      {
        spacing[0] = projectionSpacing[0];
        spacing[1] = projectionSpacing[1];
        EncapsulateMetaData<std::string>(dictionary, PixelSpacingSourceKey, pixelSpacingSource);
      }
    }
    const ParallelSeriesMosaicInfo mosaic =
      files == 1
        ? m_FileNamesSource->GetVolumeMosaicInfo(m_Volumes[v].GetSeriesIdentifier(), m_Volumes[v].GetVolumeIndex())
        : ParallelSeriesMosaicInfo();
    const ParallelSeriesMosaicLayout layout = mosaic.GetLayout();
    if (layout.GetNumberOfTiles() > 0)
    {
      // A Siemens mosaic: the de-mosaicked volume and its geometry, as the scan computed them.
      if (size[0] != layout.GetMosaicColumns() || size[1] != layout.GetMosaicRows() || size[2] != 1)
      {
        std::ostringstream msg;
        msg << "GDCMImageIO reads " << size[0] << " x " << size[1] << " x " << size[2] << " pixels, not the "
            << layout.GetMosaicColumns() << " x " << layout.GetMosaicRows() << " mosaic the scan found";
        this->MarkFailed(v, m_Volumes[v].GetFileNames().front(), msg.str());
        output->SetLargestPossibleRegion(typename OutputImageType::RegionType()); // empty
        continue;
      }
      m_States[v].Mosaic = layout;
      size[0] = layout.GetTileColumns();
      size[1] = layout.GetTileRows();
      size[2] = layout.GetNumberOfTiles();
      for (unsigned int d = 0; d < 3; ++d)
      {
        spacing[d] = mosaic.GetSpacing()[d];
        origin[d] = mosaic.GetOrigin()[d];
      }
      direction = mosaic.GetDirection();
      EncapsulateMetaData<unsigned int>(dictionary, "ParallelSeries_NumberOfImagesInMosaic", layout.GetNumberOfTiles());
    }
    // Slices (files, or frames of one file) placed by their IPPs, as ImageSeriesReader does:
    // z spacing from the first and last position; GenerateData()'s largest deviation of the
    // slice distance; the stack's tilt; where the spacing comes from.
    const auto stackAlongPositions = [&](const std::vector<Point<double, 3>> & p, size_t slices) {
      spacing[2] = ParallelSeriesGeometry::SliceSpacingFromPositions(p.front(), p.back(), slices);
      const double maxDeviation = ParallelSeriesGeometry::NonUniformSamplingDeviation(p, spacing[2]);
      if (maxDeviation > 0.0)
      {
        EncapsulateMetaData<double>(dictionary, "ITK_non_uniform_sampling_deviation", maxDeviation);
      }
      const double cosines[6] = { direction[0][0], direction[1][0], direction[2][0],
                                  direction[0][1], direction[1][1], direction[2][1] };
      EncapsulateMetaData<double>(
        dictionary, StackTiltDegreesKey, ParallelSeriesGeometry::StackTiltDegrees(cosines, p.front(), p.back()));
      EncapsulateMetaData<std::string>(dictionary, SliceSpacingSourceKey, "ImagePositionPatient");
    };
    // One slice: the series' own account of its spacing (the summary's).
    const auto spacingSourceOfSeries = [&]() {
      EncapsulateMetaData<std::string>(
        dictionary,
        SliceSpacingSourceKey,
        m_FileNamesSource->GetSeriesSummary(m_Volumes[v].GetSeriesIdentifier()).GetSliceSpacingSource());
    };
    const std::vector<unsigned int> & frames = m_States[v].Frames;
    if (!frames.empty())
    {
      // Part of one multi-frame file's frames (repeated positions, split by the scan): the
      // frames in volume order, placed by their per-frame positions as files are.
      const unsigned int fileFrames = static_cast<unsigned int>(size[2]);
      if (*std::max_element(frames.begin(), frames.end()) >= fileFrames)
      {
        std::ostringstream msg;
        msg << "GDCMImageIO reads " << fileFrames << " frames, fewer than the frames the scan found";
        this->MarkFailed(v, m_Volumes[v].GetFileNames().front(), msg.str());
        output->SetLargestPossibleRegion(typename OutputImageType::RegionType()); // empty
        continue;
      }
      const auto & p = m_States[v].Positions;
      size[2] = frames.size();
      for (unsigned int d = 0; d < 3; ++d)
      {
        origin[d] = p.front()[d];
      }
      if (frames.size() > 1) // one frame keeps the file's spacing, as a single file
      {
        direction = fileDirection; // z: the normal of IOP, along which the frames ascend
        stackAlongPositions(p, frames.size());
      }
      else
      {
        spacingSourceOfSeries();
      }
    }
    else if (files > 1)
    {
      // ImageSeriesReader::GenerateOutputInformation(): stack files along z.
      size[2] = files;
      stackAlongPositions(m_States[v].Positions, files);
    }
    else
    {
      spacingSourceOfSeries();
    }
    region.SetSize(size);
    try
    {
      // ImageBase throws for a zero spacing (e.g. a multi-frame file whose frames are 0 mm
      // apart) or a singular direction; ImageFileReader fails on such a file too. That fails
      // this volume only, not the whole Update() (found by fuzzing).
      output->SetSpacing(spacing);
      output->SetOrigin(origin);
      output->SetDirection(direction);
    }
    catch (const ExceptionObject & e)
    {
      this->MarkFailed(v, m_Volumes[v].GetFileNames().front(), e.GetDescription());
      output->SetLargestPossibleRegion(typename OutputImageType::RegionType()); // empty
      continue;
    }
    output->SetLargestPossibleRegion(region);
    output->SetMetaDataDictionary(dictionary);
    // Components decoded per file (the whole file for a volume of some of its frames).
    m_States[v].SliceComponents = static_cast<SizeValueType>(size[0]) * size[1] *
                                  (files > 1 ? 1 : (frames.empty() ? size[2] : io->GetDimensions(2))) *
                                  io->GetNumberOfComponents();
  }
}

template <typename TOutputImage>
void
ParallelSeriesReader<TOutputImage>::ReadVolumeHeader(unsigned int v)
{
  const long long firstOfFile = m_States[v].FirstOfFile;
  if (m_Volumes[v].GetFailed() || (firstOfFile >= 0 && static_cast<unsigned int>(firstOfFile) != v))
  {
    return; // failed, or shares the header of the first volume of its file
  }
  const std::string & first = m_Volumes[v].GetFileNames().front();
  try
  {
    GDCMImageIO * io = m_States[v].IO;
    // Without loading the pixel data where the file allows it (the decoder reads them later).
    if (!ReadGDCMImageInformationWithoutPixelData(*io, first))
    {
      io->SetFileName(first);
      io->ReadImageInformation();
    }
    if (io->GetDimensions(2) > 1 && m_Volumes[v].GetFileNames().size() > 1)
    {
      this->MarkFailed(v, first, "multi-frame file in a multi-file volume");
    }
  }
  catch (...) // ExceptionObject, std::exception, GDCM's std::string (see CurrentExceptionText())
  {
    this->MarkFailed(v, first, ParallelSeriesGDCM::CurrentExceptionText("file"));
  }
}

template <typename TOutputImage>
void
ParallelSeriesReader<TOutputImage>::EnlargeOutputRequestedRegion(DataObject * output)
{
  // Volumes are always read whole.
  auto * image = dynamic_cast<OutputImageType *>(output);
  if (image)
  {
    image->SetRequestedRegionToLargestPossibleRegion();
  }
}

template <typename TOutputImage>
void
ParallelSeriesReader<TOutputImage>::GenerateOutputRequestedRegion(DataObject *)
{
  for (DataObjectPointerArraySizeType i = 0; i < this->GetNumberOfIndexedOutputs(); ++i)
  {
    auto * image = dynamic_cast<OutputImageType *>(this->ProcessObject::GetOutput(i));
    if (image)
    {
      image->SetRequestedRegionToLargestPossibleRegion();
    }
  }
}

namespace ParallelSeriesReaderDetail
{
template <typename TInput, typename TOutputPixel>
void
Convert(const void * in, unsigned int components, TOutputPixel * out, SizeValueType pixels)
{
  ConvertPixelBuffer<TInput, TOutputPixel, DefaultConvertPixelTraits<TOutputPixel>>::Convert(
    static_cast<TInput *>(const_cast<void *>(in)), components, out, pixels);
}

/** ImageFileReader's conversion from the file's component type to the output pixel type. */
template <typename TOutputPixel>
bool
ConvertBuffer(IOComponentEnum type, const void * in, unsigned int components, TOutputPixel * out, SizeValueType pixels)
{
  return ParallelSeriesComponentTypes::VisitComponentType(
    type, [&](auto tag) { Convert<typename decltype(tag)::Type>(in, components, out, pixels); });
}
} // namespace ParallelSeriesReaderDetail

template <typename TOutputImage>
void
ParallelSeriesReader<TOutputImage>::FinishItemOfVolume(unsigned int v)
{
  const SizeValueType done = ++m_ItemsDone;
  if (m_States[v].Remaining->fetch_sub(1) == 1)
  {
    this->VolumeCompleted(v);
  }
  // ProgressEvent only on the thread that called Update(), as ProcessObject::IncrementProgress().
  if (std::this_thread::get_id() == m_GenerateDataThread)
  {
    std::lock_guard<std::mutex> lock(m_EventMutex);
    this->UpdateProgress(static_cast<float>(done) /
                         static_cast<float>(std::max<SizeValueType>(1, m_NumberOfItemsToRead)));
  }
}

template <typename TOutputImage>
void
ParallelSeriesReader<TOutputImage>::VolumeCompleted(unsigned int v)
{
  std::lock_guard<std::mutex> lock(m_EventMutex);
  m_CompletedVolumeIndex = v;
  this->InvokeEvent(ParallelSeriesVolumeCompletedEvent(v, m_States[v].Failed->load()));
  if (m_VoxelMemoryLimit > 0)
  {
    // Handed out: free the pixels (an observer that grafted the output keeps them alive).
    this->GetOutput(v)->ReleaseData();
  }
}

template <typename TOutputImage>
void
ParallelSeriesReader<TOutputImage>::ReadItem(SizeValueType item, ParallelSeriesSliceDecoder & decoder)
{
  const unsigned int v = m_Items[item].first;
  const unsigned int k = m_Items[item].second;
  if (m_States[v].Failed->load())
  {
    this->FinishItemOfVolume(v);
    return;
  }
  using ComponentType = typename PixelTraits<PixelType>::ValueType;
  constexpr unsigned int    outputComponents = PixelTraits<PixelType>::Dimension;
  constexpr IOComponentEnum outputComponentType = ImageIOBase::MapPixelType<ComponentType>::CType;

  const std::string & file = m_Volumes[v].GetFileNames()[k];
  OutputImageType *   output = this->GetOutput(v);
  const auto          size = output->GetLargestPossibleRegion().GetSize();
  const SizeValueType slicePixels =
    static_cast<SizeValueType>(size[0]) * size[1] * (m_Volumes[v].GetFileNames().size() > 1 ? 1 : size[2]);
  PixelType * destination = output->GetBufferPointer() + slicePixels * k;
  if (!m_States[v].Frames.empty())
  {
    this->ReadFrames(v, file, decoder);
    this->FinishItemOfVolume(v);
    return;
  }
  try
  {
    const ParallelSeriesMosaicLayout &       mosaic = m_States[v].Mosaic;
    const ParallelSeriesSliceDecoder::Result r =
      mosaic.GetNumberOfTiles() > 0
        ? decoder.DecodeMosaic(file, destination, slicePixels, outputComponentType, outputComponents, &mosaic)
        : decoder.Decode(file, destination, slicePixels, outputComponentType, outputComponents);
    if (static_cast<SizeValueType>(r.Columns) * r.Rows * r.Frames != slicePixels || r.Columns != size[0] ||
        r.Rows != size[1])
    {
      std::ostringstream msg;
      msg << "size mismatch: the file is " << r.Columns << " x " << r.Rows << " x " << r.Frames
          << " pixels, the volume expects " << size[0] << " x " << size[1] << " from file \""
          << m_Volumes[v].GetFileNames().front() << "\"";
      this->MarkFailed(v, file, msg.str());
    }
    else if (r.Data != nullptr && !ParallelSeriesReaderDetail::ConvertBuffer(
                                    r.ComponentType, r.Data, r.NumberOfComponents, destination, slicePixels))
    {
      this->MarkFailed(v, file, "unsupported pixel component type");
    }
  }
  catch (...) // ExceptionObject, std::exception, GDCM's std::string (see CurrentExceptionText())
  {
    this->MarkFailed(v, file, ParallelSeriesGDCM::CurrentExceptionText("file"));
  }
  this->FinishItemOfVolume(v);
}

template <typename TOutputImage>
void
ParallelSeriesReader<TOutputImage>::ReadFrames(unsigned int                 v,
                                               const std::string &          file,
                                               ParallelSeriesSliceDecoder & decoder)
{
  using ComponentType = typename PixelTraits<PixelType>::ValueType;
  constexpr unsigned int    outputComponents = PixelTraits<PixelType>::Dimension;
  constexpr IOComponentEnum outputComponentType = ImageIOBase::MapPixelType<ComponentType>::CType;
  FrameGroup &              group = *m_States[v].Group;
  std::lock_guard<std::mutex> lock(group.Mutex);
  if (group.Decoded)
  {
    return; // another volume's item decoded the file for this one too
  }
  group.Decoded = true;
  try
  {
    // The whole file is decoded once (into the decoder's scratch buffer: it holds more pixels
    // than any of its volumes), then each volume's frames are converted into place.
    OutputImageType *   output = this->GetOutput(v);
    const SizeValueType volumePixels = output->GetLargestPossibleRegion().GetNumberOfPixels();
    const ParallelSeriesSliceDecoder::Result r =
      decoder.Decode(file, output->GetBufferPointer(), volumePixels, outputComponentType, outputComponents);
    SizeValueType componentBytes = 0;
    ParallelSeriesComponentTypes::VisitComponentType(
      r.ComponentType, [&componentBytes](auto tag) { componentBytes = sizeof(typename decltype(tag)::Type); });
    for (const unsigned int w : group.Volumes)
    {
      const std::vector<unsigned int> & frames = m_States[w].Frames;
      OutputImageType *                 out = this->GetOutput(w);
      const auto                        size = out->GetLargestPossibleRegion().GetSize();
      const SizeValueType               framePixels = static_cast<SizeValueType>(size[0]) * size[1];
      const unsigned int                last = *std::max_element(frames.begin(), frames.end());
      if (m_States[w].Failed->load())
      {
        continue;
      }
      if (r.Columns != size[0] || r.Rows != size[1] || r.Frames <= last || r.Data == nullptr)
      {
        std::ostringstream msg;
        msg << "size mismatch: the file is " << r.Columns << " x " << r.Rows << " x " << r.Frames
            << " pixels, the volume expects " << size[0] << " x " << size[1] << " and frame " << last;
        this->MarkFailed(w, file, msg.str());
        continue;
      }
      const SizeValueType frameBytes = framePixels * r.NumberOfComponents * componentBytes;
      for (size_t z = 0; z < frames.size(); ++z)
      {
        const void * in = static_cast<const char *>(r.Data) + frameBytes * frames[z];
        if (!ParallelSeriesReaderDetail::ConvertBuffer(
              r.ComponentType, in, r.NumberOfComponents, out->GetBufferPointer() + framePixels * z, framePixels))
        {
          this->MarkFailed(w, file, "unsupported pixel component type");
          break;
        }
      }
    }
  }
  catch (...) // ExceptionObject, std::exception, GDCM's std::string (see CurrentExceptionText())
  {
    const std::string reason = ParallelSeriesGDCM::CurrentExceptionText("file");
    for (const unsigned int w : group.Volumes)
    {
      this->MarkFailed(w, file, reason);
    }
  }
}

template <typename TOutputImage>
void
ParallelSeriesReader<TOutputImage>::GenerateData()
{
  // Processing order: volume by volume, smallest first (see the class documentation), after
  // the volumes that failed before any pixel was read.
  std::vector<unsigned int>  failedEarly;
  std::vector<unsigned int>  order;
  std::vector<SizeValueType> bytes(m_Volumes.size(), 0);
  m_NumberOfItemsToRead = 0;
  for (unsigned int v = 0; v < m_Volumes.size(); ++v)
  {
    bytes[v] = this->GetOutput(v)->GetLargestPossibleRegion().GetNumberOfPixels() * sizeof(PixelType);
    if (m_Volumes[v].GetFailed())
    {
      failedEarly.push_back(v);
    }
    else
    {
      order.push_back(v);
      m_NumberOfItemsToRead += m_Volumes[v].GetFileNames().size();
    }
  }
  std::stable_sort(
    order.begin(), order.end(), [&bytes](unsigned int a, unsigned int b) { return bytes[a] < bytes[b]; });

  // Batches of consecutive volumes (in that order) within the voxel memory limit.
  std::vector<std::vector<unsigned int>> batches;
  SizeValueType                          batchBytes = 0;
  for (const unsigned int v : order)
  {
    if (batches.empty() || (m_VoxelMemoryLimit > 0 && batchBytes > 0 && batchBytes + bytes[v] > m_VoxelMemoryLimit))
    {
      batches.emplace_back();
      batchBytes = 0;
    }
    batches.back().push_back(v);
    batchBytes += bytes[v];
  }

  m_ItemsDone = 0;
  m_GenerateDataThread = std::this_thread::get_id();
  if (m_Volumes.empty())
  {
    this->GetOutput(0)->SetBufferedRegion(this->GetOutput(0)->GetLargestPossibleRegion());
    this->GetOutput(0)->Allocate();
  }
  for (const unsigned int v : failedEarly)
  {
    // Left allocated (content undefined) as documented, unless memory is bounded.
    OutputImageType * output = this->GetOutput(v);
    output->SetBufferedRegion(output->GetLargestPossibleRegion());
    if (m_VoxelMemoryLimit == 0)
    {
      output->Allocate();
    }
    m_States[v].Remaining->store(0);
    this->VolumeCompleted(v);
  }

  for (const std::vector<unsigned int> & batch : batches)
  {
    // Allocate the batch's outputs once; flatten its (volume, file) items with their decoded
    // size as cost.
    m_Items.clear();
    std::map<unsigned int, std::shared_ptr<FrameGroup>> groups;
    auto   cumulative = std::make_shared<std::vector<double>>();
    double total = 0.0;
    for (const unsigned int v : batch)
    {
      OutputImageType * output = this->GetOutput(v);
      output->SetBufferedRegion(output->GetLargestPossibleRegion());
      output->Allocate();
      m_States[v].Remaining->store(m_Volumes[v].GetFileNames().size());
      if (m_States[v].FirstOfFile >= 0)
      {
        // Volumes of frames of one file in this batch: decoded together.
        const auto first = static_cast<unsigned int>(m_States[v].FirstOfFile);
        auto       it = groups.find(first);
        if (it == groups.end())
        {
          it = groups.emplace(first, std::make_shared<FrameGroup>()).first;
        }
        it->second->Volumes.push_back(v);
        m_States[v].Group = it->second;
      }
      // Bytes decoded per file, plus a fixed cost for opening and parsing it.
      const double cost = static_cast<double>(m_States[v].SliceComponents * sizeof(PixelType)) + 65536.0;
      for (unsigned int k = 0; k < m_Volumes[v].GetFileNames().size(); ++k)
      {
        m_Items.emplace_back(v, k);
        total += cost;
        cumulative->push_back(total);
      }
    }
    if (m_Items.empty())
    {
      continue;
    }
    auto               threader = ParallelSeriesReaderThreader<TOutputImage>::New();
    WeightedIndexRange domain;
    domain.Begin = 0;
    domain.End = m_Items.size();
    domain.CumulativeCost = cumulative;
    threader->SetMultiThreader(this->GetMultiThreader());
    threader->SetNumberOfWorkUnits(ThreadedWeightedRangePartitioner::NumberOfWorkUnitsFor(
      this->GetMultiThreader(), this->GetNumberOfWorkUnits(), 16));
    threader->Execute(this, domain);
  }

  const unsigned int failed = this->GetNumberOfFailedVolumes();
  if (failed > 0)
  {
    std::ostringstream msg;
    msg << failed << " of " << m_Volumes.size() << " volumes failed:\n" << this->GetFailureReport();
    if (m_ThrowOnFailure)
    {
      itkExceptionMacro(<< msg.str());
    }
    itkWarningMacro(<< msg.str());
  }
}

template <typename TOutputImage>
void
ParallelSeriesReader<TOutputImage>::UpdateOutputData(DataObject * output)
{
  if (m_Reading)
  {
    return; // re-entered from an observer while the volumes are read
  }
  struct ReadingScope
  {
    std::atomic<bool> & Flag;
    explicit ReadingScope(std::atomic<bool> & flag)
      : Flag(flag)
    {
      Flag = true;
    }
    ~ReadingScope() { Flag = false; }
  };
  {
    const ReadingScope reading(m_Reading);
    Superclass::UpdateOutputData(output);
  }
  if (m_VoxelMemoryLimit > 0)
  {
    // ProcessObject marked every output generated; their pixels were handed out and released.
    for (unsigned int v = 0; v < m_Volumes.size(); ++v)
    {
      this->GetOutput(v)->ReleaseData();
    }
  }
}

template <typename TOutputImage>
void
ParallelSeriesReader<TOutputImage>::UpdateOutputInformation()
{
  if (m_Reading)
  {
    return; // re-entered from an observer: the outputs' information is final while reading
  }
  Superclass::UpdateOutputInformation();
}

template <typename TOutputImage>
void
ParallelSeriesReader<TOutputImage>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "InputDirectory: " << this->GetInputDirectory() << std::endl;
  os << indent << "Recursive: " << (this->GetRecursive() ? "On" : "Off") << std::endl;
  os << indent << "UseSeriesDetails: " << (this->GetUseSeriesDetails() ? "On" : "Off") << std::endl;
  os << indent << "ThrowOnFailure: " << (m_ThrowOnFailure ? "On" : "Off") << std::endl;
  os << indent << "VoxelMemoryLimit: " << m_VoxelMemoryLimit << " bytes" << std::endl;
  os << indent << "SeriesSelection: " << m_SeriesSelection.size() << " series" << std::endl;
  os << indent << "Volumes: " << m_Volumes.size() << " (" << this->GetNumberOfFailedVolumes() << " failed)"
     << std::endl;
}

} // end namespace itk

#endif
