"""Compliance and AI governance: frameworks and their requirements, controls with their evidence
(``controls/*.yaml``), and the AI use cases a company allows, pilots or refuses (``ai/*.yaml``).

The frameworks a portal can name come from the catalogue shipped with ctoportal
(``generator/model/frameworks/*.yaml``, each naming its public source and date) and from the client
repository's ``frameworks/*.yaml``, which adds a framework of its own (an insurer's questionnaire) or
more requirements to a catalogue one.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Annotated

from pydantic import Field, Strict, ValidationInfo, field_validator
from ruamel.yaml import YAML

from generator.model.common import Day, Id, Item, Markdown, Model, Text

# -- where their pages are (render/compliance.py makes them; checks and links need their names) ---------

INDEX = "compliance/index.md"
READINESS = "compliance/readiness.md"


def framework_path(framework_id: str) -> str:
    return f"compliance/{framework_id}.md"


# -- frameworks ---------------------------------------------------------------------------------------

RequirementId = Annotated[
    str,
    Strict(),
    Field(
        min_length=1,
        max_length=60,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9 .()\-/]*$",
        description="as the framework numbers it: 164.312(d), CC6.1, A.8.13, Q7",
    ),
]


class FrameworkKind(enum.StrEnum):
    LAW = "law"
    STANDARD = "standard"
    CHECKLIST = "checklist"
    QUESTIONNAIRE = "questionnaire"


class Source(Model):
    title: Text
    """The public document the ids and titles follow (or, for a checklist, what it is based on)."""
    url: Annotated[str, Strict(), Field(pattern=r"^https?://")] | None = None
    date: Annotated[str, Strict(), Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
    """The version followed: 2013-01-25, 2022-10 or 2022."""


class Requirement(Model):
    id: RequirementId
    title: Text
    group: str = ""
    """The section it belongs to (Administrative safeguards, Access control...)."""
    note: str = ""


class Framework(Item):
    """A framework: a law, a standard, a checklist or a questionnaire, as a list of requirement ids.

    In the repository's ``frameworks/``: a framework of its own (name, source and requirements), or the
    id of a catalogue framework with more requirements for it (name and source then come from the
    catalogue)."""

    name: Text | None = None
    kind: FrameworkKind = FrameworkKind.STANDARD
    source: Source | None = None
    note: str = ""
    requirements: list[Requirement] = []

    @field_validator("requirements")
    @classmethod
    def _unique_requirements(cls, requirements: list[Requirement]) -> list[Requirement]:
        seen: set[str] = set()
        for requirement in requirements:
            if requirement.id in seen:
                raise ValueError(f"lists {requirement.id!r} twice")
            seen.add(requirement.id)
        return requirements

    @property
    def title(self) -> str:
        return self.name or self.id

    def requirement(self, requirement_id: str) -> Requirement | None:
        return next((r for r in self.requirements if r.id == requirement_id), None)


_CATALOGUE = resources.files("generator.model").joinpath("frameworks")


@functools.cache
def catalogue_ids() -> tuple[str, ...]:
    """The ids of the frameworks shipped with ctoportal: their file names (a test checks each file's id)."""
    return tuple(sorted(e.name.removesuffix(".yaml") for e in _CATALOGUE.iterdir() if e.name.endswith(".yaml")))


@functools.cache
def catalogue_framework(framework_id: str) -> Framework:
    """One framework of the catalogue, read when first needed (a portal names one or two of them)."""
    data = YAML(typ="safe").load(_CATALOGUE.joinpath(f"{framework_id}.yaml").read_text(encoding="utf-8"))
    data = {**data, "source": {**data["source"], "date": str(data["source"]["date"])}}
    return Framework.model_validate(data)


def catalogue() -> dict[str, Framework]:
    """Every framework shipped with ctoportal, by id (checked by the test suite: each names its source and date)."""
    return {framework_id: catalogue_framework(framework_id) for framework_id in catalogue_ids()}


class KnownFrameworks(Mapping[str, Framework]):
    """The catalogue with the repository's frameworks: one with a catalogue id adds its requirements to it
    (a requirement id both list is the repository's), any other is a framework of its own. Catalogue
    files are read only for the frameworks looked up."""

    def __init__(self, written: Mapping[str, Framework]):
        self._written = written
        self._merged: dict[str, Framework] = {}

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*catalogue_ids(), *self._written]))

    def __len__(self) -> int:
        return len(dict.fromkeys([*catalogue_ids(), *self._written]))

    def __contains__(self, framework_id: object) -> bool:
        return framework_id in self._written or framework_id in catalogue_ids()

    def __getitem__(self, framework_id: str) -> Framework:
        if framework_id not in self._merged:
            written = self._written.get(framework_id)
            if framework_id not in catalogue_ids():
                if written is None:
                    raise KeyError(framework_id)
                self._merged[framework_id] = written
            else:
                base = catalogue_framework(framework_id)
                if written is not None:
                    ours = {r.id for r in written.requirements}
                    base = base.model_copy(
                        update={
                            "requirements": [r for r in base.requirements if r.id not in ours] + written.requirements,
                            "name": written.name or base.name,
                            "visibility": written.visibility,
                        }
                    )
                self._merged[framework_id] = base
        return self._merged[framework_id]


def merged_frameworks(written: Mapping[str, Framework]) -> KnownFrameworks:
    return KnownFrameworks(written)


# -- controls -----------------------------------------------------------------------------------------


class ControlStatus(enum.StrEnum):
    IN_PLACE = "in-place"
    PARTIAL = "partial"
    PLANNED = "planned"
    NOT_APPLICABLE = "not-applicable"


class Every(enum.StrEnum):
    """How often evidence must be checked again."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half-year"
    YEAR = "year"

    @property
    def days(self) -> int:
        return {"month": 31, "quarter": 92, "half-year": 183, "year": 366}[self.value]


class Evidence(Model):
    what: Text
    """What proves the control works: a report, a screenshot, a signed form, a test result."""
    where: Text
    """Where it lives: a link or a file path. Shown as text (or a link); the file itself is never copied into the portal."""
    checked: Day | None = None
    """When it was last looked at and found good."""
    every: Every = Every.YEAR
    """How often it must be checked: month, quarter, half-year or year."""

    def due(self) -> dt.date | None:
        return self.checked + dt.timedelta(days=self.every.days) if self.checked else None


class Control(Item):
    """Something the company actually does (MFA on email, immutable backups, a quarterly access review)."""

    title: Text
    description: Markdown = ""
    owner: Text
    status: ControlStatus
    reason: str = Field("", validate_default=True)
    """Why it does not apply, for status: not-applicable."""
    satisfies: dict[Id, list[RequirementId]] = {}
    """Framework id -> the requirement ids this control meets (or partly meets, while partial)."""
    risks: list[Id] = []
    """Risk ids it mitigates."""
    initiative: Id | None = None
    """The initiative that delivers or improves it."""
    vendors: list[Id] = []
    """Vendors whose service it relies on."""
    evidence: list[Evidence] = []

    @field_validator("reason")
    @classmethod
    def _reason(cls, reason: str, info: ValidationInfo) -> str:
        if info.data.get("status") == ControlStatus.NOT_APPLICABLE and not reason.strip():
            raise ValueError(
                "is needed when status is not-applicable: say why the control does not apply, for the auditor"
            )
        return reason


# -- AI use cases -------------------------------------------------------------------------------------


class AiDecision(enum.StrEnum):
    PROPOSED = "proposed"
    PILOT = "pilot"
    APPROVED = "approved"
    APPROVED_WITH_CONDITIONS = "approved-with-conditions"
    PROHIBITED = "prohibited"


class RiskTier(enum.StrEnum):
    """The EU AI Act's categories."""

    PROHIBITED = "prohibited"
    HIGH = "high"
    LIMITED = "limited"
    MINIMAL = "minimal"


class AiRmfFunction(enum.StrEnum):
    """The NIST AI Risk Management Framework (AI RMF 1.0) function the use mostly falls under."""

    GOVERN = "govern"
    MAP = "map"
    MEASURE = "measure"
    MANAGE = "manage"


class AiUseStatus(enum.StrEnum):
    PROPOSED = "proposed"
    IN_USE = "in-use"
    STOPPED = "stopped"


class AiUse(Item):
    """One AI tool or model in use or proposed, what it is for, what data it sees and what was decided."""

    title: Text
    purpose: Markdown = ""
    department: Text
    tool: Text
    """The product or model, as staff know it (ChatGPT Team, Overjet, GitHub Copilot)."""
    vendor: Id | None = None
    """The vendor id behind the tool, when there is a contract."""
    data: list[Text] = []
    """Kinds of data it sees, as vendors have them: PHI, PII, PCI..."""
    personal_data_allowed: bool = False
    """Whether staff may put client or personal data into it."""
    decision: AiDecision
    conditions: Markdown = ""
    """The conditions of an approval (no patient names, output checked by a dentist...)."""
    approved_by: str | None = None
    decided: Day | None = None
    review: Day | None = None
    """Date of the next review."""
    human_oversight: Markdown = ""
    """Who checks the output, and how, before it counts."""
    risk_tier: RiskTier
    """EU AI Act category: prohibited, high, limited or minimal."""
    ai_rmf: AiRmfFunction | None = None
    status: AiUseStatus = AiUseStatus.IN_USE
    risks: list[Id] = []

    @property
    def refused(self) -> bool:
        return self.decision == AiDecision.PROHIBITED or self.risk_tier == RiskTier.PROHIBITED


# -- data kinds ---------------------------------------------------------------------------------------


def _token(word: str) -> str:
    return re.sub(r"[^a-z]", "", word.lower())


PHI_WORDS = {"phi", "ephi", "healthdata", "protectedhealthinformation"}
PERSONAL_WORDS = {"pii", "personal", "personaldata", "personalinformation"} | PHI_WORDS


def holds_phi(data: list[str]) -> bool:
    return any(_token(d) in PHI_WORDS for d in data)


def holds_personal(data: list[str]) -> bool:
    return any(_token(d) in PERSONAL_WORDS for d in data)
