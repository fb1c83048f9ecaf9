"""Templates compiled by an earlier build are reused (render/template_cache.py), from a folder private to
the user, and compiled again whenever anything they depend on changes."""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import tempfile

import jinja2
import pytest

from generator.render.template_cache import template_cache


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def _env(templates: dict[str, str], **options) -> tuple[jinja2.Environment, list[str]]:
    compiled: list[str] = []

    class Counting(jinja2.Environment):
        def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
            compiled.append(name)
            return super().compile(source, name, filename, raw, defer_init)

    env = Counting(loader=jinja2.DictLoader(templates), **options)
    env.bytecode_cache = template_cache(env)
    return env, compiled


def test_a_template_compiled_by_an_earlier_build_is_not_compiled_again(private_tmp):
    templates = {"page.html": "{% for x in xs %}<{{ x }}>{% endfor %}"}
    first, compiled = _env(templates, trim_blocks=True)
    assert first.get_template("page.html").render(xs=[1, 2]) == "<1><2>" and compiled == ["page.html"]
    second, compiled = _env(templates, trim_blocks=True)
    assert second.get_template("page.html").render(xs=["a"]) == "<a>" and compiled == []
    folder = first.bytecode_cache.directory  # type: ignore[union-attr]
    # Jinja's private folder for this user, never the client's repository.
    assert os.path.dirname(folder) == str(private_tmp) and stat.S_IMODE(os.stat(folder).st_mode) == 0o700


def test_a_changed_source_or_option_is_compiled_again(private_tmp):
    _env({"page.html": "{{ x }}\n"}, keep_trailing_newline=True)[0].get_template("page.html")
    edited, compiled = _env({"page.html": "[{{ x }}]\n"}, keep_trailing_newline=True)
    assert edited.get_template("page.html").render(x=1) == "[1]\n" and compiled == ["page.html"]
    # Same source, another option that changes the compiled code: compiled again, rendered as it says.
    other, compiled = _env({"page.html": "[{{ x }}]\n"}, keep_trailing_newline=False)
    assert other.get_template("page.html").render(x=1) == "[1]" and compiled == ["page.html"]
    escaping, compiled = _env({"page.html": "[{{ x }}]\n"}, keep_trailing_newline=False, autoescape=True)
    assert escaping.get_template("page.html").render(x="<b>") == "[&lt;b&gt;]" and compiled == ["page.html"]


def test_a_damaged_entry_is_compiled_again(private_tmp):
    env, _ = _env({"page.html": "{{ x }}"})
    env.get_template("page.html")
    folder = env.bytecode_cache.directory  # type: ignore[union-attr]
    header = len(jinja2.bccache.bc_magic) + len(pickle.dumps(hashlib.sha1(b"{{ x }}").hexdigest(), 2))
    for entry in os.listdir(folder):  # the right header, then compiled code cut short
        path = os.path.join(folder, entry)
        with open(path, "rb") as f:
            data = f.read()
        with open(path, "wb") as f:
            f.write(data[: header + 8])
    again, compiled = _env({"page.html": "{{ x }}"})
    assert again.get_template("page.html").render(x=3) == "3" and compiled == ["page.html"]
