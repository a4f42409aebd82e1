"""Hostile record text in every field, through every output: it comes out as text.

Markdown is rendered by markdown-it-py (CommonMark, raw HTML on, as blogs run it)
and by Python-Markdown, and the HTML parsed: no element but plain formatting, no
event attribute, no link but the records' own checked http(s) URLs. Text output
holds no escape sequence and has the lines clean text would have. Mermaid keeps
one fence, GraphML parses, BibTeX gives exactly the entries meant, and JSON
keeps every string exactly.
"""

from __future__ import annotations

import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import markdown
import networkx as nx
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from pybtex.database import parse_string

from paperhop import render
from paperhop.errors import Problem
from paperhop.export import build_view
from paperhop.export.graphml import render_graphml
from paperhop.export.json import render_json
from paperhop.export.mermaid import render_mermaid
from paperhop.graph import build_graph, check, record
from paperhop.models import Concept, Edge, GraphData, Paper
from paperhop.queries.diff import diff_graphs, diff_result
from paperhop.queries.doctor import doctor, doctor_result
from paperhop.queries.nodes import list_result, stats_result
from paperhop.queries.paths import reading_list
from paperhop.queries.plans import concept_result
from paperhop.queries.records import node
from paperhop.reader import Reader
from paperhop.render import bibtex
from paperhop.render.text import _BIDI
from paperhop.results.checks import DoctorReport, Validation
from paperhop.results.nodes import PaperList

PAYLOADS = [
    "<script>alert(1)</script>",
    "</script><script>alert(2)</script>",
    "<img src=x onerror=alert(1)>",
    "<iframe src=https://evil.example>",
    "<svg onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<a href='javascript:alert(1)'>x</a>",
    "<!-- ",
    " -->",
    "[x](javascript:alert(1))",
    "![t](https://evil.example/t.png)",
    "[a]: javascript:alert(1)",
    "[a]",
    "<https://evil.example>",
    "javascript:alert(1)",
    "\n```\n<script>alert(1)</script>\n```\n",
    "\n\n[x](javascript:alert(1))\n",
    "```",
    "`",
    "``",
    "~~~",
    "\\",
    "\\`",
    "{",
    "}",
    "},note={pwned}}@misc{injected,title={Injected}",
    "# ",
    "1. ",
    "1) ",
    "- ",
    "+ ",
    "* ",
    "> ",
    "===",
    "---",
    "***",
    "    ",
    "|",
    "&lt;script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "&",
    "%",
    "#",
    "$",
    "_",
    "~",
    "^",
    " and ",
    ",",
    "\x1b[2J\x1b[31m",
    "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07",
    "\x1b]0;title\x1b\\",
    "\x9b31m",
    "\x00",
    "\x07",
    "\x7f",
    "\x85",
    "\r\n",
    "\r",
    "\t",
    "\x0b\x0c\x1c",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u2066",
    "\u200b",
]
PIECES = st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=4))
# Blank text is refused by the model; text of bidi controls alone prints as nothing.
HOSTILE = st.lists(PIECES, min_size=1, max_size=4).map("".join).filter(lambda s: s.strip() and render.plain_text(s))
URL_CHARS = "abc/?#=&;%()[]<>'\"`\\{}|^*_!$+,:@~é-"
URLS = st.builds(
    lambda scheme, path: f"{scheme}://e.example/{path}",
    st.sampled_from(["https", "http", "HTTPS"]),
    st.text(alphabet=URL_CHARS, max_size=20) | st.sampled_from([")<script>", "](javascript:alert(1))", "&lt;x&gt;"]),
)
DOIS = st.builds(
    lambda tail: f"10.1234/{tail}",
    st.text(alphabet=URL_CHARS, min_size=1, max_size=20) | st.just("x},note={pwned}}@misc{injected,title={Injected}"),
)
PAPER_KEYS = ("alpha", "beta", "gamma")


@dataclass(frozen=True)
class Case:
    """One hostile graph: every text field drawn, ids and links hostile where the model lets them be."""

    data: GraphData
    texts: tuple[str, ...]  # every record string, in the order build() took them


def build(draw: Callable[[], str], urls: list[str | None], dois: list[str | None]) -> GraphData:
    """The tiny graph's shape (alpha -> beta -> gamma, alpha -introduces-> idea -uses-> gamma) with
    every string from *draw*. Names and aliases carry a digit of their own so no two nodes share one."""
    papers = {}
    for i, key in enumerate(PAPER_KEYS):
        papers[key] = Paper(
            key=key,
            name=f"{i}{draw()}",
            title=draw(),
            authors=[draw() for _ in range(i + 1)],
            year=2015 + i,
            venue=draw(),
            arxiv="1501.00001" if i == 0 else None,
            doi=dois[i],
            url=urls[i],
            pdf_url=urls[i],
            summary=draw(),
            aliases=[f"{draw()}{i + 5}"],
            section=draw(),
        )
    concepts = {"idea": Concept(key="idea", name=f"4{draw()}", description=draw(), aliases=[f"{draw()}9"])}
    edges = [
        Edge(source="alpha", target="beta", kind="builds_on", note=draw()),
        Edge(source="alpha", target="beta", kind="cites"),
        Edge(source="alpha", target="idea", kind="introduces", note=draw()),
        Edge(source="idea", target="gamma", kind="uses", note=draw()),
        Edge(source="beta", target="gamma", kind="cites", note=draw()),
    ]
    return GraphData(draw(), papers, concepts, edges)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    texts: list[str] = []

    def text() -> str:
        texts.append(draw(HOSTILE))
        return texts[-1]

    urls = [draw(URLS), None, draw(st.none() | URLS)]
    dois = [None, draw(DOIS), draw(st.none() | DOIS)]
    data = build(text, urls, dois)
    assume(not [p for p in check(data) if p.severity == "error"])  # names may still clash after folding
    return Case(data, tuple(texts))


def clean_twin(case: Case) -> GraphData:
    """The same graph with each distinct string replaced by a distinct plain word."""
    words: dict[str, str] = {}
    order = iter(case.texts)

    def word() -> str:
        return words.setdefault(next(order), f"w{len(words)}")

    papers = case.data.papers.values()
    return build(word, [p.url for p in papers], [p.doi for p in papers])


def outputs(data: GraphData, fmt: str) -> dict[str, str]:
    """What every command that reads records prints, in *fmt*."""
    G = build_graph(data)
    label = dict(G.nodes(data="label"))
    changed = GraphData(
        data.name,
        {**data.papers, "beta": data.papers["beta"].model_copy(update={"summary": label["gamma"], "aliases": []})},
        data.concepts,
        data.edges[1:],
    )
    reader = Reader(G)
    results = {
        "list": listed(G),
        "concepts": list_result(G, concepts=True),
        "next": reader.next("gamma"),
        "reading-list": reader.reading_list("gamma"),
        "path": reader.path("alpha", "gamma", k=3),
        "why": reader.why("alpha", "gamma"),
        "main-path": reader.main_path("gamma"),
        "plan": reader.plan(["gamma", "beta"], max_papers=1),
        "concept": concept_result(G, "idea"),
        "doctor": doctor_result(G),
        "diff": diff_result(data, changed, target="gamma"),
        "diff of hostile keys": diff_graphs(data, with_strays(data)),
        "stats": stats_result(G),
        **{f"show {key}": reader.show(key) for key in G},
    }
    return {name: render.render(result, fmt) for name, result in results.items()}


def listed(G: nx.DiGraph) -> PaperList:
    """Every node, by key."""
    return PaperList([node(G, k) for k in sorted(G)])


def with_strays(data: GraphData) -> GraphData:
    """*data* plus edges from nodes that are not there, named by hostile text."""
    strays = [Edge(source=text, target="alpha", kind="cites") for text in (data.name, data.papers["beta"].title)]
    return GraphData(data.name, data.papers, data.concepts, [*data.edges, *strays])


def problems(data: GraphData) -> list[Problem]:
    """Real problems naming hostile text."""
    return check(with_strays(data))


# -- what rendered Markdown may hold -------------------------------------------------

FORMATTING = {"p", "a", "strong", "em", "code", "pre", "ul", "ol", "li", "h2", "h3", "br"}
ALLOWED_ATTRIBUTES = {("a", "href"), ("ol", "start"), ("code", "class")}


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


COMMONMARK = MarkdownIt("commonmark", {"html": True})


def assert_inert(text: str, links: set[str], where: str) -> None:
    """*text*, rendered by both renderers, holds formatting only and links only to *links*."""
    allowed = {unquote(link) for link in links}
    for renderer, html in (("markdown-it", COMMONMARK.render(text)), ("Python-Markdown", markdown.markdown(text))):
        parser = Elements()
        parser.feed(html)
        parser.close()
        for tag, attrs in parser.found:
            context = f"{where}, {renderer}: <{tag} {attrs}> in\n{text}\n{html}"
            assert tag in FORMATTING, context
            for name, value in attrs:
                assert (tag, name) in ALLOWED_ATTRIBUTES, context
                if tag == "a":
                    assert value is not None, context
                    assert urlsplit(value).scheme.lower() in ("http", "https"), context
                    assert unquote(value) in allowed, context


def record_links(data: GraphData) -> set[str]:
    return {p.link for p in data.papers.values() if p.link}


FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(cases())
def test_markdown_output_is_text_and_links_are_the_records_own(case: Case) -> None:
    links = record_links(case.data)
    for name, text in outputs(case.data, "markdown").items():
        assert_inert(text, links, name)
    assert_inert(render.render(Validation(problems(case.data)), "markdown"), set(), "validate")


@FAST
@given(cases())
def test_markdown_headings_items_and_links_are_paperhops_own(case: Case) -> None:
    """Record text starts no block and makes no link: headings, items and links are as many as meant."""
    G = build_graph(case.data)
    keys = reading_list(G, "gamma")
    sections = {case.data.papers[k].section for k in keys}
    items = render.render(listed(G), "markdown")
    for html in (COMMONMARK.render(items), markdown.markdown(items)):
        assert html.count("<li>") == len(G)
        assert html.count("<a ") == sum(bool(p.link) for p in case.data.papers.values())
    grouped = render.render(replace(Reader(G).reading_list("gamma"), by_section=True), "markdown")
    for html in (COMMONMARK.render(grouped), markdown.markdown(grouped)):
        assert (html.count("<h2>"), html.count("<h3>"), html.count("<li>")) == (1, len(sections), len(keys))
    numbered = render.render(Reader(G).reading_list("gamma"), "markdown")
    for html in (COMMONMARK.render(numbered), markdown.markdown(numbered)):
        assert (html.count("<h2>"), html.count("<h3>"), html.count("<li>")) == (1, 0, len(keys))


CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@FAST
@given(cases())
def test_text_output_holds_no_control_character_and_no_extra_line(case: Case) -> None:
    hostile, clean = outputs(case.data, "text"), outputs(clean_twin(case), "text")
    for name, text in hostile.items():
        assert not CONTROLS.search(text), (name, text)
        if name != "doctor":  # hostile titles may look alike: the findings differ
            assert len(text.splitlines()) == len(clean[name].splitlines()), (name, text, clean[name])
    G = build_graph(case.data)
    findings = render.render(DoctorReport(doctor(G)), "text")
    assert len(findings.splitlines()) == len(doctor(G)) + 1
    validate = render.render(Validation(problems(case.data)), "text")
    assert not CONTROLS.search(validate)
    assert len(validate.splitlines()) == len(problems(case.data)) + 1


@FAST
@given(st.lists(st.tuples(HOSTILE, HOSTILE, HOSTILE), min_size=1, max_size=3))
def test_search_results_from_semantic_scholar_print_as_text(rows: list[tuple[str, str, str]]) -> None:
    matches: list[dict[str, object]] = [
        {"title": title, "year": year, "paperId": paper_id, "authors": [{"name": title}, {"name": year}]}
        for title, year, paper_id in rows
    ]
    text = render.render_matches(matches)
    assert not CONTROLS.search(text)
    assert len(text.splitlines()) == 2 * len(rows)


@FAST
@given(cases())
def test_json_output_keeps_every_string_exactly(case: Case) -> None:
    G = build_graph(case.data)
    nodes = {n["key"]: n for n in json.loads(render.render(listed(G), "json"))["nodes"]}
    for key, paper in case.data.papers.items():
        assert nodes[key]["title"] == paper.title
        assert nodes[key]["authors"] == paper.authors
        assert nodes[key]["url"] == paper.url
    path = json.loads(render.render(Reader(G).path("alpha", "beta"), "json"))
    assert path["paths"][0]["edges"][0]["links"]["builds_on"] == case.data.edges[0].note


@FAST
@given(cases())
def test_mermaid_keeps_one_fence_and_renders_inert(case: Case) -> None:
    G = build_graph(case.data)
    for view in (build_view(G), build_view(G, path=("alpha", "gamma")), build_view(G, reading_list_of="gamma")):
        text = render_mermaid(view)
        assert [line for line in text.splitlines() if line.startswith("```")] == ["```mermaid", "```"]
        styles = 2 * any(n.highlighted for n in view.nodes) + any(e.highlighted for e in view.edges)
        styles += 2 * any(n.faded for n in view.nodes) + any(e.faded for e in view.edges)
        assert len(text.splitlines()) == 2 + 1 + len(view.nodes) + len(view.edges) + styles
        assert_inert(text + "\nAfter the diagram.\n", set(), "mermaid")


XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@FAST
@given(cases())
def test_graphml_is_well_formed(case: Case) -> None:
    G = build_graph(case.data)
    text = render_graphml(build_view(G))
    assert not XML_CHAR.search(text)
    root = ET.fromstring(text)
    assert len(root.findall(".//{http://graphml.graphdrawing.org/xmlns}node")) == G.number_of_nodes()
    json.loads(render_json(build_view(G)))


_LATEX = re.compile(r"\\(textbackslash|textbraceleft|textbraceright|textasciitilde|textasciicircum)\{\}|\\([#$%&_])")
_LATEX_CHARS = {"textbackslash": "\\", "textbraceleft": "{", "textbraceright": "}", "textasciitilde": "~"}


def unlatex(text: str) -> str:
    return _LATEX.sub(lambda m: m[2] or _LATEX_CHARS.get(m[1], "^"), text)


def as_read(text: str) -> str:
    """*text* as BibTeX reads it back: runs of whitespace are one space, none at the ends."""
    return " ".join(render.plain_text(text).split())


@FAST
@given(cases())
def test_bibtex_parses_into_exactly_the_entries_meant(case: Case) -> None:
    G = build_graph(case.data)
    text = bibtex.render(record(G, k) for k in ["alpha", "idea", "beta", "gamma"])
    entries = parse_string(text, "bibtex").entries
    assert list(entries) == list(PAPER_KEYS)
    for key, entry in entries.items():
        paper = case.data.papers[key]
        published = entry.type == "inproceedings"
        assert set(entry.fields) == {
            "title",
            "year",
            "booktitle" if published else "howpublished",
            *(("eprint", "archivePrefix") if paper.arxiv else ()),
            *(("doi",) if paper.doi else ()),
            *(("url",) if paper.link else ()),
        }
        assert unlatex(entry.fields["title"]) == as_read("{" + paper.title + "}")
        venue = entry.fields["booktitle" if published else "howpublished"]
        assert unlatex(venue) == as_read(paper.venue or "")
        assert len(entry.persons.get("author", [])) == sum(bool(render.plain_text(a).strip()) for a in paper.authors)
        if paper.doi:
            assert unquote(entry.fields["doi"]) == unquote(paper.doi)
        if paper.link:
            assert unquote(entry.fields["url"]) == unquote(paper.link)


def test_a_doi_cannot_add_an_entry() -> None:
    paper = Paper(key="p", title="T", year=2020, doi="10.1234/x},note={pwned}}@misc{injected,title={Injected}")
    G = build_graph(GraphData("g", {"p": paper}))
    entries = parse_string(bibtex.render([record(G, "p")]), "bibtex").entries
    assert list(entries) == ["p"]
    assert set(entries["p"].fields) == {"title", "year", "doi", "url"}


def test_unicode_categories_the_sanitizer_removes_are_all_unprintable() -> None:
    """plain_text's fast path trusts str.isprintable: every character it changes must be unprintable."""
    for code in range(0x110000):
        char = chr(code)
        if unicodedata.category(char) in ("Cc", "Zl", "Zp", "Cs") or code in _BIDI:
            assert not char.isprintable(), hex(code)


def test_a_page_grows_with_its_records_text_not_with_placeholders_in_it() -> None:
    """Every placeholder the page's templates use, in every text field: filled once, never read again."""
    from paperhop.export import build_view
    from paperhop.export.html import PLACEHOLDER, _asset, render_html
    from paperhop.graph import build_graph

    from .conftest import hostile_data

    names = sorted(
        {f"@{m}@" for asset in ("embed.js", "fragment.html", "page.html") for m in PLACEHOLDER.findall(_asset(asset))}
    )
    assert {"@DATA@", "@SCRIPT@", "@LIBRARY@", "@BODY@", "@LIBRARY_TAG@"} <= set(names)
    sizes = []
    for copies in (1, 40):
        text = " ".join(names) * copies
        data = hostile_data()
        data.papers["evil"] = data.papers["evil"].model_copy(
            update={"name": text[:200], "summary": text, "venue": text}
        )
        G = build_graph(data)
        for embed, shared in ((False, None), (True, None), (True, "lib.js")):
            page = render_html(build_view(G), embed=embed, shared_lib=shared, element_id="g")
            assert page.count("<script") == (3 if shared else 2)  # the data, (the library,) the code
            assert "@SCRIPT@" not in page.split('class="ph-data">')[1].split("</script>")[0]
        sizes.append((len(page), len(text)))
    (small, small_text), (big, big_text) = sizes
    assert big - small < 3 * 3 * (big_text - small_text)  # three fields and their escapes: linear, about 1x
