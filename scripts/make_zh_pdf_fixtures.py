#!/usr/bin/env python3
"""Typesets the Chinese PDF fixtures of tests/extract.rs from the seed text (S/2022/529 zh).

The data holds no Chinese UN PDF, so these stand in for one: XeLaTeX + xeCJK with the Noto
Serif CJK SC font (Debian: texlive-xetex, texlive-lang-chinese, fonts-noto-cjk), laid out as
a UN page: running symbol "S/2022/529" in the header, the per-page undocs.org link list and
the job number with a "10/29" page number in the footer, justified lines that xeCJK breaks
between any two characters (so words are wrapped mid-word), numbered paragraphs.

Input: tests/fixtures/extract/zh-seed-paragraphs.txt (one paragraph a line, as undex extracts
them from corpus/S_2022_529/zh.txt: annex I ¶1-8 and the heading "二. …").
Output: tests/fixtures/extract/zh-S_2022_529-annex1.pdf (committed, so CI needs no TeX).

Run from the repository root: python3 scripts/make_zh_pdf_fixtures.py
"""
import pathlib
import shutil
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "extract"
SEED = FIXTURES / "zh-seed-paragraphs.txt"
OUT = FIXTURES / "zh-S_2022_529-annex1.pdf"

# The seed's own furniture: symbol, job number, the page it starts on, its page count, links.
SYMBOL = "S/2022/529"
JOB = "22-10791"
FIRST_PAGE = 10
PAGES = 29
LINKS = [
    "https://undocs.org/zh/S/RES/2395(2017)",
    "https://undocs.org/zh/S/2021/278",
    "https://undocs.org/zh/S/RES/1373(2001)",
]

SPECIAL = {c: "\\" + c for c in "%$&#_{}"}
SPECIAL.update({"~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"})


def escape(text: str) -> str:
    return "".join(SPECIAL.get(c, c) for c in text)


def document(paragraphs: list[str]) -> str:
    links = r"\\".join(escape(link) for link in LINKS)
    body = []
    for p in paragraphs:
        if p[:2] in ("一.", "二.", "三.", "四."):
            body.append(r"\par\medskip\noindent{\bfseries " + escape(p) + r"}\par\medskip")
        else:
            number, _, text = p.partition(" ")
            body.append(r"\noindent\hspace*{2em}" + escape(number) + r"\hspace{1em}" + escape(text) + r"\par")
    return r"""\documentclass[12pt]{article}
\usepackage[a4paper,top=40mm,bottom=90mm,left=25mm,right=25mm,footskip=25mm]{geometry}
\usepackage{xeCJK}
\setCJKmainfont{Noto Serif CJK SC}
\xeCJKsetup{CJKecglue={}}
\setmainfont{DejaVu Serif}
\parskip=6pt
\makeatletter
\def\unfoot#1{\parbox[t]{\textwidth}{\footnotesize\rule{30mm}{0.4pt}\\ """ + links + r"""\\[2mm]
  \normalsize #1}}
\def\@oddhead{\hfill\bfseries """ + SYMBOL + r"""}
\def\@evenhead{\bfseries """ + SYMBOL + r"""\hfill}
\def\@oddfoot{\unfoot{""" + JOB + r"""\hfill\thepage/""" + str(PAGES) + r"""}}
\def\@evenfoot{\unfoot{\thepage/""" + str(PAGES) + r"""\hfill """ + JOB + r"""}}
\makeatother
\setcounter{page}{""" + str(FIRST_PAGE) + r"""}
\begin{document}
""" + "\n".join(body) + "\n\\end{document}\n"


def main() -> None:
    paragraphs = [l for l in SEED.read_text(encoding="utf-8").splitlines() if l.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        tex = pathlib.Path(tmp) / "zh.tex"
        tex.write_text(document(paragraphs), encoding="utf-8")
        subprocess.run(
            ["xelatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
            cwd=tmp, check=True, stdout=subprocess.DEVNULL,
        )
        shutil.copy(pathlib.Path(tmp) / "zh.pdf", OUT)
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
