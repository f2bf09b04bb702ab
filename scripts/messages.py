"""Extract every catalogue message from vizlib's code, and keep the catalogues in step with it.

Usage::

    python scripts/messages.py            # rewrite vizlib/text/locale/vizlib.pot and merge it into ko.po
    python scripts/messages.py --check    # change nothing; exit 1 if either file is stale
    python scripts/messages.py --missing  # list the Korean messages still untranslated or fuzzy

Messages are the string literals passed to ``t(msgid)``, ``tn(singular, plural, n)``, ``tp(context, msgid)``,
``N_(msgid)`` and ``NP_(context, msgid)`` (see ``vizlib/text/catalog.py``); ``t(variable)`` and
``tp(context, variable)`` translate messages marked with ``N_``/``NP_`` where they are defined. Merging keeps every
existing translation, adds new messages untranslated and drops messages the code no longer uses, as ``msgmerge``
would.
"""

from __future__ import annotations

import argparse
import ast
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "vizlib"
LOCALE = PKG / "text" / "locale"
POT = LOCALE / "vizlib.pot"
TRANSLATIONS = {"ko": "nplurals=1; plural=0;"}
sys.path.insert(0, str(ROOT))

from vizlib.text.catalog import read_po  # noqa: E402


@dataclass
class Message:
    context: str | None
    msgid: str
    plural: str | None
    where: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str]:
        return self.context, self.msgid


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def extract(root: Path = PKG) -> list[Message]:
    """Every message in the package, in order of first appearance (files sorted, then line)."""
    found: dict[tuple[str | None, str], Message] = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            name, args = node.func.id, node.args
            if name in ("t", "N_") and args:
                ctx, msgid, plural = None, _literal(args[0]), None
                if msgid is None and name == "t":
                    continue  # t(LABELS[key]): the message was marked with N_ where it is defined
            elif name == "tn" and len(args) >= 2:
                ctx, msgid, plural = None, _literal(args[0]), _literal(args[1])
                if plural is None:
                    raise SystemExit(f"{rel}:{node.lineno}: tn() needs a literal plural")
            elif name in ("tp", "NP_") and len(args) >= 2:
                ctx, msgid, plural = _literal(args[0]), _literal(args[1]), None
                if ctx is None:
                    raise SystemExit(f"{rel}:{node.lineno}: {name}() needs a literal context")
                if msgid is None and name == "tp":
                    continue  # tp(ctx, LABELS[key]): marked with NP_(ctx, ...) where it is defined
            else:
                continue
            if msgid is None:
                raise SystemExit(f"{rel}:{node.lineno}: {name}() needs a string literal, not an expression")
            msg = found.setdefault((ctx, msgid), Message(ctx, msgid, plural))
            msg.where.append(f"{rel}:{node.lineno}")
    return sorted(found.values(), key=lambda m: (m.where[0].rsplit(":", 1)[0], int(m.where[0].rsplit(":", 1)[1])))


def _quote(s: str) -> str:
    body = s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    if "\n" in body:
        parts = body.split("\n")
        lines = [p + "\\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
        return '""\n' + "\n".join(f'"{ln}"' for ln in lines)
    return f'"{body}"'


def _entry(m: Message, strings: tuple[str, ...] | None, fuzzy: bool, nplurals: int) -> str:
    out = [f"#: {' '.join(m.where[:3])}"]
    flags = (["fuzzy"] if fuzzy else []) + (["python-brace-format"] if "{" in m.msgid else [])
    if flags:
        out.append("#, " + ", ".join(flags))
    if m.context is not None:
        out.append(f"msgctxt {_quote(m.context)}")
    out.append(f"msgid {_quote(m.msgid)}")
    if m.plural is not None:
        out.append(f"msgid_plural {_quote(m.plural)}")
        strings = strings or ("",) * nplurals
        strings = tuple(strings) + ("",) * (nplurals - len(strings))
        out += [f"msgstr[{i}] {_quote(s)}" for i, s in enumerate(strings[:nplurals])]
    else:
        out.append(f"msgstr {_quote((strings or ('',))[0])}")
    return "\n".join(out)


def _header(language: str | None, plural_forms: str) -> str:
    lines = ["Project-Id-Version: vizlib", "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
             "Content-Transfer-Encoding: 8bit", f"Plural-Forms: {plural_forms}"]
    if language:
        lines.insert(1, f"Language: {language}")
    body = "".join(f"{ln}\\n" for ln in lines)
    return f'msgid ""\nmsgstr "{body}"\n'


def render_pot(messages: list[Message]) -> str:
    head = "# Every message vizlib shows a learner, extracted by scripts/messages.py. Do not edit by hand.\n"
    return head + _header(None, "nplurals=2; plural=(n != 1);") + "\n" + "\n\n".join(
        _entry(m, None, False, 2) for m in messages) + "\n"


def render_po(language: str, messages: list[Message], old: Path) -> tuple[str, list[str]]:
    """The merged ``.po`` text, and the msgids dropped because the code no longer uses them."""
    known: dict[tuple[str | None, str], tuple[tuple[str, ...], bool]] = {}
    if old.exists():
        _, entries = read_po(old)
        known = {(e.context, e.msgid): (e.strings, e.fuzzy) for e in entries}
    forms = TRANSLATIONS[language]
    nplurals = int(forms.split("nplurals=")[1].split(";")[0])
    head = f"# vizlib's messages in {language}. Translate msgstr; keep every {{field}} as it is.\n"
    body = []
    for m in messages:
        strings, fuzzy = known.get(m.key, (None, False))
        body.append(_entry(m, strings, fuzzy, nplurals))
    dropped = [k[1] for k in known if k not in {m.key for m in messages}]
    return head + _header(language, forms) + "\n" + "\n\n".join(body) + "\n", dropped


def missing(language: str) -> list[str]:
    """Messages of ``language`` that are untranslated or fuzzy."""
    _, entries = read_po(LOCALE / f"{language}.po")
    return [e.msgid for e in entries if e.fuzzy or not all(e.strings)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a catalogue is stale; change nothing")
    parser.add_argument("--missing", action="store_true", help="list untranslated or fuzzy messages")
    args = parser.parse_args(argv)
    if args.missing:
        for lang in TRANSLATIONS:
            todo = missing(lang)
            print(f"{lang}: {len(todo)} untranslated or fuzzy")
            for m in todo:
                print("   ", m)
        return 0
    messages = extract()
    stale = []
    pot = render_pot(messages)
    if not POT.exists() or POT.read_text(encoding="utf-8") != pot:
        stale.append(POT)
        if not args.check:
            POT.write_text(pot, encoding="utf-8")
    for lang in TRANSLATIONS:
        path = LOCALE / f"{lang}.po"
        text, dropped = render_po(lang, messages, path)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if not args.check:
                path.write_text(text, encoding="utf-8")
                for d in dropped:
                    print(f"{lang}: dropped (no longer used): {d!r}")
    for p in stale:
        print(f"{'stale' if args.check else 'written'}: {p.relative_to(ROOT)}")
    print(f"{len(messages)} messages")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
