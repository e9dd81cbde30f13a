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
#ifndef itkParallelGDCMSeriesFileNames_h
#define itkParallelGDCMSeriesFileNames_h

#include "ParallelSeriesExport.h"
#include "itkProcessObject.h"
#include "itkParallelSeriesMosaicInfo.h"
#include "itkParallelSeriesSeriesCompletedEvent.h"
#include "itkParallelSeriesSkippedFile.h"
#include "itkParallelSeriesSummary.h"
#include "itkPoint.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace itk
{
class ParallelGDCMSeriesFileNamesScanThreader;
class ParallelGDCMSeriesFileNamesSortThreader;
namespace ParallelSeriesScan
{
struct ScanResults;  // internal (src/itkParallelGDCMSeriesFileNames.cxx)
struct SeriesRecord; // internal (src/itkParallelGDCMSeriesFileNames.cxx)
struct SeriesOrder;
struct StackSplitRule;
} // namespace ParallelSeriesScan

/** \class ParallelGDCMSeriesFileNames
 * \brief Thread-safe, parallel replacement for GDCMSeriesFileNames: groups the DICOM files of a
 * directory (or of an explicit list) into series and sorts every series.
 *
 * <b>Scan.</b> Update() lists the files (gdcm::Directory, the same listing as
 * GDCMSeriesFileNames) and parses them in parallel with a DomainThreader over the file list.
 * Every work unit owns its GDCM reader objects and parses each file exactly once, headers
 * only: gdcm::Reader::ReadUpToTag() stops in front of PixelData (7FE0,0010), so the pixel data
 * of a file is never read (stock GDCMSeriesFileNames runs a full gdcm::ImageReader::Read() and
 * keeps every parsed file in memory). On POSIX systems a file's first 16 KiB are read with one
 * pread() and GDCM parses them in memory; a header longer than that, or one GDCM cannot parse
 * from those bytes, is parsed from the file itself, so the result does not depend on the window.
 * Files are then grouped by series identifier and all series are sorted in parallel.
 *
 * <b>Series identifier.</b> As in gdcm::SerieHelper::CreateUniqueSeriesIdentifier(): the
 * SeriesInstanceUID (0020,000E); with UseSeriesDetails the values of SeriesNumber (0020,0011),
 * SequenceName (0018,0024), SliceThickness (0018,0050), Rows (0028,0010) and Columns (0028,0011)
 * are appended, then the values of the tags given to AddSeriesRestriction(); characters other
 * than [0-9A-Za-z.] are removed.
 *
 * <b>Stacks.</b> The files of one series identifier that differ in image size (Columns, Rows),
 * in ImageOrientationPatient (beyond 1e-4 per cosine) or in SeriesNumber are split into separate series, one per
 * stack, as dcm2niix keeps them apart: a tri-planar localizer gives three series, a dose report
 * or secondary capture of another size inside a CT series gives a series of its own, and neither
 * fails the others. Each gets the identifier followed by a suffix that names what differs
 * ("1.2.3.ax", "1.2.3.cor", "1.2.3.512x512", "1.2.3.1024x768": see SetSplitByImageSize()); a
 * series whose files all agree keeps its identifier. SetSplitByEchoNumber(),
 * SetSplitByAcquisitionNumber() and SetSplitByImageType() split by those attributes as well
 * (default off: multi-echo and repeated acquisitions at the same positions are the volumes of one
 * series, see Volumes). Stock GDCMSeriesFileNames does not split; it gives such a series as one
 * list of files that ImageSeriesReader cannot read as a volume.
 *
 * <b>Order of the series</b> (GetSeriesUIDs(), and so the outputs of ParallelSeriesReader, the
 * command-line tool and Python's read_dicom_directory()): by StudyInstanceUID (0020,000D), as
 * text; then by SeriesNumber (0020,0011) numerically (leading spaces skipped, then the longest
 * prefix read as a signed decimal integer, as std::from_chars()), series without a number after
 * those with one; then by series identifier, as text. This groups the series of a study in the
 * order of acquisition and is stable for a given directory. Stock GDCMSeriesFileNames orders by
 * identifier only: the same set of series, in an order that agrees with this one when the
 * directory holds one study whose series have no SeriesNumber.
 *
 * <b>Order within a series</b> (gdcm::SerieHelper::OrderFileList(), so that files come out in
 * the order stock ITK gives for the data stock ITK handles): by the distance of
 * ImagePositionPatient (IPP) along the normal of ImageOrientationPatient (IOP) of the series'
 * first listed file, ascending, when all distances differ; otherwise by InstanceNumber
 * (0020,0013) when all instance numbers differ; otherwise by file name.
 *
 * <b>Volumes.</b> A series of several files that all sit at one position (one image saved
 * several times, a time series of one slice, projection images without ImagePositionPatient) is
 * not a stack: each instance is a volume of one slice (copies of one SOPInstanceUID count once,
 * an undamaged copy preferred), because no slice spacing can be computed between them (stock
 * ITK stacks them with a made-up 1 mm spacing). A series whose files repeat the same set of positions (fMRI, DWI,
 * cardiac phases: N positions, each occupied by exactly K files, N >= 2, K >= 2) holds K volumes. They are exposed
 * separately: GetNumberOfVolumes() returns K and GetVolumeFileNames() returns volume v = the v-th file at every
 * position (files at one position ordered by InstanceNumber, then file name), each volume sorted by position. Copies of
 * one instance (same SOPInstanceUID at the same position, e.g. the same file in two folders) count once in a volume.
 * Positions repeated an unequal number of times make the series inconsistent: it has no volume, and GetSeriesError()
 * says why. A series of multi-frame files (NumberOfFrames > 1) has one volume per file, unless a file's frames
 * repeat positions (the ImagePositionPatient of each frame's PlanePositionSequence in the
 * PerFrameFunctionalGroupsSequence, as GDCM parses them): a multi-frame file of N positions each
 * occupied by K frames (Philips' enhanced cardiac MR: 25 phases x 65 slices in one file) holds K
 * volumes of N frames, volume v = the v-th frame at every position (frames at one position
 * ordered by TemporalPositionIndex, DimensionIndexValues, NominalCardiacTriggerDelayTime, then
 * frame number), each volume ascending along the normal of the shared ImageOrientationPatient;
 * GetVolumeFrames() and GetVolumeFramePosition() give its frames, and its slice spacing is the
 * first-to-last distance of their positions over (N - 1). Unequal repeats make the series
 * inconsistent (GetSeriesError()). Stock ITK stacks all frames as the slices of one volume.
 * GetFileNames() always returns
 * the stock order of all files of the series. Such series are never stacked into one volume.
 *
 * <b>Siemens mosaics.</b> A file whose ImageType has the value MOSAIC and whose CSA image header
 * (0029,xx10) gives NumberOfImagesInMosaic holds a whole volume as a grid of tiles. A series of
 * mosaics has one volume per file, by InstanceNumber (the order of acquisition), and its summary
 * describes the de-mosaicked volume; GetVolumeMosaicInfo() gives each volume's layout and
 * geometry (ParallelSeriesMosaicInfo: the rules of nibabel and dcm2niix). When that geometry
 * cannot be known (no SliceNormalVector, no slice spacing, a layout that does not divide the
 * image) the series has no volume and GetSeriesError() says why. Stock ITK reads such a file as
 * one 2D image of tiles.
 *
 * <b>Skipped files.</b> Files GDCM cannot parse (non-DICOM, truncated header) and files without
 * PixelData are not part of any series; GetSkippedFile() lists them with the reason. Nothing is
 * thrown for them.
 *
 * <b>Thread safety.</b> Setters and Update() must not run concurrently with anything else on
 * the same object. After Update() returns, every const method may be called from any number of
 * threads at once: they only read immutable results (unlike GDCMSeriesFileNames, whose
 * GetFileNames() sorts into a member and moves a shared cursor). Update() itself runs its work
 * units on the object's MultiThreaderBase (ProcessObject::SetMultiThreader(): ITK's pool by
 * default, or a caller's pool / platform / TBB multithreader) with
 * ProcessObject::GetNumberOfWorkUnits() work units' worth of work (4 times as many smaller work
 * units for a queueing multithreader, see ThreadedWeightedRangePartitioner::NumberOfWorkUnitsFor());
 * do not call it from inside a pool work unit (ITK 5.2's pool has no guard against nested waits).
 *
 * <b>Unknown and empty identifiers.</b> Every accessor that takes a series identifier \c uid
 * throws ExceptionObject naming it when it is not one of GetSeriesUIDs(); HasSeries() tells
 * beforehand. An empty \c uid is the exception, for GDCMSeriesFileNames compatibility: it names
 * the series whose identifier is empty (files without SeriesInstanceUID) when there is one, else
 * the first series of GetSeriesUIDs(); it is unknown only when the scan found no series.
 * Indices (volume, file, skipped or damaged file) are 0-based; one out of range throws too.
 *
 * Const accessors also throw ExceptionObject when Update() was never run or when a setting
 * changed after the last Update().
 *
 * \sa GDCMSeriesFileNames, gdcm::SerieHelper, ParallelSeriesReader
 * \ingroup ParallelSeries
 */
class ParallelSeries_EXPORT ParallelGDCMSeriesFileNames : public ProcessObject
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(ParallelGDCMSeriesFileNames);

  using Self = ParallelGDCMSeriesFileNames;
  using Superclass = ProcessObject;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(ParallelGDCMSeriesFileNames, ProcessObject);

  using FileNamesContainerType = std::vector<std::string>;
  using SeriesUIDContainerType = std::vector<std::string>;

  /** Results (namespace-level value types, see their headers). */
  using SummaryType = ParallelSeriesSummary;
  using SkippedFileType = ParallelSeriesSkippedFile;
  using PointType = Point<double, 3>;

  /** Directory to scan. Unlike GDCMSeriesFileNames, setting it does not scan: call Update(). */
  virtual void
  SetInputDirectory(const std::string & name);
  virtual void
  SetInputDirectory(const char * name);
  /** Synonym of SetInputDirectory(). */
  void
  SetDirectory(const std::string & name)
  {
    this->SetInputDirectory(name);
  }
  itkGetStringMacro(InputDirectory);

  /** Scan exactly these files instead of a directory (clears the directory). Files are listed
   * in the given order, which is the "first listed file" order used for sorting. */
  virtual void
  SetInputFileNames(const FileNamesContainerType & fileNames);

  /** Recurse into sub-directories (default off, as GDCMSeriesFileNames). */
  itkSetMacro(Recursive, bool);
  itkGetConstMacro(Recursive, bool);
  itkBooleanMacro(Recursive);

  /** With Recursive: how many levels of sub-directories below the input directory are listed
   * (1: its sub-directories, not theirs; 0: none, as without Recursive); negative (default):
   * no limit. Ignored for SetInputFileNames(). */
  itkSetMacro(MaxDepth, int);
  itkGetConstMacro(MaxDepth, int);

  /** Skip derived images: files whose ImageType (0008,0008) has the value DERIVED (default off;
   * dcm2niix's "-i y" does so). They are listed by GetSkippedFile() with the reason. */
  itkSetMacro(IgnoreDerived, bool);
  itkGetConstMacro(IgnoreDerived, bool);
  itkBooleanMacro(IgnoreDerived);

  /** Skip localizers (scouts) as dcm2niix's "-i y" tells them (default off): files whose
   * ImageType has LOCALIZER, whose SequenceName is a localizer sequence (Siemens *fl2d1,
   * *tfl2d1, *fl3d1_ns, "AAHScout" in the description or protocol), GE's 3-plane SeriesPlane,
   * and every file of a series identifier whose ImageOrientationPatient varies (a tri-planar
   * localizer; any cosine differs by more than 1e-4). Listed by GetSkippedFile() with the
   * evidence. Rules: ParallelSeriesScan::LocalizerEvidence() (src/itkParallelSeriesFileRecord.h). */
  itkSetMacro(IgnoreLocalizers, bool);
  itkGetConstMacro(IgnoreLocalizers, bool);
  itkBooleanMacro(IgnoreLocalizers);

  /** Refine the series identifier with SeriesNumber, SequenceName, SliceThickness, Rows and
   * Columns (default off, which is what GDCMSeriesFileNames effectively does unless
   * SetUseSeriesDetails() is called). */
  itkSetMacro(UseSeriesDetails, bool);
  itkGetConstMacro(UseSeriesDetails, bool);
  itkBooleanMacro(UseSeriesDetails);

  /** Split a series identifier's files of different Columns/Rows into separate series (default
   * on; see the class documentation, <b>Stacks</b>). Off: such a series stays one series, whose
   * volume fails to read at the first file of another size. */
  itkSetMacro(SplitByImageSize, bool);
  itkGetConstMacro(SplitByImageSize, bool);
  itkBooleanMacro(SplitByImageSize);

  /** Split a series identifier's files of different ImageOrientationPatient (any cosine differs
   * by more than 1e-4) into separate series (default on). */
  itkSetMacro(SplitByOrientation, bool);
  itkGetConstMacro(SplitByOrientation, bool);
  itkBooleanMacro(SplitByOrientation);

  /** Split a series identifier's files of different SeriesNumber (0020,0011) into separate series
   * (default on): one image saved twice under one SeriesInstanceUID with two series numbers gives
   * two series, as dcm2niix keeps them apart. */
  itkSetMacro(SplitBySeriesNumber, bool);
  itkGetConstMacro(SplitBySeriesNumber, bool);
  itkBooleanMacro(SplitBySeriesNumber);

  /** Split by EchoNumbers (0018,0086) (default off), as dcm2niix writes one file per echo. */
  itkSetMacro(SplitByEchoNumber, bool);
  itkGetConstMacro(SplitByEchoNumber, bool);
  itkBooleanMacro(SplitByEchoNumber);

  /** Split by AcquisitionNumber (0020,0012) (default off). */
  itkSetMacro(SplitByAcquisitionNumber, bool);
  itkGetConstMacro(SplitByAcquisitionNumber, bool);
  itkBooleanMacro(SplitByAcquisitionNumber);

  /** Split by ImageType (0008,0008) (default off), e.g. ORIGINAL from DERIVED images. */
  itkSetMacro(SplitByImageType, bool);
  itkGetConstMacro(SplitByImageType, bool);
  itkBooleanMacro(SplitByImageType);

  /** Per-file mode (default off), as dicom-preprocessing works: every file of a series is a
   * volume of its own (a multi-frame file: all its frames, in file order; copies of one instance
   * included), whatever its position. Off: files are stacked into volumes by position, and
   * projection images (ParallelSeriesGeometry::IsProjectionImage()) are a volume each. */
  itkSetMacro(OneVolumePerFile, bool);
  itkGetConstMacro(OneVolumePerFile, bool);
  itkBooleanMacro(OneVolumePerFile);

  /** Streaming by folder (default off): assume that a folder holds whole series (as PACS exports
   * do), scan the listing in batches that end at the last listed file of a folder, and when every
   * file of a series seen so far lies in folders whose files have all been scanned, announce the
   * series complete with ParallelSeriesSeriesCompletedEvent (on the thread calling Update(),
   * before the remaining folders are scanned), so that it can be read while the scan goes on.
   * The assumption is verified: a file of an announced series found in a later folder is not
   * merged into it but reported by GetSkippedFile() (reason names the series and both folders),
   * so the series after Update() is exactly the announced one. Announced identifiers are those
   * of GetSeriesUIDs() except when a later series of the same stock identifier forces the ".s"
   * disambiguation, or IgnoreLocalizers drops a series that turns out to be tri-planar only with
   * the files of later folders (neither can happen when the assumption holds). Off: the scan,
   * its results and its events are unchanged. */
  itkSetMacro(SeriesCompleteAtFolderEnd, bool);
  itkGetConstMacro(SeriesCompleteAtFolderEnd, bool);
  itkBooleanMacro(SeriesCompleteAtFolderEnd);

  /** Streaming by SeriesInstanceUID (default off), for any layout: a first pass reads only the
   * SeriesInstanceUID (0020,000E) of every listed file (GDCM's ReadUpToTag() on the file's first
   * bytes, in parallel); the files are then scanned series by series, the SeriesInstanceUID with
   * the fewest files first (ties: listing order), and each series is announced complete with
   * ParallelSeriesSeriesCompletedEvent (on the thread calling Update()) as soon as every file of
   * its SeriesInstanceUID has been scanned: every series identifier and stack of that UID at once,
   * before the files of the next UIDs are scanned. Files whose UID the first pass cannot read (not
   * DICOM, damaged, no SeriesInstanceUID) are scanned last, and their series announced then. The
   * results after Update() (series, files, order, skipped files) are those of a scan with the mode
   * off, unless two SeriesInstanceUIDs give one series identifier (then the files of the later one
   * are reported by GetSkippedFile(), not merged). The cost: each file's first bytes are read and
   * parsed up to (0020,000E) once more. Takes precedence over SeriesCompleteAtFolderEnd. */
  itkSetMacro(SeriesCompleteAfterUIDPass, bool);
  itkGetConstMacro(SeriesCompleteAfterUIDPass, bool);
  itkBooleanMacro(SeriesCompleteAfterUIDPass);

  /** The series whose ParallelSeriesSeriesCompletedEvent is being invoked: its identifier and its
   * files, in stock order (the event's GetSeriesIdentifier() and GetFileNames()). Meant for
   * observers that do not receive the event object, as Python callables added with AddObserver()
   * (ITK's PyCommand calls them without arguments). Valid inside such an observer, which runs on
   * the thread that called Update() (the events are sent one at a time, so the values are stable
   * for the whole observer call); outside an observer they are those of the last announced series
   * (empty before the first announcement of an Update(); Update() clears them when it starts a
   * scan). Unlike the accessors below, usable during Update(); not safe to call from another
   * thread while Update() runs. Returned by reference: copy them to keep them past the observer. */
  const std::string &
  GetCompletedSeriesIdentifier() const
  {
    return m_CompletedSeriesIdentifier;
  }
  const FileNamesContainerType &
  GetCompletedSeriesFileNames() const
  {
    return m_CompletedSeriesFileNames;
  }

  /** The series whose ParallelSeriesSeriesCompletedEvent is being invoked, as a scanner of its
   * own, built from the headers this scan has already read (no file is opened): its
   * GetSeriesUIDs() is { GetCompletedSeriesIdentifier() }, its GetFileNames(),
   * GetInputFileNames() are GetCompletedSeriesFileNames(), and its volumes, positions (mm),
   * frames, mosaic and projection spacing, summary and damaged files are those a scan of these
   * files alone with this scanner's settings finds (the identifier keeps its stack suffix, which
   * such a scan might drop). It has this scanner's settings and multithreader, and its Update()
   * does nothing until one of them is changed on it. Meant for ParallelSeriesReader::
   * SetFileNamesSource() inside the observer: the series is then read without a second header
   * pass over its files. Built on the first call during an event (later calls during the same
   * event return the same object), not at all when nobody asks. Null outside an observer of the
   * event (this scanner drops its reference when the event returns; a caller that keeps the
   * pointer keeps the object). Same thread rules as GetCompletedSeriesIdentifier(). */
  Pointer
  GetCompletedSeriesScan();

  /** Append the value of a tag, given as "gggg|eeee" (hexadecimal), to the series identifier.
   * \throws ExceptionObject if the string is not a tag. */
  void
  AddSeriesRestriction(const std::string & tag);
  /** Remove all tags added by AddSeriesRestriction(). */
  void
  ClearSeriesRestrictions();

  /** Scan when the input or a setting changed since the last scan (otherwise nothing is done).
   * \throws ExceptionObject if no input was set or the directory does not exist. Unreadable
   * files do not throw; see GetSkippedFile(). */
  void
  Update() override;

  /** Series identifiers, in the order of the class documentation (study, series number,
   * identifier); each identifier once. Thread-safe after Update(). */
  const SeriesUIDContainerType &
  GetSeriesUIDs() const;

  /** True when the series summarized by \c a comes before the one of \c b in GetSeriesUIDs()'s
   * order: by StudyInstanceUID (as text), then by SeriesNumber numerically (leading spaces
   * skipped; series without a number after those with one), then by SeriesIdentifier (as text).
   * Only those three fields of the summaries are read. A strict weak order, total over distinct
   * identifiers; a pure function (thread-safe). Front-ends that merge the series of several
   * scans order them with it (Python: itk_parallelseries.dask). */
  static bool
  SeriesPrecedes(const ParallelSeriesSummary & a, const ParallelSeriesSummary & b);

  /** Whether \c uid names a series of the last scan. An empty \c uid names a series whenever
   * the scan found at least one (see the class documentation: unknown and empty identifiers).
   * Thread-safe after Update(). */
  bool
  HasSeries(const std::string & uid) const;

  /** All files of a series, sorted (see class documentation). \throws ExceptionObject naming
   * \c uid when it is unknown (as every accessor below that takes one). Thread-safe after
   * Update(). */
  FileNamesContainerType
  GetFileNames(const std::string & uid) const;

  /** GetFileNames(""): the files of the first series of GetSeriesUIDs(), or of the series of
   * files without SeriesInstanceUID when there is one (GDCMSeriesFileNames::GetInputFileNames()
   * takes the first series by identifier: the same series unless the directory holds several
   * studies or numbered series); an empty list when the scan found no series (as
   * GDCMSeriesFileNames). Thread-safe after Update(). */
  FileNamesContainerType
  GetInputFileNames() const;

  /** Number of volumes of a series (see class documentation); 0 for an inconsistent series.
   * \throws ExceptionObject for an unknown \c uid. Thread-safe after Update(). */
  unsigned int
  GetNumberOfVolumes(const std::string & uid) const;

  /** Files of volume \c volume (0-based, below GetNumberOfVolumes(uid)) of a series, sorted by
   * position (z index 0 first). \throws ExceptionObject for an unknown \c uid and when \c volume
   * is out of range.
   * Thread-safe after Update(). */
  FileNamesContainerType
  GetVolumeFileNames(const std::string & uid, unsigned int volume) const;

  /** ImagePositionPatient (mm, LPS) of file \c file (0-based, below
   * GetVolumeFileNames(uid, volume).size()) of a volume, in volume order; GDCM's default
   * (0, 0, 0) for a file without it. \throws ExceptionObject for an unknown \c uid and when
   * \c volume or \c file is out of range. Thread-safe after Update(). */
  PointType
  GetVolumeImagePosition(const std::string & uid, unsigned int volume, unsigned int file) const;

  /** The frames (0-based indices into the frames of its one file, in volume order: z index 0
   * first, ascending along the normal) of volume \c volume (0-based, below
   * GetNumberOfVolumes(uid)) when the volume is part of a multi-frame file whose frames repeat
   * positions (see Volumes in the class documentation); empty when the volume is whole files.
   * \throws ExceptionObject for an unknown \c uid and when \c volume is out of range.
   * Thread-safe after Update(). */
  std::vector<unsigned int>
  GetVolumeFrames(const std::string & uid, unsigned int volume) const;

  /** ImagePositionPatient (mm, LPS) of the per-frame PlanePositionSequence of frame \c frame
   * (0-based, below GetVolumeFrames(uid, volume).size()) of a volume made of frames, in volume
   * order. \throws ExceptionObject for an unknown \c uid and when \c volume or \c frame is
   * out of range. Thread-safe after Update(). */
  PointType
  GetVolumeFramePosition(const std::string & uid, unsigned int volume, unsigned int frame) const;

  /** SOPInstanceUID (0008,0018) of the first file of volume \c volume of series \c uid ("" when
   * the file has none). \throws ExceptionObject when there is no such volume. */
  std::string
  GetVolumeSOPInstanceUID(const std::string & uid, unsigned int volume) const;

  /** Whether volume \c volume of series \c uid is a projection image (one file,
   * ParallelSeriesGeometry::IsProjectionImage()); then \c spacing is its in-plane spacing
   * (column, row; mm) by ParallelSeriesGeometry::ProjectionPixelSpacing() (PixelSpacing, else
   * ImagerPixelSpacing, else GDCM's placeholder 1) and \c source where it came from ("" when
   * nothing gives it). \throws ExceptionObject when there is no such volume. Not wrapped
   * (output parameters): the reader's PixelSpacingSourceKey metadata says the same. */
#if !defined(ITK_WRAPPING_PARSER)
  bool
  GetVolumeProjectionSpacing(const std::string & uid,
                             unsigned int        volume,
                             double              spacing[2],
                             std::string &       source) const;
#endif

  /** The tile layout and de-mosaicked geometry of volume \c volume (0-based, below
   * GetNumberOfVolumes(uid)) of a series of Siemens mosaics (one file per volume, see
   * ParallelSeriesMosaicInfo); a default ParallelSeriesMosaicInfo (GetLayout().GetNumberOfTiles()
   * == 0) when the volume's file is not a mosaic. \throws ExceptionObject for an unknown \c uid
   * and when \c volume is out of range. Thread-safe after Update(). */
  ParallelSeriesMosaicInfo
  GetVolumeMosaicInfo(const std::string & uid, unsigned int volume) const;

  /** Summary of a series (headers only, see ParallelSeriesSummary), a copy. \throws
   * ExceptionObject for an unknown \c uid. Thread-safe after Update(). */
  SummaryType
  GetSeriesSummary(const std::string & uid) const;

  /** Files of a series whose pixel data cannot be read although their header parses (e.g.
   * truncated: PixelData needs more bytes than the file holds), with the reason, in the
   * series' stock order: GetNumberOfDamagedFiles(uid) of them, GetDamagedFile(uid, i) for i
   * below that (\throws ExceptionObject for an unknown \c uid and when \c index is out of range). They stay in the
   * series (so that the series is reported failed instead of silently losing a slice).
   * Thread-safe after Update(). */
  unsigned int
  GetNumberOfDamagedFiles(const std::string & uid) const;
  SkippedFileType
  GetDamagedFile(const std::string & uid, unsigned int index) const;

  /** Why a series has no volume (GetSeriesSummary(uid).GetError()); empty when it is
   * consistent. \throws ExceptionObject for an unknown \c uid. Thread-safe after Update(). */
  std::string
  GetSeriesError(const std::string & uid) const;

  /** Files that belong to no series, in listing order, with the reason:
   * GetNumberOfSkippedFiles() of them, GetSkippedFile(i) for i below that (\throws
   * ExceptionObject when \c index is out of range). Thread-safe after Update(). */
  SizeValueType
  GetNumberOfSkippedFiles() const;
  SkippedFileType
  GetSkippedFile(SizeValueType index) const;

  /** Number of entries listed by the last scan: every file, DICOM or not, plus the entries that
   * could not be listed (directory symbolic link loops, dangling links), which GetSkippedFile()
   * reports. */
  SizeValueType
  GetNumberOfScannedFiles() const;

protected:
  ParallelGDCMSeriesFileNames();
  ~ParallelGDCMSeriesFileNames() override;
  void
  PrintSelf(std::ostream & os, Indent indent) const override;

private:
  friend class ParallelGDCMSeriesFileNamesScanThreader;
  friend class ParallelGDCMSeriesFileNamesSortThreader;

  /** The series \c uid; for an empty \c uid that does not name a series, the first of
   * GetSeriesUIDs(); null when unknown. \throws ExceptionObject as CheckUpToDate(). */
  const ParallelSeriesScan::SeriesRecord *
  FindSeries(const std::string & uid) const;
  /** FindSeries(), throwing ExceptionObject naming \c uid when it is unknown. */
  const ParallelSeriesScan::SeriesRecord &
  GetSeries(const std::string & uid) const;
  /** GetSeries(uid).Volumes[volume], throwing when \c volume is out of range. */
  const std::vector<SizeValueType> &
  GetVolume(const std::string & uid, unsigned int volume) const;
  void
  CheckUpToDate() const;
  /** Update()'s scan with SeriesCompleteAtFolderEnd: folder batches, announcements, checks. */
  void
  ScanByFolder(ParallelGDCMSeriesFileNamesScanThreader &  scanner,
               const ParallelSeriesScan::StackSplitRule & split,
               ThreadIdType                               workUnits);
  /** Update()'s scan with SeriesCompleteAfterUIDPass: the UID pass, series batches, announcements. */
  void
  ScanBySeriesInstanceUID(ParallelGDCMSeriesFileNamesScanThreader &  scanner,
                          const ParallelSeriesScan::StackSplitRule & split,
                          ThreadIdType                               workUnits);
  /** Announces the series of \c files (indices into the scan's records, all scanned), one
   * ParallelSeriesSeriesCompletedEvent per stack; the streaming scans' common step. */
  void
  AnnounceSeries(const std::string &                        identifier,
                 const std::vector<SizeValueType> &         files,
                 const ParallelSeriesScan::StackSplitRule & split);

  std::string                                m_InputDirectory;
  FileNamesContainerType                     m_ExplicitFileNames;
  bool                                       m_UseExplicitFileNames{ false };
  bool                                       m_Recursive{ false };
  int                                        m_MaxDepth{ -1 };
  bool                                       m_IgnoreDerived{ false };
  bool                                       m_IgnoreLocalizers{ false };
  bool                                       m_UseSeriesDetails{ false };
  bool                                       m_SplitByImageSize{ true };
  bool                                       m_SplitByOrientation{ true };
  bool                                       m_SplitBySeriesNumber{ true };
  bool                                       m_SplitByEchoNumber{ false };
  bool                                       m_SplitByAcquisitionNumber{ false };
  bool                                       m_SplitByImageType{ false };
  bool                                       m_OneVolumePerFile{ false };
  bool                                       m_SeriesCompleteAtFolderEnd{ false };
  bool                                       m_SeriesCompleteAfterUIDPass{ false };
  std::vector<std::pair<uint16_t, uint16_t>> m_Restrictions;
  /** The series of the ParallelSeriesSeriesCompletedEvent being invoked (the last one sent). */
  std::string            m_CompletedSeriesIdentifier;
  FileNamesContainerType m_CompletedSeriesFileNames;
  /** The order of the series being announced (indices into m_Results->Files); null outside
   * AnnounceSeries()'s event. */
  std::unique_ptr<ParallelSeriesScan::SeriesOrder> m_CompletedSeriesOrder;
  /** GetCompletedSeriesScan(), once built during the event. */
  Pointer m_CompletedSeriesScan;

  TimeStamp m_ScanTime;
  bool      m_Scanned{ false };
  /** What the last Update() found: the file records, the series, their order, the skipped
   * files (never null). */
  std::unique_ptr<ParallelSeriesScan::ScanResults> m_Results;
};
} // end namespace itk

#endif // itkParallelGDCMSeriesFileNames_h
