"""Generate eval/labelled.jsonl: comments with a topic label and campaign groups.

Each topic has its own hand-written points in English and Swedish (several distinct ways
of saying the same thing, not one sentence with words swapped). A comment makes one point
or two points of the topic, sometimes with an opening and a justification written for
that topic, so comments on the same topic share meaning more than wording, and no two
independent comments are near-copies. Five form-letter campaigns
repeat one letter with small edits from many bodies. Deterministic (seed 2026; ``--seed`` draws a held-out set of the same shape from the
same formulations).

    python scripts/make_eval_set.py [--out eval/labelled.jsonl] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# topic: (sections, English points, Swedish points, justifications EN, justifications SV)
TOPICS: dict[str, tuple[list[str], list[str], list[str], list[str], list[str]]] = {
    "sme_access": (
        ["1.2", "3.3", "6.1"],
        [
            "Small and medium-sized enterprises find it very hard to take part in innovation procurement.",
            "The guidance says little about how SMEs can actually win public contracts for innovation.",
            "Large tenders shut out small suppliers; split innovation procurements into lots.",
            "Start-ups cannot meet the turnover requirements that buyers set in innovation tenders.",
            "Please add concrete measures that open innovation procurement to small firms.",
            "Lower the financial thresholds so that young companies can bid.",
        ],
        [
            "Små och medelstora företag har svårt att delta i innovationsupphandlingar.",
            "Vägledningen bör visa hur mindre leverantörer kan vinna offentliga kontrakt.",
            "Dela upp stora upphandlingar i mindre delar så att småföretag kan lämna anbud.",
            "Kraven på omsättning stänger ute nystartade företag från innovationsupphandling.",
        ],
        [
            "Most innovative suppliers in our region are small firms.",
            "SMEs are where much new technology comes from.",
        ],
        ["De flesta innovativa leverantörer i vår region är små företag."],
    ),
    "market_dialogue": (
        ["3.3"],
        [
            "The section on preliminary market consultation must explain with examples what buyers may discuss with suppliers.",
            "Buyers are unsure what they are allowed to say in one-to-one meetings before a tender.",
            "Explain how a market dialogue can be run without giving one supplier an advantage.",
            "Give a checklist for equal treatment during early market engagement.",
            "More guidance is needed on how to document the dialogue with the market.",
            "Describe market days, requests for information and prior information notices in more detail.",
        ],
        [
            "Marknadsdialogen före upphandlingen behöver beskrivas med konkreta exempel.",
            "Upphandlare vet inte vad de får säga till leverantörer i en tidig marknadsdialog.",
            "Förklara hur dialog med marknaden kan föras utan att någon leverantör gynnas.",
            "Vägledningen bör ge exempel på hur marknadsdialogen dokumenteras.",
        ],
        ["Fear of breaking procurement law stops many buyers from talking to suppliers at all."],
        ["Rädslan för att bryta mot upphandlingsreglerna gör att många avstår från dialog."],
    ),
    "baselines": (
        ["5.1", "5.2"],
        [
            "The indicators in Table 1 have no baselines, so progress cannot be followed up.",
            "Every row of Table 1 says the baseline is still to be measured; give a baseline year.",
            "Targets for 2030 make no sense without baseline values for the indicators.",
            "Add a method for measuring the starting value of each indicator in Table 1.",
            "The follow-up indicators need baselines before they are adopted.",
        ],
        [
            "Indikatorerna i tabell 1 saknar utgångsvärden och kan därför inte följas upp.",
            "Ange ett basår och utgångsvärden för indikatorerna i tabellen.",
            "Utan utgångsvärden går det inte att mäta om målen för 2030 nås.",
            "Beskriv hur utgångsvärdet för varje indikator ska mätas.",
        ],
        ["Without a baseline the annual reports will not show any trend."],
        ["Utan basår visar de årliga rapporterna ingen utveckling."],
    ),
    "crossborder_law": (
        ["6.2", "6.2.1"],
        [
            "It must be clearer which national law applies in joint cross-border procurement.",
            "When authorities from several Member States buy together, say which procurement law governs the procedure.",
            "The guidance should explain which country's contract law applies after a joint cross-border award.",
            "Give an example of an agreement that names the applicable national law for a joint procurement.",
            "Clarify the applicable law when no central purchasing body is used in a cross-border procurement.",
        ],
        [
            "Det måste framgå vilken nationell lag som gäller vid gränsöverskridande samordnad upphandling.",
            "Vilken lag gäller när vi upphandlar tillsammans med en myndighet i ett annat land?",
            "Vägledningen bör förklara vilket lands avtalsrätt som gäller vid gemensam upphandling över gränsen.",
        ],
        ["Uncertainty about the applicable law is the main reason joint procurements fail."],
        ["Osäkerhet om tillämplig lag stoppar många samarbeten över gränsen."],
    ),
    "operating_costs": (
        ["4.1", "4.3"],
        [
            "The funding chapter forgets the operating and maintenance costs that follow an innovative purchase.",
            "Budgets must cover running costs in the first years, not only development and the first purchase.",
            "Many projects stop when project funding ends because nobody budgeted for operation.",
            "Add a paragraph on planning operating costs from the start of the procurement.",
            "Life after the pilot is missing: who pays for maintenance once the grant is spent?",
        ],
        [
            "Finansieringskapitlet glömmer driftskostnaderna efter en innovativ anskaffning.",
            "Budgeten måste täcka drift och underhåll de första åren, inte bara utvecklingen.",
            "Många projekt avslutas när projektpengarna tar slut eftersom driften inte är finansierad.",
        ],
        ["Operating costs are often larger than the purchase price."],
        ["Driftskostnaderna är ofta större än själva inköpspriset."],
    ),
    "ipr_pcp": (
        ["6.3", "3.2"],
        [
            "Clarify who owns intellectual property rights in pre-commercial procurement.",
            "The licence terms that buyers keep in pre-commercial procurement must be limited to their own use.",
            "Intellectual property should stay with the suppliers in PCP, with a free licence for the buyer.",
            "Explain how IPR is shared when a pre-commercial procurement leads to a product sold to others.",
        ],
        [
            "Det bör förtydligas vem som äger de immateriella rättigheterna vid förkommersiell upphandling.",
            "Leverantörerna bör behålla rättigheterna i förkommersiell upphandling och köparen få en licens.",
            "Beskriv hur immateriella rättigheter delas efter en förkommersiell upphandling.",
        ],
        ["Suppliers will not invest if they lose their rights."],
        ["Leverantörer investerar inte om de förlorar sina rättigheter."],
    ),
    "training_budget": (
        ["3.2"],
        [
            "Training for public buyers needs a budget of its own or it will be cut.",
            "Protect training budgets for procurement staff in the action plan.",
            "Buyers need paid time to attend training in innovation procurement.",
            "Fund learning-by-doing programmes for procurement teams.",
        ],
        [
            "Utbildningen av upphandlare måste ha en egen budget, annars prioriteras den bort.",
            "Upphandlare behöver betald tid för att gå utbildning i innovationsupphandling.",
            "Handlingsplanen bör skydda budgeten för kompetensutveckling.",
        ],
        ["Training is always the first item cut when budgets are tight."],
        ["Utbildning är alltid det första som stryks när budgeten är ansträngd."],
    ),
    "innovation_definition": (
        ["1.1", "Annex A"],
        [
            "The definition of innovation procurement is too narrow and leaves out service innovation.",
            "Organisational and social innovation should be covered by the definition, not only new products.",
            "The glossary's definition of innovation procurement should include innovative services.",
            "Define innovation so that a solution new to the buyer also counts.",
        ],
        [
            "Definitionen av innovationsupphandling är för snäv och utesluter tjänsteinnovation.",
            "Även organisatorisk och social innovation bör omfattas av definitionen.",
            "Ordlistans definition bör också omfatta innovativa tjänster.",
        ],
        ["Most public services are services, not products."],
        ["Det mesta av offentlig verksamhet är tjänster, inte produkter."],
    ),
    "target_3pct": (
        ["2.1"],
        [
            "A target of 3 % of the procurement budget is not realistic for small contracting authorities.",
            "Small municipalities run few procurements a year; let them set targets as a number of projects.",
            "The 3 % target should be voluntary for small authorities.",
            "Percentage targets punish small buyers; allow other kinds of targets.",
        ],
        [
            "Målet om tre procent av inköpsbudgeten är inte realistiskt för små kommuner.",
            "Låt små kommuner ange mål i antal projekt i stället för procent.",
            "Tre procent är för högt för en liten organisation som gör få upphandlingar.",
        ],
        ["One large contract can decide whether a small authority meets a percentage target."],
        ["En enda stor upphandling avgör om en liten kommun når ett procentmål."],
    ),
    "competence_centre": (
        ["3.1"],
        [
            "Competence centres need stable funding for at least five years.",
            "Short project funding for competence centres means knowledge is lost when staff leave.",
            "The services of a competence centre must be free for small municipalities.",
        ],
        [
            "Kompetenscentrum behöver långsiktig finansiering, inte korta projekt.",
            "Ett kompetenscentrum måste finansieras i minst fem år för att bygga kunskap.",
            "Små kommuner ska kunna använda kompetenscentrets stöd utan kostnad.",
        ],
        ["Several national centres have closed when their project ended."],
        ["Flera centrum har lagts ned när projektet tog slut."],
    ),
    "risk_sharing": (
        ["2.3"],
        [
            "Risk sharing between buyer and supplier deserves clearer guidance and contract examples.",
            "Explain how technological risk should be allocated in the contract.",
            "Auditors should be told that reasonable risk-taking is allowed in innovation procurement.",
            "Give model clauses for sharing the risk that an innovative solution does not work.",
        ],
        [
            "Riskdelning mellan köpare och leverantör behöver beskrivas tydligare.",
            "Ge exempel på avtalsklausuler för hur risken fördelas.",
            "Revisorer måste acceptera rimliga risker i innovationsupphandling.",
        ],
        ["Fear of audit criticism makes buyers choose the safest solution."],
        ["Rädsla för revisionen gör att man väljer den säkraste lösningen."],
    ),
    "case_studies": (
        ["1.1", ""],
        [
            "The guidance would benefit from a short case study in every chapter.",
            "Add real examples of successful innovation procurements from Member States.",
            "Please include examples from municipalities, not only from national agencies.",
        ],
        [
            "Lägg till konkreta exempel på lyckade innovationsupphandlingar i varje kapitel.",
            "Vägledningen behöver fler exempel från kommuner och regioner.",
        ],
        ["Examples are what practitioners remember."],
        ["Exempel är det som praktiker kommer ihåg."],
    ),
    "open_standards": (
        ["6.1", "3.4"],
        [
            "Buyer groups for digital services need common requirements on open standards and interoperability.",
            "Require open standards so that solutions bought together can work with existing systems.",
            "Interoperability must be part of the specifications in joint procurement of IT.",
        ],
        [
            "Gemensamma krav på öppna standarder behövs vid samordnad upphandling av digitala tjänster.",
            "Ställ krav på interoperabilitet så att lösningarna fungerar med befintliga system.",
        ],
        ["Lock-in to one supplier is a real risk in digital services."],
        ["Inlåsning hos en leverantör är en verklig risk för digitala tjänster."],
    ),
    "evaluation_publish": (
        ["5.3"],
        [
            "Evaluations of innovation procurements should be published, including failed projects.",
            "Share the lessons from projects that did not succeed; hiding failures prevents learning.",
            "Publish a short summary of each evaluation so that suppliers can learn too.",
        ],
        [
            "Utvärderingar bör publiceras, även av projekt som misslyckats.",
            "Dela lärdomarna från misslyckade projekt så att andra kan lära sig.",
        ],
        ["Others repeat the same mistakes when failures are kept quiet."],
        ["Andra upprepar samma misstag när misslyckanden tystas ned."],
    ),
}

OPENERS_EN = [
    "",
    "",
    "We welcome the draft. ",
    "Comment: ",
    "In our view, ",
    "We propose the following. ",
]
OPENERS_SV = ["", "", "Vi välkomnar utkastet. ", "Synpunkt: ", "Enligt vår mening: "]

CAMPAIGNS: dict[str, tuple[str, str, list[tuple[str, str]]]] = {
    "c_network": (
        "en",
        "As members of the regional buyers' network we support the joint position on this draft: the guidance must give small suppliers a fair chance, require a dialogue with the market before every tender and fund the training of public buyers. {org} asks the secretariat to reflect this in the final text.",
        [
            ("fair chance", "real chance"),
            ("every tender", "every large tender"),
            ("fund the training", "pay for the training"),
        ],
    ),
    "c_suppliers": (
        "en",
        "We are a member of the Federation of Innovative Suppliers and endorse its submission. Public buyers must publish their pipeline of innovation procurements a year ahead, pay suppliers within thirty days and leave intellectual property with the supplier. {org} fully supports these three demands.",
        [
            ("thirty days", "30 days"),
            ("fully supports", "supports"),
            ("a year ahead", "twelve months ahead"),
        ],
    ),
    "c_kommuner": (
        "sv",
        "Vi ställer oss bakom Kommunförbundets yttrande. Vägledningen ska inte införa procentmål för små kommuner, staten ska finansiera kompetensstödet långsiktigt och kraven på uppföljning måste vara enkla. {org} ber att synpunkterna beaktas.",
        [
            ("långsiktigt", "på lång sikt"),
            ("måste vara enkla", "ska vara enkla"),
            ("ber att", "önskar att"),
        ],
    ),
    "c_health": (
        "en",
        "On behalf of our hospital we support the Health Innovation Alliance: innovation procurement in health care needs its own chapter, patient safety must come first in every pilot and clinical staff must take part in the needs assessment. {org} hopes the final guidance reflects this.",
        [("hospital", "health region"), ("hopes", "trusts"), ("must come first", "comes first")],
    ),
    "c_green": (
        "sv",
        "Vi instämmer i Klimatnätverkets remissvar: innovationsupphandling ska användas för att nå klimatmålen, livscykelkostnad ska alltid beräknas och utsläppen ska vara en indikator i tabell 1. {org} står bakom detta.",
        [
            ("alltid", "i regel"),
            ("står bakom detta", "instämmer"),
            ("klimatmålen", "de nationella klimatmålen"),
        ],
    ),
}
ORGS = [f"Organisation {i}" for i in range(1, 200)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "labelled.jsonl")
    parser.add_argument(
        "--seed", type=int, default=2026, help="another seed: a held-out set of the same shape"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    key = 0
    for topic, (sections, en, sv, why_en, why_sv) in TOPICS.items():
        # A comment makes one point, or two points of the same topic, in one language.
        # Every single point and every pair is used once at most, so independent comments
        # are never near-copies of each other (that is what campaigns are).
        options: list[tuple[str, str]] = []
        for lang, points in (("en", en), ("sv", sv)):
            options += [(lang, p) for p in points]
            options += [(lang, f"{a} {b}") for i, a in enumerate(points) for b in points[i + 1 :]]
        rng.shuffle(options)
        for lang, body in options[:28]:
            opener = rng.choice(OPENERS_SV if lang == "sv" else OPENERS_EN)
            why = rng.choice(why_sv if lang == "sv" else why_en) if rng.random() < 0.3 else ""
            text = f"{opener}{body} {why}".strip()
            if text in seen:
                continue
            seen.add(text)
            key += 1
            rows.append(
                {
                    "key": key,
                    "text": text,
                    "language": lang,
                    "section": rng.choice(sections),
                    "organisation": rng.choice(ORGS),
                    "topic": topic,
                    "campaign": None,
                }
            )
    for campaign, (lang, letter, edits) in CAMPAIGNS.items():
        for n in range(rng.randint(10, 15)):
            org = f"{campaign.split('_')[1].title()} member {n + 1}"
            text = letter.format(org=org)
            for old, new in rng.sample(edits, k=rng.randint(0, 2)):
                text = text.replace(old, new)
            key += 1
            rows.append(
                {
                    "key": key,
                    "text": text,
                    "language": lang,
                    "section": "",
                    "organisation": org,
                    "topic": campaign,
                    "campaign": campaign,
                }
            )
    rng.shuffle(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} comments, {len(TOPICS)} topics, {len(CAMPAIGNS)} campaigns → {args.out}")


if __name__ == "__main__":
    main()
