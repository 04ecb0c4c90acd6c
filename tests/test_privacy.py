import pytest

from assistant.privacy import redact


@pytest.mark.parametrize(
    ("text", "expected", "kinds"),
    [
        ("My CNIC is 35202-1234567-1.", "My CNIC is [CNIC].", ("CNIC",)),
        ("cnic 3520212345671 please", "cnic [CNIC] please", ("CNIC",)),
        ("Call 0300-1234567 today", "Call [PHONE] today", ("PHONE",)),
        ("or +92 300 1234567", "or [PHONE]", ("PHONE",)),
        ("office (051) 9201234", "office [PHONE]", ("PHONE",)),
        ("mail ali.khan@moitt.gov.pk now", "mail [EMAIL] now", ("EMAIL",)),
        (
            "ali@x.pk, 0321 7654321, 61101-7654321-3",
            "[EMAIL], [PHONE], [CNIC]",
            ("EMAIL", "CNIC", "PHONE"),
        ),
    ],
)
def test_personal_data_is_replaced(text: str, expected: str, kinds: tuple[str, ...]) -> None:
    result = redact(text)
    assert result.text == expected
    assert result.kinds == kinds


@pytest.mark.parametrize(
    "text",
    [
        "The policy aims to train 1,000,000 people by 2030.",
        "GPT-4 Turbo has a 128k context window; Mixtral 8x22B has 141B parameters.",
        "Set max_tokens to 256 and temperature to 0.2 (see section 3.1).",
        "The 2,000 MW allocation and 25 new courses were announced on 13 August 2025.",
    ],
)
def test_ordinary_numbers_are_left_alone(text: str) -> None:
    assert redact(text).text == text
