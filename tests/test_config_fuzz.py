"""Whatever mkdocs.yml holds, validate answers with located problems, never a traceback.

Fast and in-process (no site is built): hypothesis writes odd settings, shapes and tags into
mkdocs.yml and the files it inherits from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from generator.model import PortalSettings
from generator.problems import Problems
from generator.checks.validate import validate_repository

pytestmark = pytest.mark.slow  # builds sites, drives git or takes seconds: outside the fast tier (README)

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        [
            "2026-02-30",
            "2026-11-20",
            "9999-12-31",
            "0001-01-01",
            "client",
            "internal",
            "USD",
            "XXX",
            "../..",
            "/etc/passwd",
            "~",
            "!ENV HOME",
            "-rf",
            "status",
            "goal",
        ]
    ),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8,
)
_PLUGIN_SETTINGS = st.dictionaries(
    st.one_of(st.sampled_from(sorted(PortalSettings.model_fields)), st.text(max_size=10)), _VALUES, max_size=6
)
_TAGS = st.sampled_from(["", "!ENV ", "!ENV [", "!!python/name:os.system ", "!relative ", "!!binary ", "&a ", "*a "])
_TOP_KEYS = st.sampled_from(
    [
        "site_name",
        "docs_dir",
        "theme",
        "plugins",
        "INHERIT",
        "extra",
        "hooks",
        "nav",
        "markdown_extensions",
        "site_url",
        "use_directory_urls",
        "watch",
        "strict",
    ]
)


def _yaml(value) -> str:
    # JSON is YAML: any value written this way is exactly the value hypothesis drew.
    return json.dumps(value, ensure_ascii=False)


@st.composite
def mkdocs_yml(draw) -> tuple[str, str | None]:
    """(mkdocs.yml, the file it may inherit from)."""
    lines = [f"site_name: {_yaml(draw(st.text(max_size=10)))}"]
    plugin = draw(_PLUGIN_SETTINGS)
    plugin.setdefault("client", draw(st.one_of(st.text(max_size=10), _SCALARS)))
    plugins = [draw(st.sampled_from(["search", "mermaid2", {"search": None}]))]
    plugins.insert(draw(st.integers(0, 1)), {draw(st.sampled_from(["ctoportal", "ctoportal #2"])): plugin})
    if draw(st.booleans()):
        plugins.append(draw(st.sampled_from(["ctoportal", {"ctoportal": {"client": "Twice"}}])))
    lines.append(f"plugins: {_yaml(plugins)}")
    for key in draw(st.lists(_TOP_KEYS, max_size=4, unique=True)):
        tag = draw(_TAGS)
        value = draw(_VALUES)
        text = (
            f"{tag}{_yaml(value)}" if tag not in ("!ENV [", "*a ") else ("!ENV [HOME, x]" if tag == "!ENV [" else "*a")
        )
        lines.append(f"{key}: {text}")
    parent = None
    if draw(st.booleans()):
        lines.append(f"INHERIT: {draw(st.sampled_from(['base.yml', 'missing.yml', '.', 'mkdocs.yml']))}")
        parent = draw(
            st.one_of(
                st.just("plugins: []\n"),
                _VALUES.map(_yaml),
                st.just("site_description: !ENV SECRET\n"),
                st.just("INHERIT: mkdocs.yml\n"),
            )
        )
    return "\n".join(lines) + "\n", parent


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mkdocs_yml())
def test_any_mkdocs_yml_gives_located_problems_not_a_traceback(tmp_path_factory, files):
    root: Path = tmp_path_factory.mktemp("fuzz")
    config, parent = files
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    if parent is not None:
        (root / "base.yml").write_text(parent, encoding="utf-8")
    validation = validate_repository(root / "mkdocs.yml")
    assert isinstance(validation.problems, Problems)
    for problem in validation.problems.items:
        assert problem.path and problem.position.line >= 1 and problem.position.col >= 1
        assert problem.message
    if validation.ok:
        assert validation.portal is not None and validation.portal.settings.client
