"""The texts of the outside splits drawn from a public collection of Russian news-channel posts.

The splits `tg1`, `tg2`, … (bench/outside_eval/annotations.jsonl) annotate posts of Russian
news channels on Telegram (BBC News Russian, RIA Novosti, Mash, SHOT, 112 and others) as kept in
the public repository github.com/NKTKLN/telegram-news-classifier (`data/raw/*.json`, collected
2023-2024). The posts are not in this repository. Bring that repository here (the tool's
`fetch`, then `git archive HEAD data/raw | tar -x -C DIR`) and write the texts the annotations
name, each checked against its SHA-256, to a directory that `extract_outside.py` reads:

    .venv/bin/python bench/outside_eval/telegram_posts.py DIR OUT_DIR
    .venv/bin/python bench/extract_outside.py OUT_DIR --split tg1

`--candidates N` lists the first N posts, in a fixed order (by the SHA-256 of their text),
that report people killed, wounded or missing in violence (an attack, a strike, shelling,
an explosion, a shooting): how the splits were drawn, before anyone ran the extractor on them.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

ANNOTATIONS = Path(__file__).resolve().parent / "annotations.jsonl"

sys.path.insert(0, str(Path(__file__).resolve().parent))
from public_texts import write_annotated  # noqa: E402  (the script beside this one)

_TOLL = re.compile(r"погиб|погибш|убит|ранен|пострадав|пострадал|пропал[аио]? без вести", re.I)
_VIOLENCE = re.compile(
    r"удар|обстрел|атак|взрыв|беспилотник|дрон|ракет|стрельб|стрелял|теракт|снаряд|бомб", re.I
)


def post_text(message: dict[str, Any]) -> str:
    """A post's text as the annotators read it: stripped, one final newline."""
    return str(message.get("text") or "").strip() + "\n"


def post_id(message: dict[str, Any], file: Path) -> str:
    return f"ru-tg-{file.stem.split('_')[0]}-{message['message_id']}"


def load_posts(raw: Path) -> dict[str, tuple[str, Path]]:
    """Post id -> (text, file), over every channel file of the collection."""
    files = sorted((raw / "data" / "raw").glob("*_messages.json"))
    if not files:
        sys.exit(f"error: no data/raw/*_messages.json under {raw}")
    posts: dict[str, tuple[str, Path]] = {}
    for file in files:
        for message in json.loads(file.read_text("utf-8")):
            posts[post_id(message, file)] = (post_text(message), file)
    return posts


def candidates(posts: dict[str, tuple[str, Path]], n: int) -> list[str]:
    """The first `n` posts on violence with a toll, by the SHA-256 of their text; one post of
    each text."""
    seen: set[str] = set()
    found = []
    for pid, (text, _) in posts.items():
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest in seen or not 250 <= len(text) <= 2500:
            continue
        if _TOLL.search(text) and _VIOLENCE.search(text):
            seen.add(digest)
            found.append((digest, pid))
    return [pid for _, pid in sorted(found)[:n]]


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        sys.exit(__doc__)
    posts = load_posts(Path(argv[0]))
    if argv[1] == "--candidates":
        if len(argv) > 2 and not argv[2].isdigit():
            sys.exit(f"error: --candidates takes a number, not {argv[2]!r}")
        for pid in candidates(posts, int(argv[2]) if len(argv) > 2 else 40):
            print(pid)
        return 0
    texts = {pid: text for pid, (text, _) in posts.items()}
    return write_annotated(texts, "ru-tg-", Path(argv[1]), ANNOTATIONS)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
