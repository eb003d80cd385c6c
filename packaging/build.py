"""Build the one-folder desktop_handover bundle for the current platform, then smoke-test it.

    uv run python packaging/build.py                 # translations, PyInstaller, checks, smoke
    uv run python packaging/build.py --no-smoke      # skip running the built app
    uv run python packaging/build.py --installer     # Windows: also run Inno Setup (iscc)
    uv run python packaging/build.py --archive       # Linux: also pack dist/*.tar.gz

Steps:
 1. compile resources/translations/*.ts to .qm (packaging/translations.py release);
 2. run PyInstaller on packaging/desktop_handover.spec into dist/ (work files in build/);
    PyInstaller is a build tool, not a project dependency: when the environment lacks it,
    it is run through `uv run --with "pyinstaller>=6.10,<7"`;
 3. Linux: refuse a bundle that picked up GTK from the build machine (desktop-toolchain.md,
    pitfall 9), and add the .desktop file, icons and install.sh next to the executables;
 4. smoke test: `desktop-handover --self-test` offscreen (opens the main window against the
    in-process demo portal, loads one section, exits 0) and `desktop-handover-cli --help`,
    with settings, logs and journal redirected to a temporary home;
 5. print the bundle size and its largest parts.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
SPEC = PACKAGING / "desktop_handover.spec"
APP = "desktop-handover"
PYINSTALLER_REQUIREMENT = "pyinstaller>=6.10,<7"
SMOKE_TIMEOUT_S = 180


def step(text: str) -> None:
    """Print a step header."""
    print(f"\n== {text}", flush=True)


def compile_translations() -> None:
    """Step 1: every .ts to .qm, with Qt's lrelease from the PySide6 wheel."""
    sys.path.insert(0, str(PACKAGING))
    import translations  # noqa: PLC0415 - packaging/translations.py, found through sys.path

    for qm in translations.release():
        print(f"   {qm.relative_to(ROOT)}")


def pyinstaller_command() -> list[str]:
    """PyInstaller from this environment if present, otherwise through uv (fetched from PyPI)."""
    if importlib.util.find_spec("PyInstaller") is not None:
        return [sys.executable, "-m", "PyInstaller"]
    uv = shutil.which("uv")
    if uv is None:
        raise SystemExit("PyInstaller is not installed and uv is not on PATH to fetch it")
    return [uv, "run", "--with", PYINSTALLER_REQUIREMENT, "pyinstaller"]


def run_pyinstaller() -> None:
    """Step 2: the spec, into dist/."""
    command = [
        *pyinstaller_command(),
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
        str(SPEC),
    ]
    started = time.monotonic()
    subprocess.run(command, check=True, cwd=ROOT)  # noqa: S603 - a fixed command line
    print(f"   PyInstaller took {time.monotonic() - started:.0f} s")


def bundle_dir() -> Path:
    """The one-folder bundle (inside the .app on macOS)."""
    if sys.platform == "darwin":
        return DIST / "desktop_handover.app" / "Contents" / "MacOS"
    return DIST / APP


def executable(name: str) -> Path:
    """Path of a built executable."""
    suffix = ".exe" if sys.platform == "win32" else ""
    return bundle_dir() / f"{name}{suffix}"


def check_no_gtk() -> None:
    """Step 3a: GTK from the build machine must not ride along (toolchain pitfall 9)."""
    found = sorted(
        str(path.relative_to(DIST))
        for path in DIST.rglob("*")
        if path.name.startswith(("libgtk", "libgdk-", "libgdk_pixbuf", "libqgtk3"))
    )
    if found:
        raise SystemExit(
            "GTK libraries landed in the bundle (build on a clean machine):\n  "
            + "\n  ".join(found)
        )
    print("   no GTK libraries in the bundle")


def add_linux_integration() -> None:
    """Step 3b: the .desktop file, hicolor icons and a per-user installer beside the programs."""
    target = bundle_dir()
    shutil.copy2(PACKAGING / "linux" / "desktop-handover.desktop", target)
    shutil.copy2(PACKAGING / "linux" / "install.sh", target)
    icons = target / "icons"
    icons.mkdir(exist_ok=True)
    for png in (ROOT / "resources" / "app").glob("desktop_handover_*.png"):
        shutil.copy2(png, icons)
    shutil.copy2(ROOT / "resources" / "app" / "desktop_handover.svg", icons)
    print(
        f"   added desktop-handover.desktop, install.sh and icons/ to {target.relative_to(ROOT)}"
    )


def smoke_test() -> bool:
    """Step 4: run the built app's self-test offscreen in a throwaway home; True when it passed."""
    with tempfile.TemporaryDirectory(prefix="dh-smoke-") as home:
        env = dict(os.environ)
        env.update(
            QT_QPA_PLATFORM="offscreen",
            HOME=home,
            XDG_CONFIG_HOME=f"{home}/config",
            XDG_DATA_HOME=f"{home}/data",
            XDG_STATE_HOME=f"{home}/state",
            XDG_CACHE_HOME=f"{home}/cache",
            APPDATA=f"{home}/appdata",
            LOCALAPPDATA=f"{home}/localappdata",
            # No real keychain in a smoke test: the null backend answers "nothing stored".
            PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
        )
        ok = True
        runs: list[tuple[Path, str]] = [
            (executable(APP), "--self-test"),
            (executable(f"{APP}-cli"), "--help"),
        ]
        for program, argument in runs:
            command = [str(program), argument]
            shown = f"{program.relative_to(ROOT)} {argument}"
            started = time.monotonic()
            try:
                result = subprocess.run(  # noqa: S603 - our own executables
                    command,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=SMOKE_TIMEOUT_S,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                print(f"   FAIL {shown}: no exit within {SMOKE_TIMEOUT_S} s")
                ok = False
                continue
            elapsed = time.monotonic() - started
            verdict = "ok  " if result.returncode == 0 else "FAIL"
            print(f"   {verdict} {shown}: exit {result.returncode} in {elapsed:.1f} s")
            for line in result.stdout.splitlines():
                if line.startswith("self-test:"):
                    print(f"        {line}")
            if result.returncode != 0:
                ok = False
                for line in (result.stdout + result.stderr).strip().splitlines()[-25:]:
                    print(f"        {line}")
        return ok


def report_size() -> None:
    """Step 5: total size and the largest parts."""
    root = DIST / "desktop_handover.app" if sys.platform == "darwin" else bundle_dir()
    files = [p for p in root.rglob("*") if p.is_file() and not p.is_symlink()]
    total = sum(p.stat().st_size for p in files)
    print(f"   bundle: {root.relative_to(ROOT)}  {total / 1e6:.1f} MB in {len(files)} files")
    for path in sorted(files, key=lambda p: p.stat().st_size, reverse=True)[:8]:
        print(f"   {path.stat().st_size / 1e6:7.1f} MB  {path.relative_to(root)}")


def build_installer() -> None:
    """Windows: compile the Inno Setup script into dist/ (needs iscc on PATH)."""
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    if iscc is None:
        raise SystemExit("Inno Setup's iscc is not on PATH (choco install innosetup)")
    subprocess.run(  # noqa: S603 - iscc from PATH
        [
            iscc,
            f"/DAppVersion={version('desktop-handover')}",
            str(PACKAGING / "windows" / "desktop_handover.iss"),
        ],
        check=True,
        cwd=ROOT,
    )


def make_archive() -> None:
    """Linux: dist/desktop-handover-<version>-linux-<arch>.tar.gz, unpacking to its folder."""
    base = DIST / f"{APP}-{version('desktop-handover')}-linux-{platform.machine()}"
    archive = shutil.make_archive(str(base), "gztar", root_dir=DIST, base_dir=APP)
    print(f"   {Path(archive).relative_to(ROOT)}  {Path(archive).stat().st_size / 1e6:.1f} MB")


def main() -> int:
    """Run the steps; exit 1 when a check or the smoke test fails."""
    parser = argparse.ArgumentParser(description="Build the desktop_handover bundle.")
    parser.add_argument("--no-smoke", action="store_true", help="do not run the built app")
    parser.add_argument(
        "--installer", action="store_true", help="Windows: also build the installer"
    )
    parser.add_argument("--archive", action="store_true", help="Linux: also pack a .tar.gz")
    args = parser.parse_args()

    step("1/5 translations")
    compile_translations()
    step("2/5 PyInstaller")
    run_pyinstaller()
    step("3/5 checks")
    if sys.platform.startswith("linux"):
        check_no_gtk()
        add_linux_integration()
    if args.installer:
        build_installer()
    passed = True
    step("4/5 smoke test")
    if args.no_smoke:
        print("   skipped (--no-smoke)")
    else:
        passed = smoke_test()
    step("5/5 size")
    report_size()
    if args.archive and sys.platform.startswith("linux"):
        make_archive()
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
