"""Text preparation for :mod:`trajgeo.extract`: visible text of HTML, sentences with offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["Page", "Sentence", "html_to_text", "split_sentences"]

_SKIP_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "nav",
    "footer",
    "aside",
    "form",
    "button",
    "iframe",
}
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "header",
    "blockquote",
    "title",
    "dd",
    "dt",
    "figcaption",
    "main",
}


@dataclass(frozen=True)
class Page:
    """The visible text of a page and what its head says about it.

    Parameters
    ----------
    text
        Visible text, one block per line.
    title
        The ``<title>`` (or first heading).
    publisher
        ``og:site_name`` or similar, when given.
    date
        The publication date from a ``<meta>`` tag, as written.
    url
        The page's canonical address (``<link rel=canonical>`` or ``og:url``).
    """

    text: str
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.in_title = False
        self.title = ""
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "link":
            a = {k.lower(): (v or "") for k, v in attrs}
            if a.get("rel", "").lower() == "canonical" and a.get("href"):
                self.meta["canonical"] = a["href"]
        elif tag == "meta":
            a = {k.lower(): (v or "") for k, v in attrs}
            key = (a.get("property") or a.get("name") or "").lower()
            if key and a.get("content"):
                self.meta[key] = a["content"]
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self.skip:
            self.skip -= 1
        elif tag == "title":
            self.in_title = False
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if not self.skip:
            self.parts.append(data)


def html_to_text(html: str) -> Page:
    """Return the visible text of an HTML page (scripts, styles, navigation dropped).

    Examples
    --------
    >>> html_to_text("<p>Three <b>missiles</b></p><script>x=1</script>").text
    'Three missiles'
    """
    p = _Visible()
    p.feed(html)
    p.close()
    raw = "".join(p.parts)
    lines = [re.sub(r"[ \t\r\f\v]+", " ", ln).strip() for ln in raw.split("\n")]
    text = "\n".join(ln for ln in lines if ln)
    meta = p.meta
    date = (
        meta.get("article:published_time")
        or meta.get("date")
        or meta.get("pubdate")
        or meta.get("dc.date")
        or None
    )
    publisher = meta.get("og:site_name") or meta.get("publisher") or None
    title = re.sub(r"\s+", " ", p.title).strip() or None
    url = meta.get("canonical") or meta.get("og:url") or None
    return Page(text=text, title=title, publisher=publisher, date=date, url=url)


@dataclass(frozen=True)
class Sentence:
    """A sentence of the input with its place in the text."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int


# full stops that do not end a sentence
_NO_BREAK_BEFORE = re.compile(
    r"(?:\b(?:[A-Z]|U\.S|a\.m|p\.m|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Dr|"
    r"Mr|Mrs|Ms|Gen|Lt|Col|Adm|St|Rep|Sen|vs|approx|est|Mt|Inc|Corp|Co)\.)$"
)
_AMPM_END = re.compile(r"\b[ap]\.m\.$")
_NEXT_WEEKDAY = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"KST|JST|GMT|UTC|local|\(|(?:Korea|Korean|Japan|Japanese|Seoul|Tokyo|"
    r"Pyongyang) time)"
)


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences, keeping offsets; a line break always ends one.

    Examples
    --------
    >>> [s.text for s in split_sentences("It flew at 7 a.m. Friday. Then it fell.")]
    ['It flew at 7 a.m. Friday.', 'Then it fell.']
    """
    out: list[Sentence] = []
    para = 0
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            para += 1
            continue
        start = 0
        for m in re.finditer(r"[.!?][\"'”’)]*(?=\s+[\"“'(‘]?[A-Z0-9])", line):
            head = line[start : m.end()]
            stripped = head.rstrip("\"'”’)")
            tail = line[m.end() :].lstrip()
            if _AMPM_END.search(stripped):
                if _NEXT_WEEKDAY.match(tail):
                    continue
            elif _NO_BREAK_BEFORE.search(stripped):
                continue
            _add(out, line, line_start, start, m.end(), para)
            start = m.end()
        _add(out, line, line_start, start, len(line), para)
        para += 1
    return out


def _add(out: list[Sentence], line: str, base: int, a: int, b: int, para: int) -> None:
    seg = line[a:b]
    lead = len(seg) - len(seg.lstrip())
    seg = seg.strip()
    if seg:
        s = base + a + lead
        out.append(Sentence(len(out), s, s + len(seg), seg, para))
