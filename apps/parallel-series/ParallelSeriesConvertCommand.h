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
#ifndef ParallelSeriesConvertCommand_h
#define ParallelSeriesConvertCommand_h

// The convert command of parallel-series: every volume of every series to OUTDIR in its native
// pixel type, optionally preprocessed, with OUTDIR/manifest.csv.
//
// Series are grouped by (component type, samples per pixel) as reported by the scanner and each
// group is read by one ParallelSeriesReader<itk::Image<T, 3>> that shares the single scanner (the
// directory is parsed once), in batches bounded by --max-memory (ParallelSeriesMemoryBudget.h:
// volumes being read and volumes waiting to be written together). A volume is handed to the writer
// threads (ParallelSeriesWriterQueue.h, as many as --threads) as soon as
// ParallelSeriesVolumeCompletedEvent reports it complete, so files are written while the other
// volumes are still being decoded, and several files are encoded at once. Writer threads never
// touch the reader: each writes a new image object that shares the finished volume's pixel
// buffer (ParallelSeriesPreprocessAndWrite.h); the reader releases its output as soon as the
// completion event returns, so the pixels are freed when the write job ends.

#include "ParallelSeriesCommandLine.h"

namespace ParallelSeriesApp
{
/** parallel-series convert: returns the exit status. */
int
RunConvert(const Options & o);
} // namespace ParallelSeriesApp

#endif
