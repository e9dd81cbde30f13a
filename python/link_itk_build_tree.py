#!/usr/bin/env python3
"""Make `import itk` in a virtual environment give an ITK *build tree* with Python wrapping, in
a way that lets ITK remote-module packages (pip install of itk-parallelseries, ...) be
installed into that environment.

    <venv>/bin/python python/link_itk_build_tree.py "$ITK_DIR" [--exclude-module ParallelSeries]

Why not just a .pth file pointing to $ITK_DIR/Wrapping/Generators/Python (ITK's WrapITK.pth)?
With it, `itk` is the package directory of the build tree, and ITK 5.2 looks for its modules in
that one directory only (itk/Configuration/*Config.py): a remote module installed by pip into
<venv>/site-packages/itk would never be found.

What this does instead: <site-packages>/itk becomes a tree of real directories mirroring
$ITK_DIR/Wrapping/Generators/Python/itk, whose files are symbolic links to the build tree's, and <site-packages>/itkConfig.py is a link to the build tree's
itkConfig.py (it locates the package relative to its own path, i.e. in site-packages). The
compiled modules keep their absolute RUNPATH into the build tree, so ITK's shared libraries are
found there. pip then installs remote modules into <site-packages>/itk next to the links, and
`pip uninstall` removes them again; the ITK build tree is never written to.

Files of the modules given with --exclude-module (default: ParallelSeries, which this
repository's package installs itself) are not linked, so that a copy of the module written
into the build tree by a CMake build of the module cannot hide (or be overwritten by) the
installed one. Run it again after ITK's build tree gained new modules; it is idempotent.
"""

import argparse
import os
import sys
import sysconfig


def excluded(name, modules):
    for module in modules:
        if name in (
            "_%sPython.so" % module,
            "%sPython.py" % module,
            "%sConfig.py" % module,
            "%s_snake_case.py" % module,
        ) or (name.startswith("_%sPython." % module) and name.endswith((".so", ".pyd"))) or (
            name.startswith(("libitk%s-" % module, "lib%s-" % module, "%sTestDriver" % module))
        ):
            return True
    return False


def module_submodules(python_dir, modules):
    """Python files of the submodules of the excluded modules (itk<Class>Python.py): those that
    import the module's extension, and those named after a class of the module's
    configuration."""
    names = set()
    package = os.path.join(python_dir, "itk")
    for name in os.listdir(package):
        if not name.endswith("Python.py"):
            continue
        try:
            with open(os.path.join(package, name), errors="replace") as f:
                head = f.read(4096)
        except OSError:
            continue
        if any("import _%sPython" % module in head for module in modules):
            names.add(name)
    config_dir = os.path.join(python_dir, "itk", "Configuration")
    for module in modules:
        config = os.path.join(config_dir, "%sConfig.py" % module)
        if not os.path.isfile(config):
            continue
        scope = {}
        with open(config) as f:
            exec(compile(f.read(), config, "exec"), scope)
        for entry in scope.get("templates", ()):
            # submodule files are named after the class: itk<Class>Python.py
            names.add("itk%sPython.py" % entry[0])
    return names


def link(source, destination):
    if os.path.islink(destination):
        if os.readlink(destination) == source:
            return
        os.remove(destination)
    elif os.path.exists(destination):
        return  # a real file (installed by pip): leave it
    os.symlink(source, destination)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("itk_dir", help="ITK build tree (ITK_DIR) configured with ITK_WRAP_PYTHON=ON")
    parser.add_argument("--site-packages", default=sysconfig.get_paths()["purelib"],
                        help="target site-packages (default: this interpreter's, %(default)s)")
    parser.add_argument("--exclude-module", action="append", default=None,
                        help="wrapped module whose files are not linked (default: ParallelSeries)")
    args = parser.parse_args(argv)
    modules = args.exclude_module if args.exclude_module is not None else ["ParallelSeries"]

    python_dir = os.path.join(os.path.abspath(args.itk_dir), "Wrapping", "Generators", "Python")
    package = os.path.join(python_dir, "itk")
    if not os.path.isfile(os.path.join(package, "__init__.py")) or not os.path.isfile(
        os.path.join(python_dir, "itkConfig.py")
    ):
        sys.exit("%s has no Python wrapping (itk/__init__.py, itkConfig.py)" % python_dir)

    skip = module_submodules(python_dir, modules)
    target = os.path.join(args.site_packages, "itk")
    link(os.path.join(python_dir, "itkConfig.py"), os.path.join(args.site_packages, "itkConfig.py"))
    # Directories are real directories, files are links: ITK locates its files relative to its
    # own modules (e.g. itk/support/../<Module>Python.py), which must resolve inside the
    # environment, not inside the build tree.
    count = 0
    for directory, subdirectories, files in os.walk(package):
        subdirectories[:] = [d for d in subdirectories if d != "__pycache__"]
        relative = os.path.relpath(directory, package)
        destination = os.path.normpath(os.path.join(target, relative))
        if os.path.islink(destination):  # left by an older layout: never write through it
            os.remove(destination)
        os.makedirs(destination, exist_ok=True)
        for name in sorted(files):
            if excluded(name, modules) or (relative == "." and name in skip):
                continue
            link(os.path.join(directory, name), os.path.join(destination, name))
            count += 1
    # Drop links to files that disappeared from the build tree
    for directory, _, files in os.walk(target):
        for name in files:
            path = os.path.join(directory, name)
            if os.path.islink(path) and not os.path.exists(path):
                os.remove(path)
    print("%s: %d entries linked to %s" % (target, count, package))
    return 0


if __name__ == "__main__":
    sys.exit(main())
