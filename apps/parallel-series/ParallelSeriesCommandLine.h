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
#ifndef ParallelSeriesCommandLine_h
#define ParallelSeriesCommandLine_h

// The command line of parallel-series: the options, their parsing and checks (usage errors are
// thrown as UsageError, exit status 2), the usage, help and version texts, the exit codes.

#include "itkDicomPreprocessingEnums.h"

#include <ostream>
#include <string>
#include <vector>

namespace ParallelSeriesApp
{
constexpr int ExitOK = 0;
constexpr int ExitFailure = 1;
constexpr int ExitUsage = 2;
/** `preprocess --strict` when an output failed: dicom-preprocessing 0.1.2's code. */
constexpr int ExitPeerStrictFailure = 255;

const char * const ProgramName = "parallel-series";

struct Options
{
  std::string              Command;
  std::string              InputDirectory;
  std::string              OutputDirectory;
  bool                     Recursive{ true }; ///< --no-recursive turns it off (as dcm2niix, sub-directories by default)
  int                      MaxDepth{ -1 };    ///< --max-depth: levels of sub-directories (negative: no limit)
  std::string              FilesFrom;         ///< --files-from: a file of paths, one a line ("-": standard input)
  std::vector<std::string> SeriesSelection;   ///< --series: series identifiers or SeriesInstanceUIDs
  bool                     IgnoreDerived{ false };    ///< --ignore-derived
  bool                     IgnoreLocalizers{ false }; ///< --ignore-localizers
  bool                     Resume{ false };           ///< --resume (convert)
  /** --stream (convert): the scan announces each series once all its files are scanned
   * (ParallelGDCMSeriesFileNames::SetSeriesCompleteAfterUIDPass(); --stream-by-folder: once its
   * folders are scanned, SetSeriesCompleteAtFolderEnd(), StreamByFolder) and the series is read
   * and written while the scan goes on; outputs are numbered in the order of completion. */
  bool Stream{ false };
  bool StreamByFolder{ false }; ///< --stream-by-folder
  bool Sidecar{ true };         ///< JSON sidecar per volume (--no-sidecar: none)
  /** --series-index K/N (convert): the first series converted is numbered K (the next K + 1, ...)
   * and the names have the digits of N series: the names of those series in a conversion of N
   * series (itk_parallelseries.dask converts one series a task with it). 0: numbered from 1,
   * the digits of the series found. */
  unsigned int SeriesIndexFirst{ 0 };
  unsigned int SeriesIndexCount{ 0 };
  std::string  ManifestPath; ///< --manifest FILE (convert); empty: OUTDIR/manifest.csv
  /** --split-by: what splits the files of one series into stacks (ParallelGDCMSeriesFileNames'
   * SetSplitBy...()): size and orientation by default. */
  bool SplitBySize{ true };
  bool SplitByOrientation{ true };
  bool SplitBySeriesNumber{ true };
  bool SplitByEcho{ false };
  bool SplitByAcquisition{ false };
  bool SplitByImageType{ false };
  bool Json{ false };
  bool Compress{ false };
  /** -z/--compressor (TIFF): packbits, lzw, uncompressed or deflate; empty: deflate with
   * --compress, else uncompressed (preprocess: packbits, ApplyPreprocessDefaults()). */
  std::string   Compressor;
  bool          GzipSingleMember{ false }; ///< nii.gz as one gzip member (zlib) instead of libdeflate's
  std::string   Format{ "nrrd" };
  unsigned int  Threads{ 0 };     ///< 0: ITK's default
  unsigned long MaxMemoryMB{ 0 }; ///< decoded volumes held at once (reading + writing); 0: DefaultMemoryBudget()
  // Preprocessing (convert)
  bool                                         Crop{ false };
  bool                                         CropMax{ false };
  unsigned long                                TargetSize[2]{ 0, 0 }; ///< 0: no resize/pad
  itk::DicomPreprocessingEnums::ResizeKernel   Kernel{ itk::DicomPreprocessingEnums::ResizeKernel::Triangle };
  itk::DicomPreprocessingEnums::PadDirection   Padding{ itk::DicomPreprocessingEnums::PadDirection::Zero };
  itk::DicomPreprocessingEnums::VolumeHandling Volume{ itk::DicomPreprocessingEnums::VolumeHandling::Keep };
  bool                                         VolumeGiven{ false }; ///< -v/--volume-handler (or --volume) given
  unsigned long                                TargetFrames{ 32 }; ///< -t/--target-frames (interpolate), >= 1; needs -v
  float                                        MipWeight{ 1.5f };  ///< --mip-weight (laplacian-mip)
  unsigned long                                SkipFrames{ 5 }; ///< --skip-frames (laplacian-mip), dropped at each end
  itk::DicomPreprocessingEnums::ProjectionMode ProjectionMode{
    itk::DicomPreprocessingEnums::ProjectionMode::ParallelBeam
  }; ///< --projection-mode (laplacian-mip)
  bool PreprocessingGiven{ false }; ///< any preprocessing option
  /** --values: "stored" (the decoded values in the native pixel type, the default of convert) or
   * "display" (dicom-preprocessing's display values: VOI LUT / window / min-max to uint8 or uint16,
   * MONOCHROME1 inverted; itk::VOILUTImageFilter). */
  std::string Values{ "stored" };
  bool        WindowGiven{ false }; ///< -w/--window C,W (with --values display)
  double      WindowCenter{ 0.0 };
  double      WindowWidth{ 0.0 };
  /** --crop: the largest connected component (dicom-preprocessing's default; `preprocess`, or
   * --components) or the bounding box (-n/--no-components; `convert`'s default). */
  bool   CropComponents{ false };
  double BorderFraction{ 0.0 }; ///< -b/--border-frac, 0..0.5
  /** --spacing x,y[,z] (mm; 0: not given). z: the frame resampling of multi-frame files (the
   * volume handler's; parsed and validated here, applied by the volume stage). */
  double TargetSpacing[3]{ 0.0, 0.0, 0.0 };
  bool   NoPadding{ false }; ///< --no-padding
  /** --resampling: Pillow's arithmetic (`convert`'s default) or the image crate's
   * (dicom-preprocessing's; `preprocess`'s default). -f max-pool always uses the image crate's. */
  itk::DicomPreprocessingEnums::ResizeConvention Resampling{ itk::DicomPreprocessingEnums::ResizeConvention::Pillow };
  /** dicom-preprocessing's zero padding rule (first frame, 8-bit luma); on in `preprocess`. */
  bool PeerZeroRule{ false };
  /** dicom-preprocessing's 180° rotation (x and y flipped) of a Breast Tomosynthesis file stored in
   * the inverse of the standard orientation (itk::ShouldFlipInverseStandardDbtOrientation), after
   * the volume handler, recorded in TIFF tag 65000; on in `preprocess`. */
  bool DbtFlip{ false };
  /** dicom-preprocessing's display order of a multi-frame file's frames (itk::ResolveFrameOrder,
   * applied with itk::FramePermutationImageFilter before the volume handler); on in `preprocess`.
   * Off, the frames are in stored order, as GDCMImageIO reads them. */
  bool PeerFrameOrder{ false };
  /** PixelSpacing read as dicom-preprocessing parses it (Rust's f32::parse: a value with leading
   * spaces is none; ReadPeerPixelSpacing's peerParse), for --spacing and the TIFF resolution; on in
   * `preprocess`. Off, leading spaces are skipped. */
  bool PeerSpacingParse{ false };
  /** --geometry-correction (convert): "off" (the volumes as read, stock ITK's geometry),
   * "extra" (default: those plus a corrected <name>_Tilt / _Eq / _Tilt_Eq output for every
   * volume that needs one, as dcm2niix) or "replace" (the corrected output instead, under the
   * volume's own name). */
  std::string GeometryCorrection{ "extra" };
  bool        GeometryCorrectionGiven{ false };
  /** --per-file (convert; preprocess's default): every input file is its own output (a
   * multi-frame file: its frames), as dicom-preprocessing works. */
  bool PerFile{ false };
  /** --layout (convert): "flat" (<index>_<number>_<description>[_vol<k>].<ext>) or "sop"
   * (<StudyInstanceUID>/<SeriesInstanceUID>/<SOPInstanceUID>.<ext>, preprocess's default). */
  std::string Layout{ "flat" };
  /** --strict (convert): stop at the first output that fails, exit 1 naming it. */
  bool Strict{ false };

  /** Whether the volumes are preprocessed (crop, resize + pad, or slice selection). */
  bool
  Preprocess() const
  {
    return Crop || TargetSize[0] > 0 || TargetSpacing[0] > 0.0 ||
           Volume != itk::DicomPreprocessingEnums::VolumeHandling::Keep;
  }
};

/** Thrown for command-line errors (exit status 2). */
struct UsageError
{
  std::string Message;
};

/** The synopsis of the commands, on \c os. */
void
PrintUsage(std::ostream & os);

/** The help text (--help), on standard output. */
void
PrintHelp();

/** The version line (--version), on standard output. */
void
PrintVersion();

/** The defaults of "preprocess" (convert as dicom-preprocessing 0.1.2 runs), set on \c o before
 * its options are parsed (so that options given override them). */
void
ApplyPreprocessDefaults(Options & o);

/** Parses the arguments after the program name (command first); throws UsageError. */
Options
ParseCommandLine(const std::vector<std::string> & args);

/** Whether this build can write \c format (nrrd, nii.gz, nii, mha, tiff). */
bool
FormatAvailable(const std::string & format);
} // namespace ParallelSeriesApp

#endif
