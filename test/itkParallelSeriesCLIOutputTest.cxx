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

// Checks of the parallel-series command-line tool. Modes:
//
//   itkParallelSeriesCLIOutputTest [--recursive] [--allow-stock-failures] [--expect-volumes N]
//                                  [--expect-failed N] [--expected-failures LIST] OUTDIR SRCDIR
//       Reads OUTDIR/manifest.csv written by "parallel-series convert SRCDIR OUTDIR" and checks
//       every volume against stock ITK (ImageSeriesReader + GDCMImageIO on the volume's files,
//       as ParallelGDCMSeriesFileNames lists them): pixels, geometry (1e-4), native pixel type
//       of the written file, and that every volume of the scan has exactly one row. A failed
//       row is an error unless its error names a file listed in the file given with
//       --expected-failures, or --allow-stock-failures is given and stock ITK fails on it too.
//       --expect-volumes, --expect-failed: the number of converted (status ok) volumes, and of
//       failed volumes (whose error must name the failed file).
//       Preprocessing options as the tool's (--crop, --crop-max, --size W,H, --filter F,
//       --padding P, --volume V): the reference is stock ITK's volume through
//       itk::PreprocessImageFilter with the same settings, pixels must be equal; RGB volumes must
//       then fail with the tool's "grayscale pixel types only" error. TIFF files (.tiff) are read
//       with libtiff: page layout and pixels, the preprocessing tags on every page (values, on-disk
//       types, their coordinate mapping against MapOutputIndexToInputIndex) and, for the series of
//       --generate-foreground, that the bright block's centre maps through the tags into the block.
//   itkParallelSeriesCLIOutputTest --generate DIR
//       Writes the multi-series test directory (ParallelSeriesTest::GenerateMultiSeriesDirectory).
//   itkParallelSeriesCLIOutputTest --generate-foreground DIR
//       Writes 3 series (unsigned short, short, unsigned char with a frame of 255) with a zero
//       background, a foreground rectangle and a bright block (ParallelSeriesCLITest).
//   itkParallelSeriesCLIOutputTest --generate-broken DIR
//       The same, with two series damaged so that one volume of each cannot be read (stock ITK
//       silently reads garbage for one of them); the damaged files are listed in DIR.failures.

//   itkParallelSeriesCLIOutputTest --generate-corpus DIR
//       Writes the bad-input corpus (itkParallelSeriesBadInputCorpus.h), DIR.failures (for
//       --expected-failures; "series ID" lines: series without volume) and DIR.expected-output.
//   itkParallelSeriesCLIOutputTest --check-json [--recursive] [--expect-series N]
//                                  [--expect-skipped N] CLI SRCDIR
//       Runs "CLI scan SRCDIR --json [--recursive]", parses its output and compares it with a
//       scan of SRCDIR.
//   itkParallelSeriesCLIOutputTest --run CODES [--expect-output FILE] [--] COMMAND [ARGS...]
//       Runs COMMAND and succeeds when its exit code is one of CODES (comma-separated) and, with
//       --expect-output, every line of FILE occurs in its standard output or error.

#include "itkParallelSeriesComponentTypes.h"
#include "itkParallelGDCMSeriesFileNames.h"
#include "itkImageFileReader.h"
#include "itkImageIOFactory.h"
#include "itkRGBPixel.h"
#include "itkParallelSeriesTestUtilities.h"
#include "itkParallelSeriesBadInputCorpus.h"
#include "itkParallelSeriesCLITIFFCheck.h"
#include "itksys/Process.h"
#include "itksys/SystemTools.hxx"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace
{
using ScannerType = itk::ParallelGDCMSeriesFileNames;
using SummaryType = ScannerType::SeriesSummary;

/** The tool's pixel_type column: the library's name (checked against literal names in
 * itkParallelSeriesGDCMHelpersTest). */
std::string
PixelTypeName(const SummaryType & s)
{
  return itk::ParallelSeriesComponentTypes::PixelTypeName(s.ComponentType, s.SamplesPerPixel);
}

ScannerType::Pointer
Rescan(const std::string & directory, bool recursive)
{
  auto scanner = ScannerType::New();
  scanner->SetInputDirectory(directory);
  scanner->SetRecursive(recursive);
  scanner->Update();
  return scanner;
}

//------------------------------------------------------------------------------------------
// Running a program
//------------------------------------------------------------------------------------------

/** Runs \c command; returns the exit code (-1 when it did not exit normally), stdout in
 * \c output (stderr is passed through). */
int
RunProgram(const std::vector<std::string> & command, std::string & output, std::string * errors = nullptr)
{
  std::vector<const char *> argv;
  for (const auto & a : command)
  {
    argv.push_back(a.c_str());
  }
  argv.push_back(nullptr);
  itksysProcess * process = itksysProcess_New();
  itksysProcess_SetCommand(process, argv.data());
  itksysProcess_SetTimeout(process, 600.0);
  itksysProcess_Execute(process);
  char * data = nullptr;
  int    length = 0;
  int    pipe;
  while ((pipe = itksysProcess_WaitForData(process, &data, &length, nullptr)) != 0)
  {
    if (pipe == itksysProcess_Pipe_STDOUT)
    {
      output.append(data, static_cast<size_t>(length));
    }
    else if (pipe == itksysProcess_Pipe_STDERR)
    {
      std::cerr.write(data, length);
      if (errors)
      {
        errors->append(data, static_cast<size_t>(length));
      }
    }
  }
  itksysProcess_WaitForExit(process, nullptr);
  int code = -1;
  switch (itksysProcess_GetState(process))
  {
    case itksysProcess_State_Exited:
      code = itksysProcess_GetExitValue(process);
      break;
    case itksysProcess_State_Exception:
      std::cerr << "\"" << command[0] << "\" crashed: " << itksysProcess_GetExceptionString(process) << std::endl;
      break;
    case itksysProcess_State_Error:
      std::cerr << "cannot run \"" << command[0] << "\": " << itksysProcess_GetErrorString(process) << std::endl;
      break;
    case itksysProcess_State_Expired:
      std::cerr << "\"" << command[0] << "\" timed out" << std::endl;
      break;
    default:
      std::cerr << "\"" << command[0] << "\" ended abnormally" << std::endl;
  }
  itksysProcess_Delete(process);
  return code;
}

int
RunMode(const std::vector<std::string> & args)
{
  // args: CODES [--] COMMAND ARGS...
  if (args.size() < 2)
  {
    std::cerr << "--run needs CODES and a COMMAND" << std::endl;
    return EXIT_FAILURE;
  }
  std::set<int>      codes;
  std::istringstream list(args[0]);
  std::string        item;
  while (std::getline(list, item, ','))
  {
    codes.insert(std::atoi(item.c_str()));
  }
  size_t      first = 1;
  std::string expectOutput; // a file: every line of it must occur in the command's stdout or stderr
  if (args[first] == "--expect-output" && first + 1 < args.size())
  {
    expectOutput = args[first + 1];
    first += 2;
  }
  if (first < args.size() && args[first] == "--")
  {
    ++first;
  }
  const std::vector<std::string> command(args.begin() + static_cast<std::ptrdiff_t>(first), args.end());
  if (command.empty())
  {
    std::cerr << "--run needs a COMMAND" << std::endl;
    return EXIT_FAILURE;
  }
  std::string output, errors;
  const int   code = RunProgram(command, output, &errors);
  std::cout << output;
  std::cout << "exit code " << code << " (expected one of " << args[0] << ")" << std::endl;
  bool ok = codes.count(code) > 0;
  if (!expectOutput.empty())
  {
    std::ifstream list(expectOutput);
    std::string   line;
    unsigned int  expected = 0;
    while (std::getline(list, line))
    {
      if (line.empty())
      {
        continue;
      }
      ++expected;
      if (output.find(line) == std::string::npos && errors.find(line) == std::string::npos)
      {
        std::cerr << "the output does not mention \"" << line << "\"" << std::endl;
        ok = false;
      }
    }
    std::cout << expected << " expected strings checked in the output" << std::endl;
    ok = ok && expected > 0;
  }
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}

//------------------------------------------------------------------------------------------
// Minimal JSON parser (the subset the tool writes: standard JSON)
//------------------------------------------------------------------------------------------

struct JsonValue
{
  enum class Kind
  {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object
  };
  Kind                                           Type{ Kind::Null };
  bool                                           Bool{ false };
  double                                         Number{ 0.0 };
  std::string                                    String;
  std::vector<JsonValue>                         Array;
  std::vector<std::pair<std::string, JsonValue>> Object;

  const JsonValue *
  Find(const std::string & key) const
  {
    for (const auto & kv : Object)
    {
      if (kv.first == key)
      {
        return &kv.second;
      }
    }
    return nullptr;
  }
};

class JsonParser
{
public:
  explicit JsonParser(const std::string & text)
    : m_Text(text)
  {}

  /** Throws std::runtime_error on a syntax error. */
  JsonValue
  Parse()
  {
    JsonValue v = this->Value();
    this->Space();
    if (m_Position != m_Text.size())
    {
      this->Fail("trailing characters");
    }
    return v;
  }

private:
  [[noreturn]] void
  Fail(const std::string & what) const
  {
    throw std::runtime_error("JSON: " + what + " at offset " + std::to_string(m_Position));
  }
  void
  Space()
  {
    while (m_Position < m_Text.size() && (m_Text[m_Position] == ' ' || m_Text[m_Position] == '\n' ||
                                          m_Text[m_Position] == '\r' || m_Text[m_Position] == '\t'))
    {
      ++m_Position;
    }
  }
  char
  Peek()
  {
    this->Space();
    if (m_Position >= m_Text.size())
    {
      this->Fail("unexpected end");
    }
    return m_Text[m_Position];
  }
  void
  Expect(char c)
  {
    if (this->Peek() != c)
    {
      this->Fail(std::string("expected '") + c + "'");
    }
    ++m_Position;
  }
  bool
  Literal(const char * word)
  {
    const std::string w(word);
    if (m_Text.compare(m_Position, w.size(), w) == 0)
    {
      m_Position += w.size();
      return true;
    }
    return false;
  }
  static void
  AppendUtf8(std::string & out, unsigned int cp)
  {
    if (cp < 0x80)
    {
      out += static_cast<char>(cp);
    }
    else if (cp < 0x800)
    {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    else if (cp < 0x10000)
    {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    else
    {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  unsigned int
  Hex4()
  {
    if (m_Position + 4 > m_Text.size())
    {
      this->Fail("short \\u escape");
    }
    unsigned int cp = 0;
    for (int k = 0; k < 4; ++k)
    {
      const char c = m_Text[m_Position++];
      cp <<= 4;
      if (c >= '0' && c <= '9')
      {
        cp |= static_cast<unsigned int>(c - '0');
      }
      else if (c >= 'a' && c <= 'f')
      {
        cp |= static_cast<unsigned int>(c - 'a' + 10);
      }
      else if (c >= 'A' && c <= 'F')
      {
        cp |= static_cast<unsigned int>(c - 'A' + 10);
      }
      else
      {
        this->Fail("bad \\u escape");
      }
    }
    return cp;
  }
  std::string
  StringValue()
  {
    this->Expect('"');
    std::string out;
    for (;;)
    {
      if (m_Position >= m_Text.size())
      {
        this->Fail("unterminated string");
      }
      const char c = m_Text[m_Position++];
      if (c == '"')
      {
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20)
      {
        this->Fail("control character in string");
      }
      if (c != '\\')
      {
        out += c;
        continue;
      }
      if (m_Position >= m_Text.size())
      {
        this->Fail("unterminated escape");
      }
      const char e = m_Text[m_Position++];
      switch (e)
      {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u':
        {
          unsigned int cp = this->Hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && m_Text.compare(m_Position, 2, "\\u") == 0)
          {
            m_Position += 2;
            const unsigned int low = this->Hex4();
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          AppendUtf8(out, cp);
          break;
        }
        default:
          this->Fail("bad escape");
      }
    }
  }
  JsonValue
  Value()
  {
    JsonValue  v;
    const char c = this->Peek();
    if (c == '{')
    {
      v.Type = JsonValue::Kind::Object;
      ++m_Position;
      if (this->Peek() == '}')
      {
        ++m_Position;
        return v;
      }
      for (;;)
      {
        std::string key = this->StringValue();
        this->Expect(':');
        v.Object.emplace_back(key, this->Value());
        if (this->Peek() == ',')
        {
          ++m_Position;
          continue;
        }
        this->Expect('}');
        return v;
      }
    }
    if (c == '[')
    {
      v.Type = JsonValue::Kind::Array;
      ++m_Position;
      if (this->Peek() == ']')
      {
        ++m_Position;
        return v;
      }
      for (;;)
      {
        v.Array.push_back(this->Value());
        if (this->Peek() == ',')
        {
          ++m_Position;
          continue;
        }
        this->Expect(']');
        return v;
      }
    }
    if (c == '"')
    {
      v.Type = JsonValue::Kind::String;
      v.String = this->StringValue();
      return v;
    }
    if (this->Literal("true") || this->Literal("false"))
    {
      v.Type = JsonValue::Kind::Bool;
      v.Bool = m_Text[m_Position - 1] == 'e' && m_Text[m_Position - 2] == 'u';
      return v;
    }
    if (this->Literal("null"))
    {
      return v;
    }
    const char * begin = m_Text.c_str() + m_Position;
    char *       end = nullptr;
    v.Number = std::strtod(begin, &end);
    if (end == begin)
    {
      this->Fail("unexpected character");
    }
    v.Type = JsonValue::Kind::Number;
    m_Position += static_cast<size_t>(end - begin);
    return v;
  }

  const std::string & m_Text;
  size_t              m_Position{ 0 };
};

bool
JsonNumberIs(const JsonValue * v, double expected, const std::string & what)
{
  if (v == nullptr || v->Type != JsonValue::Kind::Number ||
      std::abs(v->Number - expected) > 1e-9 * (1.0 + std::abs(expected)))
  {
    std::cerr << what << ": expected " << expected << ", got "
              << (v == nullptr
                    ? std::string("nothing")
                    : (v->Type == JsonValue::Kind::Number ? std::to_string(v->Number) : std::string("non-number")))
              << std::endl;
    return false;
  }
  return true;
}

bool
JsonStringIs(const JsonValue * v, const std::string & expected, const std::string & what)
{
  if (v == nullptr || v->Type != JsonValue::Kind::String || v->String != expected)
  {
    std::cerr << what << ": expected \"" << expected << "\", got "
              << (v && v->Type == JsonValue::Kind::String ? "\"" + v->String + "\"" : std::string("no string"))
              << std::endl;
    return false;
  }
  return true;
}

bool
JsonArrayIs(const JsonValue * v, const std::vector<double> & expected, const std::string & what)
{
  if (v == nullptr || v->Type != JsonValue::Kind::Array || v->Array.size() != expected.size())
  {
    std::cerr << what << ": expected an array of " << expected.size() << " numbers" << std::endl;
    return false;
  }
  bool ok = true;
  for (size_t i = 0; i < expected.size(); ++i)
  {
    ok = JsonNumberIs(&v->Array[i], expected[i], what + "[" + std::to_string(i) + "]") && ok;
  }
  return ok;
}

int
CheckJsonMode(const std::vector<std::string> & args)
{
  bool                     recursive = false;
  long                     expectedSeries = -1;
  long                     expectedSkipped = -1;
  std::vector<std::string> positional;
  for (size_t i = 0; i < args.size(); ++i)
  {
    if (args[i] == "--recursive")
    {
      recursive = true;
    }
    else if (args[i] == "--expect-series" && i + 1 < args.size())
    {
      expectedSeries = std::atol(args[++i].c_str());
    }
    else if (args[i] == "--expect-skipped" && i + 1 < args.size())
    {
      expectedSkipped = std::atol(args[++i].c_str());
    }
    else
    {
      positional.push_back(args[i]);
    }
  }
  if (positional.size() != 2)
  {
    std::cerr << "--check-json [--recursive] [--expect-series N] [--expect-skipped N] CLI SRCDIR" << std::endl;
    return EXIT_FAILURE;
  }
  std::vector<std::string> command = { positional[0], "scan", positional[1], "--json" };
  if (recursive)
  {
    command.emplace_back("--recursive");
  }
  std::string output;
  const int   code = RunProgram(command, output);
  if (code != 0)
  {
    std::cerr << "scan --json exited with " << code << std::endl;
    return EXIT_FAILURE;
  }
  JsonValue root;
  try
  {
    root = JsonParser(output).Parse();
  }
  catch (const std::exception & e)
  {
    std::cerr << e.what() << "\nOutput:\n" << output << std::endl;
    return EXIT_FAILURE;
  }
  const JsonValue * series = root.Find("series");
  const JsonValue * skipped = root.Find("skipped_files");
  if (root.Type != JsonValue::Kind::Object || series == nullptr || series->Type != JsonValue::Kind::Array ||
      skipped == nullptr || skipped->Type != JsonValue::Kind::Array)
  {
    std::cerr << "the JSON output is not an object with arrays \"series\" and \"skipped_files\"" << std::endl;
    return EXIT_FAILURE;
  }

  ScannerType::Pointer scanner = Rescan(positional[1], recursive);
  const auto &         uids = scanner->GetSeriesUIDs();
  bool                 ok = true;
  if (expectedSeries >= 0 && series->Array.size() != static_cast<size_t>(expectedSeries))
  {
    std::cerr << "expected " << expectedSeries << " series, the JSON lists " << series->Array.size() << std::endl;
    ok = false;
  }
  if (series->Array.size() != uids.size())
  {
    std::cerr << "the scan finds " << uids.size() << " series, the JSON lists " << series->Array.size() << std::endl;
    ok = false;
  }
  std::set<std::string> seen;
  std::set<double>      indices;
  for (const JsonValue & s : series->Array)
  {
    const JsonValue * id = s.Find("series_identifier");
    if (id == nullptr || id->Type != JsonValue::Kind::String ||
        std::find(uids.begin(), uids.end(), id->String) == uids.end() || !seen.insert(id->String).second)
    {
      std::cerr << "unknown or repeated series_identifier in the JSON" << std::endl;
      ok = false;
      continue;
    }
    const SummaryType & m = scanner->GetSeriesSummary(id->String);
    const std::string   what = "series " + id->String;
    if (const JsonValue * index = s.Find("index"))
    {
      indices.insert(index->Number);
    }
    ok = JsonStringIs(s.Find("series_instance_uid"), m.SeriesInstanceUID, what + " series_instance_uid") && ok;
    ok = JsonStringIs(s.Find("study_instance_uid"), m.StudyInstanceUID, what + " study_instance_uid") && ok;
    ok = JsonStringIs(s.Find("series_number"), m.SeriesNumber, what + " series_number") && ok;
    ok = JsonStringIs(s.Find("series_description"), m.SeriesDescription, what + " series_description") && ok;
    ok = JsonStringIs(s.Find("modality"), m.Modality, what + " modality") && ok;
    ok = JsonStringIs(s.Find("pixel_type"), PixelTypeName(m), what + " pixel_type") && ok;
    ok = JsonNumberIs(s.Find("files"), m.NumberOfFiles, what + " files") && ok;
    ok = JsonNumberIs(s.Find("volumes"), m.NumberOfVolumes, what + " volumes") && ok;
    ok = JsonNumberIs(s.Find("samples_per_pixel"), m.SamplesPerPixel, what + " samples_per_pixel") && ok;
    ok =
      JsonNumberIs(s.Find("total_file_bytes"), static_cast<double>(m.TotalFileBytes), what + " total_file_bytes") && ok;
    ok = JsonArrayIs(s.Find("size"), { double(m.Columns), double(m.Rows), double(m.NumberOfSlices) }, what + " size") &&
         ok;
    ok = JsonArrayIs(s.Find("spacing"), { m.Spacing[0], m.Spacing[1], m.Spacing[2] }, what + " spacing") && ok;
    ok = JsonArrayIs(s.Find("origin"), { m.Origin[0], m.Origin[1], m.Origin[2] }, what + " origin") && ok;
    const JsonValue * direction = s.Find("direction");
    if (direction == nullptr || direction->Type != JsonValue::Kind::Array || direction->Array.size() != 3)
    {
      std::cerr << what << ": direction is not a 3 x 3 array" << std::endl;
      ok = false;
    }
    else
    {
      for (unsigned int r = 0; r < 3; ++r)
      {
        ok = JsonArrayIs(&direction->Array[r],
                         { m.Direction[r][0], m.Direction[r][1], m.Direction[r][2] },
                         what + " direction row " + std::to_string(r)) &&
             ok;
      }
    }
    const JsonValue * error = s.Find("error");
    if ((error != nullptr) != !m.Error.empty() || (error && !JsonStringIs(error, m.Error, what + " error")))
    {
      std::cerr << what << ": error field does not match the scan (\"" << m.Error << "\")" << std::endl;
      ok = false;
    }
  }
  if (indices.size() != series->Array.size() ||
      (!indices.empty() && (*indices.begin() != 1.0 || *indices.rbegin() != double(indices.size()))))
  {
    std::cerr << "series indices are not 1.." << series->Array.size() << std::endl;
    ok = false;
  }
  if (expectedSkipped >= 0 && skipped->Array.size() != static_cast<size_t>(expectedSkipped))
  {
    std::cerr << "expected " << expectedSkipped << " skipped files, the JSON lists " << skipped->Array.size()
              << std::endl;
    ok = false;
  }
  if (skipped->Array.size() != scanner->GetSkippedFiles().size())
  {
    std::cerr << "the scan skips " << scanner->GetSkippedFiles().size() << " files, the JSON lists "
              << skipped->Array.size() << std::endl;
    ok = false;
  }
  for (size_t i = 0; i < skipped->Array.size() && i < scanner->GetSkippedFiles().size(); ++i)
  {
    ok = JsonStringIs(skipped->Array[i].Find("file"), scanner->GetSkippedFiles()[i].FileName, "skipped file") && ok;
    ok = JsonStringIs(skipped->Array[i].Find("reason"), scanner->GetSkippedFiles()[i].Reason, "skip reason") && ok;
  }
  std::cout << series->Array.size() << " series and " << skipped->Array.size() << " skipped files checked" << std::endl;
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}

//------------------------------------------------------------------------------------------
// Manifest and outputs
//------------------------------------------------------------------------------------------

/** Parses CSV (RFC 4180: quoted fields, doubled quotes, newlines inside quotes). */
std::vector<std::vector<std::string>>
ReadCsv(const std::string & fileName)
{
  std::ifstream                         in(fileName, std::ios::binary);
  const std::string                     text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string>              row;
  std::string                           field;
  bool                                  quoted = false;
  bool                                  any = false;
  for (size_t i = 0; i < text.size(); ++i)
  {
    const char c = text[i];
    any = true;
    if (quoted)
    {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
      {
        field += '"';
        ++i;
      }
      else if (c == '"')
      {
        quoted = false;
      }
      else
      {
        field += c;
      }
    }
    else if (c == '"')
    {
      quoted = true;
    }
    else if (c == ',')
    {
      row.push_back(field);
      field.clear();
    }
    else if (c == '\n')
    {
      row.push_back(field);
      field.clear();
      rows.push_back(row);
      row.clear();
      any = false;
    }
    else if (c != '\r')
    {
      field += c;
    }
  }
  if (any)
  {
    row.push_back(field);
    rows.push_back(row);
  }
  return rows;
}

/** Checks of a TIFF written by the tool against the expected image (stock ITK's, preprocessed
 * by \c filter when not null): pixels, tags on every page, the tags' coordinate mapping against
 * PreprocessImageFilter's, the on-disk tag types, and the foreground block of the generated
 * foreground series. */
template <typename TPixel, typename TFilter>
bool
CheckTIFF(const std::string &                        fileName,
          const itk::Image<TPixel, 3> *              expected,
          const TFilter *                            filter,
          const std::map<std::string, std::string> & row,
          const std::string &                        what,
          typename itk::Image<TPixel, 3>::Pointer &  written)
{
#ifdef PARALLELSERIES_TEST_HAVE_TIFF
  using ImageType = itk::Image<TPixel, 3>;
  std::vector<ParallelSeriesCLITest::TagValues> tags;
  const std::string error = ParallelSeriesCLITest::ReadTIFF<TPixel>(fileName, written, tags);
  if (!error.empty())
  {
    std::cerr << what << ": " << error << std::endl;
    return false;
  }
  // Pixels (the TIFF holds no geometry).
  if (written->GetLargestPossibleRegion().GetSize() != expected->GetLargestPossibleRegion().GetSize())
  {
    std::cerr << what << ": TIFF size " << written->GetLargestPossibleRegion().GetSize() << " (x, y, pages), expected "
              << expected->GetLargestPossibleRegion().GetSize() << std::endl;
    return false;
  }
  itk::ImageRegionConstIterator<ImageType> iw(written, written->GetLargestPossibleRegion());
  itk::ImageRegionConstIterator<ImageType> ie(expected, expected->GetLargestPossibleRegion());
  for (; !iw.IsAtEnd(); ++iw, ++ie)
  {
    if (iw.Get() != ie.Get())
    {
      std::cerr << what << ": TIFF pixel " << iw.GetIndex() << " (x, y, page) is " << iw.Get() << ", expected "
                << ie.Get() << std::endl;
      return false;
    }
  }
  // Tags: identical on every page, the filter's recorded values (identity without filter).
  const auto                       inSize = expected->GetLargestPossibleRegion().GetSize();
  ParallelSeriesCLITest::TagValues reference;
  const auto                       pages = static_cast<uint16_t>(inSize[2]);
  reference.PageNumber[0] = 0;
  reference.PageNumber[1] = pages;
  if (filter)
  {
    for (unsigned int d = 0; d < 2; ++d)
    {
      reference.Scale[d] = static_cast<float>(filter->GetScale()[d]);
      reference.CropSize[d] = static_cast<double>(filter->GetCropSize()[d]);
      reference.CropOrigin[d] = static_cast<double>(filter->GetCropOrigin()[d] +
                                                    static_cast<itk::IndexValueType>(filter->GetCropSize()[d] / 2));
    }
    for (unsigned int i = 0; i < 4; ++i)
    {
      reference.Padding[i] = static_cast<uint32_t>(filter->GetPadding()[i]);
    }
  }
  else
  {
    for (unsigned int d = 0; d < 2; ++d)
    {
      reference.Scale[d] = 1.0;
      reference.CropSize[d] = static_cast<double>(inSize[d]);
      reference.CropOrigin[d] = static_cast<double>(inSize[d] / 2);
    }
  }
  for (size_t p = 0; p < tags.size(); ++p)
  {
    if (!(tags[p] == reference))
    {
      const auto & t = tags[p];
      std::cerr << what << ": page " << p << " tags: scale " << t.Scale[0] << " " << t.Scale[1] << ", crop origin "
                << t.CropOrigin[0] << " " << t.CropOrigin[1] << ", crop size " << t.CropSize[0] << " " << t.CropSize[1]
                << ", padding " << t.Padding[0] << " " << t.Padding[1] << " " << t.Padding[2] << " " << t.Padding[3]
                << ", page number " << t.PageNumber[0] << " " << t.PageNumber[1] << "; expected scale "
                << reference.Scale[0] << " " << reference.Scale[1] << ", crop origin " << reference.CropOrigin[0] << " "
                << reference.CropOrigin[1] << ", crop size " << reference.CropSize[0] << " " << reference.CropSize[1]
                << ", padding " << reference.Padding[0] << " " << reference.Padding[1] << " " << reference.Padding[2]
                << " " << reference.Padding[3] << ", page number 0 " << pages << std::endl;
      return false;
    }
  }
  // On-disk types, as dicom-preprocessing writes and reads them.
  std::map<uint16_t, ParallelSeriesCLITest::RawEntry> raw;
  if (!ParallelSeriesCLITest::ReadFirstIFDEntries(fileName, raw))
  {
    std::cerr << what << ": cannot parse the first IFD of \"" << fileName << "\"" << std::endl;
    return false;
  }
  const std::vector<std::pair<uint16_t, ParallelSeriesCLITest::RawEntry>> types = { { 297, { TIFF_SHORT, 2 } },
                                                                                    { 50718, { TIFF_FLOAT, 2 } },
                                                                                    { 50719, { TIFF_LONG, 2 } },
                                                                                    { 50720, { TIFF_LONG, 2 } },
                                                                                    { 50829, { TIFF_LONG, 4 } } };
  for (const auto & t : types)
  {
    if (!raw.count(t.first) || raw[t.first].Type != t.second.Type || raw[t.first].Count != t.second.Count)
    {
      std::cerr << what << ": tag " << t.first << " is stored with type " << raw[t.first].Type << " count "
                << raw[t.first].Count << ", expected type " << t.second.Type << " count " << t.second.Count
                << std::endl;
      return false;
    }
  }
  // The tags map output pixels back as PreprocessImageFilter does.
  const auto                               outSize = written->GetLargestPossibleRegion().GetSize();
  const ParallelSeriesCLITest::TagValues & t = tags.front();
  std::vector<std::pair<double, double>>   points = { { 0, 0 },
                                                    { outSize[0] - 1.0, outSize[1] - 1.0 },
                                                    { outSize[0] / 2.0, outSize[1] / 3.0 },
                                                    { double(t.Padding[0]), double(t.Padding[1]) },
                                                    { outSize[0] - 1.0 - t.Padding[2],
                                                      outSize[1] - 1.0 - t.Padding[3] },
                                                    { 7.25, 3.5 } };
  for (const auto & pt : points)
  {
    typename TFilter::ContinuousIndexType o;
    o[0] = pt.first;
    o[1] = pt.second;
    o[2] = 0;
    double reference2[2] = { pt.first, pt.second }; // identity without filter
    if (filter)
    {
      const auto in = filter->MapOutputIndexToInputIndex(o);
      reference2[0] = in[0];
      reference2[1] = in[1];
    }
    for (unsigned int d = 0; d < 2; ++d)
    {
      const double fromTags = t.MapToInput(d, d == 0 ? pt.first : pt.second);
      if (std::abs(fromTags - reference2[d]) > 1e-3 + 1e-6 * std::abs(reference2[d]))
      {
        std::cerr << what << ": output (" << pt.first << ", " << pt.second << ") maps with the tags to " << fromTags
                  << " along axis " << d << ", PreprocessImageFilter says " << reference2[d] << std::endl;
        return false;
      }
    }
  }
  // The generated foreground's bright block: its centre lands where the tags say.
  for (const auto & s : ParallelSeriesCLITest::ForegroundSeriesList())
  {
    if (s.UID != row.at("series_instance_uid") || !filter)
    {
      continue;
    }
    typename TFilter::ContinuousIndexType centre;
    centre[0] = (s.Block[0] + s.Block[2]) / 2.0;
    centre[1] = (s.Block[1] + s.Block[3]) / 2.0;
    centre[2] = 0;
    const auto   out = filter->MapInputIndexToOutputIndex(centre);
    const long   xo = std::lround(out[0]), yo = std::lround(out[1]);
    const double xi = t.MapToInput(0, xo), yi = t.MapToInput(1, yo);
    if (xo < 0 || yo < 0 || xo >= long(outSize[0]) || yo >= long(outSize[1]) || xi < s.Block[0] - 0.5 ||
        xi > s.Block[2] + 0.5 || yi < s.Block[1] - 0.5 || yi > s.Block[3] + 0.5)
    {
      std::cerr << what << ": the block's centre maps to output (" << xo << ", " << yo
                << "), which the tags map back to (" << xi << ", " << yi << "), outside the block" << std::endl;
      return false;
    }
    for (unsigned int z = 0; z < outSize[2]; ++z)
    {
      typename ImageType::IndexType index = { { xo, yo, z } };
      double                        v = 0.0;
      if constexpr (std::is_arithmetic<TPixel>::value)
      {
        v = static_cast<double>(written->GetPixel(index));
      }
      if (std::abs(v - s.BlockValue) > 1.0)
      {
        std::cerr << what << ": output pixel " << index << " (the block's centre) is " << v << ", expected "
                  << s.BlockValue << std::endl;
        return false;
      }
    }
    std::cout << what << ": block centre (" << centre[0] << ", " << centre[1] << ") -> output (" << xo << ", " << yo
              << ") -> tags (" << xi << ", " << yi << ")" << std::endl;
  }
  return true;
#else
  (void)expected;
  (void)filter;
  (void)row;
  (void)written;
  std::cerr << what << ": \"" << fileName << "\" is a TIFF file; this test was built without libtiff" << std::endl;
  return false;
#endif
}

template <typename TPixel>
bool
CompareVolume(const std::string &                               fileName,
              const std::vector<std::string> &                  files,
              const std::map<std::string, std::string> &        row,
              const std::string &                               what,
              const ParallelSeriesCLITest::PreprocessSettings & settings)
{
  using ImageType = itk::Image<TPixel, 3>;
  typename ImageType::Pointer written;
  typename ImageType::Pointer stock;
  try
  {
    stock = ParallelSeriesTest::ReadWithStockITK<ImageType>(files);
  }
  catch (const itk::ExceptionObject & e)
  {
    std::cerr << what
              << ": stock ITK cannot read the volume's files, but the tool converted them: " << e.GetDescription()
              << std::endl;
    return false;
  }
  // The expected image: stock ITK's, preprocessed as the tool was asked to (RGB: see
  // ParallelSeriesCLITest::PreprocessRGBReference).
  typename ImageType::Pointer expected = stock;
  using FilterType = itk::PreprocessImageFilter<
    std::conditional_t<std::is_arithmetic<TPixel>::value, ImageType, ParallelSeriesCLITest::ChannelImageType>>;
  typename FilterType::Pointer filter;
  if (settings.Active())
  {
    if constexpr (std::is_arithmetic<TPixel>::value)
    {
      filter = settings.MakeFilter<ImageType>(stock);
      filter->Update();
      expected = filter->GetOutput();
    }
    else
    {
      expected = ParallelSeriesCLITest::PreprocessRGBReference(settings, stock.GetPointer(), filter);
    }
  }
  const bool tiff = fileName.size() > 5 && fileName.compare(fileName.size() - 5, 5, ".tiff") == 0;
  if (tiff)
  {
    if (!CheckTIFF<TPixel, FilterType>(fileName, expected, filter.GetPointer(), row, what, written))
    {
      return false;
    }
  }
  else
  {
    try
    {
      auto reader = itk::ImageFileReader<ImageType>::New();
      reader->SetFileName(fileName);
      reader->Update();
      written = reader->GetOutput();
    }
    catch (const itk::ExceptionObject & e)
    {
      std::cerr << what << ": cannot read \"" << fileName << "\": " << e.GetDescription() << std::endl;
      return false;
    }
    if (!ParallelSeriesTest::SameImage<ImageType>(
          written,
          expected,
          what + (filter ? " (written vs preprocessed stock ITK)" : " (written vs stock ITK)"),
          1e-4))
    {
      return false;
    }
  }
  // The manifest describes the DICOM volume (size, spacing) and the written image (output_*).
  const auto   size = stock->GetLargestPossibleRegion().GetSize();
  const auto   outputSize = written->GetLargestPossibleRegion().GetSize();
  const char * sizeKeys[] = { "size_x", "size_y", "size_z" };
  const char * spacingKeys[] = { "spacing_x", "spacing_y", "spacing_z" };
  const char * outputKeys[] = { "output_width", "output_height", "output_frames" };
  for (unsigned int d = 0; d < 3; ++d)
  {
    if (std::stoull(row.at(sizeKeys[d])) != size[d] ||
        std::abs(std::stod(row.at(spacingKeys[d])) - std::abs(stock->GetSpacing()[d])) > 1e-4 ||
        std::stoull(row.at(outputKeys[d])) != outputSize[d])
    {
      std::cerr << what << ": the manifest's size/spacing/output size (" << row.at(sizeKeys[d]) << ", "
                << row.at(spacingKeys[d]) << ", " << row.at(outputKeys[d]) << ") differ from the volume (" << size[d]
                << ", " << stock->GetSpacing()[d] << ") or the written image (" << outputSize[d] << ") along axis " << d
                << std::endl;
      return false;
    }
  }
  return true;
}

/** Reads with stock ITK as the tool's native type; true when stock ITK fails too. */
template <typename TPixel>
bool
StockFails(const std::vector<std::string> & files, std::string & reason)
{
  try
  {
    ParallelSeriesTest::ReadWithStockITK<itk::Image<TPixel, 3>>(files);
  }
  catch (const itk::ExceptionObject & e)
  {
    reason = e.GetDescription();
    return true;
  }
  return false;
}

/** Calls f.template operator()<T>() for the native pixel type T of a summary; false when the
 * tool does not support the type. */
template <typename TFunction>
bool
DispatchPixelType(const SummaryType & s, TFunction && f)
{
  using T = itk::IOComponentEnum;
  if (s.SamplesPerPixel == 3 && s.ComponentType == T::UCHAR)
  {
    f(itk::RGBPixel<unsigned char>());
    return true;
  }
  if (s.SamplesPerPixel != 1)
  {
    return false;
  }
  switch (s.ComponentType)
  {
    case T::UCHAR:
      f((unsigned char)0);
      return true;
    case T::CHAR:
      f((char)0);
      return true;
    case T::USHORT:
      f((unsigned short)0);
      return true;
    case T::SHORT:
      f((short)0);
      return true;
    case T::UINT:
      f((unsigned int)0);
      return true;
    case T::INT:
      f((int)0);
      return true;
    case T::FLOAT:
      f((float)0);
      return true;
    case T::DOUBLE:
      f((double)0);
      return true;
    default:
      return false;
  }
}

int
CheckOutputMode(const std::vector<std::string> & args)
{
  bool                                      recursive = false;
  bool                                      allowStockFailures = false;
  long                                      expectedVolumes = -1;
  long                                      expectedFailed = -1;
  std::set<std::string>                     expectedFailures;
  std::set<std::string>                     expectedSeriesFailures;
  std::set<std::string>                     failedExpected;
  std::vector<std::string>                  positional;
  ParallelSeriesCLITest::PreprocessSettings settings;
  for (size_t i = 0; i < args.size(); ++i)
  {
    const std::string & a = args[i];
    if (settings.Parse(args, i) || a == "--compress") // --compress: no effect on pixels
    {
      continue;
    }
    if ((a == "--max-memory" || a == "--threads") && i + 1 < args.size()) // no effect on pixels
    {
      ++i;
      continue;
    }
    if (a == "--expect-volumes" && i + 1 < args.size())
    {
      expectedVolumes = std::atol(args[++i].c_str());
    }
    else if (a == "--expect-failed" && i + 1 < args.size())
    {
      expectedFailed = std::atol(args[++i].c_str());
    }
    else if (a == "--expected-failures" && i + 1 < args.size())
    {
      // A file listing, one per line, the files whose volume is expected to fail.
      // Lines "series IDENTIFIER": a series without volume (series-level failure).
      std::ifstream list(args[++i]);
      std::string   line;
      while (std::getline(list, line))
      {
        if (line.compare(0, 7, "series ") == 0)
        {
          expectedSeriesFailures.insert(line.substr(7));
        }
        else if (!line.empty())
        {
          expectedFailures.insert(line);
        }
      }
      if (expectedFailures.empty() && expectedSeriesFailures.empty())
      {
        std::cerr << "no expected failure listed in \"" << args[i] << "\"" << std::endl;
        return EXIT_FAILURE;
      }
    }
    else if (a == "--recursive")
    {
      recursive = true;
    }
    else if (a == "--allow-stock-failures")
    {
      allowStockFailures = true;
    }
    else
    {
      positional.push_back(a);
    }
  }
  if (positional.size() != 2)
  {
    std::cerr << "Usage: itkParallelSeriesCLIOutputTest [--recursive] [--allow-stock-failures] [--expect-volumes N] "
                 "[--expect-failed N] [--expected-failures LIST] OUTDIR SRCDIR"
              << std::endl;
    return EXIT_FAILURE;
  }
  const std::string outputDirectory = positional[0];
  const std::string manifest = outputDirectory + "/manifest.csv";
  if (!itksys::SystemTools::FileExists(manifest, true))
  {
    std::cerr << "missing manifest \"" << manifest << "\"" << std::endl;
    return EXIT_FAILURE;
  }
  const auto                     csv = ReadCsv(manifest);
  const std::vector<std::string> expectedHeader = { "index",
                                                    "study_instance_uid",
                                                    "series_instance_uid",
                                                    "series_identifier",
                                                    "series_number",
                                                    "series_description",
                                                    "modality",
                                                    "volume",
                                                    "path",
                                                    "size_x",
                                                    "size_y",
                                                    "size_z",
                                                    "spacing_x",
                                                    "spacing_y",
                                                    "spacing_z",
                                                    "pixel_type",
                                                    "files",
                                                    "status",
                                                    "error",
                                                    "output_width",
                                                    "output_height",
                                                    "output_frames",
                                                    "spacing_z_source",
                                                    "spacing_z_deviation",
                                                    "stack_tilt_degrees" };
  if (csv.empty() || csv[0] != expectedHeader)
  {
    std::cerr << "the manifest's header is not the expected one" << std::endl;
    return EXIT_FAILURE;
  }
  if (csv.size() < 2)
  {
    std::cerr << "the manifest has no rows" << std::endl;
    return EXIT_FAILURE;
  }

  ScannerType::Pointer                           scanner = Rescan(positional[1], recursive);
  const auto &                                   uids = scanner->GetSeriesUIDs();
  bool                                           ok = true;
  unsigned int                                   checked = 0, acceptedFailures = 0;
  std::set<std::pair<std::string, unsigned int>> seen;
  std::set<std::string>                          paths;
  for (size_t line = 1; line < csv.size(); ++line)
  {
    if (csv[line].size() != expectedHeader.size())
    {
      std::cerr << "manifest line " << (line + 1) << " has " << csv[line].size() << " fields" << std::endl;
      ok = false;
      continue;
    }
    std::map<std::string, std::string> row;
    for (size_t c = 0; c < expectedHeader.size(); ++c)
    {
      row[expectedHeader[c]] = csv[line][c];
    }
    const std::string  id = row["series_identifier"];
    const unsigned int volume = static_cast<unsigned int>(std::stoul(row["volume"]));
    const std::string  what = "series " + row["index"] + " (" + id + ") volume " + row["volume"];
    if (std::find(uids.begin(), uids.end(), id) == uids.end())
    {
      std::cerr << what << ": not a series of the scan" << std::endl;
      ok = false;
      continue;
    }
    if (!seen.insert({ id, volume }).second)
    {
      std::cerr << what << ": listed twice" << std::endl;
      ok = false;
    }
    const SummaryType & summary = scanner->GetSeriesSummary(id);
    if (row["pixel_type"] != PixelTypeName(summary) || row["series_instance_uid"] != summary.SeriesInstanceUID ||
        row["series_description"] != summary.SeriesDescription || row["series_number"] != summary.SeriesNumber)
    {
      std::cerr << what << ": pixel type, UID, description or number differ from the scan" << std::endl;
      ok = false;
    }
    if (row["spacing_z_source"] != summary.SliceSpacingSource ||
        std::abs(std::stod(row["spacing_z_deviation"]) - summary.SliceSpacingDeviation) > 1e-6 ||
        std::abs(std::stod(row["stack_tilt_degrees"]) - summary.StackTiltDegrees) > 1e-6)
    {
      std::cerr << what << ": z spacing source, deviation or stack tilt differ from the scan" << std::endl;
      ok = false;
    }
    std::vector<std::string> files;
    const bool               hasVolume = scanner->GetVolumeFileNames(id, volume, files);

    if (row["status"] == "ok")
    {
      const std::string fileName = outputDirectory + "/" + row["path"];
      if (row["path"].empty() || !itksys::SystemTools::FileExists(fileName, true) || !paths.insert(row["path"]).second)
      {
        std::cerr << what << ": output \"" << fileName << "\" is missing or not unique" << std::endl;
        ok = false;
        continue;
      }
      if (!hasVolume || std::to_string(files.size()) != row["files"])
      {
        std::cerr << what << ": the scan has no such volume or another number of files" << std::endl;
        ok = false;
        continue;
      }
      // Native pixel type: the written file's component type is the scanned one (checked by
      // CheckTIFF for TIFF files).
      const bool tiff = row["path"].size() > 5 && row["path"].compare(row["path"].size() - 5, 5, ".tiff") == 0;
      itk::ImageIOBase::Pointer io =
        tiff ? nullptr : itk::ImageIOFactory::CreateImageIO(fileName.c_str(), itk::IOFileModeEnum::ReadMode);
      if (io.IsNull() && !tiff)
      {
        std::cerr << what << ": no ImageIO can read \"" << fileName << "\"" << std::endl;
        ok = false;
        continue;
      }
      if (!tiff)
      {
        io->SetFileName(fileName);
        io->ReadImageInformation();
      }
      if (!tiff &&
          (io->GetComponentType() != summary.ComponentType || io->GetNumberOfComponents() != summary.SamplesPerPixel))
      {
        std::cerr << what << ": \"" << fileName << "\" holds "
                  << itk::ImageIOBase::GetComponentTypeAsString(io->GetComponentType()) << " x "
                  << io->GetNumberOfComponents() << ", the native type is " << PixelTypeName(summary) << std::endl;
        ok = false;
        continue;
      }
      bool same = false;
      if (!DispatchPixelType(
            summary, [&](auto pixel) { same = CompareVolume<decltype(pixel)>(fileName, files, row, what, settings); }))
      {
        std::cerr << what << ": the tool wrote a pixel type it does not support: " << PixelTypeName(summary)
                  << std::endl;
      }
      if (!same)
      {
        ok = false;
        continue;
      }
      ++checked;
    }
    else if (row["status"] == "failed")
    {
      std::cout << what << " failed: " << row["error"] << std::endl;
      // The error names the failed file as: file "<name>": <reason>.
      std::string  failedFile;
      const size_t quote = row["error"].find("file \"");
      if (quote == 0)
      {
        const size_t endQuote = row["error"].find("\": ", 6);
        failedFile = row["error"].substr(6, endQuote == std::string::npos ? 0 : endQuote - 6);
      }
      if (settings.Active() && summary.SamplesPerPixel != 1 &&
          row["error"].find("support grayscale pixel types only") != std::string::npos)
      {
        std::cout << "  accepted: preprocessing of RGB volumes is not supported" << std::endl;
        ++acceptedFailures;
        continue;
      }
      if (!hasVolume && expectedSeriesFailures.count(id) && !scanner->GetSeriesError(id).empty())
      {
        std::cout << "  accepted: expected series failure" << std::endl;
        failedExpected.insert("series " + id);
        ++acceptedFailures;
        continue;
      }
      if (hasVolume && failedFile.empty())
      {
        std::cerr << what << ": the error does not start with the failed file: " << row["error"] << std::endl;
        ok = false;
        continue;
      }
      if (std::find(files.begin(), files.end(), failedFile) == files.end() && hasVolume)
      {
        std::cerr << what << ": the failed file \"" << failedFile << "\" is not a file of the volume" << std::endl;
        ok = false;
        continue;
      }
      if (expectedFailures.count(failedFile))
      {
        std::cout << "  accepted: expected failure" << std::endl;
        failedExpected.insert(failedFile);
        ++acceptedFailures;
        continue;
      }
      if (!allowStockFailures)
      {
        std::cerr << what << ": conversion failed: " << row["error"] << std::endl;
        ok = false;
        continue;
      }
      std::string reason;
      bool        stockFails = false;
      if (!hasVolume)
      {
        // A series without consistent volume: stock ITK would stack all its files into one
        // (wrong) volume; the failure is accepted when the scan itself reports the series.
        stockFails = !scanner->GetSeriesError(id).empty();
        reason = scanner->GetSeriesError(id);
      }
      else if (!DispatchPixelType(summary,
                                  [&](auto pixel) { stockFails = StockFails<decltype(pixel)>(files, reason); }))
      {
        stockFails = false;
        reason = "unsupported pixel type " + PixelTypeName(summary);
      }
      if (!stockFails)
      {
        std::cerr << what << ": the tool failed (" << row["error"] << ") but stock ITK reads the volume" << std::endl;
        ok = false;
        continue;
      }
      std::cout << "  accepted: stock ITK fails too: " << reason << std::endl;
      ++acceptedFailures;
    }
    else
    {
      std::cerr << what << ": unknown status \"" << row["status"] << "\"" << std::endl;
      ok = false;
    }
  }
  // Every volume of the scan is in the manifest.
  for (const std::string & uid : uids)
  {
    const unsigned int n = std::max(1u, scanner->GetNumberOfVolumes(uid));
    for (unsigned int v = 0; v < n; ++v)
    {
      if (seen.count({ uid, v }) == 0)
      {
        std::cerr << "series " << uid << " volume " << v << " is missing from the manifest" << std::endl;
        ok = false;
      }
    }
  }
  for (const std::string & f : expectedFailures)
  {
    if (!failedExpected.count(f))
    {
      std::cerr << "the volume of \"" << f << "\" was expected to fail" << std::endl;
      ok = false;
    }
  }
  for (const std::string & id : expectedSeriesFailures)
  {
    if (!failedExpected.count("series " + id))
    {
      std::cerr << "series \"" << id << "\" was expected to fail" << std::endl;
      ok = false;
    }
  }
  if (expectedFailed >= 0 && acceptedFailures != static_cast<unsigned int>(expectedFailed))
  {
    std::cerr << "expected " << expectedFailed << " failed volumes, " << acceptedFailures << " were accepted"
              << std::endl;
    ok = false;
  }
  if (expectedVolumes >= 0 && checked != static_cast<unsigned int>(expectedVolumes))
  {
    std::cerr << "expected " << expectedVolumes << " converted volumes, " << checked << " were checked" << std::endl;
    ok = false;
  }
  std::cout << checked << " volumes match stock ITK, " << acceptedFailures << " accepted failures, " << (csv.size() - 1)
            << " manifest rows" << std::endl;
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
} // namespace

int
itkParallelSeriesCLIOutputTest(int argc, char * argv[])
{
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty())
  {
    std::cerr << "Usage: " << argv[0]
              << " [--recursive] [--allow-stock-failures] [--expect-volumes N] [--expect-failed N]\n"
              << "           [--expected-failures LIST] OUTDIR SRCDIR\n"
              << "       " << argv[0] << " --generate DIR\n"
              << "       " << argv[0] << " --generate-broken DIR\n"
              << "       " << argv[0] << " --generate-foreground DIR\n"
              << "       " << argv[0]
              << " --check-json [--recursive] [--expect-series N] [--expect-skipped N] CLI SRCDIR\n"
              << "       " << argv[0] << " --run CODES [--] COMMAND [ARGS...]" << std::endl;
    return EXIT_FAILURE;
  }
  try
  {
    if (args[0] == "--generate" && args.size() == 2)
    {
      const auto generated = ParallelSeriesTest::GenerateMultiSeriesDirectory(args[1]);
      std::cout << generated.size() << " series written to " << args[1] << std::endl;
      return EXIT_SUCCESS;
    }
    if (args[0] == "--generate-broken" && args.size() == 2)
    {
      // Series 1: one file truncated in its pixel data: its volume fails. Series 4: one file
      // replaced by a slice of another size: a series of its own (split by size), both parts
      // converted (stock ITK fails on the whole series).
      auto              truth = ParallelSeriesTest::GenerateMultiSeriesDirectory(args[1], 3);
      const std::string truncated = truth[0].Files[10];
      ParallelSeriesTest::TruncateFile(truncated, itksys::SystemTools::FileLength(truncated) - 2000);
      ParallelSeriesTest::GeneratedSeries other = truth[3];
      other.Columns = 20;
      ParallelSeriesTest::WriteSlice<short>(other, 3, 0, 4, 5, truth[3].Files[4]);
      std::ofstream(args[1] + ".failures") << truncated << "\n";
      std::cout << "broken files: " << truncated << ", " << truth[3].Files[4] << std::endl;
      return EXIT_SUCCESS;
    }
    if (args[0] == "--generate-corpus" && args.size() == 2)
    {
      // The bad-input corpus (itkParallelSeriesBadInputCorpus.h). DIR.failures: files whose
      // volume fails, "series ID" for series without volume; DIR.expected-output: what the
      // tool's summary must mention (every failed file and its series, every skipped file).
      const auto    corpus = ParallelSeriesTest::GenerateBadInputCorpus(args[1]);
      std::ofstream failures(args[1] + ".failures");
      std::ofstream expected(args[1] + ".expected-output");
      using O = ParallelSeriesTest::BadInputCase::Outcome;
      for (const auto & c : corpus.Cases)
      {
        if (c.Expected == O::VolumeFailed)
        {
          failures << c.File << "\n";
          expected << "file \"" << c.File << "\"\n" << c.SeriesUID << "\n";
        }
        else if (c.Expected == O::SeriesFailed)
        {
          failures << "series " << c.SeriesUID << "\n";
          expected << c.SeriesUID << "\n" << c.File << "\n";
        }
        else if (c.Expected == O::Skipped)
        {
          expected << "skipped \"" << c.File << "\": \n";
        }
      }
      std::cout << corpus.Series.size() << " series and " << corpus.Cases.size() << " bad inputs written to " << args[1]
                << std::endl;
      return EXIT_SUCCESS;
    }
    if (args[0] == "--generate-foreground" && args.size() == 2)
    {
      ParallelSeriesCLITest::GenerateForegroundDirectory(args[1]);
      std::cout << "foreground series written to " << args[1] << std::endl;
      return EXIT_SUCCESS;
    }
    if (args[0] == "--run")
    {
      return RunMode(std::vector<std::string>(args.begin() + 1, args.end()));
    }
    if (args[0] == "--check-json")
    {
      return CheckJsonMode(std::vector<std::string>(args.begin() + 1, args.end()));
    }
    return CheckOutputMode(args);
  }
  catch (const std::exception & e)
  {
    std::cerr << "error: " << e.what() << std::endl;
  }
  return EXIT_FAILURE;
}
