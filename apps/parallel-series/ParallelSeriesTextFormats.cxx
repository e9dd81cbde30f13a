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

// Text formats of parallel-series' outputs (JSON, CSV, numbers, file names).

#include "ParallelSeriesTextFormats.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <sstream>

namespace ParallelSeriesApp
{
/** Shortest decimal representation that reads back to the same double; "nan"/"inf" kept. */
std::string
FormatDouble(double v)
{
  if (!std::isfinite(v))
  {
    return std::isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf");
  }
  if (v == 0.0)
  {
    return "0"; // also for -0
  }
  char       buffer[64];
  const auto r = std::to_chars(buffer, buffer + sizeof(buffer), v);
  return std::string(buffer, r.ptr);
}

/** Rounded representation for tables. */
std::string
FormatShort(double v)
{
  std::ostringstream os;
  os << std::setprecision(6) << v;
  return os.str();
}

std::string
JsonString(const std::string & s)
{
  std::string out = "\"";
  for (size_t i = 0; i < s.size();)
  {
    const auto c = static_cast<unsigned char>(s[i]);
    // Length of a valid UTF-8 sequence starting at i, 0 when invalid.
    size_t length = 0;
    if (c < 0x80)
    {
      length = 1;
    }
    else if (c >= 0xC2 && c <= 0xF4)
    {
      const size_t n = c < 0xE0 ? 2 : (c < 0xF0 ? 3 : 4);
      if (i + n <= s.size())
      {
        bool valid = true;
        for (size_t k = 1; k < n; ++k)
        {
          valid = valid && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        }
        const auto c1 = static_cast<unsigned char>(s[i + 1]);
        valid = valid && !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0) && !(c == 0xF0 && c1 < 0x90) &&
                !(c == 0xF4 && c1 >= 0x90);
        length = valid ? n : 0;
      }
    }
    if (length == 0)
    {
      // Not UTF-8 (DICOM's default character repertoire is often Latin-1): code point = byte.
      char escaped[8];
      std::snprintf(escaped, sizeof(escaped), "\\u%04x", static_cast<unsigned int>(c));
      out += escaped;
      ++i;
      continue;
    }
    if (length > 1)
    {
      out.append(s, i, length);
      i += length;
      continue;
    }
    switch (c)
    {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7F)
        {
          char escaped[8];
          std::snprintf(escaped, sizeof(escaped), "\\u%04x", static_cast<unsigned int>(c));
          out += escaped;
        }
        else
        {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  return out + "\"";
}

std::string
JsonNumber(double v)
{
  return std::isfinite(v) ? FormatDouble(v) : "null";
}

std::string
CsvField(const std::string & s)
{
  if (s.find_first_of(",\"\r\n") == std::string::npos && (s.empty() || (s.front() != ' ' && s.back() != ' ')))
  {
    return s;
  }
  std::string out = "\"";
  for (const char c : s)
  {
    out += c;
    if (c == '"')
    {
      out += '"';
    }
  }
  return out + "\"";
}

/** Keeps [A-Za-z0-9_-]; every run of other characters becomes one '_'; at most maxLength. */
std::string
Sanitize(const std::string & s, const std::string & fallback, size_t maxLength)
{
  std::string out;
  bool        separator = false;
  for (const char c : s)
  {
    const bool keep =
      (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!keep)
    {
      separator = true;
      continue;
    }
    if (separator && !out.empty())
    {
      out += '_';
    }
    separator = false;
    out += c;
  }
  if (out.size() > maxLength)
  {
    out.resize(maxLength);
  }
  while (!out.empty() && out.back() == '_')
  {
    out.pop_back();
  }
  return out.empty() ? fallback : out;
}

std::string
FormatBytes(double bytes)
{
  const char * units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
  int          u = 0;
  while (bytes >= 1024.0 && u < 4)
  {
    bytes /= 1024.0;
    ++u;
  }
  std::ostringstream os;
  os << std::fixed << std::setprecision(u == 0 ? 0 : 1) << bytes << " " << units[u];
  return os.str();
}
} // namespace ParallelSeriesApp
