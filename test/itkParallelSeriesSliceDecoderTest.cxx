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

// ParallelSeriesSliceDecoder against stock GDCMImageIO, file by file and byte for byte: every
// DICOM file of ITK's test data (every transfer syntax and pixel format there) and variants of
// ITK's 12-bit CT slice made with GDCM for what that data lacks (garbage in the unused high bits
// of signed pixels, implicit VR, a header longer than the first and than the second header
// window, a pixel data element longer than the image, a float rescale, big endian, deflate, a
// file cut inside its pixel data). Each file is decoded into a buffer of stock's type (the
// direct path) and into the decoder's scratch (no buffer), and Result::DirectRead says whether
// the pixel data was read straight from the file.

#include "itkParallelSeriesSliceDecoder.h"
#include "itkParallelSeriesComponentTypes.h"
#include "itkGDCMImageIO.h"
#include "itkTestingMacros.h"
#include "itksys/Directory.hxx"
#include "itksys/SystemTools.hxx"

#include "gdcmAttribute.h"
#include "gdcmImageChangeTransferSyntax.h"
#include "gdcmImageReader.h"
#include "gdcmImageWriter.h"
#include "gdcmReader.h"
#include "gdcmWriter.h"

#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace
{
void
ListDicomFiles(const std::string & dir, std::vector<std::string> & files)
{
  itksys::Directory d;
  if (!d.Load(dir))
  {
    return;
  }
  for (unsigned long i = 0; i < d.GetNumberOfFiles(); ++i)
  {
    const std::string name = d.GetFile(i);
    if (name == "." || name == "..")
    {
      continue;
    }
    const std::string path = dir + "/" + name;
    if (itksys::SystemTools::FileIsDirectory(path))
    {
      ListDicomFiles(path, files);
    }
    else if (itksys::SystemTools::GetFilenameLastExtension(name) == ".dcm")
    {
      files.push_back(path);
    }
  }
}

/** Stock GDCMImageIO's pixels of \c fileName; false when stock ITK cannot read it. */
bool
StockPixels(const std::string &    fileName,
            itk::IOComponentEnum & type,
            unsigned int &         components,
            std::vector<char> &    bytes)
{
  try
  {
    auto io = itk::GDCMImageIO::New();
    io->SetFileName(fileName);
    io->ReadImageInformation();
    type = io->GetComponentType();
    components = io->GetNumberOfComponents();
    bytes.resize(io->GetImageSizeInBytes());
    io->Read(bytes.data());
  }
  catch (const itk::ExceptionObject &)
  {
    return false;
  }
  return true;
}

/** Modifies the dataset of ITK's CT slice (512 x 512, 16 bits allocated, 12 stored) and writes it
 * to \c out in transfer syntax \c ts (uncompressed little endian, or deflated). */
template <typename TEdit>
void
WriteVariant(const std::string & templateFile, const std::string & out, const gdcm::TransferSyntax & ts, TEdit && edit)
{
  gdcm::Reader reader;
  reader.SetFileName(templateFile.c_str());
  if (!reader.Read())
  {
    throw std::runtime_error("cannot read " + templateFile);
  }
  gdcm::File &    file = reader.GetFile();
  gdcm::DataSet & ds = file.GetDataSet();
  edit(ds);
  file.GetHeader().SetDataSetTransferSyntax(ts);
  file.GetHeader().Remove(gdcm::Tag(0x0002, 0x0010));
  gdcm::Writer writer;
  writer.SetFileName(out.c_str());
  writer.SetFile(file);
  if (!writer.Write())
  {
    throw std::runtime_error("cannot write " + out);
  }
}

/** Pixel data of \c bytes bytes: the 12-bit values of \c stored with \c high in the 4 unused bits. */
void
SetPixelData(gdcm::DataSet & ds, size_t bytes, unsigned int seed)
{
  std::mt19937               random(seed);
  std::vector<std::uint16_t> pixels(bytes / 2);
  for (auto & p : pixels)
  {
    p = static_cast<std::uint16_t>(random() & 0xffffu); // the high 4 bits are garbage
  }
  gdcm::DataElement pixelData(gdcm::Tag(0x7fe0, 0x0010));
  pixelData.SetVR(gdcm::VR::OW);
  pixelData.SetByteValue(reinterpret_cast<const char *>(pixels.data()), static_cast<uint32_t>(bytes));
  ds.Replace(pixelData);
}

template <uint16_t Element, typename T>
void
SetUS(gdcm::DataSet & ds, T value)
{
  gdcm::Attribute<0x0028, Element> at{ static_cast<uint16_t>(value) };
  ds.Replace(at.GetAsDataElement());
}

void
SetRescale(gdcm::DataSet & ds, double slope, double intercept)
{
  gdcm::Attribute<0x0028, 0x1053> s{ slope };
  gdcm::Attribute<0x0028, 0x1052> i{ intercept };
  ds.Replace(s.GetAsDataElement());
  ds.Replace(i.GetAsDataElement());
}

/** A private OB element of \c bytes bytes: a header that long. */
void
AddLongHeader(gdcm::DataSet & ds, size_t bytes)
{
  gdcm::DataElement creator(gdcm::Tag(0x0009, 0x0010));
  creator.SetVR(gdcm::VR::LO);
  creator.SetByteValue("PARALLELSERIES TEST", 20);
  ds.Replace(creator);
  std::vector<char> filler(bytes, 'x');
  gdcm::DataElement element(gdcm::Tag(0x0009, 0x1001));
  element.SetVR(gdcm::VR::OB);
  element.SetByteValue(filler.data(), static_cast<uint32_t>(bytes));
  ds.Replace(element);
}

/** Decodes \c fileName both ways and compares with stock; prints and returns false on a mismatch. */
bool
CheckFile(const std::string & fileName, int expectDirect)
{
  itk::IOComponentEnum type{};
  unsigned int         components = 0;
  std::vector<char>    stock;
  const bool           stockReads = StockPixels(fileName, type, components, stock);
  for (const bool intoBuffer : { true, false })
  {
    itk::ParallelSeriesSliceDecoder decoder;
    std::vector<char>               buffer(stockReads ? stock.size() : 0, '\x5a');
    const size_t                    pixelBytes = components * itk::ParallelSeriesComponentTypes::ComponentSize(type);
    const itk::SizeValueType        pixels = stockReads && pixelBytes > 0 ? stock.size() / pixelBytes : 0;
    itk::ParallelSeriesSliceDecoder::Result r;
    try
    {
      r = intoBuffer ? decoder.Decode(fileName, buffer.data(), pixels, type, components)
                     : decoder.Decode(fileName, nullptr, 0, type, components);
    }
    catch (const itk::ExceptionObject & e)
    {
      if (stockReads)
      {
        std::cerr << fileName << ": stock reads it, the decoder throws: " << e.GetDescription() << std::endl;
        return false;
      }
      if (std::string(e.GetDescription()).find(fileName) == std::string::npos)
      {
        std::cerr << fileName << ": the error does not name the file: " << e.GetDescription() << std::endl;
        return false;
      }
      continue; // both fail
    }
    if (!stockReads)
    {
      std::cerr << fileName << ": stock fails, the decoder reads it" << std::endl;
      return false;
    }
    const void * ours = intoBuffer ? static_cast<const void *>(buffer.data()) : r.Data;
    if (r.ComponentType != type || r.NumberOfComponents != components ||
        static_cast<size_t>(r.NumberOfPixels) * pixelBytes != stock.size() || (intoBuffer && r.Data != nullptr) ||
        ours == nullptr || std::memcmp(ours, stock.data(), stock.size()) != 0)
    {
      std::cerr << fileName << (intoBuffer ? " (into the buffer)" : " (into scratch)")
                << ": differs from stock GDCMImageIO (component type "
                << itk::ImageIOBase::GetComponentTypeAsString(r.ComponentType) << " vs "
                << itk::ImageIOBase::GetComponentTypeAsString(type) << ", " << r.NumberOfPixels << " pixels)"
                << std::endl;
      return false;
    }
    if (expectDirect >= 0 && r.DirectRead != (expectDirect == 1))
    {
      std::cerr << fileName << ": DirectRead " << r.DirectRead << ", expected " << expectDirect << std::endl;
      return false;
    }
  }
  std::cout << "ok " << itk::ImageIOBase::GetComponentTypeAsString(type) << " x" << components << " "
            << (stockReads ? "" : "(both fail) ") << fileName << std::endl;
  return true;
}
} // namespace

int
itkParallelSeriesSliceDecoderTest(int argc, char * argv[])
{
  if (argc < 3)
  {
    std::cerr << "Usage: " << itkNameOfTestExecutableMacro(argv) << " outputDir itkDicomDataDir" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string outputDir = argv[1];
  const std::string itkData = argv[2];
  itksys::SystemTools::MakeDirectory(outputDir);

  bool                     ok = true;
  std::vector<std::string> itkFiles;
  ListDicomFiles(itkData, itkFiles);
  ITK_TEST_EXPECT_TRUE(itkFiles.size() >= 30);
  for (const std::string & f : itkFiles)
  {
    ok &= CheckFile(f, -1);
  }

  // Variants of ITK's CT slice (explicit VR little endian, 16 bits allocated, 12 stored).
  const std::string ct = itkData + "/itkGDCMImageIOTest.dcm";
  ITK_TEST_EXPECT_TRUE(itksys::SystemTools::FileExists(ct));
  const size_t pixelBytes = 512 * 512 * 2;
  const auto   explicitLE = gdcm::TransferSyntax::ExplicitVRLittleEndian;
  const auto   implicitLE = gdcm::TransferSyntax::ImplicitVRLittleEndian;
  struct Variant
  {
    std::string                             Name;
    gdcm::TransferSyntax::TSType            TS;
    std::function<void(gdcm::DataSet & ds)> Edit;
    int                                     Direct;
  };
  const auto signed12 = [pixelBytes](gdcm::DataSet & ds) {
    SetUS<0x0103>(ds, 1);
    SetPixelData(ds, pixelBytes, 1);
  };
  const std::vector<Variant> variants = {
    { "signed12-garbage-high-bits", explicitLE, signed12, 1 },
    { "unsigned12-garbage-high-bits",
      explicitLE,
      [pixelBytes](gdcm::DataSet & ds) { SetPixelData(ds, pixelBytes, 2); },
      1 },
    { "signed12-implicit", implicitLE, signed12, 1 },
    { "float-rescale",
      explicitLE,
      [&](gdcm::DataSet & ds) {
        signed12(ds);
        SetRescale(ds, 0.5, 1.25);
      },
      1 },
    { "signed10-no-rescale",
      implicitLE,
      [&](gdcm::DataSet & ds) {
        SetPixelData(ds, pixelBytes, 3);
        SetUS<0x0103>(ds, 1);
        SetUS<0x0101>(ds, 10);
        SetUS<0x0102>(ds, 9);
        ds.Remove(gdcm::Tag(0x0028, 0x1052));
        ds.Remove(gdcm::Tag(0x0028, 0x1053));
      },
      1 },
    { "header-40k",
      explicitLE,
      [&](gdcm::DataSet & ds) {
        signed12(ds);
        AddLongHeader(ds, 40000);
      },
      1 },
    { "header-300k",
      explicitLE,
      [&](gdcm::DataSet & ds) {
        signed12(ds);
        AddLongHeader(ds, 300000);
      },
      0 },
    { "pixel-data-longer-than-image",
      explicitLE,
      [pixelBytes](gdcm::DataSet & ds) {
        SetPixelData(ds, pixelBytes + 64, 4);
        SetUS<0x0103>(ds, 1);
      },
      1 },
    { "pixel-data-shorter-than-image",
      explicitLE,
      [pixelBytes](gdcm::DataSet & ds) { SetPixelData(ds, pixelBytes - 1024, 5); },
      0 },
    { "deflated", gdcm::TransferSyntax::DeflatedExplicitVRLittleEndian, signed12, 0 },
  };
  for (const Variant & v : variants)
  {
    const std::string f = outputDir + "/" + v.Name + ".dcm";
    WriteVariant(ct, f, v.TS, v.Edit);
    ok &= CheckFile(f, v.Direct);
  }

  // Big endian, through GDCM's transfer syntax change of the signed 12-bit variant.
  {
    const std::string f = outputDir + "/signed12-big-endian.dcm";
    WriteVariant(ct, f, explicitLE, signed12);
    gdcm::ImageReader reader;
    reader.SetFileName(f.c_str());
    ITK_TEST_EXPECT_TRUE(reader.Read());
    gdcm::ImageChangeTransferSyntax change;
    change.SetTransferSyntax(gdcm::TransferSyntax::ExplicitVRBigEndian);
    change.SetInput(reader.GetImage());
    ITK_TEST_EXPECT_TRUE(change.Change());
    gdcm::ImageWriter writer;
    writer.SetFileName(f.c_str());
    writer.SetFile(reader.GetFile());
    writer.SetImage(change.GetOutput());
    ITK_TEST_EXPECT_TRUE(writer.Write());
    ok &= CheckFile(f, 0);
  }

  // Cut inside its pixel data: an error naming the file, from GDCM's path.
  {
    const std::string full = outputDir + "/signed12-garbage-high-bits.dcm";
    const std::string f = outputDir + "/truncated-in-pixel-data.dcm";
    std::ifstream     in(full, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    bytes.resize(bytes.size() - 1000);
    std::ofstream(f, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    itk::ParallelSeriesSliceDecoder decoder;
    std::vector<std::int16_t>       buffer(512 * 512);
    try
    {
      decoder.Decode(f, buffer.data(), buffer.size(), itk::IOComponentEnum::SHORT, 1);
      std::cerr << f << ": no error for a truncated file" << std::endl;
      ok = false;
    }
    catch (const itk::ExceptionObject & e)
    {
      const std::string what = e.GetDescription();
      std::cout << "truncated: " << what << std::endl;
      ITK_TEST_EXPECT_TRUE(what.find(f) != std::string::npos);
      ITK_TEST_EXPECT_TRUE(what.find("truncated") != std::string::npos);
    }
  }

  if (!ok)
  {
    std::cerr << "Test failed: the decoder differs from stock GDCMImageIO" << std::endl;
    return EXIT_FAILURE;
  }
  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
