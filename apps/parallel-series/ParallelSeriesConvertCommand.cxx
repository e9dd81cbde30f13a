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
#include "ParallelSeriesManifest.h"
#include "ParallelSeriesPreprocessAndWrite.h"
#include "ParallelSeriesProgressBar.h"
#include "ParallelSeriesScanCommand.h"
#include "ParallelSeriesSeriesOrder.h"
#include "ParallelSeriesTextFormats.h"
#include "ParallelSeriesWriterQueue.h"

#include "itkImage.h"
#include "itkImageIOBase.h"
#include "itkImageIOFactory.h"
#include "itkMultiThreaderBase.h"
#include "itkOutputWindow.h"
#include "itkParallelSeriesReader.h"
#include "itkParallelSeriesVolumeCompletedEvent.h"
#include "itkRGBPixel.h"
#include "itksys/SystemTools.hxx"

#include <algorithm>
#include <atomic>
#include <deque>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

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
  return static_cast<double>(s.Columns) * s.Rows * std::max(1u, s.NumberOfSlices) * std::max(1u, s.SamplesPerPixel) *
         itk::ParallelSeriesComponentTypes::ComponentSize(s.ComponentType);
}

struct ConvertContext
{
  Options                                                Opts;
  std::string                                            Extension;
  ScannerType::Pointer                                   Scanner;
  std::vector<SeriesEntry>                               Series;
  std::vector<ManifestRow>                               Rows; ///< never resized once reading starts
  std::map<std::pair<std::string, unsigned int>, size_t> RowOfVolume;
  std::unique_ptr<WriterQueue>                           Writer;
  std::unique_ptr<ProgressBar>                           Progress;
  double                                                 BatchBudget{ 0.0 }; ///< bytes
  std::deque<std::pair<std::shared_ptr<void>, size_t>>   Pending;            ///< batches being written, job count
};

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
  ctx.Progress->VolumeDone(r.Bytes, false);
}

/** Reader, outputs and bookkeeping of one batch of series of one pixel type. */
template <typename TImage>
struct Batch
{
  using ReaderType = itk::ParallelSeriesReader<TImage>;
  typename ReaderType::Pointer          Reader;
  std::vector<typename TImage::Pointer> Outputs;
  std::vector<size_t>                   RowOfOutput;
  std::unique_ptr<std::atomic<bool>[]>  Enqueued;
};

template <typename TImage>
void
EnqueueWrite(ConvertContext & ctx, Batch<TImage> & batch, unsigned int output)
{
  if (batch.Enqueued[output].exchange(true))
  {
    return;
  }
  const size_t                   row = batch.RowOfOutput[output];
  const typename TImage::Pointer volume = batch.Outputs[output];
  ConvertContext *               context = &ctx;
  ctx.Writer->Enqueue([context, row, volume]() {
    ManifestRow &     r = context->Rows[row];
    const std::string path = context->Opts.OutputDirectory + "/" + r.Path;
    const auto        size = volume->GetLargestPossibleRegion().GetSize();
    for (unsigned int d = 0; d < 3; ++d)
    {
      r.Size[d] = size[d];
    }
    std::string error;
    try
    {
      error = PreprocessAndWrite<typename TImage::PixelType>(context->Opts, volume, path, r);
    }
    catch (const std::exception & e) // itk::ExceptionObject included; the job must not throw
    {
      const auto * itkException = dynamic_cast<const itk::ExceptionObject *>(&e);
      error = "cannot write \"" + path + "\": " + (itkException ? itkException->GetDescription() : e.what());
    }
    if (error.empty())
    {
      r.Ok = true;
    }
    else
    {
      r.Error = error;
    }
    context->Progress->VolumeDone(r.Bytes, r.Ok);
  });
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
    const double bytes = VolumeBytes(*ctx.Series[s].Summary) * std::max(1u, ctx.Series[s].Summary->NumberOfVolumes);
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
    auto                                batch = std::make_shared<BatchType>();
    ScannerType::SeriesUIDContainerType selection;
    std::vector<size_t>                 rows;
    double                              bytes = 0.0;
    for (const size_t s : members)
    {
      selection.push_back(ctx.Series[s].Identifier);
      for (unsigned int v = 0; v < ctx.Series[s].Summary->NumberOfVolumes; ++v)
      {
        const size_t row = ctx.RowOfVolume.at({ ctx.Series[s].Identifier, v });
        rows.push_back(row);
        bytes += ctx.Rows[row].Bytes;
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
    ctx.Progress->BeginBatch(bytes);
    try
    {
      reader->UpdateOutputInformation();
      const unsigned int n = reader->GetNumberOfVolumes();
      batch->Outputs.resize(n);
      batch->RowOfOutput.resize(n);
      batch->Enqueued.reset(new std::atomic<bool>[n]()); // value-initialized: false
      for (unsigned int i = 0; i < n; ++i)
      {
        const auto & info = reader->GetVolumeInfo(i);
        batch->Outputs[i] = reader->GetOutput(i);
        batch->RowOfOutput[i] = ctx.RowOfVolume.at({ info.SeriesIdentifier, info.VolumeIndex });
        batch->Enqueued[i].store(false);
        ctx.Rows[batch->RowOfOutput[i]].Files = info.FileNames.size();
      }

      // Progress (calling thread) and completed volumes (pool threads: only queue the write).
      // (AddObserver(event, function) wraps the lambdas in itk::FunctionCommand.)
      reader->AddObserver(itk::ProgressEvent(), [&ctx, reader](const itk::EventObject &) {
        ctx.Progress->SetReaderProgress(reader->GetProgress());
      });
      BatchType * b = batch.get();
      reader->AddObserver(itk::ParallelSeriesVolumeCompletedEvent(), [&ctx, b](const itk::EventObject & event) {
        const auto * e = dynamic_cast<const itk::ParallelSeriesVolumeCompletedEvent *>(&event);
        if (e == nullptr || e->GetVolumeIndex() >= b->Outputs.size())
        {
          return;
        }
        ctx.Progress->VolumeRead(ctx.Rows[b->RowOfOutput[e->GetVolumeIndex()]].Bytes);
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
        if (!batch->Enqueued[i].load() && reader->GetVolumeInfo(i).Failed)
        {
          const auto & info = reader->GetVolumeInfo(i);
          MarkFailed(ctx, batch->RowOfOutput[i], info.FailedFile, info.FailureReason);
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
      ctx.Progress->EndBatch();
      ctx.Writer->WaitUntilDone(ctx.Writer->GetNumberOfEnqueuedJobs()); // before the outputs go
      continue;
    }

    // Failed volumes; volumes whose completion was not reported are written now.
    for (unsigned int i = 0; i < batch->Outputs.size(); ++i)
    {
      const auto & info = reader->GetVolumeInfo(i);
      if (info.Failed)
      {
        MarkFailed(ctx, batch->RowOfOutput[i], info.FailedFile, info.FailureReason);
      }
      else
      {
        EnqueueWrite<ImageType>(ctx, *batch, i);
      }
    }
    // A volume of a selected series that the reader did not produce (should not happen).
    for (const size_t row : rows)
    {
      if (std::find(batch->RowOfOutput.begin(), batch->RowOfOutput.end(), row) == batch->RowOfOutput.end())
      {
        MarkFailed(ctx, row, "", "the reader produced no output for this volume");
      }
    }
    ctx.Progress->EndBatch();

    // Keep at most one batch being written while the next one is read (memory bound).
    ctx.Pending.emplace_back(batch, ctx.Writer->GetNumberOfEnqueuedJobs());
    while (ctx.Pending.size() > 1)
    {
      ctx.Writer->WaitUntilDone(ctx.Pending.front().second);
      ctx.Pending.pop_front();
    }
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
} // namespace

int
RunConvert(const Options & o)
{
  ConvertContext ctx;
  ctx.Opts = o;
  ctx.Extension = "." + o.Format;
  ctx.BatchBudget = static_cast<double>(o.MaxMemoryMB) * 1024.0 * 1024.0 / 2.0;

  ctx.Scanner = Scan(o);
  if (!ctx.Scanner)
  {
    return ExitFailure;
  }
  if (!itksys::SystemTools::MakeDirectory(o.OutputDirectory))
  {
    std::cerr << ProgramName << ": cannot create the output directory \"" << o.OutputDirectory << "\"" << std::endl;
    return ExitFailure;
  }
  ctx.Series = OrderSeries(ctx.Scanner);
  if (ctx.Series.empty())
  {
    std::cerr << ProgramName << ": warning: no DICOM series found in \"" << o.InputDirectory << "\""
              << (o.Recursive ? "" : " (use --recursive to scan sub-directories)") << std::endl;
  }

  // One manifest row per volume (one per series without volume), in output order.
  const size_t digits = std::max<size_t>(3, std::to_string(ctx.Series.size()).size());
  double       totalBytes = 0.0;
  for (const SeriesEntry & e : ctx.Series)
  {
    const SummaryType & s = *e.Summary;
    std::ostringstream  stem;
    stem << std::setw(static_cast<int>(digits)) << std::setfill('0') << e.Index << "_"
         << Sanitize(s.SeriesNumber, "x", 12) << "_" << Sanitize(s.SeriesDescription, "noname");
    const unsigned int volumes = std::max(1u, s.NumberOfVolumes);
    for (unsigned int v = 0; v < volumes; ++v)
    {
      ManifestRow r;
      r.Series = &e;
      r.Volume = v;
      r.Path = stem.str() + (s.NumberOfVolumes > 1 ? "_vol" + std::to_string(v) : std::string()) + ctx.Extension;
      r.Size[0] = s.Columns;
      r.Size[1] = s.Rows;
      r.Size[2] = s.NumberOfSlices;
      for (unsigned int d = 0; d < 3; ++d)
      {
        r.Spacing[d] = s.Spacing[d];
      }
      r.Files = s.NumberOfVolumes > 0 ? s.NumberOfFiles / s.NumberOfVolumes : s.NumberOfFiles;
      r.Bytes = VolumeBytes(s);
      totalBytes += r.Bytes;
      ctx.RowOfVolume[{ e.Identifier, v }] = ctx.Rows.size();
      ctx.Rows.push_back(r);
    }
  }

  const bool showProgress = PARALLELSERIES_ISATTY(2) != 0;
  ctx.Progress = std::make_unique<ProgressBar>(showProgress, totalBytes, ctx.Rows.size());
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
  ctx.Writer = std::make_unique<WriterQueue>(o.Threads > 0 ? o.Threads
                                                           : itk::MultiThreaderBase::GetGlobalDefaultNumberOfThreads());
  ctx.Writer->Start();

  // Inconsistent series fail now; the others are grouped by native pixel type.
  std::map<GroupKey, std::vector<size_t>> groups;
  for (size_t i = 0; i < ctx.Series.size(); ++i)
  {
    const SummaryType & s = *ctx.Series[i].Summary;
    if (s.NumberOfVolumes == 0)
    {
      MarkFailed(ctx,
                 ctx.RowOfVolume.at({ ctx.Series[i].Identifier, 0u }),
                 "",
                 s.Error.empty() ? std::string("the series has no consistent volume") : s.Error);
      continue;
    }
    groups[{ s.ComponentType, s.SamplesPerPixel }].push_back(i);
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
        for (unsigned int v = 0; v < ctx.Series[s].Summary->NumberOfVolumes; ++v)
        {
          MarkFailed(ctx, ctx.RowOfVolume.at({ ctx.Series[s].Identifier, v }), "", msg.str());
        }
      }
    }
  }
  ctx.Writer->Stop();
  ctx.Pending.clear();
  ctx.Progress->Finish();

  int               status = ExitOK;
  const std::string manifest = o.OutputDirectory + "/manifest.csv";
  const std::string manifestError = WriteManifest(ctx.Rows, manifest);
  if (!manifestError.empty())
  {
    std::cerr << ProgramName << ": cannot write the manifest \"" << manifest << "\": " << manifestError << std::endl;
    status = ExitFailure;
  }
  size_t failed = 0;
  for (const ManifestRow & r : ctx.Rows)
  {
    failed += r.Ok ? 0 : 1;
  }
  // Files that belong to no series (not DICOM, unreadable, damaged header, loops): not an error
  // by themselves, but said (as "scan" does).
  const auto & skipped = ctx.Scanner->GetSkippedFiles();
  if (!skipped.empty())
  {
    std::cerr << ProgramName << ": " << skipped.size() << " file(s) skipped (not part of any series):" << std::endl;
    const size_t shown = std::min<size_t>(skipped.size(), 20);
    for (size_t i = 0; i < shown; ++i)
    {
      std::cerr << "  skipped \"" << skipped[i].FileName << "\": " << skipped[i].Reason << std::endl;
    }
    if (shown < skipped.size())
    {
      std::cerr << "  ... and " << (skipped.size() - shown) << " more (\"scan --json\" lists all)" << std::endl;
    }
  }
  std::cerr << ProgramName << ": " << (ctx.Rows.size() - failed) << " of " << ctx.Rows.size() << " volumes of "
            << ctx.Series.size() << " series written to \"" << o.OutputDirectory << "\"" << std::endl;
  if (failed > 0)
  {
    std::cerr << ProgramName << ": " << failed << " volume(s) failed:" << std::endl;
    for (const ManifestRow & r : ctx.Rows)
    {
      if (r.Ok)
      {
        continue;
      }
      const SummaryType & s = *r.Series->Summary;
      std::cerr << "  series " << r.Series->Index << " \"" << s.SeriesDescription << "\" (number " << s.SeriesNumber
                << ", " << r.Series->Identifier << ")";
      if (s.NumberOfVolumes > 1)
      {
        std::cerr << " volume " << r.Volume;
      }
      std::cerr << ": ";
      if (!r.FailedFile.empty())
      {
        std::cerr << "file \"" << r.FailedFile << "\": ";
      }
      std::cerr << r.Error << std::endl;
    }
    status = ExitFailure;
  }
  return status;
}
} // namespace ParallelSeriesApp
