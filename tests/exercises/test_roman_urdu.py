"""Roman-Urdu instructions read as English for the grader's checks (assistant/exercises/roman_urdu.py),
with sentences written for these tests: readers, grounding, format and requests in Urdu word order."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.exercises.bank import ExerciseBank
from assistant.exercises.checks import CHECKS
from assistant.exercises.deliverable import requested
from assistant.exercises.grader import Grader
from assistant.exercises.roman_urdu import english

ROOT = Path(__file__).resolve().parents[2]


def test_english_text_is_left_as_it_is() -> None:
    text = "Summarise the memo below for the Director in five bullets -> one line each."
    assert english(text) == text


def test_office_abbreviations_are_read_as_the_posts_they_name() -> None:
    """ "SO" is the Section Officer, "P&D" the Planning and Development Board; "so" stays a word."""
    text = "I am SO in Finance, signing this letter to P&D, so check it."
    assert (
        english(text)
        == "I am Section Officer in Finance, signing this letter to Planning and Development, so check it."
    )
    assert english("Send it to the DC by 3 PM. USE AS TEMPLATE.") == (
        "Send it to the Deputy Commissioner by 3 PM. USE AS TEMPLATE."
    )


def test_a_prompt_with_abbreviations_scores_as_one_with_the_words(bank: ExerciseBank, grader: Grader) -> None:
    exercise = bank.get("L1-06-proofread-letter-dates")
    short = (
        "I am SO in Finance and will sign this letter to P&D tomorrow. Proofread the draft below for dates "
        "that disagree, amounts that do not add up, misspelt designations and grammar. Give a table: "
        'Original | Correction | Reason, one error per row; if unsure write "verify from file".\n"""\n'
        '[draft letter]\n"""'
    )
    written = short.replace("SO", "Section Officer").replace("P&D", "Planning and Development")
    assert grader.grade(exercise, short).score == grader.grade(exercise, written).score


@pytest.mark.parametrize(
    ("check", "roman"),
    [
        ("audience", "Yeh jawab tehsil office ke clerks ke liye hai."),
        ("audience", "Parhne wale gaon ke kisan hain, zyada parhe likhe nahi."),
        ("audience", "Reader ek aam shehri hai jo sarkari zuban nahi samajhta."),
        ("audience", "Director sahab ko bhejna hai, woh meeting se pehle parhenge."),
        (
            "grounding",
            "Sirf neeche diye gaye notification se jawab dein; agar wahan na ho to 'not given' likhein",
        ),
        (
            "grounding",
            "Apni taraf se kuch na likhein, jo record mein hai wahi use karein. Maloom na ho to bata dein",
        ),
        ("reasoning", "Har shart ek ek kar ke check karein, phir aakhir mein faisla likhein."),
        ("format", "Jawab ek jadwal mein dein: naam, tareekh, raqam."),
        ("length", "Zyada se zyada teen jumlay likhein."),
        ("deliverable", "Is report ka khulasa karein."),
        ("verification", "Summary ke har figure ko memo se milayein aur farq ho to batayein."),
        ("chaining", "Pehla prompt facts nikale, doosra prompt un facts se chitthi banaye."),
        (
            "positive_constraints",
            "Notice ko asaan Urdu mein likhein. Har jumla chhota rakhein, tareekh zaroor dein",
        ),
    ],
)
def test_a_roman_urdu_instruction_passes_its_check(check: str, roman: str) -> None:
    assert CHECKS[check](roman).status != "pass"  # as written, the English patterns miss it
    assert CHECKS[check](english(roman)).status == "pass", english(roman)


def test_a_strong_roman_urdu_prompt_scores_like_its_english_twin(bank: ExerciseBank, grader: Grader) -> None:
    exercise = bank.get("L4-02-answer-only-from-standing-order")
    roman = (
        "Aap admin branch ke assistant hain. Staff ke sawalon ke jawab sirf neeche wale standing order se "
        "dein, apni taraf se kuch na. Agar order mein jawab na ho to likhein 'standing order mein nahi hai'. "
        "Har jawab ke aakhir mein para number likhein, aur jawab numbered list mein dein.\n"
        f"<order>\n{exercise.sample_input}\n</order>"
    )
    english_twin = (
        "You are an assistant in the admin branch. Answer the staff's questions only from the standing "
        "order below, nothing of your own. If the answer is not in the order, write 'not in the standing "
        "order'. End each answer with its para number, and give the answers as a numbered list.\n"
        f"<order>\n{exercise.sample_input}\n</order>"
    )
    assert grader.grade(exercise, roman).score >= grader.grade(exercise, english_twin).score - 10
    assert grader.grade(exercise, roman).score >= 75


ROMAN_ON_TASK = {  # without pasted material, so the words decide whether they are this job's
    "L3-01-classify-petitions-few-shot": (  # Urdu the table lacks ('raqba', 'kachra') is not another topic
        "Har nayi darkhwast ko chaar wings mein se ek mein daalein: Land Records, Encroachment, Municipal "
        "Services, Service Matters. Misalein:\nDarkhwast: 'Fard mein raqba ghalat hai' -> Land Records\n"
        "Darkhwast: 'Gali mein kachra nahi utha' -> Municipal Services\nDarkhwast: 'Dukaan walon ne footpath "
        "gher liya' -> Encroachment\nDarkhwast: 'Meri promotion ka case ruka hua hai' -> Service Matters\n"
        "Jawab sirf is format mein: P-number | Wing.\n###\n[new petitions]\n###"
    ),
    "L4-05-budget-utilisation-calculation": (
        "Neeche diye gaye kharch ke statement se har head ka utilisation % aur baqi raqam nikalein. Har "
        "hisaab qadam ba qadam dikhayein, formula ke saath (kharch / budget x 100). Table: Head | Budget | "
        "Kharch | % | Baqi. Aakhir mein woh figures alag se likhein jo mujhe dobara check karne chahiyen.\n"
        "<statement>[expenditure statement]</statement>"
    ),
    "L4-03-eligibility-house-building-advance": (
        "Aap accounts branch mein hain. Har case ke liye rule ki chaar shartein (a) se (d) tak ek ek kar ke "
        "check karein, har shart ke saath wajah likhein, aur aakhir mein faisla dein: Eligible, Not eligible "
        "ya Cannot decide. Sirf rule aur cases ke facts use karein; agar koi fact na ho to 'Information "
        "missing' likhein. Table: Condition | Met? | Reason.\n<rule>[rule]</rule>\n<cases>[cases]</cases>"
    ),
    "L5-03-chain-complaint-to-urdu-reply": (
        "Teen prompts ki chain banayein. Pehla prompt: shikayat se facts nikalein, naam aur CNIC ki jagah "
        "[Name] aur [CNIC]. Doosra prompt: pehle prompt ke facts se shikayat ki category batayein, do "
        "misalein de kar. Teesra prompt: officer ke action note se asaan Urdu mein jawab likhein, 120 "
        "alfaaz tak."
    ),
}


@pytest.mark.parametrize("exercise_id", sorted(ROMAN_ON_TASK))
def test_roman_urdu_words_are_not_another_jobs_subject(
    bank: ExerciseBank, grader: Grader, exercise_id: str
) -> None:
    grade = grader.grade(bank.get(exercise_id), ROMAN_ON_TASK[exercise_id])
    assert "off_task" not in grade.flags and grade.score >= 75


def test_a_roman_urdu_prompt_for_a_family_job_is_still_another_job(
    bank: ExerciseBank, grader: Grader
) -> None:
    prompt = (
        "Meri behen ki shaadi agle mahine hai. Mehmaanon ki list se ek table banayein: naam, kitne log, "
        "walima ya mehndi. Har mehmaan ke saath phone number ki jagah [Phone] likhein. Sirf neeche di gayi "
        "list use karein, agar koi cheez na ho to 'not stated' likhein.\n###\n[guest list]\n###"
    )
    assert "off_task" in grader.grade(bank.get("L3-02-tender-dates-amounts-table"), prompt).flags


@pytest.mark.parametrize(
    ("check", "urdu"),
    [
        ("role", "آپ محکمہ صحت کے ایک تجربہ کار افسر ہیں۔"),
        ("audience", "پڑھنے والے دیہات کے کسان ہیں جو زیادہ پڑھے لکھے نہیں۔"),
        ("language", "جواب سادہ اردو میں لکھیں، مشکل الفاظ نہ ہوں۔"),
        ("length", "جواب ۸۰ الفاظ سے کم ہو۔"),
        ("length", "زیادہ سے زیادہ تین جملے لکھیں۔"),
        ("format", "نتیجہ ایک جدول کی شکل میں دیں: نام، تاریخ، رقم۔"),
        ("grounding", "صرف نیچے دیے گئے نوٹیفکیشن سے جواب دیں۔ اگر جواب اس میں نہ ہو تو 'درج نہیں' لکھیں۔"),
    ],
)
def test_an_urdu_script_instruction_passes_its_check(check: str, urdu: str) -> None:
    assert CHECKS[check](english(urdu)).status == "pass", english(urdu)


def test_arabic_letter_forms_and_diacritics_read_like_urdu_ones() -> None:
    """Some keyboards type ي, ك and ه for ی, ک and ہ; vowel marks are optional in Urdu spelling."""
    assert english("سادہ اردو ميں لكھيں") == english("سادہ اُردو میں لکھیں") == "write in simple Urdu"


def test_an_urdu_script_prompt_is_graded_on_what_it_asks(bank: ExerciseBank, grader: Grader) -> None:
    """A full prompt in Urdu script scores like a good one; the same techniques for a family occasion,
    and a bare request, do not."""
    exercise = bank.get("L2-04-circular-plain-urdu")
    strong = (
        "آپ محکمہ تعلیم کے افسر ہیں جو والدین کو سرکاری فیصلے آسان زبان میں سمجھاتے ہیں۔ اسکول کے نئے اوقات "
        "والے انگریزی سرکلر کو والدین کے لیے ایک مختصر اعلان کی شکل میں سادہ اردو میں لکھیں۔ پڑھنے والے "
        "زیادہ تر کم پڑھے لکھے والدین ہیں جو یہ اعلان فون پر پڑھیں گے۔ عام بول چال کے الفاظ استعمال کریں۔ "
        "اوقات اور تاریخیں بالکل ویسے ہی رکھیں۔ اعلان 100 الفاظ سے کم ہو۔"
    )
    family = (
        "آپ ایک تجربہ کار منتظم ہیں۔ میری بہن کی شادی کے لیے رشتہ داروں کو ایک مختصر دعوت نامہ "
        "سادہ اردو میں لکھیں۔ پڑھنے والے ہمارے خاندان کے بزرگ ہیں۔ مہندی 12 مارچ کو اور بارات 14 مارچ "
        "کو ہے۔ 80 الفاظ سے کم ہو۔"
    )
    assert grader.grade(exercise, strong).score >= 80
    off_task = grader.grade(exercise, family)
    assert "off_task" in off_task.flags and off_task.score <= 20
    assert grader.grade(exercise, "اسے اردو میں لکھ دیں۔").score <= 20


def test_an_urdu_script_prompt_is_judged_on_its_subject(bank: ExerciseBank, grader: Grader) -> None:
    """Urdu words of government work are read too: an eligibility check in Urdu is on its task, the same
    craft for a car repair is not (before the subject words were read, both passed on too few words)."""
    eligibility = (
        "آپ اکاؤنٹس برانچ کے تجربہ کار افسر ہیں۔ نیچے دیے گئے ہاؤس بلڈنگ ایڈوانس کے قواعد کی روشنی میں "
        "دونوں درخواستوں کو قدم بہ قدم جانچیں: ہر شرط الگ الگ چیک کریں، پھر آخر میں فیصلہ لکھیں۔ صرف قواعد "
        'سے جواب دیں؛ اگر معلومات درج نہیں تو "معلومات موجود نہیں" لکھیں۔ نتیجہ ایک جدول میں دیں: شرط | '
        "پوری ہوئی؟ | وجہ۔\n###\n[قواعد]\n###\n[دونوں درخواستیں]"
    )
    repair = (
        "آپ ایک تجربہ کار مکینک ہیں۔ میری گاڑی کے انجن سے آواز آ رہی ہے۔ سادہ اردو میں پانچ نکات میں "
        "بتائیں کہ گیراج جانے سے پہلے کیا چیک کروں۔ پڑھنے والا عام آدمی ہے۔ 100 الفاظ سے کم ہو۔"
    )
    graded = grader.grade(bank.get("L4-03-eligibility-house-building-advance"), eligibility)
    assert "off_task" not in graded.flags and graded.score >= 80
    assert "off_task" in grader.grade(bank.get("L2-04-circular-plain-urdu"), repair).flags


def test_an_imperative_after_a_participle_heads_its_own_clause() -> None:
    """'X le kar Y likho' is 'taking X, write Y': the note taken is material, the answer is what is asked."""
    reading = english("Section officer ka forwarding note le kar shehri ko mukhtasar jawab likho.")
    assert "then write" in reading and "note" not in requested(reading)
    assert english("pehle facts nikalo phir table banao").endswith("then make table")


def test_the_participles_of_everyday_verbs_close_their_clause_too() -> None:
    """'daal kar' (having put), 'bana kar' (having made), 'likh ke' (having written): what the first verb
    works on is material, and the imperative after it says what is asked."""
    reading = english("DC sahib ka covering letter daal kar patwari ko mukhtasar jawab likho.")
    assert "then write" in reading and "letter" not in requested(reading)
    assert "reply" in requested(english("Pehle chart bana kar phir reply tayyar karein."))
    assert "then" in english("Sab points likh ke summary bhejo.")


def test_urdu_sentences_with_english_terms_are_not_a_list(bank: ExerciseBank, grader: Grader) -> None:
    """Its English words alone read as a list of terms; read in English as a whole it is sentences that
    ask for something. A list of terms stays a list in both readings."""
    exercise = bank.get("L2-04-circular-plain-urdu")
    mixed = (
        "آپ ایک senior officer ہیں۔ یہ English circular والدین کے لیے plain Urdu میں rewrite کریں۔ جملے "
        "short رکھیں، simple words استعمال کریں، اور maximum 150 words ہوں۔ school timings اور fee کی "
        "details نہ بدلیں۔"
    )
    grade = grader.grade(exercise, mixed)
    assert "keyword_stuffing" not in grade.flags and grade.score >= 80
    terms = "plain Urdu, parents, circular, role senior officer, short sentences, simple words, 150 words"
    assert "keyword_stuffing" in grader.grade(exercise, f"{terms}، والدین، آسان اردو").flags
