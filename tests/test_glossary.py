"""The bilingual glossary."""

import dataclasses
import importlib.util
import re
import sys
import unicodedata
from pathlib import Path

import pytest

from vizlib.text.catalog import set_language
from vizlib.text.terms import TERMS, TOPIC_NAMES, TOPICS, Glossary, Term, glossary, topic_name

ROOT = Path(__file__).resolve().parents[1]

REQUIRED = {
    "virtualization": "가상화",
    "hypervisor": "하이퍼바이저",
    "virtual machine": "가상 머신",
    "container": "컨테이너",
    "kernel": "커널",
    "guest OS": "게스트 OS",
    "host OS": "호스트 OS",
    "overcommit": "오버커밋",
    "namespace": "네임스페이스",
    "cgroup": "cgroup",  # the Korean term keeps the name; 컨트롤 그룹 is its explanation
    "image": "이미지",
    "system call": "시스템 호출",
    "user space": "사용자 공간",
    "kernel space": "커널 공간",
    "bare metal": "베어메탈",
    "vCPU": "가상 CPU",
    "microVM": "마이크로VM",
    "sandbox": "샌드박스",
    "orchestration": "오케스트레이션",
    "cloud": "클라우드",
    "abstraction": "추상화",
    "abstraction layer": "추상화 계층",
    "resource allocation": "자원 할당",
    "Docker": "Docker",  # product names stay as they are (style guide)
}


def test_required_terms_have_the_standard_korean_term():
    got = {t.english: t.korean for t in glossary(list(REQUIRED))}
    assert got == REQUIRED
    assert len(TERMS) >= 50


def test_terms_are_unique_and_well_formed():
    assert len({t.english.casefold() for t in TERMS}) == len(TERMS)
    assert len({t.korean for t in TERMS}) == len(TERMS)
    owner = {}
    for term in TERMS:
        for n in (term.english, term.korean, *term.aliases):
            key = n.casefold().replace(" ", "").replace("-", "")
            assert owner.setdefault(key, term.english) == term.english, (n, owner[key], term.english)
    for t in TERMS:
        assert isinstance(t, Term) and t.topic in TOPICS
        assert t.korean == t.english or any(unicodedata.name(ch, "").startswith("HANGUL") for ch in t.korean), t
        assert "\n" not in t.definition and t.definition.endswith(".") and len(t.definition) <= 160, t
        assert t.definition[0].isupper()
    with pytest.raises(dataclasses.FrozenInstanceError):
        TERMS[0].korean = "x"


def test_lookup_by_english_or_korean_keeps_the_order_given():
    rows = glossary(["Container", "하이퍼바이저", "  kernel "])
    assert isinstance(rows, Glossary) and [t.english for t in rows] == ["container", "hypervisor", "kernel"]
    assert glossary("cgroup")[0].korean == "cgroup" and glossary("컨트롤 그룹")[0].english == "cgroup"
    assert glossary() == TERMS
    assert {t.topic for t in glossary(topic="containers")} == {"containers"}
    assert all(glossary(topic=tp) for tp in TOPICS)


@pytest.mark.parametrize("typed, english", [
    ("게스트 OS", "guest OS"), ("게스트OS", "guest OS"), ("게스트 운영체제", "guest OS"), ("호스트 OS", "host OS"),
    ("가상머신", "virtual machine"), ("가상 머신", "virtual machine"), ("시스템 호출", "system call"),
    ("시스템 콜", "system call"), ("제어 그룹", "cgroup"), ("컨트롤그룹", "cgroup"), ("베어메탈", "bare metal"),
    ("베어 메탈", "bare metal"), ("호스트형", "type 2 hypervisor"), ("HYPERVISOR", "hypervisor"),
    ("Trap-and-Emulate", "trap and emulate"), ("requests", "resource request"), ("limits", "resource limit"),
    ("요청과 제한", "requests and limits"), ("도커", "Docker"), ("추상화 계층", "abstraction layer"),
])
def test_lookup_accepts_the_spellings_learners_type(typed, english):
    assert glossary([typed])[0].english == english


def test_coinages_are_marked_and_awkward_terms_fixed():
    coined = {t.english: t.coined for t in TERMS if t.coined}
    assert coined["stranded capacity"] == "both" and coined["sizing floor"] == "en"
    assert "admission control" not in coined  # a standard term (real-time scheduling, VMware)
    assert glossary(["trap and emulate"])[0].korean == "트랩 후 에뮬레이션"
    rows = glossary(["stranded capacity", "kernel"])
    assert "\u2020" in rows._repr_html_() and "course's own term" in repr(rows)
    assert "\u2020" not in glossary(["kernel"])._repr_html_()


def test_unknown_terms_and_topics_are_explained():
    with pytest.raises(ValueError, match=r"unknown term 'hypervsor' in terms; did you mean 'hypervisor'"):
        glossary(["hypervsor"])
    with pytest.raises(ValueError, match=r"unknown term 'quantum'"):
        glossary(["quantum"])
    with pytest.raises(ValueError, match=r"unknown topic 'misc'; known: 'basics'"):
        glossary(topic="misc")
    with pytest.raises(TypeError, match=r"terms\[1\] must be a string, got 3"):
        glossary(["kernel", 3])


def test_table_shows_both_languages():
    rows = glossary(["virtualization", "container"])
    html = rows._repr_html_()
    assert ">English</th>" in html and "lang='ko'" in html and "가상화" in html and "virtualization" in html
    assert html.count("<tr>") == 3
    text = repr(rows)
    assert text.splitlines()[0].startswith("virtualization") and "컨테이너" in text
    assert repr(Glossary(())) == "(no terms)"
    evil = Glossary([Term("<b>x</b>", "가", "A & B.", "basics")])
    assert "&lt;b&gt;x&lt;/b&gt;" in evil._repr_html_() and "A &amp; B." in evil._repr_html_()


# -- the glossary in Korean ------------------------------------------------------------------------------
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture
def korean():
    set_language("ko")
    yield
    set_language("en")


def _messages_script():
    if "course_messages" in sys.modules:  # tests/test_catalog.py loads it under this name too
        return sys.modules["course_messages"]
    spec = importlib.util.spec_from_file_location("course_messages", ROOT / "scripts" / "messages.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_every_word_the_table_shows_is_a_catalogue_message():
    keys = {m.key for m in _messages_script().extract()}
    shown = {(None, term.definition) for term in TERMS} | {("glossary topic", name) for name in TOPIC_NAMES.values()}
    shown |= {("glossary column", "English"), ("glossary column", "Meaning"), (None, "(no terms)"),
              (None, "{mark} the course's own term, not yet a standard one")}
    assert shown - keys == set()
    assert set(TOPIC_NAMES) == set(TOPICS) and [topic_name(k) for k in TOPICS] == list(TOPICS)


def test_every_term_has_a_short_korean_definition(korean):
    missing, bad = [], []
    for term in TERMS:
        ko = term.meaning()
        if ko == term.definition:
            missing.append(term.english)
        elif not (HANGUL.search(ko) and ko.endswith(".") and "\n" not in ko and len(ko) <= 110):
            bad.append((term.english, ko))
    assert missing == [] and bad == []
    assert [topic_name(k) for k in TOPICS] == ["기초", "가상화", "컨테이너", "격리", "자원", "클라우드"]


def test_korean_display_puts_the_korean_term_first(korean):
    rows = glossary(["hypervisor", "stranded capacity"])
    lines = repr(rows).splitlines()
    assert lines[0].startswith("하이퍼바이저") and lines[0].split()[1] == "hypervisor"
    assert rows[0].meaning() in lines[0] and HANGUL.search(lines[-1]) and lines[-1].startswith("\u2020")
    assert lines[1].startswith("유휴 할당 자원 \u2020") and "stranded capacity \u2020" in lines[1]
    assert len({line.index(rows[0].english) if i == 0 else line.index("stranded") for i, line in
                enumerate(lines[:2])}) == 1  # the English column lines up under Hangul (double-width) terms
    html = rows._repr_html_()
    assert html.index(">한국어</th>") < html.index(">영어</th>") < html.index(">뜻</th>")
    assert html.index("<b>하이퍼바이저</b>") < html.index(">hypervisor</td>") and "lang='en'>hypervisor" in html
    assert rows[0].meaning() in html and "English" not in html and "Meaning" not in html
    assert repr(Glossary(())) == "(용어 없음)"


def test_english_display_is_back_after_korean(korean):
    rows = glossary(["virtualization", "stranded capacity"])
    korean_text = repr(rows)
    set_language("en")
    text = repr(rows)
    assert text != korean_text and text.splitlines()[0].startswith("virtualization")
    assert rows[0].meaning() == rows[0].definition and "course's own term" in text
    assert "<th style='text-align:left'>English</th><th style='text-align:left' lang='ko'>한국어</th>" \
           "<th style='text-align:left'>Meaning</th>" in rows._repr_html_()
