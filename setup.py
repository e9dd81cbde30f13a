# -*- coding: utf-8 -*-
"""Python package of the ParallelSeries ITK remote module (scikit-build, as ITK remote modules
are packaged for ITK 5.2/5.3).

Two ways to build:

* Against ITK's Python wheels (the usual remote-module build, e.g. by ITKPythonPackage's
  scripts, which pass -DITK_DIR=<ITK build tree used for the wheels> after "--"): the package
  requires the `itk` wheels (install_requires itk>=5.2), and installs its wrapping into them.

* Against a local ITK build tree with Python wrapping: set the environment variable ITK_DIR to
  that build tree. The module is then built against it, and the `itk` requirement is dropped:
  `import itk` must already give that ITK build (see wrapping/README-python.md). Set
  PARALLELSERIES_REQUIRE_ITK=1 to keep the requirement anyway.

Other environment variables (local build tree only):
  PARALLELSERIES_CMAKE_ARGS  extra CMake arguments (space-separated).
"""
import os
import shlex
import sys

try:
    from skbuild import setup
except ImportError:
    print("Please update pip, you need pip 10 or greater,\n"
          " or you need to install the PEP 518 requirements in pyproject.toml yourself",
          file=sys.stderr)
    raise

this_dir = os.path.dirname(os.path.abspath(__file__))

itk_dir = os.environ.get("ITK_DIR", "").strip()
# ITK 5.2/5.3 predate NumPy 2.
install_requires = ["itk>=5.2.0", "numpy<2"]
cmake_args = [
    "-DBUILD_TESTING:BOOL=OFF",
    "-DParallelSeries_BUILD_CLI:BOOL=OFF",
    "-DParallelSeries_BUILD_BENCHMARK:BOOL=OFF",
    "-DITK_USE_KWSTYLE:BOOL=OFF",
    "-DITK_USE_CLANG_FORMAT:BOOL=OFF",
    # Install only the Python package files (ITKModuleExternal installs the component
    # PythonWheelRuntimeLibraries when built by scikit-build).
    "-DWRAP_ITK_INSTALL_COMPONENT_IDENTIFIER:STRING=PythonWheel",
    "-DPython3_EXECUTABLE:FILEPATH=" + sys.executable,
]

if itk_dir:
    if not os.path.isfile(os.path.join(itk_dir, "ITKConfig.cmake")):
        raise RuntimeError("ITK_DIR=%s is not an ITK build tree (no ITKConfig.cmake)" % itk_dir)
    if os.environ.get("PARALLELSERIES_REQUIRE_ITK", "0").lower() not in ("1", "on", "true", "yes"):
        # `itk` comes from the ITK build tree, not from PyPI: do not let pip install itk wheels
        # (a different ITK build) next to it.
        install_requires = [r for r in install_requires if not r.startswith("itk")]
    cmake_args += [
        "-DITK_DIR:PATH=" + itk_dir,
        "-DITK_USE_SYSTEM_SWIG:BOOL=ON",
        "-DITK_USE_SYSTEM_CASTXML:BOOL=ON",
        # The module's shared library is installed next to _ParallelSeriesPython.so (see
        # wrapping/CMakeLists.txt) and found through $ORIGIN, so that the installed package does
        # not depend on this temporary build tree; ITK's own shared libraries are found in the
        # ITK build tree (ITK puts them into its Python package directory when wrapping Python).
        # (A static module library is not an option: with BUILD_SHARED_LIBS off, ITK's wrapping
        # expects a static ITK, whose _ITKCommonPython exports a _C_API capsule.)
        "-DBUILD_SHARED_LIBS:BOOL=ON",
        "-DCMAKE_INSTALL_RPATH:STRING=$ORIGIN;%s;%s"
        % (os.path.join(itk_dir, "Wrapping", "Generators", "Python", "itk"), os.path.join(itk_dir, "lib")),
        "-DITK_WRAP_PYTHON_NO_LTO:BOOL=ON",
        # Keep the build products in scikit-build's build directory (relative paths are made
        # absolute by CMake relative to it); ITKModuleExternal's defaults would put them into
        # the ITK build tree.
        "-DCMAKE_LIBRARY_OUTPUT_DIRECTORY:PATH=lib",
        "-DCMAKE_ARCHIVE_OUTPUT_DIRECTORY:PATH=lib",
        "-DCMAKE_RUNTIME_OUTPUT_DIRECTORY:PATH=bin",
    ]
    cmake_args += shlex.split(os.environ.get("PARALLELSERIES_CMAKE_ARGS", ""))

# The package directory `itk` only receives what CMake installs (the wrapping); setuptools wants
# it to exist already when pip asks for the metadata. It stays empty in the source tree (and git
# does not track empty directories).
os.makedirs(os.path.join(this_dir, "itk"), exist_ok=True)

with open(os.path.join(this_dir, "README.md"), encoding="utf-8") as f:
    long_description = f.read()

setup(
    name="itk-parallelseries",
    version="0.1.0",
    author="ParallelSeries contributors",
    packages=["itk"],
    package_dir={"itk": "itk"},
    cmake_args=cmake_args,
    py_modules=[],
    description="Thread-safe parallel DICOM series scanning and multi-series reading for ITK, "
    "with ML preprocessing filters (crop to foreground, resize, pad)",
    long_description=long_description,
    long_description_content_type="text/markdown",
    classifiers=[
        "License :: OSI Approved :: Apache Software License",
        "Programming Language :: Python",
        "Programming Language :: C++",
        "Intended Audience :: Healthcare Industry",
        "Intended Audience :: Science/Research",
        "Topic :: Scientific/Engineering :: Medical Science Apps.",
        "Operating System :: POSIX :: Linux",
    ],
    license="Apache",
    keywords="ITK InsightToolkit DICOM parallel series reader preprocessing",
    url="https://github.com/InsightSoftwareConsortium/ITKParallelSeries",
    install_requires=install_requires,
    python_requires=">=3.7",
)
