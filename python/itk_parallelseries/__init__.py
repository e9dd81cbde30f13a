"""itk-parallelseries: the ParallelSeries ITK module for Python.

The classes are in the ``itk`` namespace of PyPI's ``itk`` (this wheel installs its wrapping
into that package, as every ITK module wheel does)::

    import itk
    scanner = itk.ParallelGDCMSeriesFileNames.New(InputDirectory="/data/study", Recursive=True)
    volumes = itk.read_dicom_directory("/data/study")

This package holds what is not an ITK class: the ``parallel-series`` command-line tool, a native
executable shipped in this package (``bin/parallel-series``) and started by the console entry
point of the same name.
"""

import os
import sys

__all__ = ["cli_path", "cli_main"]


def cli_path() -> str:
    """Absolute path of the bundled ``parallel-series`` executable.

    Raises FileNotFoundError when the package was installed without it."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "parallel-series")
    if not os.access(path, os.X_OK):
        raise FileNotFoundError(f"the parallel-series executable is missing from {os.path.dirname(path)}")
    return path


def cli_main() -> None:
    """Console entry point: replaces this process by the bundled executable (same arguments,
    exit status, standard streams and signals as running it directly)."""
    try:
        path = cli_path()
    except FileNotFoundError as error:
        print(f"parallel-series: {error}", file=sys.stderr)
        sys.exit(127)
    os.execv(path, [path] + sys.argv[1:])
