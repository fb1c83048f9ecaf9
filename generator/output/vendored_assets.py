"""Third-party JavaScript the site serves itself (mermaid, tablesort), never from a CDN.

The files ship inside the package, in ``generator/output/assets/vendor/`` with their licences and
``THIRD_PARTY.md``; each is pinned by version and by the sha256 of the file, checked before it is
served.

Decision: ship them rather than fetch them with ``npm pack`` at the first build (as before).
- Offline builds: a fresh install builds with no network, no Node.js and no npm; the first build no
  longer spends ~14 s fetching silently, and CI does not depend on the npm registry being up.
- Package size: the wheel grows by ~1.7 MB compressed (5.5 MB installed, nearly all mermaid.min.js),
  against a Node.js install plus a per-user cache that held the same bytes anyway.
- Updates: a new mermaid or tablesort arrives with a ctoportal release (bump version and sha256
  here, replace the file, update THIRD_PARTY.md); tests check the shipped files against the pins,
  so a replaced file without a new pin, or a new pin without the file, fails CI.
Licences: both are MIT, which allows redistribution with the notice (kept in vendor/licenses/).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from generator.problems import CtoportalError

VENDOR_DIR = Path(__file__).parent / "assets" / "vendor"


@dataclass(frozen=True)
class NpmAsset:
    package: str
    version: str
    member: str
    """Path of the file inside the package's npm tarball (where the shipped copy was taken from)."""
    sha256: str
    site_path: str
    """Where the site serves it."""

    @property
    def shipped(self) -> Path:
        """The copy shipped with ctoportal."""
        return VENDOR_DIR / Path(self.member).name


MERMAID = NpmAsset(
    "mermaid",
    "12.3.0",
    "package/dist/mermaid.min.js",
    "336df803d87a38b70a01e736e666c8f7601d2ce42f5e47c8fafe5d721074b9a3",
    "assets/ctoportal/mermaid.min.js",
)
TABLESORT = NpmAsset(
    "tablesort",
    "5.6.0",
    "package/dist/tablesort.min.js",
    "7b14c0c81d3b88f8889c4ba687f7c0da630d2b47439a84f346156821370aa930",
    "assets/ctoportal/tablesort.min.js",
)
TABLESORT_NUMBER = NpmAsset(
    "tablesort",
    "5.6.0",
    "package/dist/sorts/tablesort.number.min.js",
    "46b824322a2728e5013be1eefb4a6e1c68cabff18ae4588c50a108041b7d3b32",
    "assets/ctoportal/tablesort.number.min.js",
)
ASSETS = (MERMAID, TABLESORT, TABLESORT_NUMBER)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ensure_asset(asset: NpmAsset) -> Path:
    """The shipped file, after checking it is the pinned one: a damaged or altered copy is never served."""
    path = asset.shipped
    if not path.is_file():
        raise CtoportalError(
            f"{asset.package} {asset.version} is missing from this installation ({path}); reinstall ctoportal"
        )
    digest = _sha256(path)
    if digest != asset.sha256:
        raise CtoportalError(
            f"{path} has sha256 {digest}, expected {asset.sha256} "
            f"({asset.package} {asset.version}): refusing to serve it; reinstall ctoportal"
        )
    return path


def site_assets() -> dict[str, Path]:
    """Every file the site serves itself, by its path in the site."""
    own = Path(__file__).parent / "assets"
    files = {f"assets/ctoportal/{p.name}": p for p in sorted(own.iterdir()) if p.is_file()}
    files.update({asset.site_path: ensure_asset(asset) for asset in ASSETS})
    return files
