# Pure-Python helpers of the ParallelSeries module. This file is inserted (%pythoncode) into
# the SWIG-generated module itk.itkParallelSeriesReaderPython by itkParallelSeriesReader.wrap;
# read_dicom_directory is exported as itk.read_dicom_directory.
# (No "at" sign and no percent-brace sequence in this file: it goes through configure_file and
# a SWIG %pythoncode block.)

# Pixel types to try, in order, for a series of a given component type (the names returned by
# itk::ImageIOBase::GetComponentTypeAsString()). The first one wrapped for
# itk.ParallelSeriesReader is used: the native type when it is wrapped, otherwise a type that
# holds all its values (float as the last resort).
_PS_PIXEL_CANDIDATES = {
    "unsigned_char": ("UC", "US", "SS", "F"),
    "char": ("SC", "SS", "F"),
    "unsigned_short": ("US", "UI", "F"),
    "short": ("SS", "SI", "F"),
    "unsigned_int": ("UI", "UL", "D", "F"),
    "int": ("SI", "SL", "D", "F"),
    "unsigned_long": ("UL", "ULL", "D", "F"),
    "long": ("SL", "SLL", "D", "F"),
    "unsigned_long_long": ("ULL", "D", "F"),
    "long_long": ("SLL", "D", "F"),
    "float": ("F", "D"),
    "double": ("D", "F"),
}

_PS_NUMPY_TO_ITK = {
    "uint8": "UC",
    "int8": "SC",
    "uint16": "US",
    "int16": "SS",
    "uint32": "UI",
    "int32": "SI",
    "uint64": "UL",
    "int64": "SL",
    "float32": "F",
    "float64": "D",
}


def _ps_reader_pixel_types():
    """Pixel types of the wrapped itk.ParallelSeriesReader instantiations."""
    import itk

    pixel_types = []
    for key in itk.ParallelSeriesReader.keys():
        image_type = key[0] if isinstance(key, tuple) else key
        pixel_type = itk.template(image_type)[1][0]
        if pixel_type not in pixel_types:
            pixel_types.append(pixel_type)
    return pixel_types


def _ps_pixel_type_name(pixel_type):
    """Short ITK name of a pixel type: "SS", "F", "RGBUC", ..."""
    import itk

    for name in _PS_NUMPY_TO_ITK.values():
        if getattr(itk, name, None) is pixel_type:
            return name
    try:
        template, args = itk.template(pixel_type)
        return "RGB" + _ps_pixel_type_name(args[0]) if "RGB" in str(template) else str(pixel_type)
    except Exception:
        return str(pixel_type)


def _ps_resolve_pixel_type(pixel_type, available):
    """An entry of `available` for a user-given pixel type (itk type, NumPy dtype or its name)."""
    import itk

    if pixel_type in available:
        return pixel_type
    name = None
    if isinstance(pixel_type, str) and hasattr(itk, pixel_type):
        name = pixel_type
    else:
        try:
            import numpy as np

            name = _PS_NUMPY_TO_ITK.get(np.dtype(pixel_type).name)
        except TypeError:
            name = None
    if name is not None and getattr(itk, name, None) in available:
        return getattr(itk, name)
    raise ValueError(
        "pixel_type %r is not wrapped for itk.ParallelSeriesReader (wrapped: %s)"
        % (pixel_type, ", ".join(_ps_pixel_type_name(p) for p in available))
    )


def _ps_native_pixel_type(summary, available):
    """Pixel type that holds the values of a series (from its scanner summary)."""
    import itk

    if summary.get("SamplesPerPixel", 1) == 3:
        try:
            rgb = itk.RGBPixel[itk.UC]
        except Exception:
            rgb = None
        if rgb is not None and rgb in available and summary.get("ComponentTypeName") == "unsigned_char":
            return rgb
    candidates = _PS_PIXEL_CANDIDATES.get(summary.get("ComponentTypeName"), ("F",))
    for name in candidates + ("F",):
        candidate = getattr(itk, name, None)
        if candidate is not None and candidate in available:
            return candidate
    return available[0]


_PS_SUMMARY_FIELDS = (
    "SeriesIdentifier",
    "SeriesInstanceUID",
    "StudyInstanceUID",
    "SeriesNumber",
    "SeriesDescription",
    "Modality",
    "TransferSyntaxUID",
    "PhotometricInterpretation",
    "Columns",
    "Rows",
    "NumberOfFiles",
    "NumberOfFramesPerFile",
    "NumberOfSlices",
    "NumberOfVolumes",
    "SamplesPerPixel",
    "BitsAllocated",
    "RescaleSlope",
    "RescaleIntercept",
    "SliceSpacingSource",
    "SliceSpacingDeviation",
    "StackTiltDegrees",
    "GeometryCorrection",
    "TotalFileBytes",
    "Error",
    "NumberOfImagesInMosaic",
    "MosaicColumns",
    "MosaicRows",
)

_PS_VOLUME_INFO_FIELDS = ("SeriesIdentifier", "VolumeIndex", "Failed", "FailedFile", "FailureReason")


def _ps_summary_dict(summary):
    """An itk.ParallelSeriesSummary (scanner.GetSeriesSummary(uid)) as a dict: one key per Get
    method (SeriesIdentifier, Rows, Columns, NumberOfVolumes, ...; Spacing and Origin as
    (x, y, z) tuples of float, mm; Direction as a tuple of rows), plus ComponentType (int) and
    ComponentTypeName ("short", "unsigned_char", ... as ImageIOBase::GetComponentTypeAsString())."""
    import itk

    d = {name: getattr(summary, "Get" + name)() for name in _PS_SUMMARY_FIELDS}
    spacing = summary.GetSpacing()
    origin = summary.GetOrigin()
    direction = summary.GetDirection().GetVnlMatrix()
    d["Spacing"] = tuple(float(spacing[i]) for i in range(3))
    d["Origin"] = tuple(float(origin[i]) for i in range(3))
    d["Direction"] = tuple(tuple(float(direction.get(i, j)) for j in range(3)) for i in range(3))
    component_type = summary.GetComponentType()
    d["ComponentType"] = int(component_type)
    d["ComponentTypeName"] = itk.ImageIOBase.GetComponentTypeAsString(component_type)
    return d


def _ps_volume_info_dict(info):
    """An itk.ParallelSeriesVolumeInfo (reader.GetVolumeInfo(i)) as a dict: SeriesIdentifier,
    VolumeIndex, FileNames (list of str, slice order), Failed, FailedFile, FailureReason."""
    d = {name: getattr(info, "Get" + name)() for name in _PS_VOLUME_INFO_FIELDS}
    d["FileNames"] = [str(name) for name in info.GetFileNames()]
    return d


def _ps_fix_requested_region(image):
    """Sets the requested region of an output volume to its largest possible region.

    ProcessObject::GenerateOutputRequestedRegion() copies the requested region of the output
    being updated to all other outputs, which does not fit volumes of other sizes: a later
    image.Update() (e.g. by itk.array_view_from_image) would then fail with "Requested region
    is (at least partially) outside the largest possible region"."""
    image.SetRequestedRegionToLargestPossibleRegion()
    return image


def read_dicom_directory(
    directory,
    recursive=True,
    pixel_type=None,
    series=None,
    use_series_details=False,
    include_failed=False,
):
    """Read every series (every volume of every series) of a DICOM directory in one call.

    Returns a list of (metadata, image) pairs, one per volume, in the series order of
    ParallelGDCMSeriesFileNames.GetSeriesUIDs() (study, series number, identifier), then by
    volume: the order of the command-line tool. Each image is a 3D
    itk.Image, the same image as itk.imread(file_names) (ImageSeriesReader + GDCMImageIO) of its
    files, read by itk.ParallelSeriesReader (all series in parallel).

    directory: directory to scan (str or os.PathLike).
    recursive: also scan sub-directories (default True).
    pixel_type: pixel type of the images, e.g. itk.F, itk.SS, itk.RGBPixel[itk.UC], or a NumPy
        dtype (numpy.float32). None (default): each series gets its native type, taken from
        the scanner summary (ComponentTypeName, SamplesPerPixel); series are grouped by type
        and each group is read by one reader. Native types that are not wrapped are widened to
        a wrapped type holding all their values (float as the last resort).
    series: optional iterable of series identifiers to read (default: all series).
    use_series_details: see ParallelGDCMSeriesFileNames.SetUseSeriesDetails().
    include_failed: also return volumes that failed to read (metadata["Failed"] is True, the
        image content is undefined). By default they are left out with a warning, as are series
        that have no consistent volume.

    metadata is a dict with the series summary (itk.ParallelSeriesSummary as _ps_summary_dict()
    gives it: SeriesIdentifier, SeriesInstanceUID, StudyInstanceUID, SeriesNumber,
    SeriesDescription, Modality, Rows, Columns, NumberOfSlices, NumberOfVolumes,
    ComponentTypeName, Spacing, Origin, Direction, ...), updated with the volume description
    (itk.ParallelSeriesVolumeInfo as _ps_volume_info_dict() gives it: VolumeIndex, FileNames,
    Failed, FailedFile, FailureReason) and "PixelType" (short ITK name of
    the image's pixel type, e.g. "SS"). The DICOM tags of the volume's first file are in the
    image's own metadata dictionary (image["0008|103e"], dict(image)).

    itk.array_view_from_image(image) gives a NumPy view of an image without copy.
    """
    import os
    import warnings
    import itk

    scanner = itk.ParallelGDCMSeriesFileNames.New()
    scanner.SetInputDirectory(os.fspath(directory))
    scanner.SetRecursive(bool(recursive))
    scanner.SetUseSeriesDetails(bool(use_series_details))
    scanner.Update()

    uids = [str(uid) for uid in scanner.GetSeriesUIDs()]
    if series is not None:
        wanted = [str(uid) for uid in series]
        unknown = [uid for uid in wanted if uid not in uids]
        if unknown:
            raise ValueError("unknown series: %s" % ", ".join(unknown))
        uids = [uid for uid in uids if uid in wanted]

    available = _ps_reader_pixel_types()
    forced = None if pixel_type is None else _ps_resolve_pixel_type(pixel_type, available)

    summaries = {}
    groups = []  # [(pixel type, [uid, ...])], in order of first appearance
    for uid in uids:
        summary = _ps_summary_dict(scanner.GetSeriesSummary(uid))
        summaries[uid] = summary
        if summary["NumberOfVolumes"] == 0:
            warnings.warn(
                "ParallelSeries: series %s has no consistent volume: %s" % (uid, summary["Error"])
            )
            continue
        ptype = forced if forced is not None else _ps_native_pixel_type(summary, available)
        for group_type, group_uids in groups:
            if group_type is ptype:
                group_uids.append(uid)
                break
        else:
            groups.append((ptype, [uid]))

    order = {uid: i for i, uid in enumerate(uids)}
    results = []
    for ptype, group_uids in groups:
        image_type = itk.Image[ptype, 3]
        reader = itk.ParallelSeriesReader[image_type].New()
        reader.SetFileNamesSource(scanner)
        reader.SetSeriesSelection(group_uids)
        reader.Update()
        type_name = _ps_pixel_type_name(ptype)
        for index in range(reader.GetNumberOfVolumes()):
            info = _ps_volume_info_dict(reader.GetVolumeInfo(index))
            if info["Failed"] and not include_failed:
                warnings.warn(
                    "ParallelSeries: volume %d of series %s failed (%s): %s"
                    % (info["VolumeIndex"], info["SeriesIdentifier"], info["FailedFile"], info["FailureReason"])
                )
                continue
            metadata = dict(summaries[info["SeriesIdentifier"]])
            metadata.update(info)
            metadata["PixelType"] = type_name
            image = reader.GetOutput(index)
            _ps_fix_requested_region(image)
            results.append(((order[info["SeriesIdentifier"]], info["VolumeIndex"]), metadata, image))
        del reader
    results.sort(key=lambda entry: entry[0])
    return [(metadata, image) for _, metadata, image in results]


def read_dicom_directory_init_docstring():
    # Called by ITK's module loader for every name of the module's snake_case list.
    pass
