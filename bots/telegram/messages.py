# ruff: noqa: E501  (UI sentences read better unbroken; they are data)
"""The bot's own words in English and Urdu, in one place. Values are HTML (Telegram's HTML parse mode):
placeholders are filled with already-escaped text by `say`."""

from __future__ import annotations

import html
import string
from typing import Literal

from assistant.exercises.rules import HINTS_PER_EXERCISE, MAX_LEVEL, MIN_LEVEL
from bots.telegram.markdown import isolate

Lang = Literal["en", "ur"]
LANGS: tuple[Lang, ...] = ("en", "ur")

TEXTS: dict[str, dict[Lang, str]] = {
    "welcome": {
        "en": (
            "<b>Assalam-o-Alaikum! I am Ustad</b>, an <b>AI teaching assistant</b> (a computer program, "
            "not a person) for civil servants learning to use AI tools.\n\n"
            "Ask me a question about the course or AI policy and I answer from the course material, "
            "with numbered sources. Type /exercise to practise writing prompts.\n\n"
            "<b>What is logged, and why:</b> your questions (phone numbers, CNICs and e-mail addresses "
            "are masked first), my answers, your 👍/👎 ratings and comments, and your exercise attempts, "
            "under your Telegram user number (not your name). Trainers use this to improve the course "
            "and to see progress. /forget deletes all of it.\n\n"
            "AI can be wrong: check important answers against the sources.\n\nChoose a language:"
        ),
        "ur": (
            "<b>السلام علیکم! میں استاد ہوں</b>، ایک <b>AI تدریسی معاون</b> (کمپیوٹر پروگرام، انسان نہیں) "
            "جو سرکاری ملازمین کو AI ٹولز سیکھنے میں مدد دیتا ہے۔\n\n"
            "کورس یا AI پالیسی کے بارے میں سوال پوچھیں، میں کورس کے مواد سے نمبر وار حوالوں کے ساتھ جواب دوں گا۔ "
            "پرامپٹ لکھنے کی مشق کے لیے /exercise لکھیں۔\n\n"
            "<b>کیا محفوظ کیا جاتا ہے اور کیوں:</b> آپ کے سوالات (فون نمبر، شناختی کارڈ نمبر اور ای میل پہلے چھپا "
            "دیے جاتے ہیں)، میرے جوابات، آپ کی 👍/👎 رائے اور تبصرے، اور آپ کی مشقیں، آپ کے ٹیلیگرام نمبر کے "
            "تحت (نام نہیں)۔ تربیت کار اس سے کورس بہتر بناتے اور پیش رفت دیکھتے ہیں۔ /forget سب کچھ مٹا دیتا ہے۔\n\n"
            "AI غلطی کر سکتا ہے: اہم جوابات حوالوں سے ضرور ملا لیں۔\n\nزبان منتخب کریں:"
        ),
    },
    "language_set": {
        "en": "Language: English. Ask me anything about the course.",
        "ur": "زبان: اردو۔ کورس کے بارے میں کچھ بھی پوچھیں۔",
    },
    "help": {
        "en": (
            "<b>How to use Ustad</b>\n"
            "• Type a question: I answer from the course with sources [1], [2]…\n"
            f"• /exercise [level {MIN_LEVEL}-{MAX_LEVEL}]: practise writing a prompt; I grade it criterion by criterion\n"
            "• /progress: your exercises, levels and streak\n"
            "• /cancel: stop the current exercise\n"
            "• /language: English or Urdu\n"
            "• /forget: delete everything stored about you\n"
            "Rate answers with 👍 / 👎 so trainers can improve them."
        ),
        "ur": (
            "<b>استاد کو کیسے استعمال کریں</b>\n"
            "• سوال لکھیں: میں کورس سے حوالوں [1]، [2] کے ساتھ جواب دوں گا\n"
            f"• /exercise [سطح {MIN_LEVEL}-{MAX_LEVEL}]: پرامپٹ لکھنے کی مشق؛ میں ہر معیار پر جانچ کروں گا\n"
            "• /progress: آپ کی مشقیں، سطحیں اور تسلسل\n"
            "• /cancel: موجودہ مشق بند کریں\n"
            "• /language: انگریزی یا اردو\n"
            "• /forget: آپ کے بارے میں محفوظ ہر چیز مٹا دیں\n"
            "جوابات کو 👍 / 👎 سے درجہ دیں تاکہ تربیت کار انہیں بہتر بنا سکیں۔"
        ),
    },
    "sources": {"en": "Sources", "ur": "حوالے"},
    "page": {"en": ", p. {page}", "ur": "، صفحہ {page}"},
    "rate_limited": {
        "en": "You are sending messages faster than I can answer. Please wait {seconds} s and try again.",
        "ur": "آپ بہت تیزی سے پیغامات بھیج رہے ہیں۔ براہ کرم {seconds} سیکنڈ انتظار کر کے دوبارہ کوشش کریں۔",
    },
    "too_long": {
        "en": "That message is too long for me ({limit} characters at most). Please shorten it.",
        "ur": "یہ پیغام بہت لمبا ہے (زیادہ سے زیادہ {limit} حروف)۔ براہ کرم مختصر کریں۔",
    },
    "empty": {"en": "Please type a question.", "ur": "براہ کرم سوال لکھیں۔"},
    "unavailable": {
        "en": "I can't reach the course material right now. Please try again in a minute.",
        "ur": "ابھی کورس کا مواد دستیاب نہیں۔ براہ کرم ایک منٹ بعد دوبارہ کوشش کریں۔",
    },
    "error": {
        "en": "Sorry, something went wrong on my side. It has been logged; please try again.",
        "ur": "معذرت، میری طرف سے کوئی خرابی ہوئی۔ اسے درج کر لیا گیا ہے؛ براہ کرم دوبارہ کوشش کریں۔",
    },
    "unsupported": {
        "en": "I can only read text messages. Please type your question (stickers, photos, voice notes and files are not read).",
        "ur": "میں صرف تحریری پیغامات پڑھ سکتا ہوں۔ براہ کرم اپنا سوال لکھیں (اسٹیکر، تصاویر، صوتی پیغامات اور فائلیں نہیں پڑھی جاتیں)۔",
    },
    "edited": {
        "en": "I answer new messages, not edits. Please send the corrected text as a new message.",
        "ur": "میں ترمیم شدہ نہیں، نئے پیغامات کا جواب دیتا ہوں۔ براہ کرم درست متن نیا پیغام بنا کر بھیجیں۔",
    },
    "unknown_command": {
        "en": "I don't know that command. /help lists what I can do.",
        "ur": "یہ کمانڈ معلوم نہیں۔ /help دیکھیں۔",
    },
    "thanks_up": {"en": "Thanks for the feedback!", "ur": "رائے کا شکریہ!"},
    "thanks_down": {"en": "Thanks, noted.", "ur": "شکریہ، درج کر لیا۔"},
    "ask_comment": {
        "en": "What was wrong or missing? Reply to this message with a short comment (optional).",
        "ur": "کیا غلط تھا یا کیا کمی تھی؟ اس پیغام کا جواب دے کر مختصر تبصرہ لکھیں (اختیاری)۔",
    },
    "comment_saved": {"en": "Thank you, your comment was saved.", "ur": "شکریہ، آپ کا تبصرہ محفوظ ہو گیا۔"},
    "feedback_gone": {
        "en": "That answer is no longer stored.",
        "ur": "یہ جواب اب محفوظ نہیں۔",
    },
    "exercise_intro": {
        "en": "<b>Exercise {id}</b> (level {level}): {title}",
        "ur": "<b>مشق {id}</b> (سطح {level}): {title}",
    },
    "scenario": {"en": "Scenario", "ur": "صورتِ حال"},
    "task": {"en": "Your task", "ur": "آپ کا کام"},
    "sample_input": {"en": "Text to work on", "ur": "جس متن پر کام کرنا ہے"},
    "reply_with_prompt": {
        "en": "Reply with the prompt you would give the AI assistant. /cancel to stop.",
        "ur": "وہ پرامپٹ لکھ کر بھیجیں جو آپ AI کو دیں گے۔ روکنے کے لیے /cancel۔",
    },
    "score": {
        "en": "Score: <b>{score}/100</b> (attempt {attempt}, best {best})",
        "ur": "نمبر: <b>{score}/100</b> (کوشش {attempt}، بہترین {best})",
    },
    "next_hint": {"en": "Hint", "ur": "اشارہ"},
    "model_answer": {"en": "A model answer", "ur": "نمونے کا جواب"},
    "judge": {"en": "Reviewer", "ur": "جائزہ"},
    "redacted_note": {
        "en": "🔒 Your prompt contained personal data; it was masked before being stored.",
        "ur": "🔒 آپ کے پرامپٹ میں ذاتی معلومات تھیں؛ محفوظ کرنے سے پہلے چھپا دی گئیں۔",
    },
    "after_attempt": {
        "en": "Press <b>Try again</b> to send an improved prompt, or <b>Next</b> for a new exercise.",
        "ur": "بہتر پرامپٹ بھیجنے کے لیے <b>دوبارہ</b> دبائیں، یا نئی مشق کے لیے <b>اگلی</b>۔",
    },
    "try_again": {"en": "Send your improved prompt.", "ur": "اپنا بہتر پرامپٹ بھیجیں۔"},
    "hint_text": {
        "en": f"💡 <b>Hint {{n}}/{HINTS_PER_EXERCISE}:</b> {{text}}",
        "ur": f"💡 <b>اشارہ {{n}}/{HINTS_PER_EXERCISE}:</b> {{text}}",
    },
    "no_more_hints": {"en": "That was the last hint.", "ur": "یہ آخری اشارہ تھا۔"},
    "all_done": {
        "en": "You have completed every exercise. Well done! /progress shows your results.",
        "ur": "آپ نے تمام مشقیں مکمل کر لیں۔ شاباش! /progress میں نتائج دیکھیں۔",
    },
    "level_usage": {
        "en": f"Usage: /exercise or /exercise {MIN_LEVEL} (levels {MIN_LEVEL}-{MAX_LEVEL}).",
        "ur": f"طریقہ: /exercise یا /exercise {MIN_LEVEL} (سطح {MIN_LEVEL} تا {MAX_LEVEL})۔",
    },
    "cancelled": {"en": "Exercise stopped. Ask me anything.", "ur": "مشق بند۔ کچھ بھی پوچھیں۔"},
    "nothing_to_cancel": {"en": "Nothing to stop.", "ur": "بند کرنے کو کچھ نہیں۔"},
    "exercise_stale": {
        "en": "That button belongs to an older exercise. /exercise starts a new one.",
        "ur": "یہ بٹن پرانی مشق کا ہے۔ نئی مشق کے لیے /exercise۔",
    },
    "progress": {
        "en": (
            "<b>Your progress</b>\nAttempts: {attempts} · completed: {completed}/{total}\n"
            "Unlocked up to level {level} · streak: {streak} day(s)"
        ),
        "ur": (
            "<b>آپ کی پیش رفت</b>\nکوششیں: {attempts} · مکمل: {completed}/{total}\n"
            "سطح {level} تک کھلی · تسلسل: {streak} دن"
        ),
    },
    "progress_level": {
        "en": "Level {level}: {completed}/{exercises} {mark}",
        "ur": "سطح {level}: {completed}/{exercises} {mark}",
    },
    "progress_next": {"en": "Next: {title} (/exercise)", "ur": "اگلی: {title} (/exercise)"},
    "forget_confirm": {
        "en": "This deletes everything stored about you: questions, answers, ratings, exercise attempts and settings. It cannot be undone. Delete?",
        "ur": "یہ آپ کے بارے میں محفوظ ہر چیز مٹا دے گا: سوالات، جوابات، رائے، مشقیں اور ترتیبات۔ یہ واپس نہیں ہو سکتا۔ مٹا دیں؟",
    },
    "forgotten": {
        "en": "Done: {rows} stored records about you were deleted.",
        "ur": "ہو گیا: آپ کے بارے میں {rows} محفوظ ریکارڈ مٹا دیے گئے۔",
    },
    "forget_cancelled": {"en": "Nothing was deleted.", "ur": "کچھ نہیں مٹایا گیا۔"},
    "not_admitted": {
        "en": "This assistant is for invited learners. Send <code>/join CODE</code> with the invite code your trainer gave you.",
        "ur": "یہ معاون صرف مدعو تربیت یافتگان کے لیے ہے۔ تربیت کار کا دیا ہوا کوڈ <code>/join CODE</code> لکھ کر بھیجیں۔",
    },
    "invite_ok": {
        "en": "Welcome! Your invite code was accepted.",
        "ur": "خوش آمدید! آپ کا دعوتی کوڈ قبول ہو گیا۔",
    },
    "invite_unknown": {"en": "That invite code is not valid.", "ur": "یہ دعوتی کوڈ درست نہیں۔"},
    "invite_expired": {
        "en": "That invite code has expired. Ask your trainer for a new one.",
        "ur": "یہ دعوتی کوڈ ختم ہو چکا ہے۔ تربیت کار سے نیا کوڈ لیں۔",
    },
    "invite_used": {
        "en": "That invite code has already been used.",
        "ur": "یہ دعوتی کوڈ پہلے ہی استعمال ہو چکا ہے۔",
    },
    "btn_yes_delete": {"en": "Yes, delete", "ur": "ہاں، مٹا دیں"},
    "btn_cancel": {"en": "Cancel", "ur": "منسوخ"},
    "btn_hint": {"en": "💡 Hint", "ur": "💡 اشارہ"},
    "btn_retry": {"en": "🔁 Try again", "ur": "🔁 دوبارہ"},
    "btn_next": {"en": "➡️ Next", "ur": "➡️ اگلی"},
    "btn_stop": {"en": "✖ Stop", "ur": "✖ بند"},
    "btn_start_exercise": {"en": "📝 Start this exercise", "ur": "📝 یہ مشق شروع کریں"},
    "btn_related": {"en": "📌 Trainer's answer:", "ur": "📌 ٹرینر کا جواب:"},
    "related_gone": {
        "en": "That answer is no longer available. Please ask your question again.",
        "ur": "یہ جواب اب دستیاب نہیں۔ براہِ کرم اپنا سوال دوبارہ پوچھیں۔",
    },
}


def say(key: str, lang: str, /, **values: object) -> str:
    """The HTML text `key` in `lang` (English if unknown), with `values` HTML-escaped into it; in Urdu an
    English value (an exercise's title, a hint) is isolated so it reads left to right in its sentence."""
    escaped = {name: html.escape(str(value), quote=False) for name, value in values.items()}
    if lang == "ur":
        escaped = {name: isolate(str(values[name]), text) for name, text in escaped.items()}
    return _template(key, lang).format(**escaped)


def _template(key: str, lang: str) -> str:
    texts = TEXTS[key]
    return texts["ur"] if lang == "ur" else texts["en"]


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
