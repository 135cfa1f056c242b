"""Line-level noise rules for plain-text page dumps.

Each rule looks at one stripped line (plus a little context handed in by the caller) and says
whether it is a known kind of page furniture: navigation strips, icon-font lists, share bars,
paywall blocks, captions, tag lists, timers, credits, date lines, bylines, bare URLs. The rules
are hand-written because the libraries that do this (jusText, trafilatura, readability) decide
from the HTML tree (tags, classes, link density) and have nothing to say about bare text lines.
The reason names are machine-readable; the metadata stage reads dates, bylines, credits and
URLs back from lines removed with those reasons.
"""

from __future__ import annotations

import re
from collections import Counter

WORD = re.compile(r"\w+")
# a bullet or list marker left by text renderers (inscriptis, html-text, copy-paste)
BULLET = re.compile(r"^(?:[*+•·▪◦‣►▶→-]+\s*)+")

_URL = re.compile(r"^(?:<)?(?:https?://|www\.)\S+(?:>)?$", re.IGNORECASE)
_TIMER = re.compile(r"^\d{1,2}(?::\d{2}){1,2}(?:\s*/\s*\d{1,2}(?::\d{2}){1,2})?$")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
# Month names of the other languages the benchmark pages are in (de, fr, es, it, nl, pt). Many are
# also ordinary words ("Mars", "mai"), so they count only in a whole date: day, month and year.
_FOREIGN_MONTH = (
    r"(?:januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|"
    r"juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|"
    r"agosto|septiembre|setiembre|octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|"
    r"luglio|settembre|ottobre|dicembre|januari|februari|maart|mei|augustus|janeiro|fevereiro|"
    r"março|maio|junho|julho|setembro|outubro|novembro|dezembro)"
)
_DATE_PARTS = re.compile(
    rf"\b{_WEEKDAY}\b|\b{_MONTH}(?=\W|\d|$)|\b{_FOREIGN_MONTH}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\b|\b(?:19|20)\d\d\b|"
    r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?",
    re.IGNORECASE,
)
_HAS_DATE = re.compile(
    rf"\b\d{{1,2}}\.?\s+(?:de\s+)?{_FOREIGN_MONTH}\s+(?:de\s+)?(?:19|20)\d\d\b|"
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|"
    rf"\b{_MONTH},?\s+(?:19|20)\d\d\b|\b\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{2,4}}\b|"
    r"\b(?:19|20)\d\d-\d\d-\d\d|"
    r"^\W*(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
    r"\s+ago\b",
    re.IGNORECASE,
)
# a whole date, day, month and year, in any of the languages above ("13. November 2019", "Nov 13,
# 2019", "13.11.2019", "2019-11-13"): a line holding one is a date line or a teaser, not a headline
_FULL_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:de\s+)?(?:{_MONTH}|{_FOREIGN_MONTH})\s+(?:de\s+)?(?:19|20)\d\d\b|"
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d\b|"
    r"\b\d{1,2}[./]\d{1,2}[./](?:19|20)\d\d\b|\b(?:19|20)\d\d-\d\d-\d\d\b",
    re.IGNORECASE,
)
_DATE_LABELS = {
    "published", "updated", "posted", "last", "first", "modified", "on", "at", "date", "time",
    "am", "pm", "ist", "gmt", "utc", "est", "edt", "et", "pt", "pst", "pdt", "cet", "cest", "bst",
    "msk", "hrs", "ago", "hours", "minutes", "mins", "hour", "min", "read", "created", "|",
    "seconds", "second", "days", "day", "weeks", "week", "months", "month", "years", "year", "an",
    "a", "one",
}
_AGENCIES = {
    "afp", "ap", "pti", "ians", "ani", "reuters", "dpa", "xinhua", "tass", "upi", "efe", "ansa",
    "bloomberg", "kyodo", "yonhap", "bernama", "apa", "anadolu", "sputnik", "ria", "novosti",
    "agencies", "agency", "wires", "wire", "associated", "press", "agence", "france", "presse",
    "staff", "bureau", "inputs",
}
_CAPTION_START = re.compile(
    r"^(?:in this (?:photo|image|picture|file|handout|undated|photograph)|file photo|"
    # wire-photo captions: "In this Dec. 12, 2006, file photo ...", "In this image released by ..."
    r"in this .{0,40}?\b(?:19|20)\d\d,? (?:file |handout |undated )?(?:photo|image|picture)\b(?! shoot)|"
    r"\d{1,3} of \d{1,3}\s+\S|"  # a gallery counter opening a caption: "1 of 4 Police ..."
    r"(?:image|photo|media|video) (?:copyright|caption|source)|"
    r"(?:photo|image|picture|photograph|caption|pictured|above|below|top|left|right|main image|"
    r"video|credit|image credit|photo credit|illustration)s?(?:\s*[:|—–]|\s+-\s))",  # not "Top-ranked"
    re.IGNORECASE,
)
_CAPTION_END = re.compile(
    r"(?:\b(?:photo|image|picture|photograph|credit|illustration)s?(?: by)?\s*[:/]\s*[^.]{1,60}"
    r"|\((?:ap |afp |reuters )?(?:photo|image|picture)[^)]{0,80}\)|getty images|shutterstock"
    r"|\bap photo\b[^.]{0,60}|/ ?(?:reuters|afp|ap|getty))\W*$",
    re.IGNORECASE,
)
# "share" in the languages jusText's stoplists serve most often on news pages: a share bar
# ("Teilen Facebook Twitter E-Mail") is furniture in any language
_SHARE_VERBS = ("teilen", "partager", "compartir", "compartilhar", "condividi", "delen", "dela")
_SHARE_WORDS = {
    "share", "shares", "sharing", "tweet", "facebook", "twitter", "email", "e", "mail", "whatsapp",
    "linkedin", "pinterest", "reddit", "print", "copy", "link", "telegram", "messenger",
    "flipboard", "sms", "pin", "it", "this", "article", "story", "on", "via", "x", "google",
    "tumblr", "vk", "save", "comments", "comment", "url", "copied", "mastodon", "click", "to",
    "opens", "in", "new", "window", "a", "friend", "the", "by", "or", "send", "bookmark", "more",
    "with", "close", "panel", "options", *_SHARE_VERBS,
}
_SOCIAL = {
    "share", "tweet", "facebook", "twitter", "whatsapp", "linkedin", "pinterest", "reddit",
    "telegram", "flipboard", "email", "print", "copy", *_SHARE_VERBS,
}
_SUBSCRIPTION = re.compile(
    r"\bsubscri(?:be|ption)s?\b|\bsign (?:up|in)\b|\blog ?in\b|\bnewsletters?\b|"
    r"\bcancel any ?time\b|\bfree trial\b|\brenews? automatically\b|\bpaywall\b|"
    r"\bpremium (?:stories|content|access|articles?)\b|\bad-free\b|\bper (?:month|year|week)\b|"
    r"/\s*(?:month|mo|year|yr|week)\b|\bsave\s+\d+\s*%|\bunlock\b|\balready a (?:member|subscriber)",
    re.IGNORECASE,
)
_SUBSCRIBE_LEAD = re.compile(
    r"^(?:subscribe|sign up|join|become a (?:member|subscriber)|get (?:full|unlimited|digital)|"
    r"register|log in|start your|try)\b",
    re.IGNORECASE,
)
_PRICE = re.compile(r"[$€£¥₹₽₩]\s?\d|\d\s?(?:usd|eur|gbp|rs\.?|inr)\b|\brs\.?\s?\d", re.IGNORECASE)
_SENTENCE_WORDS = 9
_SENTENCE_END = re.compile(r"[.!?][\"”’')]*$")
_DURATION_ONLY = re.compile(r"^\d+\s+(?:days?|weeks?|months?|years?)$", re.IGNORECASE)
_COMMENTS = re.compile(
    r"^\W*(?:new comment|post (?:a )?comment|add (?:a )?comment|leave a (?:comment|reply)|"
    r"cancel reply|log in to reply|view comments|show comments|join the (?:conversation|"
    r"discussion)|write a comment|comments? (?:are|is) closed)\W*$|"
    r"^\W*\d+\s+(?:comments?|responses?|replies|reactions)\b",
    re.IGNORECASE,
)
# "3. jdoe says:", "Catherine (GiveWell) on September 13, 2018 at 5:23 pm said:"; the part
# before the verb is the commenter's name, which a news sentence introducing a quote is not:
# "Playboy founder Hugh Hefner said:", "Asked about it, he replied:"
_COMMENT_HEADER = re.compile(
    r"^\W*(?:\d+\.\s+)?(?P<name>.+?)(?:\s+on\s+.{4,40}?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)?"
    r"\s+(?:says|said|wrote|writes|replied)\s*:\s*$",
    re.IGNORECASE,
)
_COMMENTER_WORDS = 4
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "one", "who"})


def is_comment_header(content: str) -> bool:
    """A comment's header line ("jdoe says:"), not prose introducing a quote."""
    match = _COMMENT_HEADER.match(content) if content.endswith(":") else None  # most lines: no regex
    if match is None:
        return False
    name = match["name"].split()
    if len(name) > _COMMENTER_WORDS or "," in match["name"] or name[-1].lower() in _PRONOUNS:
        return False
    # a handle is one case throughout ("smarter than you", "Why I Love Football"); a role
    # word among capitalised names is a news sentence ("Playboy founder Hugh Hefner")
    cased = [word[0].isupper() for word in name if word[0].isalpha()]
    return all(cased) or not any(cased)


_COMMENT_COUNT = re.compile(r"\s*[|·•-]?\s*\d+\s+comments?\W*$", re.IGNORECASE)
_COMMENT_WORD = re.compile(r"\bcomments?\b", re.IGNORECASE)
_COOKIE = re.compile(r"\bcookies?\b", re.IGNORECASE)
_COOKIE_CONTEXT = re.compile(
    r"\b(?:website|site|browser|consent|privacy|opt[ -]out|experience|analytics|accept)\b",
    re.IGNORECASE,
)
# Short labels that close an article: related links, recirculation, podcasts.
_END_LABEL = re.compile(
    r"^(?:more (?:from|in|on|stories|news|articles|videos)\b.*|more(?: \S+){1,3}|"
    r"next (?:story|article|post)|"
    r"previous (?:story|article|post)|related(?: (?:articles?|stories|news|posts|content|"
    r"coverage|tags|topics|videos|links))?|recommended(?: for you| stories| articles)?|"
    r"you (?:may|might) also (?:like|be interested in)|most (?:popular|read|viewed|shared)|"
    r"trending(?: now| stories)?|top stories|latest (?:news|stories|videos)|read next|"
    r"podcasts?|in (?:other news|case you missed it)|don'?t miss|editor'?s picks?|"
    r"more like this|back to top|load more|show more)\W*$",
    re.IGNORECASE,
)
# Short labels that may also interrupt an article (ads, inline links, media widgets).
_INLINE_LABEL = re.compile(
    r"^(?:advertisement|advertising|sponsored(?: content| stories)?|also read|read more|"
    r"see also|also see|videos?|photos?|watch|listen|continue reading|skip (?:to|ad)\b.*|"
    r"close|menu|search|home|loading|print|reply|report|share(?: this)?(?: (?:with|on|via))?)\W*$",
    re.IGNORECASE,
)
# An inline recirculation link: a label, a colon and another article's headline.
_INLINE_LINK = re.compile(
    r"^(?:related|read more|also read|read also|more|see also|recommended|most read|trending|"
    r"more from [\w .'-]{1,30}|editor'?s pick|don'?t miss)\s*:\s*\S",
    re.IGNORECASE,
)
_LEGAL = re.compile(
    r"©|\bcopyright\b|all rights reserved|\bprivacy policy\b|\bcookies?\b.*\b(?:policy|use|accept)|"
    r"\bterms (?:of|and) (?:use|service|conditions)\b|\bpowered by\b",
    re.IGNORECASE,
)
# What a page's widgets say about themselves: a media player or script that cannot run in the
# scraper, share links that "will open in a new window".
_WIDGET = re.compile(
    r"\bopens? in a new (?:window|tab)\b|\bunsupported on your device\b|\b(?:your|this) browser (?:does not|doesn'?t|can ?not|can'?t) "
    r"(?:support|play)|\benable javascript\b|\bjavascript (?:is )?(?:disabled|required|turned off)\b|"
    r"\bwithout javascript\b|\bjavascript (?:must be |to be )?enabled\b|"
    r"\bupgrad\w* to a (?:web )?browser\b|\bplayback (?:is )?(?:unsupported|not supported)\b",
    re.IGNORECASE,
)
# The error messages a PHP site prints into its pages when its display of errors is on ("Strict
# Standards: Non-static method nggGallery::get_option() should not be called statically in
# /www/htdocs/.../nggfunctions.php on line 813"): they name a script file and a line, which prose
# does not.
_SERVER_ERROR = re.compile(
    r"^(?:PHP )?(?:Strict Standards|Warning|Notice|Deprecated|(?:Catchable |Recoverable )?Fatal error|Parse error|"
    r"User (?:Warning|Notice|Deprecated)):\s.{0,600}?\bin\s+(?:/|[A-Za-z]:\\)\S+?\.(?:php\d?|inc|phtml)"
    r"(?:\(\d+\))?\s+on line\s+\d+\W*$",
    re.IGNORECASE,
)
_TAG_PREFIX = re.compile(r"^(?:related )?(?:tags?|topics?|keywords?|filed under|categories)\s*:",
                         re.IGNORECASE)
_BYLINE = re.compile(r"^(?:by|written by|words by|von|par|por|di|door|av|af)\s+(?=\S)", re.IGNORECASE)


def words(text: str) -> list[str]:
    return WORD.findall(text)


def _is_name_token(token: str, stopwords: frozenset[str]) -> bool:
    return token[:1].isupper() and token.lower() not in stopwords


def _name_groups(text: str) -> list[str]:
    return [g.strip() for g in re.split(r",|\band\b|&|\bund\b|\bet\b|\by\b", text) if g.strip()]


def looks_like_names(text: str, stopwords: frozenset[str]) -> bool:
    """'Stuart Williams and Jo Biddle': one or more groups of 2-4 capitalised non-stopwords."""
    groups = _name_groups(text)
    if not groups:
        return False
    for group in groups:
        tokens = re.findall(r"[\w.'’-]+", group)
        if not 1 <= len(tokens) <= 4:
            return False
        if not all(_is_name_token(t, stopwords) for t in tokens):
            return False
    return sum(len(re.findall(r"[\w.'’-]+", g)) for g in groups) >= 2


def has_full_date(text: str) -> bool:
    """Whether the text names a whole date: day, month and year."""
    return bool(_FULL_DATE.search(text))


def is_date_line(text: str, stopwords: frozenset[str]) -> bool:
    """A line that is essentially a date/time stamp, possibly labelled or prefixed by a name."""
    if len(text) > 160 or not _HAS_DATE.search(text):
        return False
    rest = _DATE_PARTS.sub(" ", text)
    leftover = [w for w in words(rest) if w.lower() not in _DATE_LABELS and not w.isdigit()]
    if len(leftover) > 6:
        return False
    # the words before a date in other languages ("Publié le", "Veröffentlicht am", "27 de agosto")
    allowed = {"on", "at", "by", "of", "the", "de", "le", "il", "am", "el", "op", "em", "den", "du"}
    return all(w.lower() not in stopwords or w.lower() in allowed for w in leftover)


def is_credit_line(text: str) -> bool:
    tokens = [t.lower() for t in words(text)]
    if not tokens or len(tokens) > 8:
        return False
    agency = sum(t in _AGENCIES for t in tokens)
    if agency == 0:
        return False
    # "AFP I PTI Moscow", "Agence France-Presse and Reuters", "(With inputs from agencies)"
    fillers = {"and", "i", "with", "from", "inputs", "by", "the", "news", "via", "contributed",
               "to", "this", "report", "a", "de", "et"}
    others = [t for t in tokens if t not in _AGENCIES and t not in fillers]
    return len(others) <= 2 and agency >= len(others)


def is_icon_list(tokens: list[str]) -> bool:
    """Icon-font ligature soup: many tokens sharing one fragment ('cameraicon checkicon')."""
    if len(tokens) < 8:
        return False
    lowered = [t.lower() for t in tokens]
    most, freq = Counter(lowered).most_common(1)[0]
    # the fragment must sit inside longer tokens ("cameraicon"): a sentence repeats "the"
    # and has "their" too, which is no ligature soup
    inside = sum(most in t and t != most for t in lowered)
    if len(most) >= 3 and inside >= 0.2 * len(lowered) and sum(most in t for t in lowered) >= 0.3 * len(lowered):
        return True
    return sum("icon" in t for t in lowered) >= 0.2 * len(lowered)


def is_tag_list(text: str, stopwords: frozenset[str]) -> bool:
    if _TAG_PREFIX.match(text):
        return True
    if text.rstrip()[-1:] in ".!?:;\"”’" or "," not in text:
        return False
    items = [i.strip() for i in re.split(r"[,;]", text)]
    if len(items) < 3 or any(not i for i in items):
        return False
    for item in items:
        tokens = words(item)
        if not 1 <= len(tokens) <= 3 or not tokens[0][:1].isupper():
            return False
        if any(t.lower() in stopwords for t in tokens[1:]):
            return False
    return True


def is_navigation(text: str) -> bool:
    pieces = [p.strip() for p in re.split(r"\s*[|»›•·]\s*|\s+[>/]\s+", text) if p.strip()]
    if len(pieces) < 3:
        return False
    sizes = [len(words(p)) for p in pieces]
    return sum(sizes) / len(sizes) <= 3.5 and max(sizes) <= 8


def is_share_line(tokens: list[str]) -> bool:
    lowered = [t.lower() for t in tokens]
    if not lowered or len(lowered) > 10:
        return False
    return any(t in _SOCIAL for t in lowered) and all(
        t in _SHARE_WORDS or t.isdigit() for t in lowered
    )


def is_subscription(text: str, tokens: list[str]) -> bool:
    if _DURATION_ONLY.match(text):
        return True
    if len(tokens) <= 6 and _PRICE.search(text):
        return True
    if _SUBSCRIBE_LEAD.match(text) and len(tokens) <= 30:
        return True
    # a news sentence may say "login credentials" or "per year"; a sign-up prompt is shorter
    # or reads as an instruction, which the lead pattern above catches
    return len(tokens) <= 14 and bool(_SUBSCRIPTION.search(text)) and not _reads_as_sentence(text, tokens)


def _reads_as_sentence(text: str, tokens: list[str]) -> bool:
    """A complete sentence of some length: capitalised, closed by a full stop (and a quote)."""
    opening = text.lstrip("\"“‘'(")
    return len(tokens) >= _SENTENCE_WORDS and opening[:1].isupper() and bool(_SENTENCE_END.search(text))


def is_widget_notice(text: str) -> bool:
    """A short notice of a widget or script that cannot run in the scraper ("You need to enable
    JavaScript to run this app.")."""
    return len(words(text)) <= 30 and bool(_WIDGET.search(text))


def is_server_error(text: str) -> bool:
    """Error messages of the site's own scripts printed into the page, one per line."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return bool(lines) and all(_SERVER_ERROR.match(line) for line in lines)


def is_caption(text: str) -> bool:
    return bool(_CAPTION_START.match(text) or _CAPTION_END.search(text))


def is_byline(text: str, tokens: list[str], stopwords: frozenset[str]) -> bool:
    """'By Jane Doe', also with a trailing comment count ('By Desk Staff 0 Comments')."""
    if len(tokens) > 10 or not _BYLINE.match(text):
        return False
    names = _COMMENT_COUNT.sub("", _BYLINE.sub("", text))
    return looks_like_names(names, stopwords)


def classify_noise(text: str, stopwords: frozenset[str]) -> str | None:
    """The reason a stripped line is page furniture, or None if it may be article text."""
    content = BULLET.sub("", text).strip()
    tokens = words(content)
    if not tokens:
        return "symbols"
    if _URL.match(content):
        return "url"
    if is_server_error(content):
        return "server error"
    if _TIMER.match(content):
        return "timer"
    if is_icon_list(tokens):
        return "icon-list"
    if is_byline(content, tokens, stopwords):
        return "byline"
    if (
        _COMMENTS.match(content)
        or is_comment_header(content)
        or (len(tokens) <= 10 and _COMMENT_WORD.search(content) and not _SENTENCE_END.search(content))
    ):
        return "comments"
    if len(tokens) <= 80 and is_caption(content):
        return "caption"
    if "©" in content or "all rights reserved" in content.lower():
        return "legal"
    if _COOKIE.search(content) and _COOKIE_CONTEXT.search(content):
        return "legal"
    if is_widget_notice(content):
        return "widget"
    if len(tokens) <= 8 and _END_LABEL.match(content):
        return "end-marker"
    if len(tokens) <= 8 and _INLINE_LABEL.match(content):
        return "section-label"
    if len(tokens) <= 25 and _INLINE_LINK.match(content):
        return "inline-link"
    if is_share_line(tokens):
        return "share"
    if is_navigation(content):
        return "navigation"
    if is_date_line(content, stopwords):
        return "date"
    if is_credit_line(content):
        return "credit"
    if is_subscription(content, tokens):
        return "subscription"
    if len(tokens) <= 25 and _LEGAL.search(content):
        return "legal"
    if is_tag_list(content, stopwords):
        return "tag-list"
    return None
