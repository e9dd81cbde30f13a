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
#ifndef itkParallelSeriesPythonHelpers_h
#define itkParallelSeriesPythonHelpers_h

// Used only by the SWIG-generated Python wrappers of ParallelSeries (see the .wrap files):
// converts the nested result structs, which ITK's wrapping cannot expose, to Python objects.
// Python.h is included by the SWIG-generated code before this header.

#include "itkParallelGDCMSeriesFileNames.h"
#include "itkImageIOBase.h"

#include <string>
#include <vector>

namespace itk
{
namespace ParallelSeriesPython
{
/** New reference to a str; invalid UTF-8 (DICOM text in other character sets) is replaced. */
inline PyObject *
ToPython(const std::string & s)
{
  return PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
}
inline PyObject *
ToPython(bool b)
{
  return PyBool_FromLong(b ? 1 : 0);
}
inline PyObject *
ToPython(unsigned int v)
{
  return PyLong_FromUnsignedLong(v);
}
inline PyObject *
ToPython(unsigned long long v)
{
  return PyLong_FromUnsignedLongLong(v);
}
inline PyObject *
ToPython(double v)
{
  return PyFloat_FromDouble(v);
}

/** Sets d[key] = value and releases the reference to value. */
inline void
SetItem(PyObject * d, const char * key, PyObject * value)
{
  if (value == nullptr)
  {
    PyErr_Clear();
    value = Py_None;
    Py_INCREF(value);
  }
  PyDict_SetItemString(d, key, value);
  Py_DECREF(value);
}

inline PyObject *
StringsToList(const std::vector<std::string> & strings)
{
  PyObject * list = PyList_New(static_cast<Py_ssize_t>(strings.size()));
  for (size_t i = 0; i < strings.size(); ++i)
  {
    PyList_SetItem(list, static_cast<Py_ssize_t>(i), ToPython(strings[i]));
  }
  return list;
}

inline PyObject *
SkippedToList(const ParallelGDCMSeriesFileNames::SkippedFileContainerType & files)
{
  PyObject * list = PyList_New(static_cast<Py_ssize_t>(files.size()));
  for (size_t i = 0; i < files.size(); ++i)
  {
    PyObject * t = PyTuple_New(2);
    PyTuple_SetItem(t, 0, ToPython(files[i].FileName));
    PyTuple_SetItem(t, 1, ToPython(files[i].Reason));
    PyList_SetItem(list, static_cast<Py_ssize_t>(i), t);
  }
  return list;
}

inline PyObject *
SummaryToDict(const ParallelGDCMSeriesFileNames::SeriesSummary & s)
{
  PyObject * d = PyDict_New();
  SetItem(d, "SeriesIdentifier", ToPython(s.SeriesIdentifier));
  SetItem(d, "SeriesInstanceUID", ToPython(s.SeriesInstanceUID));
  SetItem(d, "StudyInstanceUID", ToPython(s.StudyInstanceUID));
  SetItem(d, "SeriesNumber", ToPython(s.SeriesNumber));
  SetItem(d, "SeriesDescription", ToPython(s.SeriesDescription));
  SetItem(d, "Modality", ToPython(s.Modality));
  SetItem(d, "TransferSyntaxUID", ToPython(s.TransferSyntaxUID));
  SetItem(d, "PhotometricInterpretation", ToPython(s.PhotometricInterpretation));
  SetItem(d, "Columns", ToPython(s.Columns));
  SetItem(d, "Rows", ToPython(s.Rows));
  SetItem(d, "NumberOfFiles", ToPython(s.NumberOfFiles));
  SetItem(d, "NumberOfFramesPerFile", ToPython(s.NumberOfFramesPerFile));
  SetItem(d, "NumberOfSlices", ToPython(s.NumberOfSlices));
  SetItem(d, "NumberOfVolumes", ToPython(s.NumberOfVolumes));
  SetItem(d, "SamplesPerPixel", ToPython(s.SamplesPerPixel));
  SetItem(d, "BitsAllocated", ToPython(s.BitsAllocated));
  SetItem(d, "ComponentType", PyLong_FromLong(static_cast<long>(s.ComponentType)));
  SetItem(d, "ComponentTypeName", ToPython(ImageIOBase::GetComponentTypeAsString(s.ComponentType)));
  SetItem(d, "RescaleSlope", ToPython(s.RescaleSlope));
  SetItem(d, "RescaleIntercept", ToPython(s.RescaleIntercept));
  SetItem(d, "Spacing", Py_BuildValue("(ddd)", s.Spacing[0], s.Spacing[1], s.Spacing[2]));
  SetItem(d, "Origin", Py_BuildValue("(ddd)", s.Origin[0], s.Origin[1], s.Origin[2]));
  SetItem(d,
          "Direction",
          Py_BuildValue("((ddd)(ddd)(ddd))",
                        s.Direction[0][0], s.Direction[0][1], s.Direction[0][2],
                        s.Direction[1][0], s.Direction[1][1], s.Direction[1][2],
                        s.Direction[2][0], s.Direction[2][1], s.Direction[2][2]));
  SetItem(d, "TotalFileBytes", ToPython(s.TotalFileBytes));
  SetItem(d, "Error", ToPython(s.Error));
  SetItem(d, "NumberOfImagesInMosaic", ToPython(s.NumberOfImagesInMosaic));
  SetItem(d, "MosaicColumns", ToPython(s.MosaicColumns));
  SetItem(d, "MosaicRows", ToPython(s.MosaicRows));
  SetItem(d, "SliceSpacingSource", ToPython(s.SliceSpacingSource));
  return d;
}

/** ParallelSeriesReader<T>::VolumeInfo as a dict. */
template <typename TVolumeInfo>
PyObject *
VolumeInfoToDict(const TVolumeInfo & info)
{
  PyObject * d = PyDict_New();
  SetItem(d, "SeriesIdentifier", ToPython(info.SeriesIdentifier));
  SetItem(d, "VolumeIndex", ToPython(info.VolumeIndex));
  SetItem(d, "FileNames", StringsToList(info.FileNames));
  SetItem(d, "Failed", ToPython(info.Failed));
  SetItem(d, "FailedFile", ToPython(info.FailedFile));
  SetItem(d, "FailureReason", ToPython(info.FailureReason));
  return d;
}
} // namespace ParallelSeriesPython
} // namespace itk

#endif
