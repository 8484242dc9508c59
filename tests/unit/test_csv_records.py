"""COPY writes CSV records ending in LF; exports end them in CRLF, leaving line feeds inside quoted cells."""

from __future__ import annotations

import csv
import io

from projections.findings import crlf_records


def test_record_ends_become_crlf_and_quoted_line_feeds_stay() -> None:
    text = b'a,"two\nlines",""\nb,"say ""hi""\n",x\nc,plain,y\n'
    # Cut everywhere, including inside quotes and between a quote pair.
    for cut in range(1, len(text)):
        out = b"".join(crlf_records([text[:cut], text[cut:]]))
        assert out == b'a,"two\nlines",""\r\nb,"say ""hi""\n",x\r\nc,plain,y\r\n', cut
    rows = list(csv.reader(io.StringIO(out.decode(), newline="")))
    assert rows == [["a", "two\nlines", ""], ["b", 'say "hi"\n', "x"], ["c", "plain", "y"]]
