"""Against the real Semantic Scholar API: for whoever has a network (`pytest -m network`).
Not run by default, since this machine and CI reach no host but the package registries."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from paperhop.cli import cli
from paperhop.graph import record
from paperhop.load import load

pytestmark = pytest.mark.network


def test_add_vit_from_the_real_api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAPERHOP_S2_API_URL", raising=False)
    result = CliRunner().invoke(cli, ["add", "2010.11929", "--graph", str(tmp_path), "--no-cache"])
    assert result.exit_code == 0, result.output
    [key] = list(load(tmp_path))
    paper = record(load(tmp_path), key)
    assert paper.title.startswith("An Image is Worth 16x16 Words")
    assert paper.year == 2020
