"""Generate a synthetic but valid client repository for the benchmarks (deterministic, seeded).

    python benchmarks/generate.py S /tmp/bench-S        # S, M, L or XL

Sizes are initiatives / risks / vendors. The repository has goals, strategy pages, cross references
(goals, depends_on without cycles, mitigations both ways, vendors, integrations, replaced_by), some
internal items, Markdown descriptions and a git history of a few hundred commits spread over a year.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
from pathlib import Path

SIZES = {
    "S": (50, 100, 250),
    "M": (200, 400, 1000),
    "L": (1000, 2000, 5000),
    "XL": (3000, 6000, 15000),
}
COMMITS = {"S": 200, "M": 300, "L": 300, "XL": 300}
TODAY = dt.date(2026, 11, 20)
PER_FILE = 50  # items per YAML file (a few items also get a file of their own)

WORDS = (
    "backup restore clinic network identity endpoint cloud migration vendor contract licence audit "
    "policy training patch firewall email phishing encryption recovery scheduling billing imaging "
    "payroll reporting warehouse analytics portal mobile telephony printer wireless access"
).split()
CATEGORIES = ["security", "compliance", "operational", "vendor", "financial", "strategic", "people", "technology"]
OWNERS = [
    "Kevin Park (COO)",
    "Jordan Lee (IT Coordinator)",
    "Dana Whitfield (Northwind Advisory)",
    "Dr. Samuel Reyes (Clinical Director)",
    "Maria Gomez (CFO)",
]


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def markdown(rng: random.Random, paragraphs: int = 2) -> str:
    parts = []
    for _ in range(paragraphs):
        parts.append(" ".join(words(rng, rng.randint(8, 14)).capitalize() + "." for _ in range(rng.randint(2, 4))))
    parts.append(
        "\n".join(
            f"- {words(rng, rng.randint(4, 9)).capitalize()}, **{rng.choice(WORDS)}** first."
            for _ in range(rng.randint(2, 4))
        )
    )
    return "\n\n".join(parts)


def block(text: str, indent: str) -> str:
    return "|\n" + "\n".join((indent + line) if line else "" for line in text.split("\n"))


def flow(ids: list[str]) -> str:
    return "[" + ", ".join(ids) + "]"


def month(index: int) -> str:
    """A month counted from 2025-01."""
    return f"{2025 + index // 12}-{index % 12 + 1:02d}"


class Repo:
    def __init__(self, size: str, seed: int = 14):
        self.size = size
        self.rng = rng = random.Random(seed)
        n_init, n_risk, n_vendor = SIZES[size]
        self.n_goals = max(6, n_init // 25)
        self.goals = [f"goal-{i:03d}" for i in range(self.n_goals)]
        self.vendor_ids = [f"vendor-{i:05d}" for i in range(n_vendor)]
        self.init_ids = [f"init-{i:05d}" for i in range(n_init)]
        self.risk_ids = [f"R-{i + 1:05d}" for i in range(n_risk)]
        # About 5% internal, chosen so no client item refers to an internal one (only internal items
        # refer to internal ones; internal items may refer to anything).
        self.internal = {
            x for ids in (self.init_ids, self.risk_ids, self.vendor_ids) for x in ids if rng.random() < 0.05
        }

        def pick(pool: list[str], k: int, owner: str) -> list[str]:
            pool = pool if owner in self.internal else [x for x in pool if x not in self.internal]
            return sorted(rng.sample(pool, min(k, len(pool))))

        self.client_vendors = [v for v in self.vendor_ids if v not in self.internal]
        self.client_inits = [i for i in self.init_ids if i not in self.internal]
        self.client_risks = [r for r in self.risk_ids if r not in self.internal]

        # Vendors: each active vendor has capabilities of its own (no overlap warnings); every tenth
        # is sunsetting, replaced by the next client vendor.
        self.vendors = {}
        for i, vid in enumerate(self.vendor_ids):
            status = "active"
            replaced_by = None
            if i % 10 == 9 and i + 1 < n_vendor and self.vendor_ids[i + 1] not in self.internal:
                status, replaced_by = "sunsetting", self.vendor_ids[i + 1]
            elif i % 37 == 5:
                status = "evaluating"
            later = [v for v in self.vendor_ids[i + 1 : i + 40]]
            pool = later if vid in self.internal else [v for v in later if v not in self.internal]
            self.vendors[vid] = dict(
                name=f"{words(rng, 2).title()} {i}",
                category=rng.choice(["Imaging", "Security", "Backup", "Productivity", "Finance", "Network"]),
                capabilities=[f"cap-{i}-a", f"cap-{i}-b"],
                owner=rng.choice(OWNERS),
                status=status,
                criticality=rng.choice(["low", "medium", "high", "critical"]),
                amount=0,
                per=rng.choice(["month", "year"]),
                seats=rng.randint(1, 80),
                start=f"{rng.randint(2023, 2025)}-{rng.randint(1, 12):02d}-01",
                end=f"{rng.randint(2028, 2030)}-{rng.randint(1, 12):02d}-28",
                notice_days=rng.choice([30, 60, 90]),
                auto_renew=rng.random() < 0.5,
                data=rng.sample(["PHI", "PII", "PCI"], rng.randint(0, 2)),
                integrations=sorted(rng.sample(pool, min(len(pool), rng.randint(0, 3)))),
                risks=[],
                replaced_by=replaced_by,
                exit_plan=markdown(rng, 1),
            )

        for vendor in self.vendors.values():  # 5-60 USD per seat per month
            vendor["amount"] = vendor["seats"] * rng.randint(5, 60) * (1 if vendor["per"] == "month" else 12)

        # Initiatives: depends_on only earlier ones, and those end before this one starts.
        self.inits = {}
        for i, iid in enumerate(self.init_ids):
            start = rng.randint(0, 30)
            end = start + rng.randint(1, 8)
            earlier = [x for x in self.init_ids[max(0, i - 30) : i] if self.inits[x]["end"] < start]
            deps = pick(earlier, rng.randint(0, 2), iid) if earlier else []
            status = "done" if end < 22 else rng.choice(["planned", "in-progress", "proposed"])
            self.inits[iid] = dict(
                title=f"{words(rng, 3).capitalize()} ({i})",
                status=status,
                start=start,
                end=end,
                owner=rng.choice(OWNERS),
                priority=rng.choice(["low", "medium", "high", "critical"]),
                progress=100 if status == "done" else rng.randint(0, 90),
                goals=pick(self.goals, rng.randint(1, 2), iid),
                depends_on=deps,
                mitigates=[],
                vendors=pick(self.vendor_ids, rng.randint(0, 3), iid),
                capex=rng.randint(0, 50) * 1000,
                opex=0,
                tags=rng.sample(WORDS, 2),
                summary=markdown(rng, 2),
                milestones=[
                    (f"{words(rng, 3).capitalize()}", f"{month(start + k)}-15") for k in range(rng.randint(0, 3))
                ],
            )

        # Risks: mitigations and vendors, recorded on both sides.
        self.risks = {}
        for i, rid in enumerate(self.risk_ids):
            likelihood, impact = rng.randint(1, 5), rng.randint(1, 5)
            mitigations = pick(self.init_ids, rng.randint(1, 3), rid)
            vendors = pick(self.vendor_ids, rng.randint(0, 3), rid)
            for m in mitigations:
                self.inits[m]["mitigates"].append(rid)
            for v in vendors:
                self.vendors[v]["risks"].append(rid)
            self.risks[rid] = dict(
                title=f"{words(rng, 4).capitalize()} ({i})",
                category=rng.choice(CATEGORIES),
                owner=rng.choice(OWNERS),
                likelihood=likelihood,
                impact=impact,
                residual=(max(1, likelihood - 2), max(1, impact - 1)),
                status=rng.choice(["open", "mitigating"]),
                response="mitigate",
                mitigations=mitigations,
                vendors=vendors,
                frameworks=rng.sample(["HIPAA", "SOC 2", "PCI DSS", "GDPR"], rng.randint(0, 2)),
                identified=f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
                review=f"2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                description=markdown(rng, 2),
            )
        # A client item must not point at an internal one: drop such back references.
        for iid, init in self.inits.items():
            init["mitigates"] = sorted(
                r for r in set(init["mitigates"]) if iid in self.internal or r not in self.internal
            )
        for vid, vendor in self.vendors.items():
            vendor["risks"] = sorted(r for r in set(vendor["risks"]) if vid in self.internal or r not in self.internal)

        self.cache: dict[str, list[str]] = {}
        self.strategy = self.strategy_files()

    # ------------------------------------------------------------------ rendering

    def rendered(self, item_id: str, render) -> list[str]:
        if item_id not in self.cache:
            self.cache[item_id] = render(item_id)
        return self.cache[item_id]

    def vis(self, item_id: str) -> list[str]:
        return ["visibility: internal"] if item_id in self.internal else []

    def render_init(self, iid: str) -> list[str]:
        x = self.inits[iid]
        lines = [
            f"id: {iid}",
            f"title: {x['title']}",
            *self.vis(iid),
            f"status: {x['status']}",
            f"start: {month(x['start'])}",
            f"end: {month(x['end'])}",
            f"owner: {x['owner']}",
            f"priority: {x['priority']}",
            f"progress: {x['progress']}",
            f"goals: {flow(x['goals'])}",
        ]
        for key in ("depends_on", "mitigates", "vendors"):
            if x[key]:
                lines.append(f"{key}: {flow(x[key])}")
        lines += [
            "cost:",
            f"  capex: {x['capex']}",
            f"  opex: {x['opex']}",
            f"tags: {flow(x['tags'])}",
            "summary: " + block(x["summary"], "  "),
        ]
        if x["milestones"]:
            lines.append("milestones:")
            for title, date in x["milestones"]:
                lines += [f"  - title: {title}", f"    date: {date}", f"    done: {str(x['status'] == 'done').lower()}"]
        return lines

    def render_risk(self, rid: str) -> list[str]:
        x = self.risks[rid]
        lines = [
            f"id: {rid}",
            f"title: {x['title']}",
            *self.vis(rid),
            f"category: {x['category']}",
            f"owner: {x['owner']}",
            f"likelihood: {x['likelihood']}",
            f"impact: {x['impact']}",
            "residual:",
            f"  likelihood: {x['residual'][0]}",
            f"  impact: {x['residual'][1]}",
            f"status: {x['status']}",
            f"response: {x['response']}",
        ]
        for key in ("mitigations", "vendors", "frameworks"):
            if x[key]:
                lines.append(f"{key}: {flow(x[key])}")
        lines += [
            f"identified: {x['identified']}",
            f"review: {x['review']}",
            "description: " + block(x["description"], "  "),
        ]
        return lines

    def render_vendor(self, vid: str) -> list[str]:
        x = self.vendors[vid]
        lines = [
            f"id: {vid}",
            f"name: {x['name']}",
            *self.vis(vid),
            f"category: {x['category']}",
            f"capabilities: {flow(x['capabilities'])}",
            f"owner: {x['owner']}",
            f"status: {x['status']}",
            f"criticality: {x['criticality']}",
            "cost:",
            f"  amount: {x['amount']}",
            f"  per: {x['per']}",
            f"seats: {x['seats']}",
            "contract:",
            f"  start: {x['start']}",
            f"  end: {x['end']}",
            f"  notice_days: {x['notice_days']}",
            f"  auto_renew: {str(x['auto_renew']).lower()}",
        ]
        for key in ("data", "integrations", "risks"):
            if x[key]:
                lines.append(f"{key}: {flow(x[key])}")
        if {"PHI", "PII"} & set(x["data"]):  # signed agreements: validate --strict stays clean
            lines.append(f"dpa: {x['start']}")
        if "PHI" in x["data"]:
            lines.append(f"baa: {x['start']}")
        if x["replaced_by"]:
            lines.append(f"replaced_by: {x['replaced_by']}")
        lines.append("exit_plan: " + block(x["exit_plan"], "  "))
        return lines

    def files(self) -> dict[str, str]:
        """Every file of the repository by path."""
        out: dict[str, str] = {"mkdocs.yml": MKDOCS_YML, ".gitignore": "/site/\n/exports/\n"}
        for folder, ids, render in (
            ("roadmap", self.init_ids, self.render_init),
            ("risks", self.risk_ids, self.render_risk),
            ("vendors", self.vendor_ids, self.render_vendor),
        ):
            singles, grouped = ids[:3], ids[3:]
            for item_id in singles:  # a few items in a file of their own, as in real repositories
                out[f"{folder}/{item_id.lower()}.yaml"] = "\n".join(self.rendered(item_id, render)) + "\n"
            for k in range(0, len(grouped), PER_FILE):
                chunk = grouped[k : k + PER_FILE]
                text = [f"# {folder}: part {k // PER_FILE + 1}", ""]
                for item_id in chunk:
                    lines = "\n".join(self.rendered(item_id, render)).split("\n")
                    text += ["- " + lines[0], *("  " + line if line else "" for line in lines[1:]), ""]
                out[f"{folder}/part-{k // PER_FILE + 1:03d}.yaml"] = "\n".join(text)
        out.update(self.strategy)
        return out

    def strategy_files(self) -> dict[str, str]:
        out = {}
        goals = ["# Goals", ""]
        for g in self.goals:
            goals += [
                f"- id: {g}",
                f"  title: {words(self.rng, 4).capitalize()}",
                f"  owner: {OWNERS[0]}",
                "  description: " + block(markdown(self.rng, 1), "    "),
                "  kpis:",
                f"    - name: {words(self.rng, 3).capitalize()}",
                "      unit: '%'",
                "      baseline: 10",
                "      target: 90",
                "      current: 60",
                "      due: 2027-06-30",
                "      baseline_date: 2026-06-15",
                "",
            ]
        out["strategy/goals.yaml"] = "\n".join(goals)
        out["strategy/index.md"] = (
            "---\ntitle: Technology strategy\nowner: Dana Whitfield\nstatus: approved\n"
            "approved: 2026-10-14\nreview: 2027-01-20\n---\n\n## Where we are\n\n" + markdown(self.rng, 4) + "\n"
        )
        for n in range(max(3, len(self.init_ids) // 100)):
            vis = "visibility: internal\n" if n == 1 else ""
            out[f"strategy/notes-{n:02d}.md"] = (
                f"---\ntitle: Notes {n}\n{vis}---\n\n## {words(self.rng, 3)}\n\n" + markdown(self.rng, 3) + "\n"
            )
        return out


MKDOCS_YML = f"""site_name: Benchmark client · technology portal
docs_dir: strategy
theme:
  name: material
plugins:
  - search
  - ctoportal:
      client: Benchmark Client
      consultant: Bench Consulting
      currency: USD
      risk_appetite: 12
      today: {TODAY.isoformat()}
  - mermaid2
"""


def write(root: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def git(root: Path, *args: str, when: dt.datetime | None = None) -> None:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="Bench",
        GIT_AUTHOR_EMAIL="bench@example.com",
        GIT_COMMITTER_NAME="Bench",
        GIT_COMMITTER_EMAIL="bench@example.com",
    )
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when.isoformat()
    subprocess.run(["git", "-C", str(root), *args], check=True, env=env, stdout=subprocess.DEVNULL)


def generate(size: str, root: Path, seed: int = 14) -> Path:
    """Write the repository of this size to root (a new folder) with its git history."""
    repo = Repo(size, seed)
    root.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    first = dt.datetime(2025, 11, 20, 9, 0, tzinfo=dt.timezone.utc)
    files = repo.files()
    write(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Initial portal sources", when=first)
    rng = random.Random(seed + 1)
    commits = COMMITS[size]
    step = (dt.datetime(2026, 11, 19, tzinfo=dt.timezone.utc) - first) / commits
    for n in range(1, commits + 1):
        # A consultant's edit: a few items change a measured field (files rewritten, then committed).
        edits, changed = rng.randint(1, 4), {}
        while edits > 0 or not changed:
            edits -= 1
            kind = rng.random()
            if kind < 0.4:
                item_id = rng.choice(repo.init_ids)
                x = repo.inits[item_id]
                if x["status"] != "done" and x["progress"] < 90:
                    x["progress"] = min(90, x["progress"] + rng.randint(1, 10))
                else:
                    x["capex"] += 1000
            elif kind < 0.8:
                item_id = rng.choice(repo.risk_ids)
                x = repo.risks[item_id]
                x["likelihood"] = rng.randint(1, 5)
                x["residual"] = (max(1, x["likelihood"] - 2), x["residual"][1])
            else:
                item_id = rng.choice(repo.vendor_ids)
                x = repo.vendors[item_id]
                x["seats"] = max(1, x["seats"] + rng.randint(-3, 5))
            repo.cache.pop(item_id, None)
            new = repo.files()
            changed = {path: text for path, text in new.items() if files.get(path) != text}
        write(root, changed)
        files = new
        git(root, "commit", "-q", "-a", "-m", f"Update after review {n}", when=first + step * n)
    return root


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in SIZES:
        print(f"usage: generate.py {{{','.join(SIZES)}}} FOLDER", file=sys.stderr)
        return 2
    generate(argv[0], Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
