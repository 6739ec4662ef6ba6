"""Schemathesis hooks for tests/test_api_contract.py (loaded through ``SCHEMATHESIS_HOOKS``).

The upload route checks a file's first bytes against the type its part declares, which JSON
Schema cannot say of a binary string. These media-type strategies (schemathesis' public
``openapi.media_type``) make every file the fuzzer uploads a file of the type it declares: the
format's signature, then arbitrary bytes. A format added to agent/uploads.py without a
signature here fails at import, so the fuzzer keeps covering every accepted type.
"""

from __future__ import annotations

import schemathesis
from hypothesis import strategies as st

from agent.uploads import FORMATS, sniff

SIGNATURES = {
    "audio/wav": b"RIFF\x24\x00\x00\x00WAVEfmt ",
    "audio/mpeg": b"ID3\x04\x00\x00",
    "audio/ogg": b"OggS\x00\x02",
    "audio/webm": b"\x1a\x45\xdf\xa3",
    "audio/flac": b"fLaC\x00\x00\x00\x22",
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/jpeg": b"\xff\xd8\xff\xe0",
    "image/webp": b"RIFF\x1a\x00\x00\x00WEBPVP8L",
    "video/mp4": b"\x00\x00\x00\x18ftypmp42",
    "application/x-bvh": b"HIERARCHY\nROOT Hips\n",
}

for fmt in FORMATS:
    head = SIGNATURES[fmt.mime]
    assert sniff(head.ljust(16, b"\x00"), fmt), f"the signature sample of {fmt.mime} does not match its format"
    schemathesis.openapi.media_type(fmt.mime, st.binary(max_size=512).map(lambda tail, head=head: head + tail),
                                    aliases=fmt.aliases)
