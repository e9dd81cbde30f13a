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
#ifndef ParallelSeriesTextFormats_h
#define ParallelSeriesTextFormats_h

// Text formats of parallel-series' outputs: numbers (shortest round-trip and rounded), JSON
// strings and numbers, CSV fields, byte counts, and file-name-safe text (Sanitize).

#include <cstddef>
#include <string>

namespace ParallelSeriesApp
{
/** Shortest decimal representation that reads back to the same double; "nan"/"inf" kept. */
std::string
FormatDouble(double v);

/** Rounded representation for tables. */
std::string
FormatShort(double v);

/** A JSON string literal: UTF-8 kept, other bytes (e.g. Latin-1) as \\u00XX code points,
 * control characters escaped. */
std::string
JsonString(const std::string & s);

/** A JSON number (FormatDouble), null when not finite. */
std::string
JsonNumber(double v);

/** A CSV field, quoted when it holds a comma, a quote, a line break or edge spaces. */
std::string
CsvField(const std::string & s);

/** Keeps [A-Za-z0-9_-]; every run of other characters becomes one '_'; at most maxLength. */
std::string
Sanitize(const std::string & s, const std::string & fallback, size_t maxLength = 40);

/** "12.3 MiB": binary units, one decimal (none for bytes). */
std::string
FormatBytes(double bytes);
} // namespace ParallelSeriesApp

#endif
