"""Text normalisation and word segmentation for search in Khmer and Latin script.

Khmer is written without spaces between words and the same word can be typed with its
vowels, coeng and shifters in different code-point orders. Search therefore normalises
documents and queries alike, then segments both with the same segmenter (khmercut, a CRF
model; ../shared/KHMER.md has the measurements that chose it). Latin text is folded to
lower case without accents so that "Sokha", "SOKHA" and "Sókha" match.
"""

import re
import unicodedata
from functools import lru_cache

import khmercut

KHMER_DIGITS = "០១២៣៤៥៦៧៨៩"
_KHMER_TO_LATIN_DIGITS = str.maketrans(KHMER_DIGITS, "0123456789")


def latin_digits(text: str) -> str:
    """The text with Khmer digits written as 0-9 (codes are typed either way)."""
    return text.translate(_KHMER_TO_LATIN_DIGITS)


_INVISIBLES = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_COENG = "\u17d2"

# Khmer sign classes used to put a syllable's marks into one canonical order
# (the rules of SIL's khnormal): register shifters, then coeng+consonant (ro last),
# then the dependent vowel, then the other signs.
_SHIFTERS = {"\u17c9", "\u17ca"}
_VOWELS = {chr(c) for c in range(0x17B6, 0x17C6)}
_SIGNS = {chr(c) for c in range(0x17C6, 0x17D2)} | {"\u17d3", "\u17dd"} - _SHIFTERS
_KHMER_RUN = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]+")
_NON_WORD = re.compile(r"[^\w\u1780-\u17ff]+")


def _is_khmer_letter(ch: str) -> bool:
    return "\u1780" <= ch <= "\u17b3"


def _reorder_cluster(marks: str) -> str:
    """Return a syllable's trailing marks in canonical order."""
    subscripts: list[str] = []
    shifters: list[str] = []
    vowels: list[str] = []
    signs: list[str] = []
    i = 0
    while i < len(marks):
        ch = marks[i]
        if ch == _COENG and i + 1 < len(marks):
            subscripts.append(marks[i : i + 2])
            i += 2
            continue
        if ch in _SHIFTERS:
            shifters.append(ch)
        elif ch in _VOWELS:
            vowels.append(ch)
        else:
            signs.append(ch)
        i += 1
    # Coeng RO is written after the other subscript (ស្ត្រ, not ស្រ្ត).
    subscripts.sort(key=lambda pair: pair[1] == "\u179a")
    return "".join(shifters + subscripts + vowels + signs)


def normalise_khmer(text: str) -> str:
    """Canonical form of Khmer text: NFC, no zero-width characters, marks in one order."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLES)
    # Coeng DA and coeng TA look the same and are typed interchangeably.
    text = text.replace(_COENG + "\u178a", _COENG + "\u178f")
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        out.append(ch)
        i += 1
        if not _is_khmer_letter(ch):
            continue
        start = i
        while i < len(text) and (
            text[i] in _SHIFTERS
            or text[i] in _VOWELS
            or text[i] in _SIGNS
            or (text[i] == _COENG and i + 1 < len(text) and _is_khmer_letter(text[i + 1]))
        ):
            i += 2 if text[i] == _COENG else 1
        out.append(_reorder_cluster(text[start:i]))
    return "".join(out)


def fold_latin(text: str) -> str:
    """Lower case without accents: 'Sókha' -> 'sokha'. Khmer passes through unchanged."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not (unicodedata.combining(ch) and ch < "\u1780"))
    return unicodedata.normalize("NFC", kept).casefold()


@lru_cache(maxsize=65536)
def _segment_khmer_run(run: str) -> tuple[str, ...]:
    return tuple(token for token in khmercut.tokenize(run) if token.strip())


def tokens(text: str) -> list[str]:
    """Search tokens of a text: normalised, folded, Khmer runs segmented into words."""
    if not text:
        return []
    text = latin_digits(fold_latin(normalise_khmer(text)))
    result: list[str] = []
    for chunk in _NON_WORD.split(text):
        if not chunk:
            continue
        position = 0
        for match in _KHMER_RUN.finditer(chunk):
            result.extend(_split_latin(chunk[position : match.start()]))
            result.extend(_segment_khmer_run(match.group()))
            position = match.end()
        result.extend(_split_latin(chunk[position:]))
    return result


def _split_latin(text: str) -> list[str]:
    return [part for part in text.split("_") if part]


def search_document(*parts: str | None) -> str:
    """The stored search column: tokens joined by spaces, with a leading and trailing space.

    A query token then matches a document word by prefix with `contains(" " + token)`,
    identically in SQLite and PostgreSQL.
    """
    words: list[str] = []
    for part in parts:
        part_tokens = tokens(part or "")
        words.extend(part_tokens)
        if len(part_tokens) > 1:
            # The whole name run together too: "mondulkiri" finds "Mondul Kiri", and a Khmer
            # query the segmenter keeps whole finds a name it split.
            words.append("".join(part_tokens))
    return " " + " ".join(words) + " " if words else ""


# Khmer derivational prefixes: ការ (an action, ការដឹកនាំ "leading"), សេចក្តី (an abstract noun),
# ភាព (a state) and អ្នក (an agent, អ្នកដឹកនាំ "leader"). The segmenter keeps such words whole, so
# a search for ដឹកនាំ ("lead") would miss អ្នកដឹកនាំ; documents that want it index the stem too.
KHMER_PREFIXES = ("សេចក្តី", "ការ", "ភាព", "អ្នក")


def stems(*parts: str | None) -> str:
    """The stems of a text's Khmer words that carry a derivational prefix, as extra words for
    the search column (appended after search_document's, in the same format)."""
    words: list[str] = []
    for part in parts:
        for token in tokens(part or ""):
            for prefix in KHMER_PREFIXES:
                stem = token[len(prefix) :]
                # ការិយាល័យ ("office") is no ការ + word: a stem starts with a letter, not a vowel sign.
                if token.startswith(prefix) and len(stem) > 1 and _is_khmer_letter(stem[0]):
                    words.append(stem)
                    break
    return " ".join(dict.fromkeys(words)) + " " if words else ""


def query_terms(query: str) -> list[str]:
    """The terms a search query must all match (segmented exactly as documents are)."""
    return list(dict.fromkeys(tokens(query)))[:8]


def latin_sort_key(text: str) -> str:
    """Key for sorting Latin-script names alphabetically regardless of case and accents."""
    return " ".join(fold_latin(text).split())


def breakable_khmer(text: str) -> str:
    """Khmer with a zero-width space between words, so that renderers that do not segment Khmer
    themselves (WeasyPrint) can wrap long lines between words."""
    if not text:
        return text
    return _KHMER_RUN.sub(lambda run: "\u200b".join(_segment_khmer_run(run.group())), text)
