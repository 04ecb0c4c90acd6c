"""A small course-and-policy corpus written into a folder, so tests never need ../shared."""

from __future__ import annotations

from pathlib import Path

DOCS: dict[str, str] = {
    "course/settings.md": """---
title: Model settings
---
# Model settings

## Temperature
Temperature controls how random the output is. A lower temperature gives more deterministic answers,
which suits fact-based questions; a higher temperature gives more creative text.

## Stop sequences
A stop sequence is a string that makes the model stop generating. To limit a list to ten items,
add "11" as a stop sequence so the model stops before the eleventh item.
""",
    "course/few-shot.mdx": """import { Callout } from 'nextra/components'

# Few-shot prompting

Few-shot prompting puts a handful of worked examples in the prompt, so the model copies the pattern.

<Callout type="info">
Zero-shot prompting gives no examples at all; few-shot helps when zero-shot fails.
</Callout>

```python
# not a heading: a comment inside code
prompt = "Great product! // Positive"
```
""",
    "course/delimiters.md": """# Delimiters

## Separating instructions from data
Put the instruction at the beginning of the prompt and use delimiters such as ### or triple quotes
to separate the instruction from the text it should work on. Delimiters also make prompt injection harder,
because the pasted text is clearly marked as data.
""",
    "policy/national-ai-policy.txt": """National AI Policy 2025

The federal cabinet approved the National AI Policy 2025. The policy plans Centres of Excellence in AI
in major cities and aims to train one million people in AI skills by 2030.

The Ministry of IT will run 25 new courses on prompt engineering and AI tools for civil servants.
""",
    "policy/urdu-summary.md": """---
title: قومی مصنوعی ذہانت پالیسی
language: ur
---
قومی مصنوعی ذہانت پالیسی 2025 کے تحت سرکاری افسران کے لیے پچیس نئے کورس شروع کیے جائیں گے۔
""",
}


def write_corpus(root: Path) -> Path:
    """Write `DOCS` under `root` and return it."""
    for relative, text in DOCS.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
