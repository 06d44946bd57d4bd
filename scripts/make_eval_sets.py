"""Generate the labelled sets of other shapes beside eval/labelled.jsonl.

Each set is read like the first (one JSON object a line: ``key``, ``text``, ``language``,
``section``, ``organisation``, ``topic``, ``campaign``) and each has a shape of its own:

- ``eval/sv15.jsonl``: the topics and campaigns of ``labelled.jsonl``, but only about 15 %
  of the comments in Swedish (a rare language, where a language's mean vector is uncertain);
- ``eval/small-points.jsonl``: 40 points raised by 2–4 comments each, in both languages,
  written for this set (not the topics of the first set), and one campaign;
- ``eval/three-points.jsonl``: long comments of three paragraphs, each paragraph a point of
  a different topic. Each line also has ``parts``: the paragraphs with their own ``topic``,
  so a method that splits a comment can be scored per part and one that does not is scored
  by giving every part its comment's cluster.

Deterministic (seed 2026 + the set's number; ``--seed`` draws held-out sets of the same
shapes from the same formulations).

    python scripts/make_eval_sets.py [--out-dir eval] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from make_eval_set import CAMPAIGNS, OPENERS_EN, OPENERS_SV, ORGS, TOPICS  # noqa: E402

# point: (section, English formulations, Swedish formulations). Each formulation says the
# point in its own words; a point is raised by two to four comments.
SMALL_POINTS: dict[str, tuple[str, list[str], list[str]]] = {
    "glossary_order": (
        "Annex A",
        [
            "Sort the glossary in alphabetical order so that readers can find a term.",
            "The terms in Annex A are in no order at all; list them alphabetically.",
        ],
        [
            "Ordlistan i bilaga A bör sorteras i bokstavsordning.",
            "Begreppen i bilagan står huller om buller, ordna dem alfabetiskt.",
        ],
    ),
    "pilot_length": (
        "2.2",
        [
            "A pilot of six months is too short to test a new health technology.",
            "Allow pilots to run for two years; six months does not show real effects.",
        ],
        [
            "Sex månader är för kort tid för ett pilotprojekt med ny teknik.",
            "Pilotprojekten bör få pågå i två år, inte bara sex månader.",
        ],
    ),
    "accessibility_pdf": (
        "1.3",
        [
            "Publish the guidance as an accessible web page, not only as a PDF.",
            "A PDF is hard to read with a screen reader; provide an accessible HTML version.",
        ],
        [
            "Vägledningen bör publiceras som tillgänglig webbsida och inte bara som PDF.",
            "En PDF fungerar dåligt med skärmläsare, ta fram en tillgänglig HTML-version.",
        ],
    ),
    "translation_english": (
        "1.3",
        [
            "Translate the guidance into English for suppliers from other countries.",
            "Foreign suppliers need an English translation of this guidance.",
        ],
        [
            "Översätt vägledningen till engelska för utländska leverantörer.",
            "Leverantörer från andra länder behöver en engelsk översättning av texten.",
        ],
    ),
    "template_contract": (
        "4.2",
        [
            "Attach a model contract for innovation partnerships as an annex.",
            "Buyers would benefit from a contract template for the innovation partnership.",
        ],
        [
            "Bifoga ett mallavtal för innovationspartnerskap som bilaga.",
            "Upphandlare behöver en avtalsmall för innovationspartnerskap.",
        ],
    ),
    "gdpr_data": (
        "4.4",
        [
            "Explain how personal data may be processed during a pilot under the GDPR.",
            "The guidance is silent on GDPR when pilots handle personal data of patients.",
        ],
        [
            "Förklara hur personuppgifter får behandlas under en pilot enligt GDPR.",
            "Vägledningen säger inget om GDPR när piloter hanterar patienters personuppgifter.",
        ],
    ),
    "security_classified": (
        "4.4",
        [
            "Innovation procurement in defence needs rules for classified information.",
            "Say how security-classified information is handled when buyers talk to suppliers.",
        ],
        [
            "Upphandling inom försvaret behöver regler för säkerhetsskyddsklassificerade uppgifter.",
            "Beskriv hur säkerhetsskyddsklassad information hanteras i dialogen med leverantörer.",
        ],
    ),
    "award_quality": (
        "3.4",
        [
            "Award criteria should give quality at least sixty per cent of the weight.",
            "Price gets too much weight in the award; let quality count for sixty per cent.",
        ],
        [
            "Kvalitet bör väga minst sextio procent vid tilldelningen.",
            "Priset väger för tungt vid tilldelning, låt kvaliteten väga sextio procent.",
        ],
    ),
    "negotiated_procedure": (
        "3.5",
        [
            "The chapter on procedures should explain the competitive procedure with negotiation.",
            "Add an example of when buyers may negotiate with tenderers in the competitive procedure.",
        ],
        [
            "Kapitlet om förfaranden bör förklara förhandlat förfarande med föregående annonsering.",
            "Ge ett exempel på när förhandlat förfarande med annonsering får användas.",
        ],
    ),
    "timeline_figure": (
        "2.4",
        [
            "A figure showing the timeline of an innovation procurement would help readers.",
            "Please draw the phases of the procurement on a time axis.",
        ],
        [
            "En figur som visar tidslinjen för en innovationsupphandling skulle hjälpa läsaren.",
            "Rita upphandlingens faser längs en tidsaxel.",
        ],
    ),
    "regions_role": (
        "1.4",
        [
            "The role of the regions in health care innovation is missing from chapter one.",
            "Regions run hospitals and should be named as buyers of health innovation.",
        ],
        [
            "Regionernas roll i innovation inom hälso- och sjukvården saknas i kapitel ett.",
            "Regionerna driver sjukhusen och bör nämnas som köpare av innovationer i vården.",
        ],
    ),
    "ai_systems": (
        "4.5",
        [
            "Buying artificial intelligence needs its own section with requirements on transparency.",
            "Add guidance on procuring AI systems, including explainability and bias testing.",
        ],
        [
            "Upphandling av artificiell intelligens behöver ett eget avsnitt med krav på transparens.",
            "Lägg till vägledning om att upphandla AI-system, med krav på förklarbarhet och test av partiskhet.",
        ],
    ),
    "open_source": (
        "4.5",
        [
            "Encourage buyers to require open source code for software developed with public money.",
            "Software paid for by the public should be released as open source.",
        ],
        [
            "Uppmuntra köpare att kräva öppen källkod för programvara som utvecklas med offentliga medel.",
            "Programvara som betalas av det allmänna bör släppas som öppen källkod.",
        ],
    ),
    "carbon_footprint": (
        "5.4",
        [
            "Ask tenderers to report the carbon footprint of their solution over its life.",
            "Lifetime greenhouse gas emissions should be an award criterion.",
        ],
        [
            "Be anbudsgivarna redovisa lösningens klimatavtryck under hela livslängden.",
            "Utsläppen av växthusgaser under livscykeln bör vara ett tilldelningskriterium.",
        ],
    ),
    "reference_projects": (
        "3.4",
        [
            "Demanding three reference projects excludes new suppliers; drop the requirement.",
            "Reference projects should not be required when the solution is new to the market.",
        ],
        [
            "Krav på tre referensuppdrag utesluter nya leverantörer och bör strykas.",
            "Referensuppdrag ska inte krävas när lösningen är ny på marknaden.",
        ],
    ),
    "payment_milestones": (
        "4.2",
        [
            "Suppliers should be paid at milestones during development, not only on delivery.",
            "Pay in instalments at agreed milestones so small developers can finance the work.",
        ],
        [
            "Leverantören bör få betalt vid delmål under utvecklingen, inte bara vid leverans.",
            "Betala i delbetalningar vid överenskomna delmål så att små utvecklare klarar finansieringen.",
        ],
    ),
    "needs_users": (
        "2.1",
        [
            "Involve the end users, such as nurses and teachers, when the need is described.",
            "Staff who will use the solution must take part in the needs analysis.",
        ],
        [
            "Involvera slutanvändarna, till exempel sjuksköterskor och lärare, när behovet beskrivs.",
            "Personalen som ska använda lösningen måste delta i behovsanalysen.",
        ],
    ),
    "functional_requirements": (
        "3.4",
        [
            "Write requirements as functions to be achieved instead of technical specifications.",
            "Functional requirements leave room for new solutions; prefer them to detailed specifications.",
        ],
        [
            "Formulera kraven som funktioner som ska uppnås i stället för tekniska specifikationer.",
            "Funktionskrav ger utrymme för nya lösningar och bör gå före detaljerade specifikationer.",
        ],
    ),
    "cancel_procurement": (
        "3.6",
        [
            "Explain when a buyer may cancel an innovation procurement without damages.",
            "What happens if no tender meets the need? Describe how the procurement can be cancelled.",
        ],
        [
            "Förklara när en köpare får avbryta en innovationsupphandling utan skadestånd.",
            "Vad händer om inget anbud motsvarar behovet? Beskriv hur upphandlingen kan avbrytas.",
        ],
    ),
    "state_aid": (
        "4.1",
        [
            "Pre-commercial procurement at a price above market value may count as state aid.",
            "Warn buyers about the state aid rules when they pay for research and development.",
        ],
        [
            "Förkommersiell upphandling till ett pris över marknadsvärdet kan vara statligt stöd.",
            "Varna köparna för reglerna om statligt stöd när de betalar för forskning och utveckling.",
        ],
    ),
    "universities": (
        "3.1",
        [
            "Universities can help buyers evaluate new technology; mention them as partners.",
            "Researchers at universities should be invited to assess innovative tenders.",
        ],
        [
            "Universiteten kan hjälpa köpare att bedöma ny teknik och bör nämnas som partner.",
            "Forskare vid universitet bör bjudas in att bedöma innovativa anbud.",
        ],
    ),
    "language_plain": (
        "1.3",
        [
            "The language is too legal; write in plain language for practitioners.",
            "Many sentences are long and full of legal terms; simplify the wording.",
        ],
        [
            "Språket är för juridiskt, skriv på klarspråk för praktiker.",
            "Många meningar är långa och fulla av juridiska termer, förenkla texten.",
        ],
    ),
    "checklist_annex": (
        "Annex B",
        [
            "A one-page checklist at the end would make the guidance easier to use.",
            "Please add a short checklist of the steps as an annex.",
        ],
        [
            "En checklista på en sida i slutet skulle göra vägledningen lättare att använda.",
            "Lägg till en kort checklista över stegen som bilaga.",
        ],
    ),
    "exit_strategy": (
        "4.3",
        [
            "Every innovation contract needs an exit plan in case the supplier goes bankrupt.",
            "Describe how the buyer keeps the service running if the supplier fails.",
        ],
        [
            "Varje innovationsavtal behöver en exitplan om leverantören går i konkurs.",
            "Beskriv hur köparen håller tjänsten igång om leverantören inte klarar åtagandet.",
        ],
    ),
    "joint_committee": (
        "6.1",
        [
            "A steering committee should govern a joint procurement by several buyers.",
            "Joint procurements need a governance body where every participating buyer has a seat.",
        ],
        [
            "En styrgrupp bör leda en samordnad upphandling med flera köpare.",
            "Samordnade upphandlingar behöver en styrgrupp där varje deltagande köpare har en plats.",
        ],
    ),
    "confidentiality_tenders": (
        "3.3",
        [
            "Ideas in tenders must stay confidential and not be passed on to competitors.",
            "Protect trade secrets in solution proposals so that suppliers dare to share ideas.",
        ],
        [
            "Idéer i anbud måste hållas konfidentiella och inte lämnas vidare till konkurrenter.",
            "Skydda affärshemligheter i lösningsförslagen så att leverantörer vågar dela idéer.",
        ],
    ),
    "statistics_reporting": (
        "5.2",
        [
            "Buyers should report the number of innovation procurements to the national statistics.",
            "Collect statistics on innovation procurement every year so progress can be seen.",
        ],
        [
            "Köpare bör rapportera antalet innovationsupphandlingar till den nationella statistiken.",
            "Samla in statistik om innovationsupphandling varje år så att utvecklingen syns.",
        ],
    ),
    "water_sector": (
        "1.4",
        [
            "Include an example from the water and sewage sector.",
            "Water utilities buy a lot of new technology; give an example from that sector.",
        ],
        [
            "Ta med ett exempel från vatten- och avloppssektorn.",
            "VA-bolagen köper mycket ny teknik, ge ett exempel från den sektorn.",
        ],
    ),
    "school_digital": (
        "1.4",
        [
            "Schools buying digital learning tools need examples adapted to their size.",
            "Give an example of a school that procured a new digital learning platform.",
        ],
        [
            "Skolor som köper digitala lärverktyg behöver exempel anpassade till deras storlek.",
            "Ge ett exempel på en skola som upphandlat en ny digital lärplattform.",
        ],
    ),
    "appeals_review": (
        "3.6",
        [
            "Describe the risk of a review by the administrative court when award criteria are new.",
            "Buyers fear appeals to the court; explain how to write award criteria that hold up.",
        ],
        [
            "Beskriv risken för överprövning i förvaltningsrätten när tilldelningskriterierna är nya.",
            "Köpare är rädda för överprövning, förklara hur man skriver kriterier som håller i domstol.",
        ],
    ),
    "ethical_labour": (
        "5.4",
        [
            "Require decent working conditions in the supply chain of innovative products.",
            "Social requirements on labour rights in the supply chain are missing.",
        ],
        [
            "Ställ krav på schyssta arbetsvillkor i leverantörskedjan för innovativa produkter.",
            "Sociala krav på arbetsrätt i leveranskedjan saknas.",
        ],
    ),
    "prize_competitions": (
        "3.5",
        [
            "Design contests with prize money can find new ideas; describe how to run one.",
            "Mention innovation prizes and design contests as a way to reach new suppliers.",
        ],
        [
            "Projekttävlingar med prispengar kan ge nya idéer, beskriv hur man genomför en sådan.",
            "Nämn innovationspriser och projekttävlingar som ett sätt att nå nya leverantörer.",
        ],
    ),
    "energy_buildings": (
        "5.4",
        [
            "Energy-efficient renovation of public buildings is a natural area for innovation procurement.",
            "Add an example on buying new solutions that cut energy use in public buildings.",
        ],
        [
            "Energieffektiv renovering av offentliga byggnader är ett naturligt område för innovationsupphandling.",
            "Lägg till ett exempel om att köpa nya lösningar som minskar energianvändningen i offentliga byggnader.",
        ],
    ),
    "scale_up": (
        "4.3",
        [
            "Say how a successful pilot is scaled up to the whole organisation.",
            "After a good pilot buyers need a path to wider rollout; the guidance stops too early.",
        ],
        [
            "Beskriv hur ett lyckat pilotprojekt skalas upp till hela organisationen.",
            "Efter en lyckad pilot behöver köparen en väg till bred införing, vägledningen slutar för tidigt.",
        ],
    ),
    "deadline_tenders": (
        "3.3",
        [
            "Thirty days is too short for suppliers to prepare an innovative tender.",
            "Give tenderers at least sixty days to answer an innovation procurement.",
        ],
        [
            "Trettio dagar är för kort tid för att ta fram ett innovativt anbud.",
            "Ge anbudsgivarna minst sextio dagar att svara på en innovationsupphandling.",
        ],
    ),
    "video_tutorials": (
        "1.3",
        [
            "Short video tutorials would explain the steps better than long text.",
            "Produce a few films that show practitioners how the process works.",
        ],
        [
            "Korta instruktionsfilmer skulle förklara stegen bättre än lång text.",
            "Ta fram några filmer som visar praktiker hur processen går till.",
        ],
    ),
    "whistleblower": (
        "6.4",
        [
            "Suppliers need a channel to report suspected corruption in a procurement.",
            "Add information on how to report irregularities and bribery anonymously.",
        ],
        [
            "Leverantörer behöver en kanal för att anmäla misstänkt korruption i en upphandling.",
            "Lägg till information om hur man anonymt anmäler oegentligheter och mutor.",
        ],
    ),
    "insurance_liability": (
        "4.2",
        [
            "Who is liable if an experimental product injures a patient during testing?",
            "The contract must settle liability and insurance for damage caused in a pilot.",
        ],
        [
            "Vem bär ansvaret om en experimentell produkt skadar en patient under testet?",
            "Avtalet måste reglera ansvar och försäkring för skador som uppstår under en pilot.",
        ],
    ),
    "lots_geography": (
        "3.2",
        [
            "Divide national framework agreements into regional lots so local firms can bid.",
            "Geographic lots would let local suppliers take part in large frameworks.",
        ],
        [
            "Dela nationella ramavtal i regionala delområden så att lokala företag kan lämna anbud.",
            "Geografiska delområden skulle låta lokala leverantörer delta i stora ramavtal.",
        ],
    ),
    "hackathon_dialogue": (
        "3.3",
        [
            "Hackathons are a good way to meet the market early; mention them.",
            "Open innovation events such as hackathons should be part of the market dialogue.",
        ],
        [
            "Hackathon är ett bra sätt att möta marknaden tidigt och bör nämnas.",
            "Öppna innovationsevenemang som hackathon bör ingå i marknadsdialogen.",
        ],
    ),
}

SMALL_CAMPAIGN = (
    "sv",
    "Vi instämmer i Tillgänglighetsförbundets yttrande: vägledningen ska finnas på lättläst svenska, som tillgänglig webbsida och med uppläsning, och den ska prövas med användare med funktionsnedsättning innan den beslutas. {org} står bakom yttrandet.",
    [("står bakom yttrandet", "instämmer"), ("innan den beslutas", "före beslut")],
)


def _row(key: int, text: str, lang: str, section: str, org: str, topic: str) -> dict[str, object]:
    return {
        "key": key,
        "text": text,
        "language": lang,
        "section": section,
        "organisation": org,
        "topic": topic,
        "campaign": None,
    }


def _campaign_rows(
    rng: random.Random, name: str, spec: tuple[str, str, list[tuple[str, str]]], key: int, n: int
) -> list[dict[str, object]]:
    lang, letter, edits = spec
    rows = []
    for i in range(n):
        org = f"{name.split('_')[1].title()} member {i + 1}"
        text = letter.format(org=org)
        for old, new in rng.sample(edits, k=rng.randint(0, min(2, len(edits)))):
            text = text.replace(old, new)
        key += 1
        row = _row(key, text, lang, "", org, name)
        row["campaign"] = name
        rows.append(row)
    return rows


def sv15(rng: random.Random) -> list[dict[str, object]]:
    """The first set's topics, with about one comment in seven in Swedish.

    As in the first set, a comment makes one point or two of its topic and every single
    point and pair is used once at most, so independent comments are never near-copies.
    """
    rows: list[dict[str, object]] = []
    for topic, (sections, en, sv, why_en, why_sv) in TOPICS.items():
        chosen: list[tuple[str, str]] = []
        for lang, points, n in (("en", en, 17), ("sv", sv, 3)):
            options = list(points) + [
                f"{a} {b}" for i, a in enumerate(points) for b in points[i + 1 :]
            ]
            rng.shuffle(options)
            chosen += [(lang, body) for body in options[:n]]
        for lang, body in chosen:
            opener = rng.choice(OPENERS_SV if lang == "sv" else OPENERS_EN)
            why = why_sv if lang == "sv" else why_en
            extra = rng.choice(why) if rng.random() < 0.3 else ""
            text = f"{opener}{body} {extra}".strip()
            rows.append(
                _row(len(rows) + 1, text, lang, rng.choice(sections), rng.choice(ORGS), topic)
            )
    # The English campaigns only: Swedish stays rare.
    for name in ("c_network", "c_suppliers", "c_health"):
        rows += _campaign_rows(rng, name, CAMPAIGNS[name], len(rows), rng.randint(8, 12))
    return rows


def small_points(rng: random.Random) -> list[dict[str, object]]:
    """Forty points of two to four comments each, English and Swedish mixed."""
    rows: list[dict[str, object]] = []
    for topic, (section, en, sv) in SMALL_POINTS.items():
        options = [("en", t) for t in en] + [("sv", t) for t in sv]
        rng.shuffle(options)
        n = rng.randint(2, 4)
        # Every point with two or more comments is said in both languages at least once.
        chosen = options[:n]
        if len({lang for lang, _ in chosen}) == 1:
            other = next(o for o in options[n:] if o[0] != chosen[0][0])
            chosen[-1] = other
        for lang, body in chosen:
            opener = rng.choice(OPENERS_SV if lang == "sv" else OPENERS_EN)
            rows.append(
                _row(len(rows) + 1, f"{opener}{body}", lang, section, rng.choice(ORGS), topic)
            )
    rows += _campaign_rows(rng, "c_access", SMALL_CAMPAIGN, len(rows), 6)
    return rows


def three_points(rng: random.Random) -> list[dict[str, object]]:
    """Comments of three paragraphs, each on a different topic of the first set.

    Each paragraph is one point of its topic (sometimes with a justification); no two
    comments share more than one paragraph's point, so none is a near-copy of another.
    """
    rows: list[dict[str, object]] = []
    names = list(TOPICS)
    pairs_used: set[frozenset[str]] = set()
    while len(rows) < 90:
        lang = "sv" if rng.random() < 0.4 else "en"
        parts = []
        for topic in rng.sample(names, k=3):
            _, en, sv, why_en, why_sv = TOPICS[topic]
            points, why = (sv, why_sv) if lang == "sv" else (en, why_en)
            body = rng.choice(points)
            if rng.random() < 0.3:
                body += " " + rng.choice(why)
            parts.append({"text": body, "topic": topic})
        bodies = [str(p["text"]).split(". ")[0] for p in parts]
        pairs = {frozenset((a, b)) for i, a in enumerate(bodies) for b in bodies[i + 1 :]}
        if pairs & pairs_used:
            continue
        pairs_used |= pairs
        opener = "Vi har följande synpunkter." if lang == "sv" else "We have three comments."
        text = opener + "\n\n" + "\n\n".join(str(p["text"]) for p in parts)
        row = _row(len(rows) + 1, text, lang, "", rng.choice(ORGS), str(parts[0]["topic"]))
        row["parts"] = parts
        rows.append(row)
    return rows


SETS = {"sv15.jsonl": sv15, "small-points.jsonl": small_points, "three-points.jsonl": three_points}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out-dir", type=Path, default=ROOT / "eval")
    parser.add_argument(
        "--seed", type=int, default=2026, help="another seed: held-out sets of the same shapes"
    )
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for number, (name, build) in enumerate(SETS.items(), start=1):
        rng = random.Random(args.seed + number)
        rows = build(rng)
        order = list(range(len(rows)))
        rng.shuffle(order)
        path = args.out_dir / name
        with path.open("w", encoding="utf-8") as fh:
            for i in order:
                fh.write(json.dumps(rows[i], ensure_ascii=False) + "\n")
        sv = sum(1 for r in rows if r["language"] == "sv")
        topics = len({r["topic"] for r in rows})
        print(
            f"{path}: {len(rows)} comments, {topics} topics, {100 * sv / len(rows):.0f} % Swedish"
        )


if __name__ == "__main__":
    main()
