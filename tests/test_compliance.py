"""Compliance and AI governance: the framework catalogue, controls with evidence, vendor agreements, the
AI register, their checks, the coverage and readiness facts, and what a client build may show of them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import MINIMAL_MKDOCS, REPO_ROOT, run_mkdocs, write_repo
from generator.checks.validate import validate_repository
from generator.facts import compliance as facts
from generator.facts.compliance import Coverage
from generator.model.compliance import AiUse, Control, catalogue
from generator.model.portal import Portal
from generator.model.settings import Audience, PortalSettings
from generator.model.vendors import Vendor
from generator.render.exports import downloads
from generator.render.pages import render_pages

TODAY = dt.date(2026, 11, 20)
SETTINGS = MINIMAL_MKDOCS.replace(
    "      today: 2026-11-20\n", "      today: 2026-11-20\n      frameworks: [hipaa-security]\n"
)


def portal(controls=(), ai=(), vendors=(), frameworks=("hipaa-security",)) -> Portal:
    return Portal(
        settings=PortalSettings(client="Client", today=TODAY, frameworks=list(frameworks)),
        today=TODAY,
        controls={c["id"]: Control.model_validate(c) for c in controls},
        ai_uses={u["id"]: AiUse.model_validate(u) for u in ai},
        vendors={v["id"]: Vendor.model_validate(v) for v in vendors},
    )


def control(cid, status="in-place", satisfies=None, **extra):
    return {
        "id": cid,
        "title": f"Control {cid}",
        "owner": "IT",
        "status": status,
        "satisfies": satisfies if satisfies is not None else {"hipaa-security": ["164.312(d)"]},
        **extra,
    }


def evidence(checked, every="quarter"):
    return {"what": "A report", "where": "SharePoint", "checked": checked, "every": every}


def use(uid, **extra):
    return {
        "id": uid,
        "title": f"Use {uid}",
        "department": "Clinical",
        "tool": "Tool",
        "decision": "approved",
        "risk_tier": "minimal",
        "approved_by": "CEO",
        "decided": "2026-06-01",
        **extra,
    }


def validate(tmp_path: Path, files: dict[str, str], mkdocs_yml: str = SETTINGS):
    root = write_repo(tmp_path / "client", files, mkdocs_yml)
    validation = validate_repository(root / "mkdocs.yml")
    return [p.format() for p in validation.problems.sorted()], validation


# -- the catalogue ------------------------------------------------------------------------------------


def test_every_catalogue_framework_names_its_public_source_and_date():
    frameworks = catalogue()
    assert {
        "hipaa-security",
        "gdpr",
        "cmmc-l1",
        "cmmc-l2",
        "soc2",
        "iso27001",
        "finra-cyber",
        "cyber-essentials",
    } <= set(frameworks)
    for framework in frameworks.values():
        assert framework.name and framework.source and framework.source.title and framework.source.date, framework.id
        assert framework.requirements and all(r.title for r in framework.requirements)


def test_catalogue_counts_match_the_published_sources():
    frameworks = catalogue()
    assert len(frameworks["cmmc-l1"].requirements) == 17  # the FAR 52.204-21 practices
    assert len(frameworks["cmmc-l2"].requirements) == 110  # NIST SP 800-171 Rev. 2
    assert len(frameworks["iso27001"].requirements) == 93  # ISO/IEC 27001:2022 Annex A
    assert len(frameworks["cyber-essentials"].requirements) == 5
    hipaa = {r.id for r in frameworks["hipaa-security"].requirements}
    assert {"164.308(a)(1)(ii)(A)", "164.312(a)(2)(iv)", "164.310(d)(2)(i)", "164.316(b)(2)(i)"} <= hipaa
    assert {r.id for r in frameworks["cmmc-l1"].requirements} >= {"AC.L1-3.1.1", "SI.L1-3.14.5", "PE.L1-3.10.5"}


# -- coverage and evidence -------------------------------------------------------------------------------


def test_coverage_puts_gaps_first_and_counts_expired_evidence_as_partial():
    p = portal(
        controls=[
            control("mfa", satisfies={"hipaa-security": ["164.312(d)"]}, evidence=[evidence("2026-10-01")]),
            control(
                "training",
                satisfies={"hipaa-security": ["164.308(a)(5)(ii)(A)"]},
                evidence=[evidence("2026-04-30", "half-year")],
            ),
            control("ir-plan", status="planned", satisfies={"hipaa-security": ["164.308(a)(6)(ii)"]}),
            control(
                "clearing",
                status="not-applicable",
                reason="not a clearinghouse",
                satisfies={"hipaa-security": ["164.308(a)(4)(ii)(A)"]},
            ),
        ]
    )
    fc = facts.coverage(p, catalogue()["hipaa-security"])
    states = {r.requirement.id: r.state for r in fc.requirements}
    assert states["164.312(d)"] == Coverage.MET
    assert states["164.308(a)(5)(ii)(A)"] == Coverage.PARTIAL  # in place, but its evidence expired
    assert states["164.308(a)(6)(ii)"] == Coverage.PLANNED
    assert states["164.308(a)(4)(ii)(A)"] == Coverage.NOT_APPLICABLE
    assert states["164.312(b)"] == Coverage.GAP
    order = [r.state for r in fc.requirements]
    assert order == sorted(order, key=list(Coverage).index) and order[0] == Coverage.GAP
    assert fc.applicable == len(fc.requirements) - 1 and fc.count(Coverage.MET) == 1


def test_the_best_control_decides_a_requirement():
    p = portal(controls=[control("a", status="planned"), control("b", evidence=[evidence("2026-11-01")])])
    fc = facts.coverage(p, catalogue()["hipaa-security"])
    assert next(r for r in fc.requirements if r.requirement.id == "164.312(d)").state == Coverage.MET


def test_evidence_states_and_their_order():
    p = portal(
        controls=[
            control(
                "a",
                evidence=[
                    evidence("2026-11-10", "month"),
                    evidence("2025-01-01", "year"),
                    {"what": "x", "where": "y"},
                    evidence("2026-11-01", "year"),
                ],
            )
        ]
    )
    assert [line.state for line in facts.evidence_lines(p)] == ["expired", "never checked", "due soon", "current"]


# -- the checks, as `ctoportal validate` reports them -----------------------------------------------------


def test_a_misspelt_framework_or_requirement_id_is_an_error_with_a_suggestion(tmp_path):
    problems, validation = validate(
        tmp_path,
        {
            "controls/c.yaml": """\
        - id: mfa
          title: MFA
          owner: IT
          status: in-place
          satisfies:
            hipaa-secuirty: [164.312(d)]
            hipaa-security: [164.312(D)]
          evidence: [{what: report, where: SharePoint, checked: 2026-11-01}]
        """
        },
    )
    assert not validation.ok
    assert problems[0].startswith("controls/c.yaml:6:5: error: control 'mfa' names unknown framework 'hipaa-secuirty'")
    assert "did you mean 'hipaa-security'?" in problems[0]
    assert problems[1].startswith("controls/c.yaml:7:22: error: HIPAA Security Rule has no requirement '164.312(D)'")
    assert "did you mean '164.312(d)'?" in problems[1]


def test_a_misspelt_framework_in_the_settings_is_located_in_mkdocs_yml(tmp_path):
    problems, _ = validate(
        tmp_path,
        {},
        MINIMAL_MKDOCS.replace("      today: 2026-11-20\n", "      today: 2026-11-20\n      frameworks: [gpdr]\n"),
    )
    assert problems == [
        "mkdocs.yml:10:20: error: frameworks names unknown framework 'gpdr'\n  hint: did you mean 'gdpr'?"
    ]


def test_expired_evidence_is_a_warning_at_its_date(tmp_path):
    problems, validation = validate(
        tmp_path,
        {
            "controls/c.yaml": """\
        - id: training
          title: Training
          owner: HR
          status: in-place
          satisfies: {hipaa-security: [164.308(a)(5)(ii)(A)]}
          evidence:
            - what: Completion report
              where: KnowBe4
              checked: 2026-04-30
              every: half-year
        """
        },
    )
    assert validation.ok
    assert problems == [
        "controls/c.yaml:9:16: warning: control training: evidence 'Completion report' expired on "
        "2026-10-30 (checked 2026-04-30, due every half-year)\n"
        "  hint: check it again and set `checked:` to that day"
    ]


VENDORS = """\
    - {id: forms, name: Forms Co, category: Forms, data: [PHI]}
    - {id: lms, name: Training Co, category: Training, data: [PII]}
    - {id: pacs, name: Imaging Co, category: Imaging, data: [PHI], baa: 2025-01-01,
       reports: [{type: soc2-type2, expires: 2026-09-30}]}
    - {id: quote, name: Prospect, category: IT, status: evaluating, data: [PHI]}
    """


def test_vendor_agreements_and_reports(tmp_path):
    problems, _ = validate(tmp_path, {"vendors/v.yaml": VENDORS})
    text = "\n".join(problems)
    assert "Forms Co holds PHI without a business associate agreement" in text
    assert "Training Co holds personal data without a data processing agreement" in text
    assert "Imaging Co: the SOC 2 Type II expired on 2026-09-30" in text
    assert "Prospect" not in text  # a quote being evaluated holds no data yet
    assert len(problems) == 3


def test_a_missing_baa_on_the_risk_register_is_not_warned_again_but_still_shown(tmp_path):
    risk = """\
        - {id: R-001, title: Forms without a BAA, category: compliance, owner: COO, likelihood: 3, impact: 4,
           vendors: [forms]}
        """
    problems, validation = validate(tmp_path, {"vendors/v.yaml": VENDORS, "risks/r.yaml": risk})
    assert not any("Forms Co" in p for p in problems)
    gaps = facts.agreement_gaps(validation.portal)
    assert [(g.vendor.id, g.agreement) for g in gaps][0] == ("forms", "BAA")


def test_ai_checks(tmp_path):
    problems, _ = validate(
        tmp_path,
        {
            "vendors/v.yaml": VENDORS,
            "ai/a.yaml": """\
        - {id: reader, title: X-ray reader, department: Clinical, tool: Reader, vendor: lms, data: [PHI],
           decision: pilot, risk_tier: high, review: 2026-10-01}
        - {id: emotions, title: Emotion scoring, department: People, tool: Add-on, decision: prohibited,
           risk_tier: prohibited, status: in-use}
        - {id: drafts, title: Drafting, department: Office, tool: Chat, decision: approved, risk_tier: minimal,
           approved_by: COO, decided: 2026-09-01, review: 2027-03-01}
        """,
        },
    )
    ai = [p.split(": ", 2)[2].split("\n")[0] for p in problems if p.startswith("ai/")]
    assert ai == [
        "AI use reader may see PHI, but Training Co has no BAA",
        "AI use reader is high-risk and has no recorded approval",
        "AI use reader is high-risk and has no human oversight",
        "AI use reader review is overdue by 50 day(s) (due 2026-10-01)",
        "AI use emotions is prohibited but still in use",
    ]


def test_a_control_that_does_not_apply_needs_a_reason(tmp_path):
    problems, validation = validate(
        tmp_path,
        {
            "controls/c.yaml": """\
        - {id: x, title: X, owner: IT, status: not-applicable}
        """
        },
    )
    assert not validation.ok and "reason is needed when status is not-applicable" in problems[0]


def test_a_repository_framework_extends_the_catalogue_or_stands_alone(tmp_path):
    problems, validation = validate(
        tmp_path,
        {
            "frameworks/f.yaml": """\
            - id: hipaa-security
              requirements: [{id: BR-1, title: Our own extra requirement}]
            - id: insurer
              name: Insurer questionnaire
              kind: questionnaire
              requirements: [{id: Q1, title: MFA on email}]
            """,
            "controls/c.yaml": """\
            - id: mfa
              title: MFA
              owner: IT
              status: planned
              satisfies: {hipaa-security: [BR-1, 164.312(d)], insurer: [Q1]}
            """,
        },
    )
    assert validation.ok and problems == []
    scope = validation.portal.frameworks_in_scope()
    assert [f.id for f in scope] == ["hipaa-security", "insurer"]
    assert scope[0].requirement("BR-1") and scope[0].requirement("164.312(d)")


# -- readiness, the board pack's section, the AI register -------------------------------------------------


def test_readiness_reads_the_same_data():
    p = portal(
        controls=[control("mfa", evidence=[evidence("2026-11-01")])],
        vendors=[{"id": "forms", "name": "Forms Co", "category": "Forms", "data": ["PHI"]}],
        ai=[use("emotions", decision="prohibited", risk_tier="prohibited", status="in-use")],
    )
    items = {i.title: i for i in facts.readiness_for(p, facts.Purpose.INSURANCE)}
    assert not items["Every requirement of HIPAA Security Rule is met"].ready
    assert items["Evidence is current for every control"].ready
    assert not items["Vendors holding patient or personal data have signed a BAA or DPA"].ready
    assert ("ai-use", "emotions") in items["AI uses are approved, overseen and none prohibited is in use"].links


def test_ai_register_sorts_uses_into_allowed_pilots_and_refused():
    p = portal(
        ai=[
            use("a"),
            use("b", decision="pilot", risk_tier="high", human_oversight="dentist checks"),
            use("c", decision="prohibited"),
            use("d", risk_tier="prohibited", decision="proposed", status="proposed"),
            use("e", status="stopped"),
        ]
    )
    register = facts.ai_register(p)
    assert [u.id for u in register.in_use] == ["a"] and [u.id for u in register.pilots] == ["b"]
    assert [u.id for u in register.refused] == ["c", "d"] and [u.id for u in register.stopped] == ["e"]
    assert [u.id for u in register.high_risk] == ["b"]


# -- what a client build may show -------------------------------------------------------------------------


def _client_pages_and_downloads(p: Portal) -> tuple[dict[str, str], dict[str, bytes]]:
    view = p.for_audience(Audience.CLIENT)
    files = downloads(view)
    return render_pages(view, files), {d.path: d.content for d in files}


def test_internal_controls_and_ai_uses_never_reach_a_client_build():
    p = portal(
        controls=[
            control("mfa", evidence=[evidence("2026-11-01")]),
            control(
                "secret-escrow",
                status="planned",
                visibility="internal",
                satisfies={"hipaa-security": ["164.312(a)(2)(ii)"]},
                title="Escrow KEYSTONE-SECRET admin passwords",
            ),
        ],
        ai=[use("drafts"), use("contract-compare", visibility="internal", title="Compare SUMMIT-QUOTE")],
    )
    pages, files = _client_pages_and_downloads(p)
    assert "controls/secret-escrow.md" not in pages and "ai/contract-compare.md" not in pages
    for path, text in [*pages.items(), *((k, v.decode("utf-8", "replace")) for k, v in files.items())]:
        for secret in ("secret-escrow", "KEYSTONE-SECRET", "contract-compare", "SUMMIT-QUOTE"):
            assert secret not in text, (path, secret)
    # A requirement only the internal control answers is a gap to the client (fail closed).
    requirements = list(csv.DictReader(io.StringIO(files["downloads/requirements.csv"].decode("utf-8-sig"))))
    row = next(r for r in requirements if r["Requirement"] == "164.312(a)(2)(ii)")
    assert row["Coverage"] == "gap" and row["Controls"] == ""
    assert "controls/mfa.md" in pages and "ai/drafts.md" in pages


def test_source_text_is_escaped_and_evidence_is_named_not_linked_or_copied():
    hostile = "<script>alert(1)</script> [x](javascript:alert(1)) <img src=https://evil.example/x.png>"
    p = portal(
        controls=[
            control(
                "mfa",
                title=hostile,
                owner=hostile,
                description=hostile,
                evidence=[{"what": hostile, "where": '=HYPERLINK("https://evil.example")', "checked": "2026-11-01"}],
            )
        ],
        ai=[use("x", title=hostile, tool=hostile, purpose=hostile, human_oversight=hostile)],
    )
    pages, files = _client_pages_and_downloads(p)
    for path in (
        "controls/mfa.md",
        "controls/index.md",
        "ai/x.md",
        "ai/index.md",
        "compliance/index.md",
        "compliance/hipaa-security.md",
        "board-pack.md",
    ):
        text = pages[path].split("\n---\n", 1)[1]  # the front matter title is a JSON string, read as text
        assert "<script" not in text and "<img" not in text and "](javascript:" not in text, path
        assert not re.search(r"\]\(https://evil\.example", text), path
    controls_csv = files["downloads/controls.csv"].decode("utf-8-sig")
    assert "'=HYPERLINK" in controls_csv  # a spreadsheet shows it as text, never evaluates it
    data = json.loads(files["downloads/data.json"])
    assert data["controls"][0]["evidence"][0]["where"].startswith("=HYPERLINK")
    assert "visibility" not in data["controls"][0]


def test_a_portal_without_compliance_data_keeps_its_downloads_as_they_were():
    p = Portal(settings=PortalSettings(client="Client", today=TODAY), today=TODAY)
    names = [d.path for d in downloads(p)]
    assert not any(n.endswith(("controls.csv", "requirements.csv", "ai-register.csv")) for n in names)


# -- the demo ------------------------------------------------------------------------------------------


def test_the_demo_uses_it_realistically():
    validation = validate_repository(REPO_ROOT / "mkdocs.yml")
    assert validation.ok and not validation.problems.warnings
    p = validation.portal
    assert [f.id for f in p.frameworks_in_scope()] == ["hipaa-security", "insurer-renewal"]
    assert len(p.controls) >= 25 and 6 <= len(p.ai_uses) <= 8
    assert any(u.refused for u in p.ai_uses.values()) and "radiograph-reader-pilot" in p.ai_uses
    assert [(g.vendor.id, g.agreement) for g in facts.agreement_gaps(p)] == [("jotform", "BAA")]
    assert any(c.internal for c in p.controls.values()) and any(u.internal for u in p.ai_uses.values())


# -- a real build -------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_built_client_site_has_the_compliance_pages_and_nothing_internal(tmp_path):
    root = write_repo(
        tmp_path / "client",
        {
            "controls/c.yaml": """\
            - id: mfa
              title: MFA on email
              owner: IT
              status: in-place
              satisfies: {hipaa-security: [164.312(d)]}
              evidence: [{what: Sign-in report, where: evidence/mfa-report.txt, checked: 2026-11-01}]
            - id: escrow
              title: Escrow the admin passwords
              owner: IT
              status: planned
              visibility: internal
              satisfies: {hipaa-security: [164.312(a)(2)(ii)]}
            """,
            "evidence/mfa-report.txt": "EVIDENCE-FILE-CONTENT\n",
            "ai/a.yaml": """\
            - {id: reader, title: X-ray reader, department: Clinical, tool: Reader, decision: pilot,
               risk_tier: high, approved_by: CEO, decided: 2026-08-01, human_oversight: The dentist confirms.}
            - {id: secret-ai, title: Secret AI, department: Board, tool: Chat, decision: approved,
               risk_tier: minimal, visibility: internal}
            """,
        },
        SETTINGS,
    )
    result = run_mkdocs("build", "--strict", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr[-2000:]
    site = root / "site"
    for page in (
        "compliance",
        "compliance/hipaa-security",
        "compliance/readiness",
        "controls",
        "controls/mfa",
        "ai",
        "ai/reader",
        "board-pack",
    ):
        assert (site / page / "index.html").is_file(), page
    assert not (site / "controls" / "escrow").exists() and not (site / "ai" / "secret-ai").exists()
    everything = "\n".join(p.read_text("utf-8", "replace") for p in site.rglob("*") if p.is_file())
    assert "escrow" not in everything.lower() and "Secret AI" not in everything
    assert "EVIDENCE-FILE-CONTENT" not in everything  # evidence is named, never copied in
    pack = BeautifulSoup((site / "board-pack" / "index.html").read_text("utf-8"), "html.parser")
    section = pack.find(id="compliance")
    assert section is not None and "Compliance and AI" in section.get_text()
    assert (site / "downloads" / "controls.csv").is_file() and (site / "downloads" / "requirements.csv").is_file()
    framework = BeautifulSoup((site / "compliance" / "hipaa-security" / "index.html").read_text("utf-8"), "html.parser")
    first = [" ".join(td.get_text(" ").split()) for td in framework.select("article table tbody tr")[0]("td")]
    assert "gap" in first[2]  # the gaps come first


# -- diff and review ------------------------------------------------------------------------------------


def test_diff_names_control_and_ai_use_changes_worst_first():
    from generator.vcs.diff_report import change_text
    from generator.vcs.portal_diff import diff_portals

    base = portal(
        controls=[control("mfa", evidence=[evidence("2026-11-01")])],
        ai=[use("copilot", decision="proposed", status="proposed")],
    )
    head = portal(
        controls=[
            control("mfa", status="partial", evidence=[evidence("2026-11-01")]),
            control("backups", status="planned"),
        ],
        ai=[
            use("copilot", decision="prohibited", status="proposed"),
            use("reader", decision="pilot", risk_tier="high"),
        ],
    )
    lines = [change_text(c) for c in diff_portals(base, head).ordered()]
    assert lines == [
        "Control Control mfa: status in-place → partial",
        "AI use Use copilot: decision proposed → prohibited",
        "New AI use Use reader (pilot, high risk)",
        "New control Control backups (planned)",
    ]


def test_a_control_or_ai_use_made_client_visible_is_flagged_for_review():
    from generator.vcs.diff_review import visibility_changes

    base = portal(controls=[control("escrow", visibility="internal")], ai=[use("compare", visibility="internal")])
    head = portal(controls=[control("escrow")], ai=[use("compare")])
    [change] = visibility_changes(base, head)
    from generator.vcs.diff_report import change_text

    assert change.importance > 100 and "1 internal control and 1 internal AI use visible" in change_text(change)


# -- protections around the new source folders ----------------------------------------------------------


def test_theme_custom_dir_may_not_be_a_compliance_source_folder(tmp_path):
    for folder in ("controls", "ai", "frameworks"):
        mkdocs_yml = SETTINGS.replace("  name: material\n", f"  name: material\n  custom_dir: {folder}\n")
        problems, validation = validate(tmp_path / folder, {f"{folder}/x.yaml": "[]\n"}, mkdocs_yml)
        assert not validation.ok and any("would copy" in p and f"{folder}/" in p for p in problems), problems


def test_a_client_control_or_ai_use_never_names_an_internal_item():
    from generator.model import Initiative, Risk

    p = portal(
        controls=[
            control(
                "mfa", initiative="secret-plan", risks=["R-9"], vendors=["quote"], evidence=[evidence("2026-11-01")]
            )
        ],
        ai=[use("reader", vendor="quote", risks=["R-9"])],
        vendors=[{"id": "quote", "name": "HIDDEN-VENDOR", "category": "IT", "visibility": "internal"}],
    )
    p.initiatives["secret-plan"] = Initiative.model_validate(
        {"id": "secret-plan", "title": "HIDDEN-PLAN", "visibility": "internal"}
    )
    p.risks["R-9"] = Risk.model_validate(
        {
            "id": "R-9",
            "title": "HIDDEN-RISK",
            "category": "security",
            "owner": "x",
            "likelihood": 1,
            "impact": 1,
            "visibility": "internal",
        }
    )
    pages, files = _client_pages_and_downloads(p)
    everything = "\n".join([*pages.values(), *(v.decode("utf-8", "replace") for v in files.values())])
    for secret in ("secret-plan", "HIDDEN-PLAN", "R-9", "HIDDEN-RISK", "HIDDEN-VENDOR", "quote"):
        assert secret not in everything, secret


@pytest.mark.slow
def test_publish_refuses_uncommitted_changes_in_controls_and_ai(tmp_path):
    from gitrepos import configure, git
    from generator.publish.errors import PublishError
    from generator.publish.guards import check_committed

    root = write_repo(tmp_path / "client", {"controls/c.yaml": "[]\n", "ai/a.yaml": "[]\n"}, SETTINGS)
    git(root, "init", "--quiet", "--initial-branch=main")
    configure(root)
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "sources")
    check_committed(root / "mkdocs.yml")
    for path in ("controls/c.yaml", "ai/a.yaml"):
        (root / path).write_text("- {id: x}\n", encoding="utf-8")
        with pytest.raises(PublishError, match="not committed"):
            check_committed(root / "mkdocs.yml")
        git(root, "checkout", "--quiet", "--", path)


def test_each_catalogue_file_is_named_by_its_framework_id():
    from generator.model.compliance import catalogue_framework, catalogue_ids

    assert all(catalogue_framework(i).id == i for i in catalogue_ids())
