"""The trainer console's core: accounts, the question-log views, curated answers, knowledge gaps,
exercise progress, CSV export and the audit log. The web routes only parse, call these and format."""
