"""validate pauses Python's cyclic garbage collector while it reads (over half of its time on a large
portal went to the collector walking what it had read): the collector is on again afterwards, whatever
happened, and a caller that had paused it itself finds it paused still."""

from __future__ import annotations

import gc

import pytest

from generator.checks import validate

RISKS = (
    "- id: R-001\n  title: Ransomware at a clinic\n  category: security\n  owner: COO\n  likelihood: 2\n  impact: 2\n"
)


def test_the_collector_is_paused_while_reading_and_on_again_after(make_repo, monkeypatch):
    root = make_repo({"risks/register.yaml": RISKS})
    seen = []
    load_portal = validate.load_portal
    monkeypatch.setattr(validate, "load_portal", lambda *a, **k: seen.append(gc.isenabled()) or load_portal(*a, **k))
    assert gc.isenabled()
    result = validate.validate_repository(root / "mkdocs.yml")
    assert seen == [False] and gc.isenabled() and result.ok


def test_the_collector_is_on_again_after_a_failure_and_stays_as_a_caller_left_it(make_repo, monkeypatch):
    root = make_repo({"risks/register.yaml": RISKS})

    def fails(*args, **kwargs):
        raise RuntimeError("a bug while reading")

    monkeypatch.setattr(validate, "load_portal", fails)
    with pytest.raises(RuntimeError):
        validate.validate_repository(root / "mkdocs.yml")
    assert gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(RuntimeError):
            validate.validate_repository(root / "mkdocs.yml")
        assert not gc.isenabled()
    finally:
        gc.enable()
