"""The words the outputs print around the text (``publish.text.labels``), per language."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import one_part

from publish.backends import Options
from publish.backends.html import page_html
from publish.text.labels import LABELS, labels_for


def test_every_language_has_every_label() -> None:
    keys = set(LABELS["en"])
    assert all(set(labels) == keys for labels in LABELS.values())


@pytest.mark.parametrize("language, cover", [
    ("zh-CN", "期号 5"), ("zh-Hant", "期號 5"), ("en", "Issue 5"), ("ja", "第5号"),
    ("ko", "제5호"),
])
def test_the_covers_issue_number_reads_as_the_language_writes_it(language: str,
                                                                 cover: str) -> None:
    assert labels_for(language)["cover_number"].format(5) == cover


def test_a_japanese_cover_says_dai_go(tmp_path: Path, classic) -> None:
    interview = one_part(tmp_path, "## 話\n\n司会：なぜ？\n\n店主：==父の店です。==",
                         language="ja", host="司会", guest="店主", front="number: 4\n")
    page = page_html(interview, classic, "", Options(source_date_epoch=1))
    assert '<p class="cover-number">第4号</p>' in page
