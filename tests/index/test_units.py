import pytest

from assistant.index.units import is_reference_section


@pytest.mark.parametrize(
    ("section", "listing"),
    [
        ("References", True),
        ("Guide > Further reading", True),
        ("Sources", True),
        ("Reference material for the exam", False),
        ("Citing sources in a reply", False),
        ("", False),
    ],
)
def test_a_reference_section_is_one_that_only_lists_sources(section: str, listing: bool) -> None:
    assert is_reference_section(section) is listing
