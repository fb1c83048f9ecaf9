"""The one Jinja2 environment every page is written with: ``finalize`` escapes every value for Markdown and
HTML (only ``Markup`` we made passes unchanged), a translated sentence's placeholders are escaped the same
way, and the filters and globals templates use (money, days, labels, figures, diagrams' words)."""

from __future__ import annotations

import enum
import html
import json
import re
from typing import Any

from babel.numbers import is_currency
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup

from generator.render.template_cache import template_cache
from generator.facts import formatting
from generator.model import i18n
from generator.facts import figures
from generator.facts.risks import band
from generator.facts import compliance
from generator.render.governance import governance_globals, kpi_trend
from generator.render import governance_labels
from generator.diagrams.neighbourhood import neighbourhood
from generator.diagrams.common import state_word, translated
from generator.render import labels


def _css_token(value: Any) -> Markup:
    # "at risk" -> at-risk: words stay apart, as the stylesheet's class names expect.
    return Markup(re.sub(r"[^a-z0-9-]", "", re.sub(r"\s+", "-", str(value).strip().lower())))


def _join(values: Any, separator: str = ", ") -> Markup:
    return Markup(separator).join(formatting.md_escape(v) for v in values)


def _yaml_text(*parts: Any) -> Markup:
    """A YAML (JSON) string for front matter, with no character that HTML or Markdown would act on."""
    # mkdocs-material writes page titles into the header as HTML, so the title is escaped HTML text.
    text = html.escape(" ".join(str(p) for p in parts), quote=False)
    return Markup(json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _finalize(value: Any) -> Markup:
    # A status (or any closed vocabulary) printed anywhere reads as words: "in progress", not "in-progress".
    if isinstance(value, enum.Enum):
        value = governance_labels.label(value) or formatting.status_word(
            value.value, formatting.VOCABULARY_OF_ENUM.get(type(value).__name__, "status")
        )
    return formatting.md_escape(value)


def _environment() -> Environment:
    # autoescape makes macro output Markup; finalize adds Markdown escaping to every plain value.
    env = Environment(
        loader=PackageLoader("generator.render", "templates"),
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.tests["currency"] = lambda value: isinstance(value, str) and len(value) == 3 and is_currency(value)
    env.globals["yaml_text"] = _yaml_text
    env.globals["quantity"] = formatting.quantity
    env.filters.update(
        join=_join,
        money=formatting.money,
        day=formatting.day,
        number=formatting.number,
        markdown=_markdown,
        filesize=formatting.file_size,
        markdown_source=_markdown_source,
        token=_css_token,
        plain=formatting.plain_text,
    )
    env.globals["neighbourhood"] = neighbourhood
    env.globals["state_word"] = state_word  # late, paused, blocked: as the diagrams say them
    env.filters["translated"] = translated  # a message marked N_ where it is defined, said where shown
    env.globals["figures"] = figures  # the headline figures, each defined once (figures.py)
    env.globals["score_band"] = band  # high above the appetite, medium above half of it (risks.py)
    env.filters["value"] = _field_value  # a value before or after a change (history.md.j2)
    i18n.install(env)  # {% trans %}, _(), ngettext(), pgettext() in the language of the build
    _escape_placeholders(env)
    env.globals.update(kpi_trend=kpi_trend, **governance_globals())
    env.globals["compliance"] = compliance  # coverage, evidence, readiness, the AI register (compliance.py)
    # governance and compliance words (governance_labels.py); a {% trans %} placeholder is escaped by
    # _escape_placeholders, as any {{ }} output is
    env.filters["label"] = governance_labels.label_filter
    env.globals.update(labels.GLOBALS)  # words for values that are not enums: a KPI's status, a risk's trend
    env.bytecode_cache = template_cache(env)  # compiled once, not on every build
    return env


def _escape_placeholders(env: Environment) -> None:
    """A placeholder of a translated message (``{% trans owner=r.owner %}``) is escaped as ``{{ }}`` output
    is: Jinja2 gives it HTML escaping only, and source text must get Markdown escaping too (a name
    ``[x](javascript:...)`` stays text). Numbers pass as numbers (``%(num)d``); enums read as words."""

    def escaped(call: Any) -> Any:
        @pass_context
        def wrapper(__context: Any, *args: Any, **variables: Any) -> Any:
            safe = {
                k: v if isinstance(v, int | float) and not isinstance(v, bool) else _finalize(v)
                for k, v in variables.items()
            }
            return call(__context, *args, **safe)

        return wrapper

    for name in ("gettext", "ngettext", "pgettext", "npgettext"):
        env.globals[name] = escaped(env.globals[name])


def _field_value(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(_field_value(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_field_value(v)}" for k, v in value.items())
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


@pass_context
def _markdown(context: Any, text: str) -> Markup:
    """A Markdown field of an item, its links made to reach the pages they name from this page."""
    return formatting.render_markdown(text, link=context["ctx"].source_href)


@pass_context
def _markdown_source(context: Any, text: str) -> Markup:
    """A strategy page's Markdown for MkDocs to render, its links to items made to reach their pages."""
    return formatting.neutralise_html(context["ctx"].source_links(text))


_ENV = _environment()
