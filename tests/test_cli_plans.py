"""The reading-plan commands, run in-process on the shipped graph."""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

from click.testing import CliRunner

from paperhop.cli import cli
from paperhop.store.folder import default_graph_path

from .test_cli import run


def test_plan_text_markdown_json_and_bibtex(runner: CliRunner) -> None:
    out = run(runner, "plan", "vivit", "dit", "--known", "transformer", "--max", "2")
    assert out == textwrap.dedent("""\
        Reading plan for ViViT, DiT: 2 papers, then the targets

         1. ViT (2020) An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale
            for: ViViT, DiT
            https://arxiv.org/abs/2010.11929
         2. LDM (2021) High-Resolution Image Synthesis with Latent Diffusion Models
            for: DiT
            https://arxiv.org/abs/2112.10752
         3. ViViT (2021) ViViT: A Video Vision Transformer  [target]
            https://arxiv.org/abs/2103.15691
         4. DiT (2022) Scalable Diffusion Models with Transformers  [target]
            https://arxiv.org/abs/2212.09748

        Left out to keep within the maximum (3): U-Net, VQ-VAE, CLIP
        """)
    markdown = run(runner, "plan", "vivit", "--format", "markdown")
    assert "- [ ] **ViT** (2020): [An Image is Worth 16x16 Words" in markdown
    assert markdown.count("- [ ] ") == 3
    doc = json.loads(run(runner, "plan", "sora", "dit", "--format", "json"))
    assert doc["targets"] == ["sora", "dit"]
    assert [p["key"] for p in doc["papers"]][-1] == "sora"
    assert next(p for p in doc["papers"] if p["key"] == "dit")["needed_by"] == ["sora"]
    bibtex = run(runner, "plan", "vivit", "--bibtex")
    assert bibtex.startswith("@inproceedings{transformer,\n  title = {{Attention Is All You Need}},")
    assert "  year = {2017},\n  booktitle = {NeurIPS 2017}," in bibtex
    assert bibtex.count("@") == 3


def test_bibtex_of_a_report_and_of_a_preprint(runner: CliRunner) -> None:
    out = run(runner, "reading-list", "sora", "--bibtex")
    assert "@misc{dalle3,\n  title = {{Improving Image Generation with Better Captions}}," in out
    assert "  howpublished = {OpenAI technical report},\n  url = {https://cdn.openai.com/papers/dall-e-3.pdf}" in out
    assert "@misc{imagen-video," in out
    assert "  eprint = {2210.02303},\n  archivePrefix = {arXiv}," in out
    assert "  year = {2021},\n  booktitle = {ICLR 2021}," in out  # ViT: the venue's year in a proceedings entry
    assert out.count("\n@") + 1 == 17


def test_the_known_file_is_used_by_plan_next_and_reading_list(runner: CliRunner, tmp_path: Path) -> None:
    assert run(runner, "known", "list") == ""
    assert run(runner, "known", "add", "Attention Is All You Need", "ViT").startswith("known: transformer, vit (")
    assert run(runner, "known", "list") == "transformer\nvit\n"
    assert run(runner, "next", "vivit", code=1) == "Error: nothing left to read before vivit\n"
    assert "ViT (2020)" not in run(runner, "reading-list", "sora")
    assert run(runner, "next", "sora").startswith("unet ")
    assert run(runner, "known", "remove", "vit").startswith("no longer known: vit")
    assert run(runner, "next", "vivit") == (
        "vit                  ViT (2020) An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale\n"
    )
    other = tmp_path / "mine.txt"
    other.write_text("# my list\nunet\nnot-in-this-graph\n")
    assert run(runner, "known", "list", "--known-file", str(other)) == "not-in-this-graph\nunet\n"
    assert "U-Net" not in run(runner, "reading-list", "ldm", "--known-file", str(other))


def test_the_known_file_says_when_it_changes_an_answer(runner: CliRunner) -> None:
    run(runner, "known", "add", "vivit", "unet")
    result = runner.invoke(cli, ["path", "vit", "sora"])
    assert result.stdout.startswith("Reading path from ViT to Sora (2 steps)")
    assert result.stderr.startswith("note: 1 paper left out as read in ")
    assert result.stderr.endswith("known.txt (--no-known to ignore it)\n")
    plain = runner.invoke(cli, ["path", "vit", "sora", "--no-known"])
    assert (plain.stdout.splitlines()[0], plain.stderr) == ("Reading path from ViT to Sora (3 steps)", "")
    assert runner.invoke(cli, ["path", "transformer", "vit"]).stderr == ""  # the file changed nothing here


def test_exports_never_read_the_known_file(runner: CliRunner) -> None:
    run(runner, "known", "add", "vit")
    out = run(runner, "export", "json", "--reading-list", "vivit", "-")
    assert '"vit"' in out


def test_why_takes_the_target_second(runner: CliRunner) -> None:
    assert run(runner, "why", "unet", "sora") == run(runner, "why", "unet", "--for", "sora")
    assert "give the target once" in run(runner, "why", "unet", code=2)


def test_plan_markdown_marks_targets(runner: CliRunner) -> None:
    out = run(runner, "plan", "sora", "dit", "--format", "markdown")
    assert "(2022): [Scalable Diffusion Models with Transformers](https://arxiv.org/abs/2212.09748), " in out
    assert "William Peebles and Saining Xie \\[target\\] (for Sora)\n" in out


def test_path_avoids_known_papers(runner: CliRunner) -> None:
    out = run(runner, "path", "transformer", "sora", "--known", "vivit")
    assert "ViViT" not in out
    assert out.startswith("Reading path from Transformer to Sora")


def test_why_concept_doctor(runner: CliRunner) -> None:
    out = run(runner, "why", "unet", "--for", "sora", "--limit", "2")
    assert out.startswith("Why U-Net is on Sora's list, option 1 of 2 (3 steps)\n 1. U-Net (2015)")
    assert "why: LDM builds on U-Net: Latent Diffusion uses the U-Net as the backbone" in out
    assert "\n    evidence: reference [71] Olaf Ronneberger, Philipp Fischer, and Thomas Brox. U-net:" in out
    markdown = run(runner, "why", "unet", "--for", "sora", "--limit", "1", "--format", "markdown")
    assert "(LDM also cites it.)  \n   *Evidence:* reference \\[71\\] Olaf Ronneberger" in markdown
    doc = json.loads(run(runner, "why", "unet", "--for", "sora", "--limit", "1", "--format", "json"))
    assert doc["paths"][0]["edges"][1]["evidence"]["reference"]["number"] == 19
    assert run(runner, "why", "sora", "--for", "vit", code=1) == "Error: sora is not on vit's reading list\n"
    concept = run(runner, "concept", "spacetime patches")
    assert concept.startswith("Spacetime patches (concept)\n\nPatches that span time")
    assert "Introduced by:\n  ViViT (2021)" in concept
    assert json.loads(run(runner, "concept", "tubelets", "--format", "json"))["used_by"] == ["sora"]
    assert run(runner, "concept", "vit", code=1) == "Error: vit is a paper, not a concept\n"
    assert run(runner, "doctor") == textwrap.dedent("""\
        concept not introduced: no paper introduces Temporal layers
        no identifier: DALL·E 3 has no arXiv id, DOI or Semantic Scholar id
        no identifier: Sora has no arXiv id, DOI or Semantic Scholar id
        reference entry without its source: CLIP's reference entries (2) do not say which copy of its reference list they were read in
        reference entry without its source: DALL·E 3's reference entries (4) do not say which copy of its reference list they were read in
        reference entry without its source: DiT's reference entries (6) do not say which copy of its reference list they were read in
        reference entry without its source: LDM's reference entries (3) do not say which copy of its reference list they were read in
        reference entry without its source: LLaVA's reference entries (2) do not say which copy of its reference list they were read in
        reference entry without its source: NaViT's reference entries (5) do not say which copy of its reference list they were read in
        reference entry without its source: Sora's reference entries (10) do not say which copy of its reference list they were read in
        reference entry without its source: Sora review's reference entries (15) do not say which copy of its reference list they were read in
        reference entry without its source: Tune-A-Video's reference entries (7) do not say which copy of its reference list they were read in
        reference entry without its source: ViT's reference entries (1) do not say which copy of its reference list they were read in
        reference entry without its source: ViViT's reference entries (2) do not say which copy of its reference list they were read in
        reference entry without its source: W.A.L.T's reference entries (10) do not say which copy of its reference list they were read in
        reference list not read: no citation from Align your Latents is recorded, and it is not marked references_read
        reference list not read: no citation from Imagen Video is recorded, and it is not marked references_read
        reference list not read: no citation from Make-A-Video is recorded, and it is not marked references_read
        reference list not read: no citation from VQ-VAE is recorded, and it is not marked references_read
        19 findings
        """)
    strict = runner.invoke(cli, ["doctor", "--strict"])
    assert strict.exit_code == 1
    assert strict.output.endswith("19 findings\n")


def test_diff_of_two_folders(runner: CliRunner, tmp_path: Path) -> None:
    import shutil

    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(default_graph_path(), old)
    shutil.copytree(default_graph_path(), new)
    assert run(runner, "diff", str(old), str(new)) == "No changes.\n"
    papers = new / "papers.jsonl"
    papers.write_text(papers.read_text().replace('"venue": "ICLR 2021", ', ""))
    edges = new / "edges.jsonl"
    edges.write_text(
        "".join(
            line
            for line in edges.read_text().splitlines(keepends=True)
            if '"source": "vivit", "target": "sora"' not in line
        )
    )
    out = run(runner, "diff", str(old), str(new), "--target", "sora")
    assert out == textwrap.dedent("""\
        Papers:
          ~ vit: venue: 'ICLR 2021' -> None

        Edges:
          - vivit -> sora (builds_on)
          - vivit -> sora (cites)

        Reading list:
          unchanged
        """)
    markdown = run(runner, "diff", str(old), str(new), "--format", "markdown")
    assert "### Edges\n- removed `vivit -> sora (builds_on)`" in markdown
    doc = json.loads(run(runner, "diff", str(old), str(new), "--format", "json"))
    assert doc["papers"]["changed"] == {"vit": {"venue": ["ICLR 2021", None]}}


def test_diff_of_two_git_revisions(runner: CliRunner, tmp_path: Path) -> None:
    import shutil

    repo = tmp_path / "repo"
    graph = repo / "graphs" / "mine"
    shutil.copytree(default_graph_path(), graph)

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "add", ".")
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "one")
    papers = graph / "papers.jsonl"
    papers.write_text(
        "".join(line for line in papers.read_text().splitlines(keepends=True) if '"key": "sora-review"' not in line)
    )
    edges = graph / "edges.jsonl"
    edges.write_text("".join(line for line in edges.read_text().splitlines(keepends=True) if "sora-review" not in line))
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qam", "two")
    out = run(runner, "diff", "HEAD~1", "HEAD", "--graph", str(graph), "--target", "sora")
    assert "Papers:\n  - sora-review\n" in out
    assert "Reading list:\n  removed: sora-review\n" in out
    assert (
        run(runner, "diff", "nope", "HEAD", "--graph", str(graph), code=1)
        == "Error: nope: not a graph folder or a git revision\n"
    )
