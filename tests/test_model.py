"""The model of the seed interview: complete, frozen, with working query helpers."""

from __future__ import annotations

import dataclasses

import pytest

from conftest import SEED_RAW, model_sentences, sentences, squash
from publish.model import Interview, Role


def test_seed_structure(seed: Interview) -> None:
    assert [p.heading for p in seed.parts] == ["一. 引言", "二. 语录", "三. 学习总结"]
    assert len(list(seed.topics())) == 16
    assert len(list(seed.exchanges())) == 16
    assert seed.parts[1].paragraphs, "part 二 opens with a prose paragraph"
    assert seed.meta.host.name == "主持人" and seed.meta.host.role is Role.HOST
    assert seed.meta.guest.name == "梁文锋"
    assert seed.meta.language == "zh-CN"
    assert seed.summary_part is seed.parts[2]


def test_every_answer_has_exactly_one_key_sentence(seed: Interview) -> None:
    for exchange in seed.exchanges():
        marked = [r for p in exchange.answers[0].paragraphs for r in p.runs if r.highlighted]
        assert len(marked) == 1, exchange.id
        assert exchange.answers[0].highlight in exchange.answers[0].text


def test_nothing_of_the_raw_seed_is_lost(seed: Interview) -> None:
    """Every sentence of the original transcript is in the model (whitespace aside)."""
    model_text = squash("".join(seed.texts()))
    raw = SEED_RAW.read_text(encoding="utf-8").split("\n")
    title_line, byline, body = raw[0], raw[1], raw[2:]
    number, _, title = title_line.partition(". ")
    assert (seed.meta.number, seed.meta.title) == (number, title)
    assert seed.meta.compiler in byline and seed.meta.source in byline
    missing = []
    for line in body:
        for sentence in sentences(_without_speaker_label(line, seed)):
            if squash(sentence) not in model_text:
                missing.append(sentence)
    assert missing == []


def _without_speaker_label(line: str, seed: Interview) -> str:
    for speaker in seed.meta.speakers:
        for sep in (":", "：", " "):
            if line.startswith(speaker.name + sep):
                return line[len(speaker.name) + 1:]
    return line


def test_model_is_frozen(seed: Interview) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        seed.meta.title = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        seed.parts[0].paragraphs[0].runs[0].text = "x"  # type: ignore[misc]


def test_characters_cover_every_text(seed: Interview) -> None:
    chars = seed.characters()
    assert set("梁文锋主持人创新") <= chars
    assert all(set(text) <= chars for text in seed.texts())


def test_model_sentences_include_headings_and_meta(seed: Interview) -> None:
    found = model_sentences(seed)
    assert "创新身份的突破" in found and seed.meta.title in found
