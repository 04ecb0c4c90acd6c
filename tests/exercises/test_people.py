"""People's names are whom a case is about, not which job (assistant/exercises/people.py)."""

from __future__ import annotations

from assistant.exercises.checks import no_personal_data
from assistant.exercises.people import without_names


def test_marked_names_are_taken_out() -> None:
    assert without_names("nominate Mr. Faisal Qureshi (BS-18) and Ms. Hina Tariq") == (
        "nominate Mr. [name] (BS-18) and Ms. [name]"
    )
    assert without_names('"I, Nasreen Akhtar w/o Tahir Mahmood, resident of') == (
        '"I, [name] w/o [name], resident of'
    )
    assert without_names("for Bilal Ahmed s/o Rafiq Ahmed, House 4") == "for [name] s/o [name], [address]"
    assert without_names("Applicant: Zubair Hassan\nDesignation: Clerk") == (
        "Applicant: [name]\nDesignation: Clerk"
    )
    assert without_names("widow of Late Abdul Ghani") == "widow of Late [name]"


def test_capitalised_words_alone_are_not_names() -> None:
    text = "The Excise and Taxation Office asked the District Health Officer, Lahore."
    assert without_names(text) == text


def test_placeholders_are_not_names() -> None:
    for text in ("[Complainant], widow of [Late husband]", "widow of Late [Name]", "[Mr Khan Sahib]"):
        assert without_names(text) == text


def test_a_name_pasted_into_the_prompt_is_personal_data() -> None:
    named = "Reply to Mst. Rashida Bibi, widow of Late Abdul Ghani, about her family pension."
    assert no_personal_data(named).status == "fail" and "name" in no_personal_data(named).feedback
    assert no_personal_data("Reply to [Complainant], widow of [Late husband].").status == "pass"


def test_home_addresses_are_taken_out_too() -> None:
    text = "I, Rukhsana Bibi, resident of Mohalla Qasimabad, UC Sohawa, report that the BHU is shut."
    assert without_names(text) == "I, [name], [address], report that the BHU is shut."
    assert without_names("Reply to Mr. Tariq Aziz, House 9-C, Garden Town, who asked") == (
        "Reply to Mr. [name], [address], [address], who asked"
    )
