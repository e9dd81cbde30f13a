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
#ifndef itkParallelSeriesJsonReader_h
#define itkParallelSeriesJsonReader_h

// An independent JSON reader for the tests of the parallel-series tool's JSON output (scan
// --json): standard JSON (RFC 8259) into a tree of values, and checks of values against the
// expected ones that print the difference. Independent of the tool's JSON writer
// (apps/parallel-series/ParallelSeriesTextFormats.*), which it checks.

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ParallelSeriesCLITest
{
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
        case 'u': {
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

inline bool
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

inline bool
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

inline bool
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
} // namespace ParallelSeriesCLITest

#endif
