#!/usr/bin/env python3
"""Writes v1.db ... v6.db: one SQLite store per schema version the program has shipped.

Each file is built from the repository's own history, not from today's code: for version N,
the migration steps, the outlet-state upsert, the article INSERT and the topic INSERT are read
from the commit that first shipped schema N (`git log -S` on SqliteMigrations.cs), and run
as that version ran them. Run from anywhere inside the repository:

    python3 tests/Aggregator.Tests/testdata/store/make-fixtures.py

Signatures and fingerprints (versions 3 and later) are well-formed (24 bytes, 16 hex digits)
but not computed with the C# algorithm; the program only reads them back.
"""
import hashlib, os, re, sqlite3, subprocess, textwrap

COMMITS = ["a0132dd", "3d89568", "c235edb", "b167826", "35e5f43", "94e29e0"]
HERE = os.path.dirname(os.path.abspath(__file__))
T0 = 1763884800000  # 2025-11-23T08:00:00Z in Unix ms

def show(commit, path):
    return subprocess.run(["git", "show", f"{commit}:{path}"], check=True, capture_output=True, text=True, cwd=HERE).stdout

def raw_strings(text):
    return [textwrap.dedent(s) for s in re.findall(r'"""\n(.*?)\n\s*"""', text, re.S)]

def article_id(outlet, identity):
    digest = hashlib.sha256((outlet + "\n" + identity).encode()).digest()
    alphabet, bits, count, i, out = "abcdefghijklmnopqrstuvwxyz234567", 0, 0, 0, ""
    while len(out) < 20:
        if count < 5:
            bits = (bits << 8) | digest[i]; i += 1; count += 8
        count -= 5
        out += alphabet[(bits >> count) & 31]
    return out

OUTLETS = [
    dict(id="popular-resistance", etag='"pr-1"', last_modified="Mon, 02 Dec 2024 10:00:00 GMT", status=200, structure=None),
    dict(id="kawsachun-news", etag=None, last_modified=None, status=200, structure="detected 2 items via article h2 a"),
]
ARTICLES = [
    # outlet, guid, url, title, published (ms), topics
    ("popular-resistance", "pr-1", "https://popularresistance.org/venezuela-coup/", "Venezuela: It Was A US-Led Coup All Along", T0 - 3600_000, ["all", "venezuela", "coups"]),
    ("popular-resistance", None, "https://popularresistance.org/bolivia-vote/", "Bolivia Votes", None, ["all", "bolivia"]),
    ("kawsachun-news", None, "https://popularresistance.org/venezuela-coup/", "US-Led Coup in Venezuela, Again", T0 - 1800_000, ["all", "venezuela", "coups"]),
]

def build(version, commit):
    path = os.path.join(HERE, f"v{version}.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    steps = raw_strings(show(commit, "src/Aggregator/Store/Sqlite/SqliteMigrations.cs"))
    assert len(steps) == version, (commit, len(steps))
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    for i, step in enumerate(steps):
        db.execute("BEGIN")
        for statement in split(step):
            db.execute(statement)
        db.execute(f"PRAGMA user_version = {i + 1}")
        db.execute("COMMIT")
    outlets_sql = re.search(r"(INSERT INTO outlets .*?;)\n", show(commit, "src/Aggregator/Store/Sqlite/SqliteStore.Outlets.cs"), re.S).group(1)
    articles_sql = re.search(r"(INSERT INTO articles .*?)\s*RETURNING seq;", show(commit, "src/Aggregator/Store/Sqlite/SqliteStore.Articles.cs"), re.S).group(1)
    topics_sql = re.search(r'"(INSERT OR IGNORE INTO article_topics [^"]*)"', show(commit, "src/Aggregator/Store/Sqlite/SqliteStore.Topics.cs")).group(1)
    db.execute("BEGIN")
    for o in OUTLETS:
        db.execute(outlets_sql, dict(id=o["id"], etag=o["etag"], last_modified=o["last_modified"], attempt=T0, ok=1, status=o["status"],
            next_due=T0 + 1800_000, error=None, resolved=None, notice=None, gone=None, structure=o["structure"],
            interval_note=None, hint=None, websub_hub=None, websub_topic=None))
    first_by_url = {}
    for n, (outlet, guid, url, title, published, topics) in enumerate(ARTICLES):
        aid = article_id(outlet, guid or url)
        same = first_by_url.get(url) if first_by_url.get(url, (None,))[0] != outlet else None
        summary = f"<p>{title}: what the media campaign left out.</p>"
        now = T0 + n * 60_000
        values = dict(id=aid, outlet=outlet, source=guid, url=url, link=url, title=title, summary=summary, content=None, author=None,
            published=published, updated=None, now=now, sort=published or now, categories="[]", enclosures="[]", image=None,
            hash=hashlib.sha256(f"{url}\x1f{title}".encode()).hexdigest()[:32].upper(),
            fingerprint=hashlib.sha256(title.encode()).hexdigest()[:16], signature=hashlib.sha256(summary.encode()).digest()[:24],
            cluster=same[1] if same else None, dup_of=same[2] if same else None, dup_level="same-url" if same else None,
            dup_similarity=1.0 if same else None, dup_reason="same canonical URL" if same else None)
        db.execute(articles_sql, values)
        seq, cluster = db.execute("SELECT seq, cluster_id FROM articles WHERE id = ?", (aid,)).fetchone()
        first_by_url.setdefault(url, (outlet, cluster, aid))
        for topic in topics:
            db.execute(topics_sql, dict(topic=topic, seq=seq, sort=published or now))
    db.execute(f"INSERT INTO settings (key, value) VALUES ('topics-hash', 'fixture-v{version}')")
    db.execute("COMMIT")
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()

def split(script):
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip()); current = ""
    return [s for s in statements if s]

for version, commit in enumerate(COMMITS, start=1):
    build(version, commit)
    print(f"v{version}.db from {commit}")
