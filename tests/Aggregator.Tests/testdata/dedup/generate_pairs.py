#!/usr/bin/env python3
"""Builds pairs.json, the labelled duplicate / distinct set for DuplicatePolicyEvaluationTests.

Base texts: the real teasers in ../shared/samples beside the repository (In Defence of Marxism, Popular Resistance)
and the hand-written articles in articles.json. Positives mangle a base the way syndication does;
negatives are different articles, chosen to be hard (same event, same series, same generic title,
one shared quotation). Deterministic: run it again and pairs.json is byte-identical.

    python3 generate_pairs.py ../shared/samples > pairs.json   # from the repository root
"""
import html
import itertools
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# ../shared/samples beside the repository, which is four folders up from here.
SAMPLES = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, *[".."] * 5, "shared", "samples")
rng = random.Random(20261123)

# Titles written for the In Defence of Marxism teasers, which the listing shows without titles.
MARXIST_TITLES = [
    "Free Rawal Asad: Solidarity Campaign Grows Around The World",
    "Marxist Student Federation Conference Discusses The Coup In Venezuela",
    "Hands Off Venezuela: IMT Statement Against The Imperialist Coup",
    "Alan Woods On teleSUR: Britain Is Backing The Coup In Venezuela",
    "Venezuela: The Humanitarian Aid Provocation On The Colombian Border",
    "Morocco Backs Guaido: The Kingdom Joins The Imperialist Coup",
    "US Sanctions On PDVSA: Trump Goes In For The Kill",
    "Regime Change In Venezuela: What Socialists Must Do",
    "Jorge Martin Explains The Imperialist Coup Attempt In Venezuela",
    "Coup D'etat Underway In Venezuela: Guaido Takes The Oath",
    "Venezuela: The Coup Reaches A Key Stage Today",
    "Venezuela: An Imperialist Coup Attempt Is Underway",
    "Venezuelan Communist Leader Luis Fajardo Murdered",
]
OUTLETS = ["Popular Resistance", "In Defence of Marxism", "Orinoco Tribune", "Peoples Dispatch",
           "Kawsachun News", "MR Online", "Venezuelanalysis", "Internationalist 360"]
CAPTIONS = [
    "Supporters of the government gather outside the presidential palace on Saturday.",
    "Soldiers stand guard in the city centre as protesters look on.",
    "Demonstrators carry flags and banners during the march.",
    "A man reads a newspaper at a kiosk in the capital.",
]


def read_samples():
    bases = []
    marxist = open(os.path.join(SAMPLES, "000_44fc27ac66db4b39.txt"), encoding="utf-8").read()
    paras = [p.strip() for p in marxist.split("\n\n") if p.strip()]
    for i, (title, p) in enumerate(zip(MARXIST_TITLES, paras)):
        bases.append({"id": f"imt-{i:02d}", "group": f"imt-{i:02d}", "title": title, "paragraphs": [p]})
    pr = open(os.path.join(SAMPLES, "002_2204dce29aff7d18.txt"), encoding="utf-8").read()
    lines = [l.strip() for l in pr.split("\n") if l.strip()]
    lines = lines[lines.index("Coups") + 1:]
    lines = lines[:lines.index("Urgent End Of Year Fundraising Campaign")]
    for i in range(0, len(lines) - 1, 2):
        bases.append({"id": f"pr-{i // 2:02d}", "group": f"pr-{i // 2:02d}", "title": lines[i], "paragraphs": [lines[i + 1]]})
    return bases


def sentences(text):
    out, start = [], 0
    for m in re.finditer(r"[.!?][\u201d\"\u2019']?\s+(?=[A-Z\u201c\"\u2018])", text):
        out.append(text[start:m.end()].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def plain(paragraphs):
    return "\n\n".join(paragraphs)


def as_html(paragraphs):
    def enc(p):
        p = html.escape(p, quote=False).replace("\u2019", "&#8217;").replace("\u201c", "&#8220;").replace("\u201d", "&#8221;")
        return p.replace(", ", ",&nbsp;", 1)
    return "".join(f"<p>{enc(p)}</p>\n" for p in paragraphs)


def straight(text):
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')


def guillemets(text):
    text = re.sub(r"\u201c([^\u201d]*)\u201d", "\u00ab\\1\u00bb", text)
    return re.sub(r'"([^"]*)"', "\u201e\\1\u201c", text)


def teaser_words(paragraphs, minimum=25):
    """The first sentences of the text, at least `minimum` words: what a feed's excerpt shows."""
    out = []
    for s in sentences(" ".join(paragraphs)):
        out.append(s)
        if len(" ".join(out).split()) >= minimum:
            break
    return " ".join(out)


def words(paragraphs):
    return len(" ".join(paragraphs).split())


def recase(title):
    return rng.choice([title.upper(), title.lower(), title.title(), title[0] + title[1:].lower()])


def outlet():
    return rng.choice(OUTLETS)


# Each mangle returns (title, body) for a copy of the base, or None when it does not apply.
def m_case_quotes_footer(b):
    t = recase(straight(b["title"]))
    return t, straight(plain(b["paragraphs"])) + f"\n\nThe post {b['title']} appeared first on {outlet()}."

def m_html_continue(b):
    return b["title"], as_html(b["paragraphs"]) + f'<p><a href="https://example.org/x">Continue reading <span class="meta-nav">&rarr;</span></a></p>'

def m_teaser(b):
    t = teaser_words(b["paragraphs"])
    if len(t.split()) >= words(b["paragraphs"]) - 5:
        return None
    return b["title"], t + rng.choice([" [\u2026]", " [&hellip;]", "\u2026", " ...", " Read more"])

def m_teaser_html(b):
    t = teaser_words(b["paragraphs"], 40)
    if len(t.split()) >= words(b["paragraphs"]) - 5:
        return None
    return recase(b["title"]), f"<p>{html.escape(t, quote=False)} [&#8230;]</p><p>The post {html.escape(b['title'])} appeared first on {outlet()}.</p>"

def m_caption_source(b):
    body = as_html(b["paragraphs"])
    fig = f'<figure><img src="https://example.org/p.jpg" alt=""><figcaption>{rng.choice(CAPTIONS)} Photo: Reuters</figcaption></figure>'
    return b["title"], fig + body + "<p>(Source: teleSUR English)</p>"

def m_photo_credit_line(b):
    return b["title"], "Photo: " + rng.choice(["Reuters / Leonardo Fernandez", "teleSUR", "AFP", "Prensa Presidencial"]) + "\n\n" + plain(b["paragraphs"])

def m_drop_note(b):
    p = list(b["paragraphs"])
    if len(p) >= 3:
        del p[rng.randrange(1, len(p))]
    else:
        s = sentences(p[0])
        if len(s) < 4:
            return None
        p = [" ".join(s[:-1])]
    note = "Editor\u2019s note: this article has been updated with the latest figures."
    return b["title"], note + "\n\n" + plain(p) + f"\n\nThis article was originally published on {outlet()}."

def m_quotes_share(b):
    return b["title"], guillemets(plain(b["paragraphs"])) + "\n\nShare this:\nFacebook | Twitter | Email\n\nRead more \u00bb"

def m_unmarked_caption(b):
    return b["title"], rng.choice(CAPTIONS) + "\n\n" + plain(b["paragraphs"])

def m_cut_midword(b):
    text = plain(b["paragraphs"])
    if len(text) < 320:
        return None
    cut = 240 + rng.randrange(60)
    while text[cut].isalpha() and text[cut - 1].isalpha() is False:
        cut += 1
    return b["title"], text[:cut].rstrip() + "\u2026"

def m_retitled(b):
    return rng.choice(["Venezuela: ", "Analysis: ", "Latin America: ", "Opinion | "]) + b["title"], plain(b["paragraphs"]) + "\n\nRead the full article at " + outlet()

def m_title_only(b):
    if len(re.findall(r"\w+", b["title"])) < 6:
        return None
    return b["title"].upper() if rng.random() < 0.5 else b["title"], None

# A syndicator's copy edit: house spelling, a few synonyms, one sentence cut for length.
COPY_EDITS = {"said": "stated", "mobilised": "mobilized", "mobilized": "mobilised", "organisations": "organizations",
              "organisation": "organization", "armoured": "armored", "neighbourhoods": "neighborhoods",
              "defence": "defense", "favour": "favor", "percent": "per cent", "government": "administration",
              "United States": "US", "U.S.": "US", "president": "President", "people": "population",
              "announced": "declared", "thousands": "thousands upon thousands", "however": "but"}

def m_copyedit(b):
    text = plain(b["paragraphs"])
    for old, new in COPY_EDITS.items():
        text = re.sub(r"\b" + re.escape(old) + r"\b", new, text)
    paras = [sentences(p) for p in text.split("\n\n")]
    flat = [(i, j) for i, p in enumerate(paras) for j in range(len(p))]
    if len(flat) >= 4:
        i, j = flat[rng.randrange(1, len(flat))]
        del paras[i][j]
    return b["title"], "\n\n".join(" ".join(p) for p in paras if p)

MANGLES = [m_copyedit, m_case_quotes_footer, m_html_continue, m_teaser, m_teaser_html, m_caption_source, m_photo_credit_line,
           m_drop_note, m_quotes_share, m_unmarked_caption, m_cut_midword, m_retitled, m_title_only]

pairs = []

def add(kind, dup, a, b, note):
    pairs.append({"id": f"p{len(pairs) + 1:04d}", "kind": kind, "duplicate": dup,
                  "a": {"title": a[0], "body": a[1]}, "b": {"title": b[0], "body": b[1]}, "note": note})

bases = read_samples() + json.load(open(os.path.join(HERE, "articles.json"), encoding="utf-8"))["articles"]
by_id = {b["id"]: b for b in bases}
original = lambda b: (b["title"], plain(b["paragraphs"]))

# Positives: every mangle against the original, and two mangles against each other.
for b in bases:
    made = []
    for m in MANGLES:
        copy = m(b)
        if copy is None:
            continue
        add("dup:" + m.__name__[2:], True, original(b), copy, b["id"])
        made.append((m.__name__[2:], copy))
    full = [(n, c) for n, c in made if n not in ("teaser", "teaser_html", "cut_midword", "title_only")]
    x, y = rng.sample(full, 2)
    add(f"dup:{x[0]}~{y[0]}", True, x[1], y[1], b["id"])

# Hard negatives: distinct reports of one event, series, generic titles, shared quotation.
groups = {}
for b in bases:
    groups.setdefault(b["group"], []).append(b)
for g, members in groups.items():
    for a, b in itertools.combinations(members, 2):
        add("distinct:" + g, False, original(a), original(b), f"{a['id']} vs {b['id']}")
        for m in (m_teaser, m_case_quotes_footer, m_html_continue):
            copy = m(b)
            if copy is not None:
                add(f"distinct:{g}:{m.__name__[2:]}", False, original(a), copy, f"{a['id']} vs {b['id']} mangled")

# The series' first paragraph is the same boilerplate intro every week: a teaser of week 12 is
# fully contained in week 13 and only the title tells them apart.
s12, s13 = by_id["series-12"], by_id["series-13"]
add("distinct:series-intro-teaser", False, original(s13), (s12["title"], s12["paragraphs"][0] + " [\u2026]"), "series intro")
add("distinct:series-intro-teaser", False, (s13["title"], s13["paragraphs"][0] + "\u2026"), (s12["title"], s12["paragraphs"][0] + " [\u2026]"), "series intro both")
# Two outlets' different articles under one long headline: the bodies contradict the title match.
ba, bc = by_id["bolivia-a"], by_id["bolivia-c"]
add("distinct:same-long-title", False, original(ba), (ba["title"], plain(bc["paragraphs"])), "same title, other text")
add("distinct:same-long-title", False, (ba["title"].upper(), teaser_words(bc["paragraphs"], 8)), original(ba), "other teaser vs full text")
# A short item made mostly of a quotation that a longer, different article also carries.
qa, qb = by_id["quote-a"], by_id["quote-b"]
add("distinct:quote-item", False, ("Maduro: MAS Split In Bolivia Serves The Empire", qa["paragraphs"][1] + " Maduro offered to host a meeting of the two leaders in Caracas."), original(qb), "quote item vs other article")
add("distinct:quote-item", False, ("Maduro On The MAS Split", qa["paragraphs"][1]), original(qb), "bare quote vs other article")
# Short generic titles with no text.
add("distinct:generic-title-only", False, ("Weekly roundup", None), ("Weekly Roundup", None), "title only")
add("distinct:generic-title-only", False, ("News in brief", ""), ("NEWS IN BRIEF", "<p></p>"), "title only")
add("distinct:generic-title-only", False, ("Weekly roundup", None), original(by_id["roundup-1"]), "title only vs full")
add("distinct:generic-title-only", False, ("News in brief", None), original(by_id["brief-2"]), "title only vs full")

# Different articles on the same beat (every listing pair of each real sample file).
for prefix in ("imt-", "pr-"):
    same_file = [b for b in bases if b["id"].startswith(prefix)]
    for a, b in itertools.combinations(same_file, 2):
        add("distinct:same-listing", False, original(a), original(b), f"{a['id']} vs {b['id']}")
# Mangled copies of one sample against other samples, so negatives carry furniture too.
samples = [b for b in bases if b["id"].startswith(("imt-", "pr-"))]
for a in samples:
    b = rng.choice([s for s in samples if s is not a])
    m = rng.choice(MANGLES[:-1])
    copy = m(b)
    if copy is not None:
        add("distinct:mangled-other:" + m.__name__[2:], False, original(a), copy, f"{a['id']} vs {b['id']} mangled")

json.dump({"generator": "generate_pairs.py", "pairs": pairs}, sys.stdout, ensure_ascii=False, indent=1)
sys.stdout.write("\n")
