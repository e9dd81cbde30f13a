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

// The convert command of parallel-series: batches, readers, writer jobs, the summary.

#include "ParallelSeriesConvertCommand.h"

#include "itkParallelSeriesComponentTypes.h"
#include "ParallelSeriesGeometryCorrection.h"
#include "ParallelSeriesManifest.h"
#include "ParallelSeriesMemoryBudget.h"
#include "ParallelSeriesPreprocessAndWrite.h"
#include "ParallelSeriesProgressBar.h"
#include "ParallelSeriesReplaceFile.h"
#include "ParallelSeriesScanCommand.h"
#include "ParallelSeriesSeriesOrder.h"
#include "ParallelSeriesSidecar.h"
#include "ParallelSeriesTextFormats.h"
#include "ParallelSeriesWriterQueue.h"

#include "itkImage.h"
#include "itkImageIOBase.h"
#include "itkImageIOFactory.h"
#include "itkImageIOBase.h"
#include "itkMultiThreaderBase.h"
#include "itkOutputWindow.h"
#include "itkParallelSeriesReader.h"
#include "itkParallelSeriesSeriesCompletedEvent.h"
#include "itkParallelSeriesVolumeCompletedEvent.h"
#include "itkRGBPixel.h"
#include "itksys/SystemTools.hxx"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <deque>
#include <iomanip>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <cmath>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#ifndef _WIN32
#  include <sys/stat.h>
#endif
#ifdef _WIN32
#  include <io.h>
#  define PARALLELSERIES_ISATTY(fd) _isatty(fd)
#else
#  include <unistd.h>
#  define PARALLELSERIES_ISATTY(fd) isatty(fd)
#endif

namespace ParallelSeriesApp
{
namespace
{
/** Decoded size of one volume of a series, bytes. */
double
VolumeBytes(const SummaryType & s)
{
  return static_cast<double>(s.GetColumns()) * s.GetRows() * std::max(1u, s.GetNumberOfSlices()) *
         std::max(1u, s.GetSamplesPerPixel()) * itk::ParallelSeriesComponentTypes::ComponentSize(s.GetComponentType());
}

/** What the conversions of one run share: the writer threads, the progress bar, the memory bound,
 * the "wrote" lines and --strict's stop (convert --stream converts each completed series with a
 * ConvertContext of its own). */
struct RunState
{
  std::unique_ptr<WriterQueue>  Writer;
  std::unique_ptr<ProgressBar>  Progress;
  std::unique_ptr<MemoryBudget> Memory;      ///< decoded bytes being read or written
  std::mutex                    OutputMutex; ///< the "wrote" lines
  /** --strict: the first output that failed (StrictStopped set). */
  std::atomic<bool>   StrictStopped{ false };
  std::mutex          StrictMutex;
  const ManifestRow * StrictFirstFailure{ nullptr };
};

struct ConvertContext
{
  Options                                                Opts;
  std::string                                            Extension;
  ScannerType::Pointer                                   Scanner;
  std::vector<SeriesEntry>                               Series;
  std::vector<ManifestRow>                               Rows; ///< never resized once reading starts
  std::map<std::pair<std::string, unsigned int>, size_t> RowOfVolume;
  /** --geometry-correction extra: the row of a volume's corrected output. */
  std::map<size_t, size_t>  CorrectedRowOfRow;
  std::shared_ptr<RunState> Run{ std::make_shared<RunState>() };
  double                    BatchBudget{ 0.0 }; ///< bytes
  std::vector<char>         Kept;               ///< per row: complete before this run (--resume)
  /** --strict: the rows not converted because of the first failure. */
  std::vector<char> NotAttempted;
  std::string       SingleTarget; ///< one SOURCE file, OUTPUT a file name: OUTPUT (its "wrote" line)
};

/** The message of the outputs --strict did not convert. */
const char * const NotConvertedReason = "not converted: --strict stopped the run at the first failure";

/** --strict: output \c row failed; the first one stops the run. */
void
NoteFailure(ConvertContext & ctx, size_t row)
{
  if (!ctx.Opts.Strict)
  {
    return;
  }
  std::lock_guard<std::mutex> lock(ctx.Run->StrictMutex);
  if (!ctx.Run->StrictStopped.exchange(true))
  {
    ctx.Run->StrictFirstFailure = &ctx.Rows[row];
  }
}

/** The inode of \c file (0 when it cannot be stat()ed or the system has none): the peer's
 * manifest column, for reading a disk in allocation order. */
unsigned long long
InodeOf(const std::string & file)
{
#ifdef _WIN32
  (void)file;
  return 0;
#else
  struct stat st;
  return ::stat(file.c_str(), &st) == 0 ? static_cast<unsigned long long>(st.st_ino) : 0;
#endif
}

/** --layout sop: <StudyInstanceUID>/<SeriesInstanceUID>/<SOPInstanceUID> (without extension) as
 * dicom-preprocessing's main.rs:get_output_path(): "series" for a missing SeriesInstanceUID; a
 * missing (or unsafe as a path component) Study or SOP Instance UID sets \c error. */
std::string
SopLayoutStem(const SummaryType & s, const std::string & sop, std::string & error)
{
  const auto unsafe = [](const std::string & uid) {
    return uid == "." || uid == ".." || uid.find_first_of("/\\") != std::string::npos;
  };
  const std::string series = s.GetSeriesInstanceUID().empty() ? std::string("series") : s.GetSeriesInstanceUID();
  if (s.GetStudyInstanceUID().empty() || sop.empty())
  {
    error = std::string("no ") +
            (s.GetStudyInstanceUID().empty() ? "StudyInstanceUID (0020,000D)" : "SOPInstanceUID (0008,0018)") +
            ": --layout sop cannot name the output (study/series/sop)";
    return {};
  }
  if (unsafe(s.GetStudyInstanceUID()) || unsafe(series) || unsafe(sop))
  {
    error = "a Study, Series or SOP Instance UID is not usable as a file name (\"/\", \"\\\", \".\" or \"..\"): "
            "--layout sop cannot name the output";
    return {};
  }
  return s.GetStudyInstanceUID() + "/" + series + "/" + sop;
}

/** The temporary files the writers of row \c r use (ParallelSeriesVolumeWriter.h,
 * ParallelSeriesPreprocessAndWrite.h, ParallelSeriesSidecar.h): what an interrupted run leaves. */
std::vector<std::string>
TemporaryFiles(const ConvertContext & ctx, const ManifestRow & r)
{
  const std::string        path = ctx.Opts.OutputDirectory + "/" + r.Path;
  const std::string        base = path.substr(0, path.size() - ctx.Extension.size());
  std::vector<std::string> files{ base + ".partial" + ctx.Extension, base + ".partial.nii" };
  if (ctx.Opts.Sidecar)
  {
    files.push_back(SidecarTemporaryName(SidecarFileName(path)));
  }
  return files;
}

/** --resume: whether the outputs of row \c r are complete (the volume under its final name, and
 * its sidecar; the atomic writes put nothing else there), with the written size read back from
 * the file's header into r.OutputSize. */
bool
CompleteBefore(const ConvertContext & ctx, ManifestRow & r)
{
  const std::string path = ctx.Opts.OutputDirectory + "/" + r.Path;
  if (!itksys::SystemTools::FileExists(path, true) ||
      (ctx.Opts.Sidecar && !itksys::SystemTools::FileExists(SidecarFileName(path), true)))
  {
    return false;
  }
  try
  {
    itk::ImageIOBase::Pointer io = itk::ImageIOFactory::CreateImageIO(path.c_str(), itk::IOFileModeEnum::ReadMode);
    if (!io)
    {
      return false;
    }
    io->SetFileName(path);
    io->ReadImageInformation();
    for (unsigned int d = 0; d < 3; ++d)
    {
      r.OutputSize[d] = d < io->GetNumberOfDimensions() ? io->GetDimensions(d) : 1;
    }
  }
  catch (const itk::ExceptionObject &)
  {
    return false; // unreadable: converted again
  }
  return true;
}

/** Marks the output \c row failed (and the volume's corrected output with it: a volume that
 * cannot be read has neither). */
void
MarkFailed(ConvertContext & ctx, size_t row, const std::string & file, const std::string & reason)
{
  ManifestRow & r = ctx.Rows[row];
  if (r.Ok || !r.Error.empty())
  {
    return;
  }
  r.FailedFile = file;
  r.Error = reason.empty() ? std::string("unknown error") : reason;
  ctx.Run->Progress->VolumeDone(r.Bytes, false);
  if (reason != NotConvertedReason)
  {
    NoteFailure(ctx, row);
  }
  const auto corrected = ctx.CorrectedRowOfRow.find(row);
  if (corrected != ctx.CorrectedRowOfRow.end())
  {
    MarkFailed(ctx, corrected->second, file, reason);
  }
}

/** Reader, outputs and bookkeeping of one batch of series of one pixel type. */
template <typename TImage>
struct Batch
{
  using ReaderType = itk::ParallelSeriesReader<TImage>;
  typename ReaderType::Pointer          Reader;
  std::vector<typename TImage::Pointer> Outputs;
  std::vector<size_t>                   RowOfOutput;
  std::vector<std::string>              FirstFiles; ///< per output: its first DICOM file (the sidecar's)
  std::unique_ptr<std::atomic<bool>[]>  Enqueued;
  double                                Acquired{ 0.0 }; ///< bytes held in ctx.Run->Memory for the outputs
};

/** Bytes of \c batch's output \c output held in the memory budget: its volume's, and its
 * geometry-corrected output's when it has one (--geometry-correction extra). */
template <typename TImage>
double
OutputBytes(const ConvertContext & ctx, const Batch<TImage> & batch, unsigned int output)
{
  const size_t row = batch.RowOfOutput[output];
  const auto   corrected = ctx.CorrectedRowOfRow.find(row);
  return ctx.Rows[row].Bytes + (corrected != ctx.CorrectedRowOfRow.end() ? ctx.Rows[corrected->second].Bytes : 0.0);
}

/** Gives back the budget of the outputs that were not handed to the writers (failed, kept by
 * --resume's own path in EnqueueWrite, or never read): their pixels are gone with the reader's
 * release. Called once the reader's Update() returned. */
template <typename TImage>
void
ReleaseUnwritten(ConvertContext & ctx, Batch<TImage> & batch)
{
  if (batch.Acquired <= 0.0)
  {
    return;
  }
  double unwritten = 0.0;
  for (unsigned int i = 0; i < batch.Outputs.size(); ++i)
  {
    if (!batch.Enqueued[i].exchange(true))
    {
      unwritten += OutputBytes(ctx, batch, i);
    }
  }
  ctx.Run->Memory->Release(unwritten);
  batch.Acquired = 0.0;
}

/** The job of one output row: the geometry correction when the row has one (the volume
 * resampled onto its true slice positions), then the sidecar (from the volume's first DICOM
 * file), the preprocessing and the writer. Nothing for a row kept by --resume. \c hold is
 * shared by the jobs of one volume: its budget is released when the last of them ends, after
 * the job dropped its reference to the pixels. */
template <typename TImage>
void
EnqueueRowWrite(ConvertContext &         ctx,
                size_t                   row,
                typename TImage::Pointer volume,
                const std::string &      firstFile,
                std::shared_ptr<void>    hold)
{
  if (ctx.Kept[row] || !ctx.Rows[row].Error.empty())
  {
    return; // --resume: written by an earlier run; or failed already (--layout sop)
  }
  ConvertContext * context = &ctx;
  ctx.Run->Writer->Enqueue([context, row, volume, firstFile, hold]() mutable {
    using PixelType = typename TImage::PixelType;
    ManifestRow & r = context->Rows[row];
    if (context->Opts.Strict && context->Run->StrictStopped.load())
    {
      r.Error = NotConvertedReason;
      context->NotAttempted[row] = 1;
      volume = nullptr;
      hold = nullptr;
      context->Run->Progress->VolumeDone(r.Bytes, false);
      return;
    }
    const std::string        path = context->Opts.OutputDirectory + "/" + r.Path;
    typename TImage::Pointer image = volume;
    std::string              error;
    try
    {
      if (r.Correction != "none")
      {
        if constexpr (std::is_arithmetic<PixelType>::value)
        {
          image = CorrectGeometry<PixelType>(volume, r.SlicePositions);
        }
        else
        {
          error = "geometry correction of " + r.Correction + " is not available for this pixel type";
        }
      }
      const auto size = image->GetLargestPossibleRegion().GetSize();
      for (unsigned int d = 0; d < 3; ++d)
      {
        r.Size[d] = size[d];
      }
      // The sidecar first: a volume under its final name always has its sidecar (--resume).
      if (error.empty() && context->Opts.Sidecar)
      {
        error = WriteSidecar(firstFile, SidecarFileName(path));
      }
      if (error.empty())
      {
        const std::vector<std::string> sliceFiles =
          context->Opts.Values == "display" ? context->Scanner->GetVolumeFileNames(r.Series->Identifier, r.Volume)
                                            : std::vector<std::string>();
        error = PreprocessAndWrite<PixelType>(context->Opts, image, sliceFiles, path, r, firstFile);
        if (!error.empty() && context->Opts.Sidecar)
        {
          itksys::SystemTools::RemoveFile(SidecarFileName(path)); // no sidecar without its volume
        }
      }
    }
    catch (const std::exception & e) // itk::ExceptionObject included; the job must not throw
    {
      const auto * itkException = dynamic_cast<const itk::ExceptionObject *>(&e);
      error = (r.Correction != "none" ? "cannot correct the geometry (" + r.Correction + ") or write \""
                                      : std::string("cannot write \"")) +
              path + "\": " + (itkException ? itkException->GetDescription() : e.what());
    }
    if (error.empty())
    {
      r.Ok = true;
      // One line per written volume (after its rename), for batch logs and resumable runs.
      std::lock_guard<std::mutex> lock(context->Run->OutputMutex);
      std::fprintf(
        stdout, "wrote %s\n", context->SingleTarget.empty() ? r.Path.c_str() : context->SingleTarget.c_str());
      std::fflush(stdout);
    }
    else
    {
      r.Error = error;
      NoteFailure(*context, row);
    }
    image = nullptr;
    volume = nullptr; // the pixels are freed here when this job held the last reference...
    hold = nullptr;   // ...and then the budget released (the last job of the volume)
    context->Run->Progress->VolumeDone(r.Bytes, r.Ok);
  });
}

template <typename TImage>
void
EnqueueWrite(ConvertContext & ctx, Batch<TImage> & batch, unsigned int output)
{
  if (batch.Enqueued[output].exchange(true))
  {
    return;
  }
  const size_t row = batch.RowOfOutput[output];
  // Released when the last job of this volume drops it (at once when --resume keeps them all).
  MemoryBudget * const        memory = ctx.Run->Memory.get();
  const double                bytes = OutputBytes(ctx, batch, output);
  const std::shared_ptr<void> hold(nullptr, [memory, bytes](void *) { memory->Release(bytes); });
  // The jobs' own image sharing the output's pixels: the reader releases its output when the
  // completion event returns, the pixels are freed when the last job ends.
  typename TImage::Pointer volume = ShareVolume<TImage>(batch.Outputs[output].GetPointer());
  EnqueueRowWrite<TImage>(ctx, row, volume, batch.FirstFiles[output], hold);
  const auto corrected = ctx.CorrectedRowOfRow.find(row);
  if (corrected != ctx.CorrectedRowOfRow.end())
  {
    EnqueueRowWrite<TImage>(ctx, corrected->second, volume, batch.FirstFiles[output], hold);
  }
}

/** Reads (in batches bounded by the memory budget) and writes the series \c seriesIndices, all
 * of pixel type TPixel. */
template <typename TPixel>
void
ConvertGroup(ConvertContext & ctx, const std::vector<size_t> & seriesIndices)
{
  using ImageType = itk::Image<TPixel, 3>;
  using BatchType = Batch<ImageType>;
  using ReaderType = typename BatchType::ReaderType;

  // Batches of consecutive series whose decoded size stays within the budget.
  std::vector<std::vector<size_t>> batches;
  double                           batchBytes = 0.0;
  for (const size_t s : seriesIndices)
  {
    const double bytes = VolumeBytes(ctx.Series[s].Summary) * std::max(1u, ctx.Series[s].Summary.GetNumberOfVolumes());
    if (batches.empty() || (batchBytes + bytes > ctx.BatchBudget && batchBytes > 0.0))
    {
      batches.emplace_back();
      batchBytes = 0.0;
    }
    batches.back().push_back(s);
    batchBytes += bytes;
  }

  for (const std::vector<size_t> & members : batches)
  {
    if (ctx.Opts.Strict && ctx.Run->StrictStopped.load())
    {
      for (const size_t s : members) // --strict: nothing more is read
      {
        for (unsigned int v = 0; v < ctx.Series[s].Summary.GetNumberOfVolumes(); ++v)
        {
          const size_t row = ctx.RowOfVolume.at({ ctx.Series[s].Identifier, v });
          ctx.NotAttempted[row] = ctx.Rows[row].Error.empty() && !ctx.Kept[row] ? 1 : 0;
          MarkFailed(ctx, row, "", NotConvertedReason);
        }
      }
      continue;
    }
    auto                                batch = std::make_shared<BatchType>();
    ScannerType::SeriesUIDContainerType selection;
    std::vector<size_t>                 rows;
    double                              bytes = 0.0;
    for (const size_t s : members)
    {
      selection.push_back(ctx.Series[s].Identifier);
      for (unsigned int v = 0; v < ctx.Series[s].Summary.GetNumberOfVolumes(); ++v)
      {
        const size_t row = ctx.RowOfVolume.at({ ctx.Series[s].Identifier, v });
        rows.push_back(row);
        bytes += ctx.Rows[row].Bytes;
        const auto corrected = ctx.CorrectedRowOfRow.find(row);
        if (corrected != ctx.CorrectedRowOfRow.end())
        {
          bytes += ctx.Rows[corrected->second].Bytes;
        }
      }
    }
    batch->Reader = ReaderType::New();
    ReaderType * reader = batch->Reader;
    reader->SetFileNamesSource(ctx.Scanner);
    reader->SetSeriesSelection(selection);
    if (ctx.Opts.Threads > 0)
    {
      reader->SetNumberOfWorkUnits(ctx.Opts.Threads);
    }
    // One read for the whole batch, each output's pixels released as soon as its completion
    // event returned (EnqueueWrite shares them with the writer job).
    reader->SetVoxelMemoryLimit(std::numeric_limits<itk::SizeValueType>::max());
    ctx.Run->Progress->BeginBatch(bytes);
    try
    {
      reader->UpdateOutputInformation();
      const unsigned int n = reader->GetNumberOfVolumes();
      batch->Outputs.resize(n);
      batch->RowOfOutput.resize(n);
      batch->FirstFiles.resize(n);
      batch->Enqueued.reset(new std::atomic<bool>[n]()); // value-initialized: false
      for (unsigned int i = 0; i < n; ++i)
      {
        const auto & info = reader->GetVolumeInfo(i);
        batch->Outputs[i] = reader->GetOutput(i);
        batch->RowOfOutput[i] = ctx.RowOfVolume.at({ info.GetSeriesIdentifier(), info.GetVolumeIndex() });
        batch->FirstFiles[i] = info.GetFileNames().empty() ? std::string() : info.GetFileNames().front();
        batch->Enqueued[i].store(false);
        ctx.Rows[batch->RowOfOutput[i]].Files = info.GetFileNames().size();
      }
      // Room for the batch's volumes: waits while the writers hold what earlier batches read.
      for (unsigned int i = 0; i < n; ++i)
      {
        batch->Acquired += OutputBytes(ctx, *batch, i);
      }
      ctx.Run->Memory->Acquire(batch->Acquired);

      // Progress (calling thread) and completed volumes (pool threads: only queue the write).
      // (AddObserver(event, function) wraps the lambdas in itk::FunctionCommand.)
      reader->AddObserver(itk::ProgressEvent(), [&ctx, reader](const itk::EventObject &) {
        ctx.Run->Progress->SetReaderProgress(reader->GetProgress());
      });
      BatchType * b = batch.get();
      reader->AddObserver(itk::ParallelSeriesVolumeCompletedEvent(), [&ctx, b](const itk::EventObject & event) {
        const auto * e = dynamic_cast<const itk::ParallelSeriesVolumeCompletedEvent *>(&event);
        if (e == nullptr || e->GetVolumeIndex() >= b->Outputs.size())
        {
          return;
        }
        const size_t row = b->RowOfOutput[e->GetVolumeIndex()];
        ctx.Run->Progress->VolumeRead(ctx.Rows[row].Bytes);
        const auto corrected = ctx.CorrectedRowOfRow.find(row);
        if (corrected != ctx.CorrectedRowOfRow.end()) // its input is read too
        {
          ctx.Run->Progress->VolumeRead(ctx.Rows[corrected->second].Bytes);
        }
        if (!e->GetFailed())
        {
          EnqueueWrite<ImageType>(ctx, *b, e->GetVolumeIndex());
        }
      });

      reader->Update();
    }
    catch (const std::exception & e) // itk::ExceptionObject included
    {
      const auto *      itkException = dynamic_cast<const itk::ExceptionObject *>(&e);
      const std::string description = itkException ? itkException->GetDescription() : e.what();
      for (unsigned int i = 0; i < batch->Outputs.size() && i < reader->GetNumberOfVolumes(); ++i)
      {
        if (!batch->Enqueued[i].load() && reader->GetVolumeInfo(i).GetFailed())
        {
          const auto & info = reader->GetVolumeInfo(i);
          MarkFailed(ctx, batch->RowOfOutput[i], info.GetFailedFile(), info.GetFailureReason());
        }
      }
      // Volumes not handed to the writer fail with the reader's error.
      for (const size_t row : rows)
      {
        bool queued = false;
        for (unsigned int i = 0; i < batch->Outputs.size(); ++i)
        {
          queued = queued || (batch->RowOfOutput[i] == row && batch->Enqueued[i].load());
        }
        if (!queued)
        {
          MarkFailed(ctx, row, "", "reading failed: " + description);
        }
      }
      ReleaseUnwritten(ctx, *batch);
      ctx.Run->Progress->EndBatch();
      ctx.Run->Writer->WaitUntilDone(ctx.Run->Writer->GetNumberOfEnqueuedJobs()); // before the outputs go
      continue;
    }

    // Failed volumes; volumes whose completion was not reported (should not happen: their
    // pixels were released with the others) fail.
    for (unsigned int i = 0; i < batch->Outputs.size(); ++i)
    {
      const auto & info = reader->GetVolumeInfo(i);
      if (info.GetFailed())
      {
        MarkFailed(ctx, batch->RowOfOutput[i], info.GetFailedFile(), info.GetFailureReason());
      }
      else if (!batch->Enqueued[i].load())
      {
        MarkFailed(ctx, batch->RowOfOutput[i], "", "the reader did not report this volume complete");
      }
    }
    ReleaseUnwritten(ctx, *batch);
    // A volume of a selected series that the reader did not produce (should not happen).
    for (const size_t row : rows)
    {
      if (std::find(batch->RowOfOutput.begin(), batch->RowOfOutput.end(), row) == batch->RowOfOutput.end())
      {
        MarkFailed(ctx, row, "", "the reader produced no output for this volume");
      }
    }
    ctx.Run->Progress->EndBatch();

    // The memory bound is ctx.Run->Memory's (each written volume frees its room): the next batch is
    // read while this one is written, as far as the bound allows.
  }
}

using GroupKey = std::pair<itk::IOComponentEnum, unsigned int>;

/** Dispatches a group to ConvertGroup<T> with T its native pixel type (the library's
 * component-type dispatch); returns false for an unsupported pixel type. */
bool
ConvertGroupOfType(ConvertContext & ctx, const GroupKey & key, const std::vector<size_t> & seriesIndices)
{
  return itk::ParallelSeriesComponentTypes::VisitNativePixelType(
    key.first, key.second, [&](auto tag) { ConvertGroup<typename decltype(tag)::Type>(ctx, seriesIndices); });
}

/** The manifest rows of ctx.Series (ctx.Rows, ctx.RowOfVolume, ctx.CorrectedRowOfRow): their
 * output names (the series' Index with \c digits digits), sizes and geometry corrections.
 * \c layoutErrors receives the rows --layout sop cannot name (row -> why), \c sopPaths the
 * names --layout sop gave (path -> the series), shared by the contexts of one run. Returns the
 * decoded bytes of the rows. */
double
BuildRows(ConvertContext &                     ctx,
          size_t                               digits,
          std::map<size_t, std::string> &      layoutErrors,
          std::map<std::string, std::string> & sopPaths)
{
  const Options & o = ctx.Opts;
  // One manifest row per volume (one per series without volume), in output order, and one per
  // geometry-corrected output (--geometry-correction extra) after its volume's.
  double totalBytes = 0.0;
  for (const SeriesEntry & e : ctx.Series)
  {
    const SummaryType & s = e.Summary;
    std::ostringstream  stem;
    stem << std::setw(static_cast<int>(digits)) << std::setfill('0') << e.Index << "_"
         << Sanitize(s.GetSeriesNumber(), "x", 12) << "_" << Sanitize(s.GetSeriesDescription(), "noname");
    const unsigned int volumes = std::max(1u, s.GetNumberOfVolumes());
    for (unsigned int v = 0; v < volumes; ++v)
    {
      ManifestRow r;
      r.Series = &e;
      r.Volume = v;
      r.Path = stem.str() + (s.GetNumberOfVolumes() > 1 ? "_vol" + std::to_string(v) : std::string()) + ctx.Extension;
      std::string layoutError;
      if (v < s.GetNumberOfVolumes())
      {
        r.SOPInstanceUID = ctx.Scanner->GetVolumeSOPInstanceUID(e.Identifier, v);
        r.Inode = InodeOf(ctx.Scanner->GetVolumeFileNames(e.Identifier, v).front());
      }
      if (o.Layout == "sop")
      {
        const std::string sopStem = SopLayoutStem(s, r.SOPInstanceUID, layoutError);
        r.Path = sopStem + ctx.Extension;
        const auto taken = sopPaths.find(r.Path);
        if (layoutError.empty() && taken != sopPaths.end())
        {
          if (!o.PerFile && taken->second == e.Identifier)
          {
            r.Path = sopStem + "_vol" + std::to_string(v) + ctx.Extension; // volumes of one file
          }
          else
          {
            layoutError = "the same Study, Series and SOP Instance UIDs as an earlier output (a copy of one "
                          "instance): --layout sop would write both to \"" +
                          r.Path + "\"";
          }
        }
        if (!layoutError.empty())
        {
          r.Path.clear();
        }
        else
        {
          sopPaths[r.Path] = e.Identifier;
        }
      }
      r.Size[0] = s.GetColumns();
      r.Size[1] = s.GetRows();
      r.Size[2] = s.GetNumberOfSlices();
      for (unsigned int d = 0; d < 3; ++d)
      {
        r.Spacing[d] = s.GetSpacing()[d];
      }
      r.Files = s.GetNumberOfVolumes() > 0 ? s.GetNumberOfFiles() / s.GetNumberOfVolumes() : s.GetNumberOfFiles();
      r.Bytes = VolumeBytes(s);
      totalBytes += r.Bytes;
      // Gantry tilt / variable slice distance: the library's rule on the true positions.
      std::vector<itk::Point<double, 3>>           positions;
      itk::ParallelSeriesGeometry::StackCorrection needed;
      if (o.GeometryCorrection != "off" && v < s.GetNumberOfVolumes())
      {
        needed = VolumeStackCorrection(ctx.Scanner, e, v, positions);
      }
      const size_t row = ctx.Rows.size();
      ctx.RowOfVolume[{ e.Identifier, v }] = row;
      if (!layoutError.empty())
      {
        layoutErrors[row] = layoutError;
        needed = {};
      }
      if (needed.IsNeeded() && o.GeometryCorrection == "replace")
      {
        r.Correction = needed.GetName();
        r.SlicePositions = positions;
      }
      ctx.Rows.push_back(r);
      if (needed.IsNeeded() && o.GeometryCorrection == "extra")
      {
        // dcm2niix's names: <name>_Tilt, <name>_Eq, <name>_Tilt_Eq.
        ManifestRow       corrected = r;
        const std::string base = r.Path.substr(0, r.Path.size() - ctx.Extension.size());
        corrected.Path = base + (needed.Tilt ? "_Tilt" : "") + (needed.Equidistant ? "_Eq" : "") + ctx.Extension;
        corrected.Correction = needed.GetName();
        corrected.SlicePositions = positions;
        totalBytes += corrected.Bytes;
        ctx.CorrectedRowOfRow[row] = ctx.Rows.size();
        ctx.Rows.push_back(corrected);
      }
    }
  }
  return totalBytes;
}

/** Before reading: the rows --layout sop cannot name fail (\c layoutErrors, from BuildRows()),
 * the output directories are created, --resume keeps the complete volumes of an earlier run
 * (ctx.Kept) and what an interrupted write left is removed. Needs ctx.Run->Progress. Returns the
 * number of rows kept. */
size_t
PrepareRows(ConvertContext & ctx, const std::map<size_t, std::string> & layoutErrors)
{
  const Options & o = ctx.Opts;
  ctx.NotAttempted.assign(ctx.Rows.size(), 0);
  for (const auto & failure : layoutErrors)
  {
    MarkFailed(
      ctx,
      failure.first,
      ctx.Scanner->GetVolumeFileNames(ctx.Rows[failure.first].Series->Identifier, ctx.Rows[failure.first].Volume)
        .front(),
      failure.second);
  }

  // --resume: volumes complete from an earlier run are kept; what an interrupted write left
  // (temporary files of the volumes to write) is removed.
  ctx.Kept.assign(ctx.Rows.size(), 0);
  size_t kept = 0;
  for (size_t i = 0; i < ctx.Rows.size(); ++i)
  {
    ManifestRow & r = ctx.Rows[i];
    if (r.Path.empty())
    {
      continue; // failed: --layout sop cannot name it
    }
    const std::string parent = itksys::SystemTools::GetFilenamePath(r.Path);
    if (!parent.empty() && !itksys::SystemTools::MakeDirectory(ctx.Opts.OutputDirectory + "/" + parent))
    {
      MarkFailed(ctx, i, "", "cannot create the directory \"" + ctx.Opts.OutputDirectory + "/" + parent + "\"");
      continue;
    }
    if (o.Resume && r.Series->Summary.GetNumberOfVolumes() > 0 && CompleteBefore(ctx, r))
    {
      ctx.Kept[i] = 1;
      ++kept;
      r.Ok = true;
      r.Files = ctx.Scanner->GetVolumeFileNames(r.Series->Identifier, r.Volume).size();
      for (unsigned int d = 0; d < 3; ++d)
      {
        r.Spacing[d] = std::abs(r.Spacing[d]);
      }
      ctx.Run->Progress->VolumeRead(r.Bytes);
      ctx.Run->Progress->VolumeDone(r.Bytes, true);
      continue;
    }
    for (const std::string & temporary : TemporaryFiles(ctx, r))
    {
      itksys::SystemTools::RemoveFile(temporary);
    }
  }
  return kept;
}

/** Starts the writer threads of \c run. */
void
StartWriters(RunState & run, const Options & o)
{
  // As many writer threads as reading threads: encoding (nii.gz, compressed NRRD, TIFF) is
  // CPU-bound and runs in parallel, mostly after or between the reads.
  // ITK 5.2 creates its global settings lazily and registers each one in a map without a lock
  // (itk::SingletonIndex): two threads that first touch two of them at once race. The TSan lane
  // caught two writer threads doing so (DataObject's global release-data flag, MetaImageIO's
  // default precision). Touch the ones the writer threads use here, before they start: the flags
  // and the output window, and every registered ImageIO (CreateImageIO constructs them all).
  itk::DataObject::GetGlobalReleaseDataFlag();
  itk::Object::GetGlobalWarningDisplay();
  itk::OutputWindow::GetInstance();
  itk::ImageIOFactory::CreateImageIO("parallel-series-warm-up.nrrd", itk::IOFileModeEnum::WriteMode);
  run.Writer = std::make_unique<WriterQueue>(o.Threads > 0 ? o.Threads
                                                           : itk::MultiThreaderBase::GetGlobalDefaultNumberOfThreads());
  run.Writer->Start();
}

/** Reads and writes the series of ctx (after PrepareRows()): inconsistent series fail, the others
 * are converted by groups of one native pixel type. Returns once every volume was read and its
 * write queued. */
void
ConvertSeries(ConvertContext & ctx)
{
  // Inconsistent series fail now; the others are grouped by native pixel type.
  std::map<GroupKey, std::vector<size_t>> groups;
  for (size_t i = 0; i < ctx.Series.size(); ++i)
  {
    const SummaryType & s = ctx.Series[i].Summary;
    if (s.GetNumberOfVolumes() == 0)
    {
      MarkFailed(ctx,
                 ctx.RowOfVolume.at({ ctx.Series[i].Identifier, 0u }),
                 "",
                 s.GetError().empty() ? std::string("the series has no consistent volume") : s.GetError());
      continue;
    }
    bool allKept = true;
    for (unsigned int v = 0; v < s.GetNumberOfVolumes(); ++v)
    {
      const size_t row = ctx.RowOfVolume.at({ ctx.Series[i].Identifier, v });
      const auto   corrected = ctx.CorrectedRowOfRow.find(row);
      allKept = allKept && ctx.Kept[row] && (corrected == ctx.CorrectedRowOfRow.end() || ctx.Kept[corrected->second]);
    }
    if (allKept)
    {
      continue; // --resume: nothing to read
    }
    groups[{ s.GetComponentType(), s.GetSamplesPerPixel() }].push_back(i);
  }
  for (const auto & g : groups)
  {
    if (!ConvertGroupOfType(ctx, g.first, g.second))
    {
      std::ostringstream msg;
      msg << "unsupported pixel type " << itk::ImageIOBase::GetComponentTypeAsString(g.first.first) << " with "
          << g.first.second << " samples per pixel (supported: scalar integer and floating-point types, "
          << "and RGB unsigned_char)";
      for (const size_t s : g.second)
      {
        for (unsigned int v = 0; v < ctx.Series[s].Summary.GetNumberOfVolumes(); ++v)
        {
          MarkFailed(ctx, ctx.RowOfVolume.at({ ctx.Series[s].Identifier, v }), "", msg.str());
        }
      }
    }
  }
}

/** After the writers stopped: manifest.csv (or --manifest, none for one output file named by
 * OUTPUT) with \c rows in their order, the skipped files of \c scanner, the summary and the
 * failures on stderr. Returns the exit status. */
int
Report(const Options &                  o,
       const RunState &                 run,
       const std::vector<ManifestRow> & rows,
       size_t                           seriesCount,
       const ScannerType *              scanner,
       bool                             singleOutput,
       const std::string &              singleTarget)
{
  int status = ExitOK;
  // One output file named by OUTPUT: no manifest unless --manifest names one.
  const std::string manifest =
    !o.ManifestPath.empty() ? o.ManifestPath : (singleOutput ? std::string() : o.OutputDirectory + "/manifest.csv");
  const std::string manifestError = manifest.empty() ? std::string() : WriteManifest(rows, manifest);
  if (!manifestError.empty())
  {
    std::cerr << ProgramName << ": cannot write the manifest \"" << manifest << "\": " << manifestError << std::endl;
    status = ExitFailure;
  }
  size_t failed = 0;
  for (const ManifestRow & r : rows)
  {
    failed += r.Ok ? 0 : 1;
  }
  // Files that belong to no series (not DICOM, unreadable, damaged header, loops): not an error
  // by themselves, but said (as "scan" does).
  const itk::SizeValueType skipped = scanner->GetNumberOfSkippedFiles();
  if (skipped > 0)
  {
    std::cerr << ProgramName << ": " << skipped << " file(s) skipped (not part of any series):" << std::endl;
    const itk::SizeValueType shown = std::min<itk::SizeValueType>(skipped, 20);
    for (itk::SizeValueType i = 0; i < shown; ++i)
    {
      const itk::ParallelSeriesSkippedFile file = scanner->GetSkippedFile(i);
      std::cerr << "  skipped \"" << file.GetFileName() << "\": " << file.GetReason() << std::endl;
    }
    if (shown < skipped)
    {
      std::cerr << "  ... and " << (skipped - shown) << " more (\"scan --json\" lists all)" << std::endl;
    }
  }
  std::cerr << ProgramName << ": " << (rows.size() - failed) << " of " << rows.size() << " volumes of " << seriesCount
            << " series written to \"" << (singleOutput ? singleTarget : o.OutputDirectory) << "\"" << std::endl;
  size_t corrected = 0;
  for (const ManifestRow & r : rows)
  {
    corrected += (r.Ok && r.Correction != "none") ? 1 : 0;
  }
  if (corrected > 0)
  {
    std::cerr << ProgramName << ": " << corrected << " of them resampled onto the true slice positions (gantry tilt "
              << "or variable slice distance: --geometry-correction " << o.GeometryCorrection
              << "; manifest column geometry_correction)" << std::endl;
  }
  if (failed > 0)
  {
    size_t notConverted = 0;
    for (const ManifestRow & r : rows)
    {
      notConverted += (!r.Ok && r.Error == NotConvertedReason) ? 1 : 0;
    }
    if (run.StrictStopped.load())
    {
      const ManifestRow & first = *run.StrictFirstFailure;
      std::cerr << ProgramName << ": --strict: stopped at the first failure";
      if (!first.FailedFile.empty())
      {
        std::cerr << ", file \"" << first.FailedFile << "\"";
      }
      std::cerr << ": " << first.Error << " (" << notConverted << " output(s) not converted)" << std::endl;
    }
    std::cerr << ProgramName << ": " << (failed - notConverted) << " volume(s) failed:" << std::endl;
    for (const ManifestRow & r : rows)
    {
      if (r.Ok || r.Error == NotConvertedReason)
      {
        continue;
      }
      const SummaryType & s = r.Series->Summary;
      std::cerr << "  series " << r.Series->Index << " \"" << s.GetSeriesDescription() << "\" (number "
                << s.GetSeriesNumber() << ", " << r.Series->Identifier << ")";
      if (s.GetNumberOfVolumes() > 1)
      {
        std::cerr << " volume " << r.Volume;
      }
      if (r.Correction != "none")
      {
        std::cerr << " (" << r.Correction << "-corrected output)";
      }
      std::cerr << ": ";
      if (!r.FailedFile.empty())
      {
        std::cerr << "file \"" << r.FailedFile << "\": ";
      }
      std::cerr << r.Error << std::endl;
    }
    status = ExitFailure;
    if (o.Command == "preprocess")
    {
      // dicom-preprocessing 0.1.2's exit codes (main.rs): a file that fails is skipped (exit 0)
      // unless --strict, which stops the run with exit 255.
      status = o.Strict ? ExitPeerStrictFailure : ExitOK;
      if (!o.Strict)
      {
        std::cerr << ProgramName << ": exit 0 as dicom-preprocessing without --strict (the failures are in "
                  << "the manifest's status and error columns); --strict stops at the first one (exit 255)"
                  << std::endl;
      }
    }
  }
  return status;
}

/** convert --stream. The scan runs with SetSeriesCompleteAfterUIDPass() (--stream-by-folder:
 * SetSeriesCompleteAtFolderEnd()): each series is announced once all its files (every folder it
 * uses) were scanned, and converted inside the event's observer, on the scan's thread between two
 * batches (the scan waits; the writers go on): the series comes as a one-series scan built from
 * the headers already read (GetCompletedSeriesScan(): no file is read twice), is
 * numbered in the order of completion, read on ITK's pool in batches within the memory bound,
 * and its writes are queued. Each completed series has its ConvertContext; they share the run's
 * writers, memory bound and --strict stop (RunState). manifest.csv is written at the end, its
 * rows in the whole scan's series order. */
int
RunConvertStreaming(const Options & o)
{
  if (SingleFileSource(o))
  {
    std::cerr << ProgramName << ": --stream converts a directory or a file list, not one file (\"" << o.InputDirectory
              << "\")" << std::endl;
    return ExitUsage;
  }
  if (!itksys::SystemTools::MakeDirectory(o.OutputDirectory))
  {
    std::cerr << ProgramName << ": cannot create the output directory \"" << o.OutputDirectory << "\"" << std::endl;
    return ExitFailure;
  }
  auto run = std::make_shared<RunState>();
  run->Progress = std::make_unique<ProgressBar>(false, 0.0, 0); // the total is not known before the end
  // --max-memory; else DefaultMemoryBudget() of the largest volume completed so far.
  run->Memory = std::make_unique<MemoryBudget>(o.MaxMemoryMB > 0 ? static_cast<double>(o.MaxMemoryMB) * 1024.0 * 1024.0
                                                                 : DefaultMemoryBudget(0.0));
  StartWriters(*run, o);

  std::deque<std::unique_ptr<ConvertContext>> parts; // alive until the writers stopped
  std::map<std::string, std::string>          sopPaths;
  unsigned int                                completed = 0; // series numbered so far
  const auto                                  convertCompleted = [&](ScannerType * scanner) {
    parts.push_back(std::make_unique<ConvertContext>());
    ConvertContext & part = *parts.back();
    part.Opts = o;
    part.Extension = "." + o.Format;
    part.Run = run;
    part.Scanner = scanner->GetCompletedSeriesScan(); // the headers already read: no second pass
    part.Series = OrderSeries(part.Scanner);
    for (SeriesEntry & e : part.Series)
    {
      e.Index = ++completed;
    }
    std::map<size_t, std::string> layoutErrors;
    BuildRows(part, 3, layoutErrors, sopPaths);
    if (o.MaxMemoryMB == 0)
    {
      double largest = 0.0;
      for (const ManifestRow & r : part.Rows)
      {
        largest = std::max(largest, r.Bytes);
      }
      run->Memory->RaiseLimit(DefaultMemoryBudget(largest));
    }
    part.BatchBudget = run->Memory->GetLimit() / 2.0;
    PrepareRows(part, layoutErrors);
    ConvertSeries(part);
  };
  const ScannerType::Pointer scanner = Scan(o, [&convertCompleted, &o](ScannerType * s) {
    s->SetSeriesCompleteAtFolderEnd(o.StreamByFolder);
    s->SetSeriesCompleteAfterUIDPass(!o.StreamByFolder);
    s->AddObserver(itk::ParallelSeriesSeriesCompletedEvent(),
                   [&convertCompleted, s](const itk::EventObject &) { convertCompleted(s); });
  });
  if (!scanner)
  {
    run->Writer->Stop();
    return ExitFailure;
  }
  {
    // The writers may still print their "wrote" lines: one whole line each.
    std::lock_guard<std::mutex> lock(run->OutputMutex);
    std::cerr << ProgramName << ": --stream: scan finished (" << scanner->GetNumberOfScannedFiles() << " entries, "
              << completed << " series completed)" << std::endl;
  }
  if (completed == 0)
  {
    std::cerr << ProgramName << ": warning: no DICOM series found in \""
              << (o.FilesFrom.empty() ? o.InputDirectory : o.FilesFrom) << "\""
              << (o.Recursive || !o.FilesFrom.empty() ? "" : " (--no-recursive: sub-directories not scanned)")
              << std::endl;
  }
  run->Writer->Stop();
  run->Progress->Finish();

  // The manifest in the order of a conversion without --stream (study, series number,
  // identifier: the whole scan's); a series it does not name (see SetSeriesCompleteAtFolderEnd())
  // after those, in the order of completion.
  std::map<std::string, size_t> position;
  for (const std::string & uid : scanner->GetSeriesUIDs())
  {
    position.emplace(uid, position.size());
  }
  std::vector<std::pair<std::pair<size_t, size_t>, const ManifestRow *>> keyed;
  for (const auto & part : parts)
  {
    for (const ManifestRow & r : part->Rows)
    {
      const auto   it = position.find(r.Series->Identifier);
      const size_t p = it != position.end() ? it->second : position.size() + r.Series->Index;
      keyed.push_back({ { p, keyed.size() }, &r });
    }
  }
  std::sort(keyed.begin(), keyed.end(), [](const auto & a, const auto & b) { return a.first < b.first; });
  std::vector<ManifestRow> rows;
  for (const auto & k : keyed)
  {
    rows.push_back(*k.second);
  }
  return Report(o, *run, rows, completed, scanner, false, std::string());
}
} // namespace

int
RunConvert(const Options & o)
{
  if (o.Stream)
  {
    return RunConvertStreaming(o);
  }
  ConvertContext ctx;
  ctx.Opts = o;
  ctx.Extension = "." + o.Format;

  ctx.Scanner = Scan(o);
  if (!ctx.Scanner)
  {
    return ExitFailure;
  }
  // One SOURCE file and an OUTPUT that is not an existing directory: OUTPUT is the output file
  // (dicom-preprocessing's main.rs:get_output_path()); written into its directory under the
  // format's extension, then renamed.
  const bool        singleOutput = SingleFileSource(o) && !itksys::SystemTools::FileIsDirectory(o.OutputDirectory);
  const std::string singleTarget = o.OutputDirectory;
  if (singleOutput)
  {
    const std::string parent = itksys::SystemTools::GetFilenamePath(o.OutputDirectory);
    ctx.Opts.OutputDirectory = parent.empty() ? std::string(".") : parent;
  }
  if (!itksys::SystemTools::MakeDirectory(ctx.Opts.OutputDirectory))
  {
    std::cerr << ProgramName << ": cannot create the output directory \"" << ctx.Opts.OutputDirectory << "\""
              << std::endl;
    return ExitFailure;
  }
  ctx.Series = OrderSeries(ctx.Scanner);
  // Output names count the series of the whole input, selected or not (a selection's files are
  // named as in the whole conversion).
  const size_t digits = std::max<size_t>(
    3,
    std::to_string(o.SeriesIndexCount > 0 ? o.SeriesIndexCount : static_cast<unsigned int>(ctx.Series.size())).size());
  if (!SelectSeries(o, ctx.Series))
  {
    return ExitFailure;
  }
  if (o.SeriesIndexFirst > 0)
  {
    // --series-index K/N: the numbers these series have in a conversion of N series.
    if (ctx.Series.size() > o.SeriesIndexCount - o.SeriesIndexFirst + 1)
    {
      std::cerr << ProgramName << ": --series-index " << o.SeriesIndexFirst << "/" << o.SeriesIndexCount << ": "
                << ctx.Series.size() << " series to convert do not fit in the numbers " << o.SeriesIndexFirst << " to "
                << o.SeriesIndexCount << std::endl;
      return ExitUsage;
    }
    for (size_t i = 0; i < ctx.Series.size(); ++i)
    {
      ctx.Series[i].Index = o.SeriesIndexFirst + static_cast<unsigned int>(i);
    }
  }
  if (ctx.Series.empty())
  {
    std::cerr << ProgramName << ": warning: no DICOM series found in \""
              << (o.FilesFrom.empty() ? o.InputDirectory : o.FilesFrom) << "\""
              << (o.Recursive || !o.FilesFrom.empty() ? "" : " (--no-recursive: sub-directories not scanned)")
              << std::endl;
  }

  std::map<size_t, std::string>      layoutErrors; ///< row -> why --layout sop cannot name it
  std::map<std::string, std::string> sopPaths;     ///< --layout sop: path -> the series that has it
  const double                       totalBytes = BuildRows(ctx, digits, layoutErrors, sopPaths);

  std::string singleRename; ///< the written file to rename to singleTarget
  if (singleOutput)
  {
    if (ctx.Rows.size() != 1)
    {
      std::cerr << ProgramName << ": \"" << singleTarget << "\" is not a directory, so it names the one output of \""
                << o.InputDirectory << "\", but that file gives " << ctx.Rows.size()
                << " outputs: give an existing directory as OUTPUT" << std::endl;
      return ExitFailure;
    }
    const std::string name = itksys::SystemTools::GetFilenameName(singleTarget);
    const bool        hasExtension =
      name.size() > ctx.Extension.size() &&
      name.compare(name.size() - ctx.Extension.size(), ctx.Extension.size(), ctx.Extension) == 0;
    ctx.Rows.front().Path = hasExtension ? name : name + ctx.Extension;
    if (!hasExtension)
    {
      singleRename = ctx.Opts.OutputDirectory + "/" + ctx.Rows.front().Path;
    }
    ctx.SingleTarget = singleTarget;
  }

  const bool showProgress = PARALLELSERIES_ISATTY(2) != 0;
  ctx.Run->Progress = std::make_unique<ProgressBar>(showProgress, totalBytes, ctx.Rows.size());
  const size_t kept = PrepareRows(ctx, layoutErrors);
  // The memory bound: --max-memory, or DefaultMemoryBudget() of the largest volume to convert.
  // Batches take at most half of it, so that one is read while the one before is written.
  double largest = 0.0;
  for (size_t i = 0; i < ctx.Rows.size(); ++i)
  {
    largest = ctx.Kept[i] ? largest : std::max(largest, ctx.Rows[i].Bytes);
  }
  ctx.Run->Memory = std::make_unique<MemoryBudget>(
    o.MaxMemoryMB > 0 ? static_cast<double>(o.MaxMemoryMB) * 1024.0 * 1024.0 : DefaultMemoryBudget(largest));
  ctx.BatchBudget = ctx.Run->Memory->GetLimit() / 2.0;
  if (kept > 0)
  {
    std::cerr << ProgramName << ": --resume: " << kept << " of " << ctx.Rows.size() << " volumes already complete in \""
              << ctx.Opts.OutputDirectory << "\", kept" << std::endl;
  }
  StartWriters(*ctx.Run, o);

  ConvertSeries(ctx);
  ctx.Run->Writer->Stop();
  ctx.Run->Progress->Finish();
  if (!singleRename.empty() && ctx.Rows.front().Ok)
  {
    const std::string renameError = ReplaceFile(singleRename, singleTarget);
    if (renameError.empty())
    {
      ctx.Rows.front().Path = itksys::SystemTools::GetFilenameName(singleTarget);
    }
    else
    {
      ctx.Rows.front().Ok = false;
      ctx.Rows.front().Error = renameError;
    }
  }

  return Report(o, *ctx.Run, ctx.Rows, ctx.Series.size(), ctx.Scanner, singleOutput, singleTarget);
}
} // namespace ParallelSeriesApp
