"""Precision and recall of the semantic checks (qa.exchanged, qa.unmatched-sentence,
qa.length-outlier, qa.negation) on the team's corpora.

Precision corpus: every prose unit (a paragraph or item of four or more English words: the
units these checks judge) of the bundled document, of every fixture project, and of the
team-written documents in tests/fixtures/semantic-corpus/. Each document is checked as it
is; any finding on it is a false positive.

Recall corpus: corruptions of those units, made deterministically (no randomness) from the
precision corpus, one corruption per copy of its document, of seven kinds: two units'
translations exchanged, a sentence of another unit added, a whole sentence left out, a
translation cut short, a clause left out, a negation lost, a noun replaced by another. A
corruption is found when a semantic check reports its unit (an exchange: when either unit's
finding names the other). Only Simplified Chinese documents are corrupted (the model does not
cover the Traditional fixture: languages/zh-Hant.toml).

The thresholds were tuned on the "tune" documents and are tested on the others ("test"); the
figures are printed for each half and for all.

    .venv/bin/python scripts/measure_semantic.py [--verbose] [--settings min-words=4 ...]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from diglot.checks import Context, Finding  # noqa: E402
from diglot.checks.catalogue import registry  # noqa: E402
from diglot.diagnostics import Location, Reporter  # noqa: E402
from diglot.languages import Profile, project_languages  # noqa: E402
from diglot.model import Field, Unit  # noqa: E402
from diglot.semantic.negation import cues  # noqa: E402
from diglot.semantic.prose import prose, sentences  # noqa: E402
from diglot.semantic.settings import SemanticSettings  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "semantic-corpus"
PROJECTS = [
    ROOT / "content",
    ROOT / "tests" / "fixtures" / "tiny",
    ROOT / "tests" / "fixtures" / "zh-hant" / "content",
    ROOT / "tests" / "fixtures" / "types" / "declaration" / "content",
    ROOT / "tests" / "fixtures" / "types" / "joint-statement" / "content",
]
# The team-written documents the thresholds were tuned on; the rest are the test half.
TUNE = (
    "river-commission-report",
    "university-partnership-agreement",
    "health-advisory",
    "ministerial-meeting-minutes",
    "data-protection-guidelines",
)
IDS = ("qa.exchanged", "qa.unmatched-sentence", "qa.length-outlier", "qa.negation")
CHECKS = [check for check in registry() if check.id in IDS]
KINDS = (
    "exchanged",
    "added sentence",
    "sentence omitted",
    "truncated",
    "clause omitted",
    "negation lost",
    "wrong noun",
)


@dataclass
class Document:
    name: str
    pairs: list[tuple[Unit, Unit]]
    source: Profile
    target: Profile
    half: str  # "tune" or "test"

    def prose_ids(self, settings: SemanticSettings) -> list[str]:
        return list(dict.fromkeys(p.unit_id for p in prose(self.pairs, settings.min_words)))


@dataclass
class Corruption:
    kind: str
    document: Document  # the corrupted copy
    unit_id: str
    partner: str | None = None  # exchanged: the other unit


@dataclass
class Figures:
    units: int = 0
    flagged: set = field(default_factory=set)
    by_rule: Counter = field(default_factory=Counter)


def _profiles(project: Path) -> tuple[Profile, Profile]:
    languages = project_languages(project.parent, Reporter())
    assert languages is not None
    return languages.source, languages.targets[0]


def documents() -> list[Document]:
    """The precision corpus: the projects' documents, then the team-written ones."""
    from diglot.project import load_project

    found = []
    for content in PROJECTS:
        reporter = Reporter()
        project = load_project(content, reporter)
        assert project is not None and not reporter.errors, reporter.to_text()
        source, target = _profiles(content)
        for pair in project.documents:
            pairs = [(u.source, u.target) for u in pair.units if u.target is not None]
            found.append(Document(pair.doc_id, pairs, source, target, "test"))
    source, target = _profiles(ROOT / "content")
    for path in sorted(CORPUS.glob("*.yaml")):
        found.append(_corpus_document(path, source, target))
    return found


def _corpus_document(path: Path, source: Profile, target: Profile) -> Document:
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    pairs = []
    for item in data["units"]:

        def unit(lang: str, item=item) -> Unit:
            where = Location(f"{path.name}:{lang}:{item['id']}")
            text = (Field("text", item[lang], where),)
            return Unit(item["id"], "paragraph", text, where, "corpus", role="paragraph")

        pairs.append((unit("en"), unit("zh")))
    return Document(path.stem, pairs, source, target, "tune" if path.stem in TUNE else "test")


def run(document: Document, settings: SemanticSettings) -> dict[str, list[Finding]]:
    """The semantic checks' findings on a document, by unit id."""
    ctx = Context(
        source_profile=document.source,
        target_profile=document.target,
        semantic=settings,
        project_root=ROOT,
    )
    found: dict[str, list[Finding]] = defaultdict(list)
    for check in CHECKS:
        if check.missing is not None and check.missing(ctx) is not None:
            continue
        if check.pair is not None:
            for en, zh in document.pairs:
                found[en.id].extend(check.pair(en, zh, ctx))  # type: ignore[index]
        else:
            assert check.document is not None
            for unit_id, finding in check.document(document.pairs, ctx):
                found[unit_id].append(finding)
    return found


# -- corruptions --------------------------------------------------------------------------------

_CJK_CLAUSE = re.compile(r"[，；]")
# Negations made affirmative: the cue and what stands in its place.
_AFFIRM = (
    ("不得", "应"),
    ("不应", "应"),
    ("不会", "会"),
    ("不能", "能"),
    ("无法", "能够"),
    ("无需", "需要"),
    ("无权", "有权"),
    ("尚未", "已经"),
    ("未能", "能够"),
    ("并非", "是"),
    ("切勿", "务必"),
    ("请勿", "请"),
    ("没有", "有"),
    ("不", ""),
    ("未", "已"),
    ("无", "有"),
    ("非", ""),
)
# Nouns replaced by another of the same kind (the first one a text has).
_NOUNS = (
    ("政府", "企业"),
    ("企业", "政府"),
    ("数据", "资金"),
    ("资金", "数据"),
    ("学生", "教师"),
    ("港口", "机场"),
    ("机场", "港口"),
    ("农业", "渔业"),
    ("渔业", "农业"),
    ("海关", "警方"),
    ("医院", "学校"),
    ("学校", "医院"),
    ("水库", "水坝"),
    ("半导体", "电池"),
    ("芯片", "软件"),
    ("软件", "硬件"),
    ("硬件", "软件"),
    ("汽车", "船舶"),
    ("船舶", "汽车"),
    ("委员会", "秘书处"),
    ("秘书处", "委员会"),
    ("部长", "议员"),
    ("代表团", "观察员"),
    ("录像", "照片"),
    ("摄像头", "麦克风"),
    ("包裹", "信件"),
    ("浮标", "卫星"),
    ("陶瓷", "丝绸"),
    ("香料", "茶叶"),
    ("人工智能", "区块链"),
    ("美国", "日本"),
    ("中国", "印度"),
)


def _with_target(document: Document, texts: dict[str, str]) -> Document:
    """A copy of the document whose units named in texts have that Chinese."""
    pairs = []
    for en, zh in document.pairs:
        if zh.id in texts:
            zh = replace(zh, fields=(replace(zh.fields[0], source=texts[zh.id]),))
        pairs.append((en, zh))
    return replace(document, pairs=pairs)


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentences(text, True)]


def corruptions(document: Document, settings: SemanticSettings) -> Iterator[Corruption]:
    """Every corruption of one document, in a fixed order."""
    ids = document.prose_ids(settings)
    target = {str(zh.id): zh.fields[0].plain for _, zh in document.pairs if zh.fields}
    source = {str(en.id): en.fields[0].plain for en, _ in document.pairs if en.fields}
    n = len(ids)
    if n >= 4:  # exchanged: unit k and the unit half the document further on
        for k in range(0, n // 2, 3):
            a, b = ids[k], ids[k + n // 2]
            copy = _with_target(document, {a: target[b], b: target[a]})
            yield Corruption("exchanged", copy, a, b)
    for k, unit_id in enumerate(ids):
        text = target[unit_id]
        parts = _sentences(text)
        made = [
            ("added sentence", _added(ids, target, k, parts)),
            ("sentence omitted", _omitted(parts, k)),
            ("truncated", _truncated(text)),
            ("clause omitted", _clause_omitted(parts, k)),
            ("negation lost", _negation_lost(source[unit_id], text, document)),
            ("wrong noun", _wrong_noun(text)),
        ]
        for kind, changed in made:
            if k % 2 and kind in ("added sentence", "truncated", "wrong noun"):
                continue  # every other unit: enough of the common kinds, fewer copies
            if changed is not None and changed != text:
                yield Corruption(kind, _with_target(document, {unit_id: changed}), unit_id)


def _added(ids: list[str], target: dict[str, str], k: int, parts: list[str]) -> str | None:
    if len(ids) < 3:
        return None
    donor = _sentences(target[ids[(k + len(ids) // 2) % len(ids)]])
    if not donor:
        return None
    extra = max(donor, key=len)  # the donor's longest sentence
    at = 1 if len(parts) > 1 else len(parts)
    return "".join(parts[:at] + [extra] + parts[at:])


def _omitted(parts: list[str], k: int) -> str | None:
    if len(parts) < 2:
        return None
    drop = k % len(parts)
    return "".join(p for i, p in enumerate(parts) if i != drop)


def _truncated(text: str) -> str | None:
    if len(text) < 30:
        return None
    cuts = [
        m.start() for m in re.finditer(r"[，；。]", text) if 0.35 < m.start() / len(text) < 0.65
    ]
    if not cuts:
        return None
    cut = min(cuts, key=lambda i: abs(i - len(text) / 2))
    return text[:cut] + "。"


def _clause_omitted(parts: list[str], k: int) -> str | None:
    for offset in range(len(parts)):
        i = (k + offset) % len(parts)
        clauses = _CJK_CLAUSE.split(parts[i])
        marks = _CJK_CLAUSE.findall(parts[i])
        if len(clauses) >= 3:
            drop = 1 + k % (len(clauses) - 2)  # a clause between the first and the last
            kept = [c + (marks[j] if j < len(marks) else "") for j, c in enumerate(clauses)]
            del kept[drop]
            changed = list(parts)
            changed[i] = "".join(kept)
            return "".join(changed)
    return None


def _negation_lost(english: str, text: str, document: Document) -> str | None:
    if not cues(english, document.source) or not cues(text, document.target):
        return None
    friends = document.target.negation_false_friends
    for cue, affirmative in _AFFIRM:
        for match in re.finditer(re.escape(cue), text):
            around = text[max(0, match.start() - 3) : match.end() + 3]
            if not any(f in around and cue in f for f in friends):
                return text[: match.start()] + affirmative + text[match.end() :]
    return None


def _wrong_noun(text: str) -> str | None:
    for noun, other in _NOUNS:
        if noun in text:
            return text.replace(noun, other, 1)
    return None


# -- measuring ------------------------------------------------------------------------------------


def measure(settings: SemanticSettings, verbose: bool = False) -> dict:
    """Precision and recall, by half ("tune", "test", "all")."""
    docs = documents()
    precision: dict[str, Figures] = defaultdict(Figures)
    for document in docs:
        found = run(document, settings)
        for unit_id in document.prose_ids(settings):
            for half in (document.half, "all"):
                precision[half].units += 1
                if found.get(unit_id):
                    precision[half].flagged.add((document.name, unit_id))
                    for finding in found[unit_id]:
                        precision[half].by_rule[finding.check] += 1
            if verbose:
                for finding in found.get(unit_id, ()):
                    print(f"false positive: {document.name} {unit_id}: {finding.message}")
    recall: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for document in docs:
        if not document.target.semantic_model:
            continue
        for corruption in corruptions(document, settings):
            found = run(corruption.document, settings)
            rules = _detected(corruption, found)
            for half in (document.half, "all"):
                recall[half][corruption.kind].append(rules)
            if verbose and not rules:
                zh = {u.id: z.fields[0].plain for u, z in corruption.document.pairs if z.fields}
                print(
                    f"missed {corruption.kind}: {document.name} {corruption.unit_id}: "
                    f"{zh[corruption.unit_id]}"
                )
    return {"precision": precision, "recall": recall}


def _detected(corruption: Corruption, found: dict[str, list[Finding]]) -> set[str]:
    """The checks that found the corruption."""
    if corruption.kind == "exchanged":
        return {
            f.check
            for unit_id, other in (
                (corruption.unit_id, corruption.partner),
                (corruption.partner, corruption.unit_id),
            )
            for f in found.get(unit_id or "", ())
            if f.check != "qa.exchanged" or f"'{other}'" in f.message
        }
    return {f.check for f in found.get(corruption.unit_id, ())}


def report(figures: dict) -> str:
    lines = []
    for half in ("tune", "test", "all"):
        p = figures["precision"][half]
        clean = p.units - len(p.flagged)
        lines.append(
            f"[{half}] precision: {clean}/{p.units} correct prose units with no finding "
            f"({clean / max(1, p.units):.1%}); findings by rule: "
            + (", ".join(f"{rule} {n}" for rule, n in sorted(p.by_rule.items())) or "none")
        )
        kinds = figures["recall"][half]
        total = sum(len(v) for v in kinds.values())
        found = sum(1 for v in kinds.values() for rules in v if rules)
        lines.append(
            f"[{half}] recall: {found}/{total} corruptions found ({found / max(1, total):.1%})"
        )
        for kind in KINDS:
            results = kinds.get(kind, [])
            if not results:
                continue
            hits = sum(1 for rules in results if rules)
            per_rule = Counter(rule for rules in results for rule in rules)
            lines.append(
                f"    {kind:<17} {hits:>3}/{len(results):<3} {hits / len(results):6.1%}   "
                + ", ".join(f"{rule} {per_rule[rule]}" for rule in IDS if per_rule[rule])
            )
    return "\n".join(lines)


def _settings(pairs: list[str]) -> SemanticSettings:
    values: dict[str, Any] = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        name = key.strip().replace("-", "_")
        values[name] = int(value) if name == "min_words" else float(value)
    return SemanticSettings(**values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--verbose", action="store_true", help="print every miss and false positive"
    )
    parser.add_argument("--settings", nargs="*", default=[], metavar="KEY=VALUE")
    args = parser.parse_args()
    print(report(measure(_settings(args.settings), args.verbose)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
