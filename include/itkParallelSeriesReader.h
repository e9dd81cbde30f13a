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
#include "itkParallelSeriesVolumeInfo.h"
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
 * (SetFileNamesSource()); SetSeriesSelection() restricts reading to some series.
 *
 * <b>Scan settings.</b> The scanner is the one place for scan settings. Either the reader owns
 * it: SetInputDirectory(), SetRecursive() and SetUseSeriesDetails() create it on first use and
 * set it (GetFileNamesSource() returns it, for its other settings and its results); or it is
 * the caller's (SetFileNamesSource()), set up by the caller: then SetRecursive() and
 * SetUseSeriesDetails() throw ExceptionObject, since they would change the caller's scanner
 * behind its back. SetInputDirectory() after SetFileNamesSource() replaces the caller's scanner
 * by a new internal one (default settings); SetFileNamesSource() replaces the internal scanner
 * and its settings.
 *
 * <b>Outputs</b> are in the series order of ParallelGDCMSeriesFileNames::GetSeriesUIDs() (study, series number,
 * identifier) and, within a series, by volume; GetVolumeInfo(i) tells which series, volume and files output i holds.
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
 * as ImageSeriesReader records it, SliceSpacingSourceKey and, for volumes of several files,
 * StackTiltDegreesKey.
 *
 * <b>Frames of a multi-frame file</b> that repeat positions (the scan splits such a file into
 * volumes, ParallelGDCMSeriesFileNames::GetVolumeFrames(); stock ITK stacks all its frames): the
 * output holds the volume's frames in volume order (ascending along the normal of the shared
 * IOP), origin = per-frame IPP of its first frame, z spacing = the first-to-last distance of
 * its frames' per-frame IPPs over (frames - 1), direction from the IOP, with the same metadata
 * as a volume of several files. The file's header is read once and its pixels are decoded once
 * for all its volumes of one batch (see SetVoxelMemoryLimit()).
 *
 * <b>Siemens mosaics</b> (where stock ITK gives the stored 2D grid of tiles): the output of a
 * mosaic volume (one file, ParallelGDCMSeriesFileNames::GetVolumeMosaicInfo()) is the
 * de-mosaicked volume, x = column within a tile, y = row within a tile, z = tile index, with the
 * geometry of ParallelSeriesMosaicInfo (origin at the first tile, slice direction signed by the
 * CSA SliceNormalVector, slice spacing from SpacingBetweenSlices or SliceThickness: nibabel's and
 * dcm2niix's rules); its dictionary also holds "ParallelSeries_NumberOfImagesInMosaic"
 * (unsigned int) and "ParallelSeries_SliceSpacingSource" (std::string).
 *
 * <b>Parallelism.</b> Header information of all volumes is read with one DomainThreader over
 * the volumes. Pixel data is read with one DomainThreader over the flattened list of all
 * (volume, file) items, split by ThreadedWeightedRangePartitioner into work units of equal
 * decoded bytes: a large series is spread over all threads and small series fill the gaps.
 * Both run on the reader's MultiThreaderBase (ProcessObject::SetMultiThreader(): ITK's pool
 * by default, or a caller's PoolMultiThreader / PlatformMultiThreader / TBBMultiThreader) with
 * ProcessObject::GetNumberOfWorkUnits() work units' worth of work: a queueing multithreader
 * (pool, TBB) receives 16 times as many smaller work units
 * (ThreadedWeightedRangePartitioner::NumberOfWorkUnitsFor()), a PlatformMultiThreader exactly
 * GetNumberOfWorkUnits() (one thread each). Items are ordered volume by volume, smallest
 * volume first ("shortest processing time first", which minimises the mean completion time
 * of the volumes: W. E. Smith, Naval Research Logistics Quarterly 3, 1956), and a queueing
 * multithreader takes work units in that order, so volumes complete one after another from
 * the start of Update() instead of all at its end.
 *
 * <b>Memory.</b> By default every output is allocated once, before the threads start, and
 * all of them are held when Update() returns. With SetVoxelMemoryLimit(bytes) the volumes are
 * read in batches (in the order above) whose outputs together hold at most that many bytes
 * (a single volume larger than the limit forms a batch of its own); each volume is handed out
 * through ParallelSeriesVolumeCompletedEvent and its pixel buffer released (DataObject::
 * ReleaseData()) as soon as the observers return, so observers must consume it there (write
 * it, compute on it, or Graft() it into an image of their own, which keeps the buffer alive).
 * Every file is decoded by GDCM
 * (ParallelSeriesSliceDecoder, one parse per file) straight into its place in the output
 * buffer, through a per-work-unit scratch buffer only when a conversion is needed. Work units
 * never call into ITK's thread pool, so there is no nested wait. Do not call Update() from a
 * pool work unit.
 *
 * <b>Failures.</b> A file that cannot be decoded, or whose size differs from the volume's
 * first file, fails its volume only: the volume's output is left allocated but its content is
 * undefined, GetVolumeInfo(i).GetFailed() is true, with the file and the reason, and all other volumes
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

  /** Description of one output volume (a namespace-level value type). */
  using VolumeInfoType = ParallelSeriesVolumeInfo;

  /** MetaDataDictionary key of every output: where its z spacing comes from (std::string):
   * "ImagePositionPatient" for a volume of several files, else the attribute of the file GDCM
   * took it from ("SpacingBetweenSlices", "PixelMeasuresSequence", ...), or "" when no attribute
   * gives it and the z spacing is a placeholder (1 mm): see
   * ParallelSeriesSummary::GetSliceSpacingSource(). */
  static constexpr const char * SliceSpacingSourceKey = "ParallelSeries_SliceSpacingSource";
  /** Metadata key (std::string) of a projection image's output (one file,
   * ParallelSeriesGeometry::IsProjectionImage()): where its in-plane spacing comes from,
   * "PixelSpacing", "ImagerPixelSpacing" or "" (placeholder 1 mm). */
  static constexpr const char * PixelSpacingSourceKey = "ParallelSeries_PixelSpacingSource";
  /** MetaDataDictionary key of every output of several files (double, degrees): the angle between
   * the slice normal and the line through the first and last slice positions
   * (ParallelSeriesGeometry::StackTiltDegrees()), e.g. CT gantry tilt; the output's orthogonal
   * direction misplaces the slices when it is not 0. */
  static constexpr const char * StackTiltDegreesKey = "ParallelSeries_StackTiltDegrees";

  /** Scan and read this directory (through the internal scanner, created when needed). */
  void
  SetInputDirectory(const std::string & directory);
  /** The scanner's input directory; empty without a scanner. */
  std::string
  GetInputDirectory() const;

  /** Recurse into sub-directories of the input directory: sets the internal scanner's
   * ParallelGDCMSeriesFileNames::SetRecursive() (creating the scanner when needed).
   * \throws ExceptionObject when the scanner is the caller's (SetFileNamesSource()). */
  void
  SetRecursive(bool recursive);
  /** The scanner's setting (false without a scanner). */
  bool
  GetRecursive() const;
  itkBooleanMacro(Recursive);

  /** ParallelGDCMSeriesFileNames::SetUseSeriesDetails() of the internal scanner (created when
   * needed). \throws ExceptionObject when the scanner is the caller's (SetFileNamesSource()). */
  void
  SetUseSeriesDetails(bool useSeriesDetails);
  /** The scanner's setting (false without a scanner). */
  bool
  GetUseSeriesDetails() const;
  itkBooleanMacro(UseSeriesDetails);

  /** Read the series of this scanner, the caller's (which the reader updates when needed). */
  void
  SetFileNamesSource(FileNamesSourceType * source);
  /** The scanner: the caller's, or the internal one; null before any input is set. */
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

  /** Bound on the bytes of decoded voxels held by the outputs at once (0, the default: no
   * bound, every output holds its volume after Update()). When non-zero, volumes are read in
   * batches of at most this many bytes of output pixels (a volume larger than the bound is a
   * batch of its own), and each output's pixel buffer is released right after its
   * ParallelSeriesVolumeCompletedEvent: after Update() the outputs carry geometry and
   * metadata but no pixels (their buffered region is empty and they are marked released, so
   * a downstream filter would trigger a new read). Consume volumes in the event observer. */
  itkSetMacro(VoxelMemoryLimit, SizeValueType);
  itkGetConstMacro(VoxelMemoryLimit, SizeValueType);

  /** Index of the output volume whose ParallelSeriesVolumeCompletedEvent is being invoked.
   * Meant for observers that do not receive the event object, as Python callables added with
   * AddObserver() (ITK's PyCommand calls them without arguments): inside such an observer it
   * equals the event's GetVolumeIndex(). The events of one reader are serialized, so the value
   * is stable for the whole observer call; outside an observer it is the last completed
   * volume (0 before the first). Thread-safe. */
  unsigned int
  GetCompletedVolumeIndex() const
  {
    return m_CompletedVolumeIndex.load();
  }

  /** Number of output volumes (valid after UpdateOutputInformation()). */
  unsigned int
  GetNumberOfVolumes() const
  {
    return static_cast<unsigned int>(m_Volumes.size());
  }
  /** Series, volume, files and failure of output \c index (a copy). Valid after
   * UpdateOutputInformation(); Failed and the failure fields are final once the volume's
   * ParallelSeriesVolumeCompletedEvent was sent. Thread-safe for a completed volume.
   * \throws ExceptionObject when \c index is not below GetNumberOfVolumes(). */
  VolumeInfoType
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
  /** With a VoxelMemoryLimit, marks every output released after the pipeline's update. A call
   * made while the volumes are read (an observer updating an output, as itk.array_from_image()
   * and PyBuffer do) returns at once and releases nothing. */
  void
  UpdateOutputData(DataObject * output) override;

public:
  /** As ProcessObject's, except that a call made while the volumes are read (from an observer)
   * returns at once: ProcessObject would see a pipeline loop and mark this reader modified, so
   * that the next Update() would read every volume again. */
  void
  UpdateOutputInformation() override;

protected:
private:
  friend class ParallelSeriesReaderThreader<TOutputImage>;
  friend class ParallelSeriesReaderHeaderThreader<TOutputImage>;

  /** Reads the header of volume \c v's first file (work unit of the header threader). */
  void
  ReadVolumeHeader(unsigned int v);
  /** Decodes item \c item (volume, file) into its output (work unit of the read threader). */
  void
  ReadItem(SizeValueType item, ParallelSeriesSliceDecoder & decoder);
  /** Volume \c v is frames of the multi-frame file \c file: the first item of its FrameGroup
   * decodes the file once and copies every group volume's frames (VolumeState::Frames) into its
   * output, in volume order; the other items find it done. */
  void
  ReadFrames(unsigned int v, const std::string & file, ParallelSeriesSliceDecoder & decoder);
  void
  MarkFailed(unsigned int v, const std::string & file, const std::string & reason);
  void
  FinishItemOfVolume(unsigned int v);
  /** Invokes ParallelSeriesVolumeCompletedEvent for volume \c v (serialized), then releases
   * its pixels when a VoxelMemoryLimit is set. */
  void
  VolumeCompleted(unsigned int v);

  /** The volumes of one multi-frame file in one batch (see ReadFrames()). */
  struct FrameGroup
  {
    std::mutex                Mutex;
    bool                      Decoded{ false };
    std::vector<unsigned int> Volumes;
  };
  struct VolumeState
  {
    GDCMImageIO::Pointer                        IO;
    std::vector<Point<double, 3>>               Positions;
    std::unique_ptr<std::atomic<bool>>          Failed;
    std::unique_ptr<std::atomic<SizeValueType>> Remaining;
    SizeValueType                               SliceComponents{ 0 }; ///< internal components per file
    ParallelSeriesMosaicLayout                  Mosaic; ///< a Siemens mosaic volume: GetNumberOfTiles() > 0
    /** A volume that is part of one multi-frame file's frames: those frames, in volume order
     * (ParallelGDCMSeriesFileNames::GetVolumeFrames()); empty: whole files. */
    std::vector<unsigned int> Frames;
    /** For a volume of frames: the first volume (index into m_Volumes) of the same file, whose
     * header it shares; -1 otherwise. */
    long long FirstOfFile{ -1 };
    /** For a volume of frames: the volumes of its file in the current batch, decoded together
     * (the file is decoded once for all of them). */
    std::shared_ptr<FrameGroup> Group;
  };

  /** The internal scanner, created when needed (\throws ExceptionObject when the scanner is the
   * caller's; \c setting names the setter for the message). */
  FileNamesSourceType *
  InternalFileNamesSource(const char * setting);

  bool                                               m_ThrowOnFailure{ false };
  SizeValueType                                      m_VoxelMemoryLimit{ 0 };
  SizeValueType                                      m_NumberOfItemsToRead{ 0 }; ///< over all batches
  bool                                               m_InternalSource{ false };
  FileNamesSourceType::Pointer                       m_FileNamesSource;
  SeriesUIDContainerType                             m_SeriesSelection;
  std::vector<VolumeInfoType>                        m_Volumes;
  std::vector<VolumeState>                           m_States;
  std::vector<std::pair<unsigned int, unsigned int>> m_Items; ///< (volume, slice) of each item
  std::mutex                                         m_FailureMutex;
  /** Serializes every event this reader invokes while GenerateData() runs: ITK's observer
   * list is not safe for concurrent InvokeEvent() calls. */
  std::mutex                 m_EventMutex;
  std::atomic<SizeValueType> m_ItemsDone{ 0 };
  std::atomic<unsigned int>  m_CompletedVolumeIndex{ 0 };
  /** True while UpdateOutputData() runs GenerateData() (read from observers' threads). */
  std::atomic<bool> m_Reading{ false };
  std::thread::id   m_GenerateDataThread;
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
  /** The reader's multithreader is passed on (DomainThreader keeps the setter protected). */
  using Superclass::SetMultiThreader;

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
  /** The reader's multithreader is passed on (DomainThreader keeps the setter protected). */
  using Superclass::SetMultiThreader;

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
