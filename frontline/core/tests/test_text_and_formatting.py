import datetime

import pytest
from django.utils import translation

from frontline.core import formatting
from frontline.core.text import fold_latin, normalise_khmer, query_terms, search_document, tokens


def test_khmer_is_segmented_into_words():
    assert tokens("ក្រសួងសង្គមកិច្ច") == ["ក្រសួង", "សង្គមកិច្ច"]


def test_latin_is_folded_without_accents_or_case():
    assert fold_latin("SÓKHA Chanthy") == "sokha chanthy"
    assert tokens("Mondul-Kiri") == ["mondul", "kiri"]


def test_khmer_typing_orders_normalise_to_one_form():
    # coeng DA and coeng TA look alike and are typed interchangeably
    assert normalise_khmer("ស្ដី") == normalise_khmer("ស្តី")
    # zero-width spaces are dropped
    assert normalise_khmer("មណ្ឌល\u200bគិរី") == "មណ្ឌលគិរី"
    # a register shifter typed after the vowel is put before it
    assert normalise_khmer("ប៊ី") == normalise_khmer("ប៊ី"[0] + "ី" + "៊")


def test_query_and_document_are_segmented_alike():
    document = search_document("មន្ទីរសង្គមកិច្ចខេត្តមណ្ឌលគិរី")
    for term in query_terms("មណ្ឌលគិរី"):
        assert " " + term in document


def test_khmer_digits_fold_to_latin_digits_for_search():
    assert tokens("២០២៥") == ["2025"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("km", "១៥០.០០០៛"), ("en", "150,000 KHR")],
)
def test_riel(language, expected):
    assert formatting.format_riel(150000, language=language) == expected


def test_numbers_and_dates_follow_the_language():
    day = datetime.date(2025, 1, 15)
    with translation.override("km"):
        assert formatting.format_number(1234567) == "១.២៣៤.៥៦៧"
        assert formatting.format_date(day) == "១៥ មករា ២០២៥"
    with translation.override("en"):
        assert formatting.format_number(1234567) == "1,234,567"
        assert formatting.format_date(day) == "15 January 2025"
    assert formatting.format_percent(0.41, language="en") == "41%"
    assert formatting.format_number(None) == ""


def test_names_typed_run_together_are_found():
    document = search_document("Mondul Kiri", "ស្រែខ្ទុម")
    assert " mondulkiri" in document
    assert " mondul" in document and " kiri" in document
