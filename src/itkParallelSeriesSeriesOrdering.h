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
#ifndef itkParallelSeriesSeriesOrdering_h
#define itkParallelSeriesSeriesOrdering_h

// Internal to the module (not installed): how ParallelGDCMSeriesFileNames orders the files of a
// series, groups them into volumes, and orders the series. Pure functions on plain records
// (FileRecord, ParallelSeriesSummary): no I/O, no state, thread-safe; unit-tested without DICOM files
// (test/itkParallelSeriesSeriesOrderingTest.cxx).

#include "ParallelSeriesExport.h"
#include "itkParallelSeriesSummary.h"
#include "itkParallelSeriesFileRecord.h"

#include <string>
#include <vector>

namespace itk
{
namespace ParallelSeriesScan
{
/** The files of one series in order, and its volumes (see OrderSeries()). Entries are indices
 * into the record vector given to OrderSeries(). */
struct SeriesOrder
{
  std::vector<SizeValueType>              Files;   ///< every file of the series, in stock order
  std::vector<std::vector<SizeValueType>> Volumes; ///< the files of each volume, by position
  /** One entry per volume: the frames (0-based, into its one multi-frame file) that make the
   * volume, in volume order (SplitFrames()); an empty entry: every frame of the volume's files,
   * in file order. */
  std::vector<std::vector<unsigned int>> Frames;
  std::string                            Error; ///< why there is no volume (empty: consistent)
};

/** How the frames of one multi-frame file are split into volumes (SplitFrames()). */
struct FrameSplit
{
  /** The frames (0-based) of each volume, ascending along the normal; empty: the file is one
   * volume, its frames in file order (as GDCMImageIO reads it). */
  std::vector<std::vector<unsigned int>> Volumes;
  std::string                            Error; ///< why the file has no volume (empty: consistent)
};

/** Splits the frames of the multi-frame file \c file into volumes by their per-frame
 * functional groups (FileRecord::FrameRecords): the frames are grouped by the distance of their
 * ImagePositionPatient along the normal of the file's (shared) ImageOrientationPatient (as
 * DistancesAlongNormal() for files). When every frame has a position of its own, or when the
 * file has no per-frame positions (FrameRecords empty), the file is one volume (Volumes empty:
 * GDCM's frames, in file order). When all N positions (N >= 1) hold the same number K >= 2 of
 * frames (cardiac phases, a time series, repeated acquisitions: Philips' 4D enhanced MR, 25
 * phases x 65 slices), there are K volumes of N frames: volume v holds the v-th frame of every
 * position, positions ascending; frames at one position are ordered by TemporalPositionIndex,
 * then DimensionIndexValues (lexicographically), then NominalCardiacTriggerDelayTime (absent
 * after present), then frame number, the way dcm2niix sorts the frames of an enhanced file
 * (by its dimension indices: nii_dicom_batch.cpp) into one volume per temporal position.
 * Positions holding unequal numbers of frames give no volume and an Error naming the first
 * position whose count differs from the first one's. */
ParallelSeries_EXPORT FrameSplit
SplitFrames(const FileRecord & file);

/** Which attributes split the files of one series identifier into stacks (SplitIntoStacks()),
 * as ParallelGDCMSeriesFileNames' SetSplitBy...() settings say. */
struct StackSplitRule
{
  bool ImageSize{ true };          ///< Columns and Rows
  bool Orientation{ true };        ///< ImageOrientationPatient, within OrientationTolerance
  bool SeriesNumber{ true };       ///< SeriesNumber (0020,0011)
  bool EchoNumber{ false };        ///< EchoNumbers (0018,0086)
  bool AcquisitionNumber{ false }; ///< AcquisitionNumber (0020,0012)
  bool ImageType{ false };         ///< ImageType (0008,0008)
};

/** Largest difference of one direction cosine (of the 6 of ImageOrientationPatient) between
 * files of one stack: 1e-4, as dcm2niix's isSameSet() (nii_dicom_batch.cpp) compares
 * orientations. */
constexpr double OrientationTolerance = 1e-4;

/** One stack of a series: files that agree on every attribute of the StackSplitRule. */
struct Stack
{
  std::string                Suffix; ///< appended to the series identifier ("" when the series is not split)
  std::vector<SizeValueType> Files;  ///< indices into the record vector, in the order given
};

/** Splits the files \c series (indices into \c files) of one series identifier into stacks of
 * files that agree on the attributes \c rule names (a tri-planar localizer is three stacks; a
 * dose report or secondary capture of another size in a CT series is a stack of its own), as
 * dcm2niix keeps apart images that differ in size, orientation, series number, echo, acquisition or
 * image type
 * (isSameSet(), nii_dicom_batch.cpp). Returns one stack with an empty suffix when all files
 * agree (the series is not split). Otherwise every stack gets a suffix made of the attributes
 * that differ between stacks, in this order, each preceded by '.': "<columns>x<rows>"; the
 * plane of the orientation's normal ("ax", "cor", "sag": its largest LPS component is z, y, x,
 * or "obl" when two components are equal); "n<SeriesNumber>"; "e<EchoNumbers>"; "a<AcquisitionNumber>"; the
 * ImageType; values cleaned as CleanSeriesIdentifier(), so that suffixes are made of
 * [0-9A-Za-z.]. Stacks are ordered by suffix, then by the smallest InstanceNumber, then by the
 * first file name; a suffix that repeats one of an earlier stack gets ".2", ".3", ... Files keep
 * the given order within a stack. */
ParallelSeries_EXPORT std::vector<Stack>
SplitIntoStacks(const std::vector<FileRecord> &    files,
                const std::vector<SizeValueType> & series,
                const StackSplitRule &             rule);

/** The distance of each file's ImagePositionPatient along the normal of the
 * ImageOrientationPatient of the first file of \c series (the cross product of its row and
 * column cosines, not normalized), as gdcm::SerieHelper::ImagePositionPatientOrdering() computes
 * it: entry k is for files[series[k]]. In mm times the length of that normal (1 for unit
 * cosines). \c series must not be empty. */
ParallelSeries_EXPORT std::vector<double>
DistancesAlongNormal(const std::vector<FileRecord> & files, const std::vector<SizeValueType> & series);

/** Orders the files \c series (indices into \c files, in listing order: the first one gives the
 * normal) of one series and groups them into volumes.
 *
 * Order (gdcm::SerieHelper::OrderFileList(), so that files come out as stock
 * GDCMSeriesFileNames gives them): by DistancesAlongNormal(), ascending, when all distances
 * differ; otherwise by InstanceNumber when all instance numbers differ; otherwise by file name.
 *
 * Volumes: a series with a multi-frame file (Frames > 1) has the volumes of each file in that
 * order: those of SplitFrames() (with their Frames), or the whole file (no volume, and Error
 * names the file, when SplitFrames() gives an Error); a series whose distances all differ is
 * one volume (the files in that order). A series of several files that all sit at one
 * position (or have no position: files without ImagePositionPatient are all at GDCM's (0,0,0))
 * is not a stack: every instance is a
 * volume of its own, in that order; copies of one instance (same non-empty SOPInstanceUID) count
 * once, an undamaged copy preferred. Otherwise files are grouped by distance (ascending); a file
 * whose non-empty SOPInstanceUID is already in its group is a copy and counts once (an undamaged
 * copy is kept in place of a damaged one); when every
 * position holds the same number K of files, volume v holds the v-th file of every position
 * (files at one position ordered by InstanceNumber, then file name), K volumes; else there is no
 * volume and Error names the first position whose count differs from the most common one (and
 * up to four of its files).
 *
 * A series with a Siemens mosaic (FileRecord::IsMosaic()) has one volume
 * per file (each file holds a whole volume), files and volumes ordered by InstanceNumber, then
 * file name (the order of acquisition: the mosaics of an fMRI or DWI series share one
 * position); it has no volume, and Error says why, when a file is not a mosaic, has a
 * Mosaic.GetError(), or has another layout than the first. \c series must not be empty.
 *
 * Projection images (FileRecord::Projection: ParallelSeriesGeometry::IsProjectionImage(), e.g.
 * MG, DX, CR, or any file without ImagePositionPatient) are never stacked: each instance is a
 * volume of its own (a multi-frame file: all its frames, in file order), by InstanceNumber, then
 * file name, after the volumes of the series' other files (ordered as above); copies of one
 * instance count once. With \c onePerFile (the per-file mode), every file is a volume of its own
 * (copies included), in that order, whatever its position (mosaics as above). */
ParallelSeries_EXPORT SeriesOrder
                      OrderSeries(const std::vector<FileRecord> & files, const std::vector<SizeValueType> & series, bool onePerFile = false);

/** The value of a SeriesNumber (0020,0011, VR IS) for ordering: leading spaces skipped, then
 * the longest prefix that std::from_chars() reads as a long long (an optional '-' and digits;
 * no '+', no hexadecimal). False (not a number) when nothing is read. */
ParallelSeries_EXPORT bool
ParseSeriesNumber(const std::string & text, long long & value);

/** The order of series every front-end shows (ParallelGDCMSeriesFileNames::GetSeriesUIDs()): by
 * StudyInstanceUID (as text), then by SeriesNumber numerically (ParseSeriesNumber()), series
 * without a number after those with one, then by SeriesIdentifier (as text). A strict weak
 * order; it is total over distinct identifiers. */
ParallelSeries_EXPORT bool
SeriesPrecedes(const ParallelSeriesSummary & a, const ParallelSeriesSummary & b);
} // namespace ParallelSeriesScan
} // end namespace itk

#endif
