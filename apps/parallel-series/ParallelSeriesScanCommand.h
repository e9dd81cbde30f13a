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
#ifndef ParallelSeriesScanCommand_h
#define ParallelSeriesScanCommand_h

// The scan command of parallel-series: scans a directory (headers only) and prints one line per
// series, or a JSON object with the series and the skipped files. Scan() is shared with convert.

#include "ParallelSeriesCommandLine.h"
#include "ParallelSeriesSeriesOrder.h"

#include <functional>

namespace ParallelSeriesApp
{
/** Whether the SOURCE (o.InputDirectory) is one file to convert: not a directory and not a .txt
 * file list (dicom-preprocessing's SOURCE forms). */
bool
SingleFileSource(const Options & o);

/** Scans o.InputDirectory (o.Recursive, o.MaxDepth; a .txt file: the paths it lists, one a line;
 * any other file: that file), or the files listed in o.FilesFrom, with the input options
 * (o.IgnoreDerived, o.IgnoreLocalizers, --split-by, o.PerFile, o.Threads). When it does not exist
 * or the scan fails, prints "cannot scan DIR: reason" on stderr and returns null (scan and
 * convert then exit with ExitFailure). \c beforeUpdate, when given, is called with the configured
 * scanner just before its Update() (convert --stream adds its observer there); what it throws
 * is reported the same way. */
ScannerType::Pointer
Scan(const Options & o, const std::function<void(ScannerType *)> & beforeUpdate = {});

/** Gives \c scanner the input options of \c o that shape series (o.Recursive, o.MaxDepth,
 * o.IgnoreDerived, o.IgnoreLocalizers, --split-by, o.PerFile, o.Threads), not its input. */
void
ConfigureScanner(const Options & o, ScannerType * scanner);

/** Keeps the series of o.SeriesSelection (identifier or SeriesInstanceUID; all when empty),
 * in their order and with their Index (so that a selection's output names are those of the whole
 * conversion). Returns false, after naming the unknown ones on stderr, when one matches no
 * series. */
bool
SelectSeries(const Options & o, std::vector<SeriesEntry> & series);

/** parallel-series scan: returns the exit status. */
int
RunScan(const Options & o);
} // namespace ParallelSeriesApp

#endif
