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
#ifndef itkParallelSeriesReader_h
#define itkParallelSeriesReader_h

#include "itkProcessObject.h"
#include "itkDomainThreader.h"
#include "itkGDCMImageIO.h"
#include "itkParallelGDCMSeriesFileNames.h"
#include "itkParallelSeriesSliceDecoder.h"
#include "itkParallelSeriesVolumeCompletedEvent.h"
#include "itkThreadedWeightedRangePartitioner.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <string>
#include <vector>

namespace itk
{
template <typename TOutputImage>
class ParallelSeriesReaderThreader;
template <typename TOutputImage>
class ParallelSeriesReaderHeaderThreader;

/** \class ParallelSeriesReader
 * \brief Reads every series (every volume of every series) of a DICOM directory in parallel;
 * one output image per volume.
 *
 * The input is a directory (SetInputDirectory(), scanned by an internal
 * ParallelGDCMSeriesFileNames) or a ParallelGDCMSeriesFileNames of the caller
 * (SetFileNamesSource()); SetSeriesSelection() restricts reading to some series. Outputs are
 * ordered by series identifier (ParallelGDCMSeriesFileNames::GetSeriesUIDs()) and, within a
 * series, by volume; GetVolumeInfo(i) tells which series, volume and files output i holds.
 * The number of outputs is known after UpdateOutputInformation().
 *
 * <b>What each output holds.</b> The same image as ImageSeriesReader<TOutputImage> with
 * GDCMImageIO on the volume's files (sorted as GDCMSeriesFileNames sorts them): pixel values
 * (RescaleSlope/RescaleIntercept of each file applied as GDCMImageIO does, then converted to
 * TOutputImage's pixel type as ImageFileReader does, e.g. RGB to luminance for a scalar
 * output), size (columns, rows, files) in index order x, y, z, or (columns, rows, frames) for a
 * single multi-frame file, origin = IPP of the first file (mm), spacing (mm) in-plane from
 * GDCMImageIO and along z the first-to-last IPP distance divided by (files - 1), and direction
 * from the first file's IOP (orthogonalized, ImageSeriesReader's default
 * ForceOrthogonalDirection). The output's MetaDataDictionary is GDCMImageIO's dictionary of the
 * first file, plus "ITK_non_uniform_sampling_deviation" (mm) when slices are unevenly spaced,
 * as ImageSeriesReader records it.
 *
 * <b>Parallelism.</b> Header information of all volumes is read with one DomainThreader over
 * the volumes. Pixel data is read with one DomainThreader over the flattened list of all
 * (volume, file) items, split by ThreadedWeightedRangePartitioner into work units of equal
 * decoded bytes: a large series is spread over all threads and small series fill the gaps.
 * Every output is allocated once, before the threads start; every file is decoded by GDCM
 * (ParallelSeriesSliceDecoder, one parse per file) straight into its place in the output
 * buffer, through a per-work-unit scratch buffer only when a conversion is needed. Work units
 * never call into ITK's thread pool, so there is no nested wait. Do not call Update() from a
 * pool work unit.
 *
 * <b>Failures.</b> A file that cannot be decoded, or whose size differs from the volume's
 * first file, fails its volume only: the volume's output is left allocated but its content is
 * undefined, GetVolumeInfo(i).Failed is set with the file and the reason, and all other volumes
 * are complete and correct. Update() does not throw for such failures unless ThrowOnFailure is
 * on; in either case GetFailureReport() lists every failed volume with its series, file and
 * reason, and a warning is emitted. Update() throws ExceptionObject for caller errors (no
 * input, a selected series that does not exist).
 *
 * <b>Events.</b> ProgressEvent (fraction of items decoded, invoked on the thread that called
 * Update()), and ParallelSeriesVolumeCompletedEvent per volume, invoked on the thread that
 * finished that volume (see that class for the rules observers must follow).
 *
 * \tparam TOutputImage an itk::Image of dimension 3 (scalar or RGB pixels).
 *
 * \sa ImageSeriesReader, GDCMImageIO, ParallelGDCMSeriesFileNames
 * \ingroup ParallelSeries
 */
template <typename TOutputImage>
class ITK_TEMPLATE_EXPORT ParallelSeriesReader : public ProcessObject
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(ParallelSeriesReader);

  using Self = ParallelSeriesReader;
  using Superclass = ProcessObject;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(ParallelSeriesReader, ProcessObject);

  static_assert(TOutputImage::ImageDimension == 3, "ParallelSeriesReader produces 3D images");

  using OutputImageType = TOutputImage;
  using OutputImagePointer = typename OutputImageType::Pointer;
  using PixelType = typename OutputImageType::PixelType;
  using FileNamesSourceType = ParallelGDCMSeriesFileNames;
  using FileNamesContainerType = FileNamesSourceType::FileNamesContainerType;
  using SeriesUIDContainerType = FileNamesSourceType::SeriesUIDContainerType;

  /** Description of one output volume. */
  struct VolumeInfo
  {
    std::string            SeriesIdentifier;
    unsigned int           VolumeIndex{ 0 }; ///< volume within the series (0 unless multi-volume)
    FileNamesContainerType FileNames;        ///< in slice order
    bool                   Failed{ false };
    std::string            FailedFile;    ///< file that failed (empty for a series-level failure)
    std::string            FailureReason; ///< why
  };

  /** Scan and read this directory (creates an internal ParallelGDCMSeriesFileNames). */
  void
  SetInputDirectory(const std::string & directory);
  std::string
  GetInputDirectory() const;

  /** Recurse into sub-directories of the input directory (internal scanner only). */
  itkSetMacro(Recursive, bool);
  itkGetConstMacro(Recursive, bool);
  itkBooleanMacro(Recursive);

  /** See ParallelGDCMSeriesFileNames::SetUseSeriesDetails() (internal scanner only). */
  itkSetMacro(UseSeriesDetails, bool);
  itkGetConstMacro(UseSeriesDetails, bool);
  itkBooleanMacro(UseSeriesDetails);

  /** Read the series of this scanner (which the reader updates when needed). */
  void
  SetFileNamesSource(FileNamesSourceType * source);
  itkGetModifiableObjectMacro(FileNamesSource, FileNamesSourceType);

  /** Read only these series identifiers (empty: all series). */
  void
  SetSeriesSelection(const SeriesUIDContainerType & uids);
  const SeriesUIDContainerType &
  GetSeriesSelection() const
  {
    return m_SeriesSelection;
  }

  /** Throw an ExceptionObject from Update(), after all volumes are done, when a volume failed
   * (default off: failures are reported by GetVolumeInfo() and GetFailureReport()). */
  itkSetMacro(ThrowOnFailure, bool);
  itkGetConstMacro(ThrowOnFailure, bool);
  itkBooleanMacro(ThrowOnFailure);

  /** Number of output volumes (valid after UpdateOutputInformation()). */
  unsigned int
  GetNumberOfVolumes() const
  {
    return static_cast<unsigned int>(m_Volumes.size());
  }
  /** \throws ExceptionObject when \c index is out of range. */
  const VolumeInfo &
  GetVolumeInfo(unsigned int index) const;
  /** Number of failed volumes of the last Update(). */
  unsigned int
  GetNumberOfFailedVolumes() const;
  /** One line per failed volume: series, volume, file, reason; empty when none failed. */
  std::string
  GetFailureReport() const;

  /** Output volume \c index. */
  OutputImageType *
  GetOutput(unsigned int index = 0);

  /** Outputs are created by the reader itself. */
  using Superclass::MakeOutput;
  DataObjectPointer
  MakeOutput(DataObjectPointerArraySizeType idx) override;

  ModifiedTimeType
  GetMTime() const override;

protected:
  ParallelSeriesReader();
  ~ParallelSeriesReader() override = default;
  void
  PrintSelf(std::ostream & os, Indent indent) const override;

  void
  GenerateOutputInformation() override;
  void
  EnlargeOutputRequestedRegion(DataObject * output) override;
  /** Every output requests its own largest possible region (ProcessObject's default would copy
   * the requested region of the output being updated to all others, whose sizes differ). */
  void
  GenerateOutputRequestedRegion(DataObject * output) override;
  void
  GenerateData() override;

private:
  friend class ParallelSeriesReaderThreader<TOutputImage>;
  friend class ParallelSeriesReaderHeaderThreader<TOutputImage>;

  /** Reads the header of volume \c v's first file (work unit of the header threader). */
  void
  ReadVolumeHeader(unsigned int v);
  /** Decodes item \c item (volume, file) into its output (work unit of the read threader). */
  void
  ReadItem(SizeValueType item, ParallelSeriesSliceDecoder & decoder);
  void
  MarkFailed(unsigned int v, const std::string & file, const std::string & reason);
  void
  FinishItemOfVolume(unsigned int v);

  struct VolumeState
  {
    GDCMImageIO::Pointer                        IO;
    std::vector<Point<double, 3>>               Positions;
    std::unique_ptr<std::atomic<bool>>          Failed;
    std::unique_ptr<std::atomic<SizeValueType>> Remaining;
    SizeValueType                               SliceComponents{ 0 }; ///< internal components per file
  };

  bool                                               m_Recursive{ false };
  bool                                               m_UseSeriesDetails{ false };
  bool                                               m_ThrowOnFailure{ false };
  bool                                               m_InternalSource{ false };
  FileNamesSourceType::Pointer                       m_FileNamesSource;
  SeriesUIDContainerType                             m_SeriesSelection;
  std::vector<VolumeInfo>                            m_Volumes;
  std::vector<VolumeState>                           m_States;
  std::vector<std::pair<unsigned int, unsigned int>> m_Items; ///< (volume, slice) of each item
  std::mutex                                         m_FailureMutex;
  /** Serializes every event this reader invokes while GenerateData() runs: ITK's observer
   * list is not safe for concurrent InvokeEvent() calls. */
  std::mutex                 m_EventMutex;
  std::atomic<SizeValueType> m_ItemsDone{ 0 };
  std::thread::id            m_GenerateDataThread;
};

/** Reads the header information of a range of volumes. */
template <typename TOutputImage>
class ITK_TEMPLATE_EXPORT ParallelSeriesReaderHeaderThreader
  : public DomainThreader<ThreadedWeightedRangePartitioner, ParallelSeriesReader<TOutputImage>>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(ParallelSeriesReaderHeaderThreader);
  using Self = ParallelSeriesReaderHeaderThreader;
  using Superclass = DomainThreader<ThreadedWeightedRangePartitioner, ParallelSeriesReader<TOutputImage>>;
  using Pointer = SmartPointer<Self>;
  using DomainType = typename Superclass::DomainType;
  itkNewMacro(Self);
  itkTypeMacro(ParallelSeriesReaderHeaderThreader, DomainThreader);

protected:
  ParallelSeriesReaderHeaderThreader() = default;
  void
  ThreadedExecution(const DomainType & range, const ThreadIdType) override
  {
    for (SizeValueType v = range.Begin; v < range.End; ++v)
    {
      this->m_Associate->ReadVolumeHeader(static_cast<unsigned int>(v));
    }
  }
};

/** Decodes a cost-balanced range of (volume, file) items; one decoder (scratch) per work unit. */
template <typename TOutputImage>
class ITK_TEMPLATE_EXPORT ParallelSeriesReaderThreader
  : public DomainThreader<ThreadedWeightedRangePartitioner, ParallelSeriesReader<TOutputImage>>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(ParallelSeriesReaderThreader);
  using Self = ParallelSeriesReaderThreader;
  using Superclass = DomainThreader<ThreadedWeightedRangePartitioner, ParallelSeriesReader<TOutputImage>>;
  using Pointer = SmartPointer<Self>;
  using DomainType = typename Superclass::DomainType;
  itkNewMacro(Self);
  itkTypeMacro(ParallelSeriesReaderThreader, DomainThreader);

protected:
  ParallelSeriesReaderThreader() = default;
  void
  ThreadedExecution(const DomainType & range, const ThreadIdType) override
  {
    ParallelSeriesSliceDecoder decoder;
    for (SizeValueType i = range.Begin; i < range.End; ++i)
    {
      this->m_Associate->ReadItem(i, decoder);
    }
  }
};
} // end namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkParallelSeriesReader.hxx"
#endif

#endif // itkParallelSeriesReader_h
