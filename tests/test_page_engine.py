"""The page's query engine answers as the Python engine does: every golden case (tests/page_cases.py, kept in
tests/fixtures/page-cases.json) replayed in a page in Chromium."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page

from paperhop.export import build_view
from paperhop.export.html import render_html
from paperhop.load import load

from .page_cases import GOLDEN, cases, cases_graph, golden_text
from .test_browser import browser as browser  # the one Chromium fixture


def golden() -> dict[str, list[Any]]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_the_golden_file_is_what_the_python_engine_answers() -> None:
    assert GOLDEN.read_text(encoding="utf-8") == golden_text(cases())  # else: python -m tests.page_cases > ...
    found = golden()
    assert {name: len(found[name]) > 10 for name in found} == dict.fromkeys(("lists", "names", "paths", "plans"), True)
    assert any(case[-1] is None for case in found["paths"])  # no path, as well as paths
    assert any(case[-1] for case in found["paths"])


def reading_page(browser: Browser, tmp_path: Path, G: Any) -> Page:
    out = tmp_path / "page.html"
    out.write_text(render_html(build_view(G), element_id="g"), encoding="utf-8")
    page = browser.new_page()
    page.goto(out.as_uri())
    page.wait_for_selector("[data-ready=true]", timeout=10_000)
    return page


REPLAY = """([kind, cases]) => { const r = document.getElementById("g").paperhop.reading;
  return cases.map(c => kind === "paths" ? r.path(c[0], c[1], c[2], c[3])
    : kind === "lists" ? r.readingList(c[0], c[1])
    : kind === "plans" ? r.plan(c[0], c[1], c[2]).map(item => item[0])
    : r.resolve(c[0])); }"""


def test_the_page_answers_every_golden_case(browser: Browser, tmp_path: Path) -> None:
    found = golden()
    page = reading_page(browser, tmp_path, cases_graph())
    for kind in ("paths", "lists", "plans"):
        answers = page.evaluate(REPLAY, [kind, found[kind]])
        wrong = [
            (case[:-1], answer, case[-1])
            for case, answer in zip(found[kind], answers, strict=True)
            if answer != case[-1]
        ]
        assert wrong == [], kind
    page.close()
    page = reading_page(browser, tmp_path, load())
    answers = page.evaluate(REPLAY, ["names", found["names"]])
    assert [[text, answer] for (text, _), answer in zip(found["names"], answers, strict=True)] == found["names"]
