"""Qt Linguist tooling: refresh the .ts sources and compile them to .qm (style §7).

    uv run python packaging/translations.py update    # lupdate: ui/, app.py -> translations/*.ts
    uv run python packaging/translations.py release   # lrelease: every .ts -> .qm next to it
    uv run python packaging/translations.py ensure    # compile only missing or stale .qm files

The .qm files are build outputs (.gitignore has *.qm): `packaging/build.py` runs `release`
before PyInstaller, and a dev run from the checkout calls `ensure_compiled_translations()`.
This module uses the stdlib only, so the app can load it from the checkout by path.

English is the source language: its .ts holds only the plural forms (`lupdate -pluralonly`),
so "%n item(s)" reads "1 item" / "5 items"; every other string shows its source text.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "desktop_handover"
TS_DIR = ROOT / "resources" / "translations"
STEM = "desktop_handover"
SOURCE_LANGUAGE = "en"
# The languages we ship; tests/test_translations.py fails when one of them is incomplete.
LANGUAGES = ("pl", "en", "de", "ru")
# lupdate's -target-language wants a country for languages whose plural rules depend on it.
TARGET_LOCALE = {"pl": "pl_PL", "en": "en", "de": "de_DE", "ru": "ru_RU"}


def ts_path(language: str, ts_dir: Path = TS_DIR) -> Path:
    """The .ts source of `language`."""
    return ts_dir / f"{STEM}_{language}.ts"


def source_files(package: Path = PACKAGE) -> list[Path]:
    """Every Python file whose strings go through tr(): the ui/ package and app.py.

    Listed explicitly and sorted: lupdate's own directory scan does not pick up .py files
    (PySide6 6.12), and a fixed order keeps the .ts diff stable.
    """
    files = sorted((package / "ui").rglob("*.py"))
    app = package / "app.py"
    if app.exists():
        files.append(app)
    return files


def qt_tool(name: str) -> Path:
    """Locate Qt's `lupdate` or `lrelease` as shipped in the PySide6(-Essentials) wheel.

    The `pyside6-lupdate` console script only forwards to the binary inside the PySide6
    package; calling that binary directly works without the venv's bin/ on PATH. The
    package is found without importing it (no Qt load for a command-line tool).
    """
    suffix = ".exe" if sys.platform == "win32" else ""
    spec = importlib.util.find_spec("PySide6")
    if spec is not None and spec.origin is not None:
        candidate = Path(spec.origin).parent / f"{name}{suffix}"
        if candidate.is_file():
            return candidate
    found = shutil.which(f"pyside6-{name}")
    if found:
        return Path(found)
    raise FileNotFoundError(
        f"Qt's {name} not found: install PySide6-Essentials (it ships lupdate and lrelease)"
    )


def lupdate(
    language: str,
    ts_file: Path,
    sources: Sequence[Path] | None = None,
    *,
    quiet: bool = False,
) -> None:
    """Refresh `ts_file` for `language` from the sources (new strings in, vanished ones out)."""
    files = list(source_files() if sources is None else sources)
    args = [
        str(qt_tool("lupdate")),
        *[str(f) for f in files],
        "-no-obsolete",
        # No file/line references: they churn on every edit, and contexts are class names.
        "-locations",
        "none",
        "-source-language",
        SOURCE_LANGUAGE,
        "-target-language",
        TARGET_LOCALE.get(language, language),
    ]
    if language == SOURCE_LANGUAGE:
        args.append("-pluralonly")
    args += ["-ts", str(ts_file)]
    if quiet:
        args.insert(1, "-silent")
    subprocess.run(args, check=True, cwd=ROOT)  # noqa: S603 - our own tool paths


def lrelease(ts_file: Path, qm_file: Path | None = None, *, quiet: bool = False) -> Path:
    """Compile `ts_file` into a .qm beside it (or at `qm_file`); return the .qm path."""
    target = ts_file.with_suffix(".qm") if qm_file is None else qm_file
    args = [str(qt_tool("lrelease")), str(ts_file), "-qm", str(target)]
    if quiet:
        args.insert(1, "-silent")
    subprocess.run(args, check=True, cwd=ROOT)  # noqa: S603 - our own tool paths
    return target


def update(languages: Sequence[str] = LANGUAGES) -> None:
    """Run lupdate for each language into resources/translations/."""
    TS_DIR.mkdir(parents=True, exist_ok=True)
    for language in languages:
        lupdate(language, ts_path(language))


def release(ts_dir: Path = TS_DIR) -> list[Path]:
    """Compile every .ts in `ts_dir` to .qm; return the .qm paths."""
    return [lrelease(ts) for ts in sorted(ts_dir.glob(f"{STEM}_*.ts"))]


def ensure_compiled_translations(ts_dir: Path = TS_DIR) -> list[Path]:
    """Compile the .qm files that are missing or older than their .ts; return those compiled.

    Cheap when everything is current (a few stat calls), so a dev run may call it at every
    start. Returns an empty list, without raising, when lrelease is not installed: the app
    then simply runs untranslated.
    """
    stale = [
        ts
        for ts in sorted(ts_dir.glob(f"{STEM}_*.ts"))
        if not ts.with_suffix(".qm").exists()
        or ts.with_suffix(".qm").stat().st_mtime < ts.stat().st_mtime
    ]
    if not stale:
        return []
    try:
        qt_tool("lrelease")
    except FileNotFoundError:
        return []
    return [lrelease(ts, quiet=True) for ts in stale]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: update | release | ensure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("update", "release", "ensure"))
    parser.add_argument(
        "--languages",
        default=",".join(LANGUAGES),
        help="comma-separated languages for `update` (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    if args.command == "update":
        update([lang.strip() for lang in args.languages.split(",") if lang.strip()])
    elif args.command == "release":
        for qm in release():
            print(qm.relative_to(ROOT))
    else:
        for qm in ensure_compiled_translations():
            print(f"compiled {qm.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
