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
#ifndef ParallelSeriesGzip_h
#define ParallelSeriesGzip_h

// Parallel gzip compression of one file for the parallel-series tool (.nii.gz output).
//
// ITK's NIfTI writer compresses through zlib's gzwrite() on the calling thread, so one large
// volume keeps one core busy while the others wait. Here the tool lets ITK write the .nii and
// compresses that file on ITK's thread pool, in chunks compressed in parallel and written in
// order, with one of two engines:
//
// - Libdeflate (default when the tool is built with libdeflate, Debian: libdeflate-dev): each
//   chunk of 4 MiB becomes one gzip member (libdeflate_gzip_compress()); the file is the members
//   one after another, which RFC 1952 (section 2.2) defines as one gzip file, as bgzip and pigz
//   --independent write it. zlib's gzread() (ITK, FSL, dcm2niix), Python's gzip module, nibabel
//   and indexed_gzip read all members. libdeflate is several times faster than zlib at the same
//   level and compresses at least as well (README, Benchmark).
// - Zlib (ITK's zlib): one gzip member, as pigz (Mark Adler, https://zlib.net/pigz/) writes it:
//   chunks of 128 KiB, each deflated raw (RFC 1951) with the 32 KiB before it as its preset
//   dictionary and ended on a byte boundary (Z_SYNC_FLUSH), the last with Z_FINISH; the CRC-32
//   is combined from the chunks' (crc32_combine()).
//
// Both use level 6, zlib's default, which ITK's writer (gzopen(..., "wb")) and pigz use. The
// output depends on the engine and level only, not on the number of threads.

#include "itkMultiThreaderBase.h"
#include "itk_zlib.h"
#ifdef PARALLELSERIES_CLI_HAVE_LIBDEFLATE
#  include <libdeflate.h>
#endif

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace ParallelSeriesGzip
{

/** Compressor. */
enum class Engine
{
  Zlib,      ///< one member, pigz's way (ITK's zlib)
  Libdeflate ///< one member per chunk (libdeflate)
};

/** Whether the tool was built with libdeflate. */
constexpr bool
HaveLibdeflate()
{
#ifdef PARALLELSERIES_CLI_HAVE_LIBDEFLATE
  return true;
#else
  return false;
#endif
}

/** The engine the tool uses: libdeflate when built with it. */
constexpr Engine DefaultEngine = HaveLibdeflate() ? Engine::Libdeflate : Engine::Zlib;

/** Chunk size of the zlib engine, as pigz's default (-b 128). */
constexpr size_t ZlibChunkBytes = 128 * 1024;
/** Chunk (member) size of the libdeflate engine. */
constexpr size_t LibdeflateChunkBytes = 4 * 1024 * 1024;
/** Deflate's window: the dictionary a chunk starts from. */
constexpr size_t DictionaryBytes = 32 * 1024;

/** Deflates chunk \c data[0, n) (preceded in the input by \c dictionary[0, dictionaryBytes))
 * into \c out. \c last: end the stream (Z_FINISH), else end on a byte boundary (Z_SYNC_FLUSH).
 * Returns an empty string or zlib's error. Thread-safe (one z_stream per call). */
inline std::string
DeflateChunk(const unsigned char *        dictionary,
             size_t                       dictionaryBytes,
             const unsigned char *        data,
             size_t                       n,
             bool                         last,
             int                          level,
             std::vector<unsigned char> & out)
{
  z_stream strm;
  std::memset(&strm, 0, sizeof(strm));
  // windowBits -15: raw deflate (the gzip wrapper is written once for the whole file).
  if (deflateInit2(&strm, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
  {
    return "zlib: deflateInit2 failed";
  }
  std::string error;
  if (dictionaryBytes > 0 && deflateSetDictionary(&strm, dictionary, static_cast<uInt>(dictionaryBytes)) != Z_OK)
  {
    error = "zlib: deflateSetDictionary failed";
  }
  if (error.empty())
  {
    // deflateBound() covers Z_FINISH; a sync flush adds at most an empty stored block (5 bytes)
    // and a partial block header.
    out.resize(deflateBound(&strm, static_cast<uLong>(n)) + 16);
    strm.next_in = const_cast<unsigned char *>(data);
    strm.avail_in = static_cast<uInt>(n);
    strm.next_out = out.data();
    strm.avail_out = static_cast<uInt>(out.size());
    const int ret = deflate(&strm, last ? Z_FINISH : Z_SYNC_FLUSH);
    if ((last && ret != Z_STREAM_END) || (!last && ret != Z_OK) || strm.avail_in != 0 || strm.avail_out == 0)
    {
      error = "zlib: deflate failed";
    }
    out.resize(out.size() - strm.avail_out);
  }
  deflateEnd(&strm);
  return error;
}

#ifdef PARALLELSERIES_CLI_HAVE_LIBDEFLATE
/** Compresses \c data[0, n) into one gzip member in \c out. Thread-safe (one compressor per
 * call). Returns an empty string or the error. */
inline std::string
GzipMember(const unsigned char * data, size_t n, int level, std::vector<unsigned char> & out)
{
  std::unique_ptr<libdeflate_compressor, void (*)(libdeflate_compressor *)> compressor(
    libdeflate_alloc_compressor(level), &libdeflate_free_compressor);
  if (!compressor)
  {
    return "libdeflate: cannot allocate a compressor";
  }
  out.resize(libdeflate_gzip_compress_bound(compressor.get(), n));
  const size_t written = libdeflate_gzip_compress(compressor.get(), data, n, out.data(), out.size());
  if (written == 0)
  {
    return "libdeflate: compression failed";
  }
  out.resize(written);
  return std::string();
}
#endif

/** Writes a gzip file \c output holding the bytes of \c input, compressed by \c engine at
 * \c level, on \c threader's threads (\c workUnits work units per window of chunks; nullptr:
 * on the calling thread). Must not be called from a work unit of the pool it uses (ITK 5.2's
 * pool does not support nested waits). Returns an empty string on success, else the reason
 * (naming the file); a partial \c output is left to the caller to remove. */
inline std::string
CompressFile(const std::string &      input,
             const std::string &      output,
             int                      level,
             itk::MultiThreaderBase * threader,
             itk::ThreadIdType        workUnits,
             Engine                   engine = DefaultEngine)
{
#ifndef PARALLELSERIES_CLI_HAVE_LIBDEFLATE
  if (engine == Engine::Libdeflate)
  {
    return "cannot compress \"" + input + "\": the tool was built without libdeflate";
  }
#endif
  using FilePointer = std::unique_ptr<std::FILE, int (*)(std::FILE *)>;
  FilePointer in(std::fopen(input.c_str(), "rb"), &std::fclose);
  if (!in)
  {
    return "cannot open \"" + input + "\": " + std::strerror(errno);
  }
  FilePointer out(std::fopen(output.c_str(), "wb"), &std::fclose);
  if (!out)
  {
    return "cannot create \"" + output + "\": " + std::strerror(errno);
  }
  const bool zlib = (engine == Engine::Zlib);
  if (zlib)
  {
    // RFC 1952 member header: ID1 ID2, CM = 8 (deflate), no flags, no modification time,
    // XFL = 0, OS = 3 (Unix), as gzip and pigz write it without a name.
    const unsigned char header[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
    if (std::fwrite(header, 1, sizeof(header), out.get()) != sizeof(header))
    {
      return "cannot write \"" + output + "\": " + std::strerror(errno);
    }
  }

  // Windows of chunks: bounded memory (4 MiB x work units for zlib, 8 MiB x work units for
  // libdeflate); the chunks of a window are compressed in parallel.
  const size_t                            chunkBytes = zlib ? ZlibChunkBytes : LibdeflateChunkBytes;
  const size_t                            units = std::max<size_t>(1, workUnits);
  const size_t                            chunksPerWindow = zlib ? 32 * units : 2 * units;
  std::vector<unsigned char>              buffer(DictionaryBytes + chunksPerWindow * chunkBytes);
  std::vector<std::vector<unsigned char>> compressed(chunksPerWindow);
  std::vector<std::string>                errors(chunksPerWindow);
  std::vector<uLong>                      crcs(chunksPerWindow);
  size_t                                  carried = 0; // dictionary bytes at the front of buffer
  uLong                                   crc = crc32(0L, Z_NULL, 0);
  uint64_t                                total = 0;
  bool                                    finished = false;

  // One byte of look-ahead tells whether a window holds the last chunk.
  int lookahead = std::fgetc(in.get());
  while (!finished)
  {
    size_t                filled = 0;
    unsigned char * const data = buffer.data() + carried;
    const size_t          capacity = chunksPerWindow * chunkBytes;
    if (lookahead != EOF)
    {
      data[filled++] = static_cast<unsigned char>(lookahead);
      filled += std::fread(data + filled, 1, capacity - filled, in.get());
      lookahead = (filled == capacity) ? std::fgetc(in.get()) : EOF;
    }
    if (std::ferror(in.get()))
    {
      return "cannot read \"" + input + "\": " + std::strerror(errno);
    }
    finished = (lookahead == EOF);
    const size_t chunks = std::max<size_t>(1, (filled + chunkBytes - 1) / chunkBytes);

    const auto compressChunk = [&](itk::SizeValueType c) {
      const size_t          begin = c * chunkBytes;
      const size_t          n = std::min(chunkBytes, filled - std::min(filled, begin));
      const unsigned char * chunk = data + begin;
      if (zlib)
      {
        const size_t dictionaryBytes = std::min(DictionaryBytes, carried + begin);
        errors[c] = DeflateChunk(
          chunk - dictionaryBytes, dictionaryBytes, chunk, n, finished && c + 1 == chunks, level, compressed[c]);
        crcs[c] = crc32(0L, chunk, static_cast<uInt>(n));
      }
#ifdef PARALLELSERIES_CLI_HAVE_LIBDEFLATE
      else
      {
        errors[c] = GzipMember(chunk, n, level, compressed[c]);
      }
#endif
    };
    if (chunks == 1 || threader == nullptr)
    {
      for (size_t c = 0; c < chunks; ++c)
      {
        compressChunk(c);
      }
    }
    else
    {
      threader->SetNumberOfWorkUnits(static_cast<itk::ThreadIdType>(std::min(chunks, units)));
      threader->ParallelizeArray(0, chunks, compressChunk, nullptr);
    }
    for (size_t c = 0; c < chunks; ++c)
    {
      if (!errors[c].empty())
      {
        return errors[c] + " while compressing \"" + input + "\"";
      }
      if (zlib)
      {
        const size_t n = std::min(chunkBytes, filled - std::min(filled, c * chunkBytes));
        crc = crc32_combine(crc, crcs[c], static_cast<z_off_t>(n));
      }
      if (std::fwrite(compressed[c].data(), 1, compressed[c].size(), out.get()) != compressed[c].size())
      {
        return "cannot write \"" + output + "\": " + std::strerror(errno);
      }
    }
    total += filled;
    if (zlib)
    {
      // Keep the last 32 KiB as the next window's dictionary.
      const size_t end = carried + filled;
      const size_t keep = std::min(DictionaryBytes, end);
      std::memmove(buffer.data(), buffer.data() + end - keep, keep);
      carried = keep;
    }
  }

  if (zlib)
  {
    // RFC 1952 member trailer: CRC-32 and ISIZE (input size modulo 2^32), little-endian.
    unsigned char  trailer[8];
    const uint32_t isize = static_cast<uint32_t>(total & 0xffffffffu);
    for (unsigned int i = 0; i < 4; ++i)
    {
      trailer[i] = static_cast<unsigned char>((static_cast<uint32_t>(crc) >> (8 * i)) & 0xff);
      trailer[4 + i] = static_cast<unsigned char>((isize >> (8 * i)) & 0xff);
    }
    if (std::fwrite(trailer, 1, sizeof(trailer), out.get()) != sizeof(trailer))
    {
      return "cannot write \"" + output + "\": " + std::strerror(errno);
    }
  }
  if (std::fflush(out.get()) != 0)
  {
    return "cannot write \"" + output + "\": " + std::strerror(errno);
  }
  return std::string();
}

} // namespace ParallelSeriesGzip

#endif
