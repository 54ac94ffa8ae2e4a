"""Realistic news pages written for the benchmarks and the fault suite, at the real-news corpus's length.

Items imitate scraped topic-feed pages (about 2,000 characters): navigation and byline lines, a headline, several
event sentences about a few busy tracks, background recalled as fact, hedged plans, market colour and look-alike
news, all in sentences written for this project. Seeded, so every run sees the same items.
"""

import random

TRACKS = [("Nvidia", "H20", "China"), ("Nvidia", "H200", "China"), ("AMD", "MI308", "China"),
          ("Nvidia", "GB300", "the United Arab Emirates"), ("ASML", "NXT:2050i", "China"),
          ("Lam Research", "chipmaking equipment", "China"), ("Nvidia", "H100", "Saudi Arabia")]
FURNITURE = [
    "Home | Markets | Technology | Policy | Opinion",
    "By Staff Reporter | {date}",
    "Share this article",
    "Advertisement",
    "Sign up for our daily briefing",
    "Read more: Chip stocks in focus as earnings season opens",
    "Updated 3 hours ago",
]
EVENTS = [
    "The Commerce Department granted {company} licences on {weekday} to ship the {chip} to customers in {country}.",
    "{company} said the U.S. government had informed it that exports of the {chip} to {country} now require a licence.",
    "{company} has applied for export licences covering the {chip} for buyers in {country}, the company said.",
    "Applications to sell the {chip} to {country} are still under review in Washington, two officials said.",
    "Officials assured {company} that licences for the {chip} to {country} would be granted within weeks.",
    "Regulators revoked the licences {company} had held to supply the {chip} to {country}.",
    "The bureau denied a request by {company} to ship the {chip} to {country} last month.",
    "Washington lifted the licence requirement on the {chip} for {country} after talks with {company}.",
]
BACKGROUND = [
    "In April the administration restricted sales of the {chip} to {country}, citing security concerns.",
    "Earlier this year {company} was barred from shipping the {chip} to {country} without a licence.",
    "The {chip} was designed to stay within earlier limits on exports to {country}.",
]
HEDGED = [
    "{company} may seek further approvals if demand in {country} holds up, analysts said.",
    "Lawmakers have urged the White House to consider new curbs on the {chip}.",
    "It was not clear whether the licences would cover newer parts.",
]
COLOUR = [
    "Shares of {company} rose 2% in early trading after the announcement.",
    "Analysts expect demand for data-centre accelerators to stay strong through next year.",
    "The company declined to comment on individual customers or order volumes.",
    "Supply of advanced packaging capacity remains tight across the industry.",
    "Separately, the government announced new tariffs on imported steel and aluminium.",
    "Customs officers seized a shipment of gaming cards at the border, local media reported.",
    "The quarterly report showed revenue ahead of the consensus estimate, with margins steady.",
    "Industry groups have lobbied for clearer rules on what can be shipped and to whom.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
PAGE_CHARS = 2000


def make_page(n: int, rng: random.Random) -> dict:
    company, chip, country = rng.choice(TRACKS)
    day = f"2025-0{1 + n % 9}-1{n % 9}"
    fill = {"company": company, "chip": chip, "country": country, "weekday": rng.choice(WEEKDAYS), "date": day}
    lines = [line.format(**fill) for line in rng.sample(FURNITURE, 3)]
    paragraph = [rng.choice(EVENTS).format(**fill) for _ in range(rng.randint(1, 3))]
    paragraph += [rng.choice(BACKGROUND).format(**fill), rng.choice(HEDGED).format(**fill)]
    while len(" ".join(lines + paragraph)) < PAGE_CHARS:
        paragraph.append(rng.choice(COLOUR).format(**fill))
    rng.shuffle(paragraph)
    body = "\n".join(lines) + "\n\n" + "\n\n".join(" ".join(paragraph[i:i + 3]) for i in range(0, len(paragraph), 3))
    return {
        "url": f"https://bench.example/{n}",
        "title": f"{company} {chip} licences for {country}: update {n}",
        "published": f"{day}T10:00:00Z",
        "body": body[:PAGE_CHARS + 200],
        "source": "Bench Wire",
    }


def make_items(count: int, seed: int = 7):
    rng = random.Random(seed)
    return [make_page(n, rng) for n in range(count)]
