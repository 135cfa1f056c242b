"""Export records (news-please, CC-NEWS, trafilatura JSON): the body is already extracted.

Entry point: :func:`clean_record`. The exporter's text is kept, split into paragraphs, save for
the furniture that extractors let through into a flattened text:

- error messages of the site's scripts printed into the page ("Warning: ... in /var/www/db.php
  on line 5");
- the label left where the lead picture was, before the dateline it hides ("Photo LONDON --
  At least seven ...");
- photo credits in parentheses ("(Photo: Getty Images)", "(AFP/Getty Images)"), whose
  agencies would otherwise count among the article's organisations ("(EU/UK)", acronyms only,
  stays);
- share buttons run into the text ("Click to share on Twitter (Opens in new window)"); the
  sub-headline some sites put before them, at the top of the text, is the standfirst, not the
  article's first sentence;
- links to other stories: a headline, then "Read more", between two sentences;
- a newsletter sign-up form ("Invalid email address. Please re-enter. ...");
- the copyright notice a syndicated story ends with ("Copyright 2016 The Associated Press. All
  rights reserved. ...");
- the mark a news API leaves where it cut the text short ("... [+3241 chars]"), which says the
  body is only the start of the article;
- a photo gallery ("UK news in pictures 19 show all UK news in pictures 1/19 The Palm House is
  illuminated ... Getty 2/19 ... 19/19 ... Getty"), whose captions describe other news, so the
  people and places they name would be read as the article's. A gallery is recognised by its
  counters: ``1/N``, ``2/N`` ... ``N/N`` in order (N >= 3), with the "TITLE N show all TITLE"
  header some sites put before it.

Each goes to ``removed`` with its reason. Hand-written because extractors work on HTML, where
these are blocks of their own; no library cleans an already flattened text.
"""

from __future__ import annotations

import itertools
import re

from newsweave.clean.text_rules import is_server_error
from newsweave.records import CleanedDocument, RemovedLine

_BLANK_RUN = re.compile(r"\n\s*\n+")
# a photo credit left in the text where its picture was: "(Photo: Getty Images)",
# "(AFP/Getty Images)", "(Paulo Whitaker/Pool via AP)", "(Lucy Pasha Robinson / The Independent)"
_NAME = r"[A-Z][\w.'’&-]*"
_PHOTO_CREDIT = re.compile(
    r"\s?\((?:(?:Photo|Picture|Image|Video)s?(?: credit)?:[^()]{2,80}"
    rf"|(?=[^()]*[a-z]){_NAME}(?:\s{_NAME}){{0,3}}\s?/\s?{_NAME}(?:\s(?:via\s)?{_NAME}){{0,4}}"
    r"|Getty Images|Shutterstock|Alamy|Rex Features)\)"
)
# a link to another story run into the text: its headline, then "Read more", between two
# sentences ("… he said. 'The FBI is Trumpland': atmosphere spurred leaking Read more The FBI …");
# the headline holds no sentence end, so no sentence of the article before it can go with it
_RUN_IN_LINK = re.compile(
    r"(?:(?<=[.!?][\"”’')])|(?<=[.!?]))\s+(?P<link>(?:\S*[^\s.!?]\s+){2,24}?Read more)(?=\s+[A-Z\"“‘'])"
)
# a newsletter sign-up form flattened into the text: a run of sentences about e-mail and
# subscribing, two of them what only a form says ("Invalid email address.", "Please re-enter.")
_FORM_TOPIC = re.compile(r"\b(?:e-?mail|newsletters?|subscri(?:be|bing|bed|ption)|sign(?:ed)? up|inbox|"
                         r"not a robot|try again|error has occurred|re-?enter|special offers)\b", re.IGNORECASE)
_FORM_ONLY = re.compile(r"\b(?:not a robot|invalid e-?mail|please re-?enter|try again later|an error has occurred|"
                        r"thank you for (?:subscribing|signing up)|you must select a newsletter)\b", re.IGNORECASE)
_FORM_MIN_SENTENCES = 4
# the same form flattened with no sentence ends, run into the article's words: "Get daily updates
# directly to your inbox + Subscribe Thank you for subscribing! Could not subscribe, try again
# later Invalid Email At least seven passengers died ..."
_RUN_IN_FORM = re.compile(
    r"\b(?:Get|Sign up|Subscribe|Join|Enter)\b[^.!?\n]{0,80}?\binbox\b[^\n]{0,160}"
    r"\b(?i:invalid e-?mail(?: address)?|try again later)\b[.!]?(?=\s+[A-Z\"“‘']|\s*$)"
)
_SENTENCE = re.compile(r"[^.!?]*(?:[.!?]+[\"”’')]*|$)\s*")
# the notice a syndicated story ends with ("Copyright 2016 The Associated Press. All rights
# reserved. This material may not be published, broadcast, rewritten or redistributed.")
_COPYRIGHT = re.compile(r"\bcopyright\s+(?:©\s*)?\d{4}|©\s*\d{4}|\ball rights reserved\b", re.IGNORECASE)
_NOTICE = re.compile(r"\bmay not be (?:published|reproduced|redistributed)\b", re.IGNORECASE)  # beside a copyright
# where a news API cut the text short: "... said on Thursday. The move comes… [+3241 chars]"
_CUT_MARK = re.compile(r"\s*…?\s*\[\+\d+ char(?:acter)?s\]\s*$")
# a bar of share buttons flattened into the text: "Click to share on WhatsApp (Opens in new
# window) Click to share on Facebook (Opens in new window) ..."
_SHARE_BAR = re.compile(r"(?:\s*\bClick to [^()\n]{2,60}?\s\((?:Opens|opens) in (?:a )?new (?:window|tab)\))+\s*")
_STANDFIRST_WORDS = 60  # the most words of a sub-headline before a share bar at the top
_STANDFIRST_OPENING = 5  # words of the standfirst that, found in the text, mark where the article opens
_TEASER_CHARS = 300  # the most of a teaser run in before them
# the label an extractor leaves where the page's lead picture was: "Photo LONDON -- At least ..."
_MEDIA_LABEL = re.compile(r"^(?:Photo|Image|Video|Picture)\s+(?=[A-Z][A-Z'.-]+\b(?![a-z]))")
_COUNTER = re.compile(r"(?<![\w/])(\d{1,3})/(\d{1,3})(?![\w/])")
_MIN_ITEMS = 3
# a caption says what and where, and credits the photo ("Manila, Philippines Getty"): fractions
# in prose ("from 1/3 to 2/3 and then 3/3") have shorter gaps between their counters
_MIN_CAPTION_WORDS = 3
_HEADER = r"(?P<title>[^.!?\n]{3,80}?)\s+COUNT show all\s+(?P=title)\s+$"
# the last caption's credit is one of those the earlier captions end with, within this reach
_LAST_CAPTION_CHARS = 300
_CREDIT_WORDS = 3


def clean_record(content: str, title: str | None = None, standfirst: str | None = None) -> CleanedDocument:
    """The exporter's body as paragraphs, without the furniture the module docstring lists (kept
    in ``removed``, each with its reason)."""
    paragraphs, errors = [], []
    for paragraph in _paragraphs(content):
        (errors if is_server_error(paragraph) else paragraphs).append(paragraph)
    text, galleries = _drop_galleries("\n\n".join(paragraphs))
    removed = [RemovedLine(text=error, reason="server error") for error in errors]
    removed += [RemovedLine(text=gallery, reason="gallery") for gallery in galleries]
    text, shares, sub_headline = _drop_share_bars(text)
    removed += [RemovedLine(text=share, reason="share") for share in shares]
    if sub_headline:
        removed.insert(0, RemovedLine(text=sub_headline, reason="standfirst"))
        standfirst = standfirst or sub_headline
    removed += [RemovedLine(text=credit.group(0).strip(), reason="photo credit") for credit in _PHOTO_CREDIT.finditer(text)]
    text = _PHOTO_CREDIT.sub("", text)
    removed += [RemovedLine(text=link.group("link"), reason="inline-link") for link in _RUN_IN_LINK.finditer(text)]
    text = _RUN_IN_LINK.sub("", text)
    text, forms = _drop_forms(text)
    removed += [RemovedLine(text=form, reason="subscription") for form in forms]
    text, teaser = _drop_teaser(text, standfirst)
    if teaser:
        removed.insert(0, RemovedLine(text=teaser, reason="teaser"))
    text, notice = _drop_closing_notice(text)
    if notice:
        removed.append(RemovedLine(text=notice, reason="legal"))
    cut = _CUT_MARK.search(text)
    if cut:
        removed.append(RemovedLine(text=cut.group(0).strip(), reason="text cut short by the exporter"))
        text = text[:cut.start()]
    label = _MEDIA_LABEL.match(text)
    if label:
        removed.insert(0, RemovedLine(text=label.group(0).strip(), reason="media label"))
        text = text[label.end():]
    body = "\n\n".join(part.strip() for part in _BLANK_RUN.split(text) if part.strip())
    return CleanedDocument(body=body, removed=removed, extractor="export", title=title, standfirst=standfirst)


def _drop_share_bars(text: str) -> tuple[str, list[str], str | None]:
    """The text without its share bars, the bars, and the sub-headline a bar at the top of the
    text closes (a short run of words with no sentence end before it)."""
    bars = list(_SHARE_BAR.finditer(text))
    if not bars:
        return text, [], None
    head = text[: bars[0].start()].strip()
    sub_headline = None
    if head and len(head.split()) <= _STANDFIRST_WORDS and not re.search(r"[.!?][\"”’')]*(?:\s|$)", head):
        sub_headline, text = head, text[bars[0].start():]
    return _SHARE_BAR.sub("\n\n", text), [bar.group(0).strip() for bar in bars], sub_headline


def _drop_forms(text: str) -> tuple[str, list[str]]:
    """The text without newsletter sign-up forms run into it, and the forms."""
    forms: list[str] = []
    for match in reversed(list(_RUN_IN_FORM.finditer(text))):
        if len(_FORM_ONLY.findall(match.group(0))) >= 2:
            forms.insert(0, match.group(0))
            text = f"{text[:match.start()].rstrip(' ')} {text[match.end():].lstrip(' ')}".strip(" ")
    ran_in = len(forms)
    sentences = [m.group(0) for m in _SENTENCE.finditer(text) if m.group(0)]
    kept: list[str] = []
    run: list[str] = []
    for sentence in [*sentences, ""]:
        if sentence and _FORM_TOPIC.search(sentence):
            run.append(sentence)
            continue
        if len(run) >= _FORM_MIN_SENTENCES and sum(bool(_FORM_ONLY.search(s)) for s in run) >= 2:
            forms.append("".join(run).strip())
        else:
            kept.extend(run)
        run = []
        kept.append(sentence)
    return ("".join(kept) if len(forms) > ran_in else text), forms


def _drop_teaser(text: str, standfirst: str | None) -> tuple[str, str | None]:
    """The text from where its standfirst's words open the article, and what an export ran in
    before them: the page's bullet points, its headline again or its lead picture's caption,
    flattened with no sentence end ("Max Verstappen produced a flourish to finish third at the
    Brazil Grand Prix Christian Horner, the Red Bull team principal, has described …")."""
    opening = " ".join((standfirst or "").split()[:_STANDFIRST_OPENING])
    if len(opening.split()) < _STANDFIRST_OPENING:
        return text, None
    at = text.find(opening, 0, _TEASER_CHARS + len(opening))
    teaser = text[:at] if at > 0 else ""
    if not teaser.strip() or "\n" in teaser or re.search(r"[.!?][\"”’')]*\s", teaser):
        return text, None
    return text[at:], teaser.strip()


def _drop_closing_notice(text: str) -> tuple[str, str | None]:
    """The text without the copyright notice it ends with (its last sentences, each a notice)."""
    sentences = [m.group(0) for m in _SENTENCE.finditer(text) if m.group(0)]
    cut = len(sentences)
    while cut > 1 and len(sentences[cut - 1].split()) <= 30 and (
        _COPYRIGHT.search(sentences[cut - 1]) or _NOTICE.search(sentences[cut - 1])
    ):
        cut -= 1
    if cut == len(sentences) or not any(_COPYRIGHT.search(sentence) for sentence in sentences[cut:]):
        return text, None
    return "".join(sentences[:cut]).rstrip(), "".join(sentences[cut:]).strip()


def _paragraphs(content: str) -> list[str]:
    paragraphs = [part.strip() for part in _BLANK_RUN.split(content.replace("\r", "")) if part.strip()]
    if len(paragraphs) == 1:
        paragraphs = [line.strip() for line in paragraphs[0].split("\n") if line.strip()]
    return paragraphs


def _drop_galleries(text: str) -> tuple[str, list[str]]:
    """The text without its galleries (a gallery of one caption per paragraph leaves the
    paragraphs around it apart), and the galleries."""
    galleries = []
    while (span := _gallery_span(text)) is not None:
        start, end = span
        gallery = text[start:end]
        galleries.append(" ".join(gallery.split()))
        joint = "\n\n" if "\n" in gallery else " "
        text = (text[:start].rstrip() + joint + text[end:].lstrip()).strip()
    return text, galleries


def _gallery_span(text: str) -> tuple[int, int] | None:
    """The first run of counters 1/N .. N/N in order, from its header to its last caption's credit."""
    counters = [(m, int(m.group(1)), int(m.group(2))) for m in _COUNTER.finditer(text)]
    for index, (first, number, count) in enumerate(counters):
        if number != 1 or count < _MIN_ITEMS:
            continue
        run = [first]
        for match, n, total in counters[index + 1:]:
            if total == count and n == len(run) + 1:
                run.append(match)
                if n == count:
                    break
        if len(run) != count or any(
            len(text[before.end():after.start()].split()) < _MIN_CAPTION_WORDS for before, after in itertools.pairwise(run)
        ):
            continue
        start = first.start()
        header = re.search(_HEADER.replace("COUNT", str(count)), text[max(0, start - 200):start])
        if header:
            start = max(0, start - 200) + header.start("title")
        return start, _last_caption_end(text, run)
    return None


def _last_caption_end(text: str, run: list[re.Match[str]]) -> int:
    """Where the last caption ends: after the first credit the earlier captions used (the words
    before each next counter: "Getty", "Reuters", "Steve Parsons/PA"); when none recurs there, the
    last counter (one caption stays in the body rather than the article's next sentence going)."""
    credits = set()
    for before, after in itertools.pairwise(run):
        words = text[before.end():after.start()].split()
        credits.update(" ".join(words[-size:]) for size in range(1, min(_CREDIT_WORDS, len(words) - 1) + 1))
    last = run[-1].end()
    tail = text[last:last + _LAST_CAPTION_CHARS]
    ends = [
        match.end()
        for credit in credits
        for match in re.finditer(rf"(?<!\S){re.escape(credit)}(?=\s+[A-Z\"'“‘]|\s*$)", tail)
        if len(tail[:match.start()].split()) >= 2
    ]
    return last + min(ends) if ends else last
