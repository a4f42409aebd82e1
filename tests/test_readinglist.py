"""Reading lists in the forms people write them."""

from __future__ import annotations

import textwrap
import threading

import pytest

from paperhop.sources.readinglists import Entry, ReadingList, parse_reading_list

# The shape of a translated blog post's list (bilingual headings, prose, links), written for this test.
PLAIN = textwrap.dedent("""\
    [翻訳] A reading list
    by Someone, Mar 5, 2024
    This post collects the papers behind a model. It is long enough to be prose, and ends like a sentence.
    https://example.org/the-model
    論文一覧 / Paper Reading List
    背景知識に関する論文 / Background Papers
    These are the foundations. Many are referenced over and over again in the literature, as they should be.
    https://example.org/community
    U-Net
    A network for segmentation that became the backbone of diffusion models, as the next paragraphs say.
    https://arxiv.org/abs/1505.04597
    言語トランスフォーマー / Language Transformers
    The transformer paper, which proved itself on translation and then on everything else you can think of.
    https://arxiv.org/abs/1706.03762
    動画生成分野の論文 / Video Generation Papers
    Several video papers inspired the model, pushing the generative models above to the next level at last.
    ViViT: A Video Vision Transformer
    This paper chops video into spatio-temporal tokens, which is what the model does with its patches too.
    https://arxiv.org/abs/2103.15691v1
    視覚・言語理解分野の論文群 / Vision-Language Understanding
    Training on many videos needs captions, and nobody can write that many of them by hand, so synthetic ones.
    DALL·E 3
    The re-captioning technique comes from this paper, which the post names but does not link for some reason.
    Llava
    Instruction tuning, probably, as the post guesses; it also shows how to make an instruction data set.
    https://arxiv.org/pdf/2304.08485.pdf
    Make-A-Video & Tune-A-Video
    Both show how prompts become coherent videos, which the model also seems to do with extended prompts.
    https://arxiv.org/abs/2209.14792
    https://arxiv.org/abs/2212.11565
    結論 / Conclusion
    We hope this helps. Feel free to write to us if you think we missed anything important in this list.
    原文
    https://example.org/original
    """)


def test_plain_text_gives_every_linked_paper_in_its_section_and_the_unlinked_ones() -> None:
    found = parse_reading_list(PLAIN)
    assert found.entries == [
        Entry("ARXIV:1505.04597", "Background Papers", "U-Net"),
        Entry("ARXIV:1706.03762", "Background Papers", "Language Transformers"),
        Entry("ARXIV:2103.15691", "Video Generation Papers", "ViViT: A Video Vision Transformer"),
        Entry("ARXIV:2304.08485", "Vision-Language Understanding", "Llava"),
        Entry("ARXIV:2209.14792", "Vision-Language Understanding", "Make-A-Video & Tune-A-Video"),
        Entry("ARXIV:2212.11565", "Vision-Language Understanding", None),
    ]
    assert found.unlinked == ["DALL·E 3"]


def test_markdown_headings_are_sections_and_link_text_names_the_paper() -> None:
    found = parse_reading_list(
        textwrap.dedent("""\
        # My list
        ## Images
        - [ViT](https://arxiv.org/abs/2010.11929)
        - DALL-E 3, no link yet
        ## Video
        * ViViT https://arxiv.org/pdf/2103.15691v2.pdf, and https://doi.org/10.1007/978-3-319-24574-4_28.
        """)
    )
    assert found.entries == [
        Entry("ARXIV:2010.11929", "Images", "ViT"),
        Entry("ARXIV:2103.15691", "Video", None),  # two links on one line: neither is named
        Entry("DOI:10.1007/978-3-319-24574-4_28", "Video", None),
    ]
    assert found.unlinked == ["DALL-E 3, no link yet"]


def test_html_links_are_read_from_href() -> None:
    found = parse_reading_list(
        '<h2>Images</h2><p><a href="https://arxiv.org/abs/2010.11929">ViT</a></p>'
        '<h2>More</h2><ul><li><a href="https://www.semanticscholar.org/paper/Title/'
        + "a" * 40
        + '">U-Net</a></li></ul>'
    )
    assert found.entries == [Entry("ARXIV:2010.11929", "Images", "ViT"), Entry("a" * 40, "More", "U-Net")]


def test_bibtex_entries_give_their_eprint_or_doi() -> None:
    found = parse_reading_list(
        textwrap.dedent("""\
        @inproceedings{vit,
          title = {{An Image is Worth 16x16 Words}},
          eprint = {2010.11929},
          archivePrefix = {arXiv},
        }
        @article{unet,
          title = {U-Net},
          doi = {10.1007/978-3-319-24574-4_28},
        }
        @misc{dalle3,
          title = {Improving Image Generation with Better Captions},
        }
        """)
    )
    assert found.entries == [
        Entry("ARXIV:2010.11929", None, "An Image is Worth 16x16 Words"),
        Entry("DOI:10.1007/978-3-319-24574-4_28", None, "U-Net"),
    ]
    assert found.unlinked == ["Improving Image Generation with Better Captions"]


def test_bibtex_values_in_braces_quotes_and_over_lines() -> None:
    found = parse_reading_list(
        textwrap.dedent("""\
        @article{a,
          title = "The {ViT} Paper, {"quoted"} inside",
          doi = "10.1234/a.b"}
        @misc{b, title = {Spread
            over {two} lines}, url = {https://arxiv.org/abs/2103.15691v2}, year = 2021}
        @misc{c, title = {Unclosed, doi = {10.1/never}
        """)
    )
    assert found.entries == [
        Entry("DOI:10.1234/a.b", None, 'The ViT Paper, "quoted" inside'),
        Entry("ARXIV:2103.15691", None, "Spread over two lines"),
    ]
    assert found.unlinked == ["Unclosed, doi = 10.1/never"]  # an unclosed value runs to the entry's end


def test_html_comments_entities_and_attributes() -> None:
    found = parse_reading_list(
        "<h2>Vision &amp; Language</h2><!-- <a href='https://arxiv.org/abs/1111.11111'>old</a> -->"
        "<p><a class=x HREF='https://arxiv.org/abs/2010.11929?a=1&amp;b=2'>ViT</a></p>"
        "<p>a < b, and <a>no href</a></p>"
    )
    assert found.entries == [Entry("ARXIV:2010.11929", "Vision & Language", "ViT")]


# Each was quadratic or worse (a regex backtracking over a run, or html.parser): 20 KB took minutes.
PATHOLOGICAL = {
    "closing braces": "}" * 200_000,
    "opening braces": "{" * 100_000,
    "brackets": "[" * 100_000,
    "angles": "<" * 100_000,
    "parentheses": "(" * 100_000,
    "schemes": "http://" * 30_000,
    "newlines": "\n" * 200_000,
    "bibtex of closing braces": "@misc{x,\n  title = {" + "}" * 200_000,
    "bibtex of opening braces": "@misc{x,\n  title = " + "{" * 200_000,
    "bibtex of quotes": '@misc{x, title = "' + "{" * 100_000,
    "bibtex of entries": "@misc{" * 30_000,
    "bibtex of one long word": "@misc{" + "a" * 200_000,
    "bibtex of equals": "@misc{x," + "a = " * 50_000,
    "html of open tags": "<p>" + "<a " * 60_000,
    "html of end tags": "<p>" + "</" * 100_000,
    "html of declarations": "<p>" + "<?" * 100_000 + "<![" * 60_000,
    "html of one long tag": "<p><" + "a" * 200_000,
    "html of comments": "<p>" + "<!--" * 50_000,
    "html of headings": "<h1>" * 50_000,
    "markdown links": "[a](" * 50_000 + "](" * 50_000,
    "long arXiv link": "https://arxiv.org/abs/" + "a" * 200_000,
    "long Semantic Scholar link": "https://www.semanticscholar.org/paper/" + "ab/" * 60_000,
    "bilingual headings": "A / B\n" * 30_000,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_lists_parse_in_linear_time(text: str) -> None:
    """Each parses in well under a second; the bound allows a loaded machine, a quadratic parser takes minutes."""
    result: list[ReadingList] = []
    worker = threading.Thread(target=lambda: result.append(parse_reading_list(text)), daemon=True)
    worker.start()
    worker.join(timeout=2.0)
    assert not worker.is_alive(), "parsing took longer than 2 s"
    [found] = result
    assert all(entry.id for entry in found.entries)
