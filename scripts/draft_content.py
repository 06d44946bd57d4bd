"""The text of the example drafts, as plain data (the generator turns it into Word).

Blocks: ("h", level, title) · ("p", text) · ("bullets", [items]) · ("letters", [items]) ·
("table", caption, rows). A footnote is written inside a paragraph as ``[[fn: text]]``.
The comments generator quotes sentences from here, so keep them stable.
"""

from __future__ import annotations

Block = tuple[object, ...]

EN_V1: list[Block] = [
    ("h", 1, "Introduction"),
    ("h", 2, "Purpose and scope"),
    (
        "p",
        "This guidance helps public buyers use procurement to bring innovative solutions into public services. It explains how contracting authorities can set a strategy, build the skills they need, find funding and measure the results of innovation procurement. It complements the rules of the public procurement directives and does not replace legal advice.[[fn: Directive 2014/24/EU of the European Parliament and of the Council of 26 February 2014 on public procurement.]]",
    ),
    (
        "p",
        "Innovation procurement covers every purchase in which the public buyer either buys the process of innovation, such as research and development services, or buys the outcomes of innovation created by others. It includes pre-commercial procurement, the innovation partnership and any procedure whose specifications leave room for new solutions.",
    ),
    (
        "p",
        "The guidance applies to central government, regions, municipalities and bodies governed by public law. Utilities procuring under Directive 2014/25/EU may use it as well, with the adaptations that their own rules require.",
    ),
    (
        "p",
        "Public buyers spend around 14 % of gross domestic product in the European Union each year. Directing even a small share of that spending towards innovative solutions would create a large and stable market for companies that develop them.",
    ),
    ("h", 2, "Who this guidance is for"),
    (
        "p",
        "The guidance is written for three groups: the political and executive leadership that decides on priorities and budgets, the procurement officers who plan and run tenders, and the operational staff who will use the purchased solutions. Each chapter starts with the questions that matter most to one of these groups.",
    ),
    (
        "p",
        "Suppliers, in particular start-ups and small and medium-sized enterprises, will also find it useful to understand how public buyers are expected to prepare innovation procurements and engage with the market.",
    ),
    (
        "bullets",
        [
            "Leaders: chapters 2 and 4 on strategy, targets and funding.",
            "Procurement officers: chapters 3, 5 and 6 on skills, follow-up and joint procurement.",
            "Users of the solutions: chapter 3 on early market engagement and chapter 5 on evaluation.",
        ],
    ),
    ("h", 2, "Legal basis"),
    (
        "p",
        "The public procurement directives allow buyers to procure innovation through every procedure. Article 26 of Directive 2014/24/EU permits the competitive procedure with negotiation and the competitive dialogue when the needs cannot be met without adapting readily available solutions or when the contract includes design or innovative solutions.",
    ),
    (
        "p",
        "Article 31 introduced the innovation partnership, which lets a buyer develop an innovative product, service or works and purchase the result without a new procedure. Article 40 allows preliminary market consultations, and Article 67 allows the award of contracts on the basis of the best price-quality ratio, including life-cycle costs.",
    ),
    (
        "p",
        "Research and development services are excluded from the directives under Article 14 when the buyer does not keep all the benefits for its own use or does not pay the whole service. This exclusion is the legal basis of pre-commercial procurement.[[fn: Commission Communication on pre-commercial procurement, COM(2007) 799.]]",
    ),
    ("h", 1, "A strategic framework for innovation procurement"),
    ("h", 2, "Political commitment and targets"),
    (
        "p",
        "Innovation procurement succeeds where political leaders ask for it explicitly. A public body should adopt a formal decision that makes innovation one of the aims of its purchasing and that names the person responsible for reaching it.",
    ),
    (
        "p",
        "We recommend that each contracting authority sets a target for the share of its procurement budget that goes to innovation procurement. The European Commission has suggested that public buyers should aim to spend at least 3 % of their procurement budget on innovation procurement.",
    ),
    (
        "p",
        "Targets should be realistic for the size and mission of the organisation. A small municipality may set a target for the number of projects rather than for a share of the budget, and should report on its progress every year.",
    ),
    (
        "p",
        "A political commitment must be matched by resources. A target without staff, budget and a mandate to take reasonable risks will not change how an organisation buys.",
    ),
    ("h", 2, "An innovation procurement action plan"),
    (
        "p",
        "An action plan turns the commitment into concrete steps. It should describe which needs the organisation wants to meet through innovation, which purchases in the coming three years are candidates, who is responsible, and how progress will be followed up.",
    ),
    (
        "p",
        "The action plan should be part of the organisation's ordinary planning and budget cycle rather than a separate document that is forgotten after its adoption.",
    ),
    (
        "letters",
        [
            "an analysis of the organisation's main challenges and needs;",
            "a pipeline of planned procurements with innovation potential;",
            "the resources, roles and competence needed;",
            "the indicators and targets that will be reported each year.",
        ],
    ),
    (
        "p",
        "National authorities are encouraged to publish a national action plan that sets out how ministries, agencies and regions will support innovation procurement, and to review it at least every four years.",
    ),
    ("h", 2, "Managing risk"),
    (
        "p",
        "Innovation involves risk, and public buyers are often more afraid of risk than of missed opportunities. The guidance distinguishes three kinds of risk: technological risk, that the solution does not work; market risk, that no supplier can deliver; and organisational risk, that the organisation cannot use the solution.",
    ),
    (
        "p",
        "Buyers should identify the risks early, assign each risk to the party that is best placed to manage it and reflect that allocation in the contract. Step-by-step procedures with stage gates, such as pre-commercial procurement, allow the buyer to stop a project when a risk materialises.",
    ),
    (
        "p",
        "Auditors and legal services should be involved early so that reasonable risk-taking is supported rather than sanctioned afterwards.",
    ),
    ("h", 1, "Capacity building"),
    ("h", 2, "Competence centres"),
    (
        "p",
        "A national or regional competence centre for innovation procurement gives public buyers practical support, shares good practice and helps them connect with each other. Several Member States have set up such centres with good results.",
    ),
    (
        "p",
        "A competence centre should offer advice on individual procurements, templates and guidance, training and a platform for networking. Its services should be free of charge for public buyers or at least affordable for small municipalities.",
    ),
    (
        "p",
        "Competence centres need stable funding over several years. Short project funding leads to a loss of staff and knowledge when the project ends.",
    ),
    ("h", 2, "Training and skills for public buyers"),
    (
        "p",
        "Public buyers need skills that go beyond procurement law: needs analysis, market analysis, negotiation, intellectual property rights, risk management and project management. Training should be offered both to procurement officers and to the operational staff who define the needs.",
    ),
    (
        "p",
        "Training is most effective when it is linked to a real procurement. We recommend learning-by-doing programmes in which a team is coached through its own innovation procurement from the needs assessment to the contract follow-up.",
    ),
    (
        "bullets",
        [
            "basic courses on the legal possibilities for innovation procurement;",
            "advanced courses on pre-commercial procurement and the innovation partnership;",
            "courses on intellectual property rights and contract management;",
            "coaching of procurement teams during live projects.",
        ],
    ),
    (
        "p",
        "Organisations should give staff the time to attend training. Training budgets are often the first to be cut, and this guidance recommends that they are protected in the action plan.",
    ),
    ("h", 2, "Early market engagement and dialogue"),
    (
        "p",
        "Early market engagement lets the buyer learn what the market can offer and lets suppliers learn what the buyer needs. It should start well before the tender, often six to twelve months before the publication of the contract notice.",
    ),
    (
        "p",
        "Preliminary market consultations under Article 40 of Directive 2014/24/EU are allowed as long as they do not distort competition and do not violate the principles of non-discrimination and transparency. The buyer should publish information about the consultation widely and share the same information with all participants.",
    ),
    (
        "p",
        "Useful tools include a prior information notice, open market days, one-to-one meetings with suppliers, requests for information and competitions for ideas. Buyers should document the dialogue and make the main results available to all potential tenderers.",
    ),
    (
        "p",
        "A well-prepared market dialogue reduces the risk of failed tenders and helps small companies understand whether they can take part, alone or together with others.",
    ),
    ("h", 2, "Networks of buyers"),
    (
        "p",
        "Networks of public buyers allow organisations with similar needs to share experience, to compare their needs and to prepare joint procurements. European networks exist for health, mobility, energy and information technology.",
    ),
    (
        "p",
        "National authorities should support such networks by funding a secretariat and by encouraging their staff to take part. Participation in a network should be recognised as part of the work of a procurement officer.",
    ),
    ("h", 1, "Funding and incentives"),
    ("h", 2, "Dedicated budgets"),
    (
        "p",
        "Innovation procurement often costs more at the start than buying an established product, even when it saves money over the life of the solution. Dedicated budgets help buyers cover the extra costs of preparation, testing and risk.",
    ),
    (
        "p",
        "We recommend that ministries and regions set aside a dedicated budget line for the preparation of innovation procurements, to pay for needs analyses, market consultations, external expertise and prototypes.",
    ),
    (
        "p",
        "Budgets should be available over several years, because innovation procurements often take longer than a single budget year from the first idea to the contract.",
    ),
    ("h", 2, "Incentives for public buyers"),
    (
        "p",
        "Procurement officers are rarely rewarded for taking the risk of buying something new. Organisations should recognise successful innovation procurements, for example through awards, career development or performance objectives.",
    ),
    (
        "p",
        "Incentives can also be financial. Some national programmes reimburse part of the preparation costs of public buyers who carry out an innovation procurement, or cover part of the price difference between an innovative solution and the conventional alternative.",
    ),
    ("h", 2, "EU and national funding programmes"),
    (
        "p",
        "Several EU programmes co-fund innovation procurement. Horizon Europe funds pre-commercial procurement and public procurement of innovative solutions carried out by groups of buyers from different Member States.[[fn: Horizon Europe, Regulation (EU) 2021/695, Article 2 and Annex I.]] The European Regional Development Fund can support innovation procurement that is part of a regional smart specialisation strategy.",
    ),
    (
        "p",
        "National innovation agencies often offer grants for the preparation of innovation procurements, including needs analyses and market consultations. Buyers should combine national and EU funding where the rules allow it.",
    ),
    (
        "p",
        "Funding programmes usually pay for the development and the first purchase. Buyers should plan from the start how the solution will be operated and maintained when the project funding ends.",
    ),
    ("h", 1, "Measuring and following up"),
    ("h", 2, "Indicators"),
    (
        "p",
        "What gets measured gets done. Public bodies should follow a small set of indicators that show whether innovation procurement is increasing and whether it delivers better public services.",
    ),
    (
        "table",
        "Table 1: Suggested indicators for innovation procurement",
        [
            ["Indicator", "Baseline", "Target 2030", "Source"],
            [
                "Share of procurement budget spent on innovation procurement",
                "To be measured",
                "3 %",
                "Procurement statistics",
            ],
            [
                "Number of innovation procurements started per year",
                "To be measured",
                "Increase",
                "Action plan reports",
            ],
            [
                "Share of innovation procurements with an SME as supplier",
                "To be measured",
                "40 %",
                "Contract register",
            ],
            [
                "Number of preliminary market consultations per year",
                "To be measured",
                "Increase",
                "Notices published",
            ],
            [
                "Share of procurement staff trained in innovation procurement",
                "To be measured",
                "50 %",
                "Training records",
            ],
            [
                "Savings in life-cycle costs compared with the previous solution",
                "To be measured",
                "10 %",
                "Project evaluations",
            ],
        ],
    ),
    (
        "p",
        "The indicators in Table 1 are a minimum. Organisations can add indicators that reflect their own aims, such as reduced emissions or improved patient outcomes.",
    ),
    ("h", 2, "Collecting data"),
    (
        "p",
        "Most indicators can be taken from data that buyers already produce, such as contract notices, contract registers and the annual reports of the action plan. National procurement statistics should flag innovation procurement so that it can be counted without extra work.",
    ),
    (
        "p",
        "Buyers should record at the start of each procurement whether it is an innovation procurement and which procedure is used. A short definition, shared across the public sector, is needed so that numbers from different organisations can be compared.[[fn: The definition used in this guidance follows the Commission Guidance on Innovation Procurement, C(2021) 4320.]]",
    ),
    ("h", 2, "Evaluation and learning"),
    (
        "p",
        "Each innovation procurement should be evaluated after the contract has been implemented. The evaluation should ask whether the need was met, what the solution cost over its life, what risks materialised and what the organisation has learnt.",
    ),
    (
        "p",
        "Evaluations should be shared through the competence centre and the networks of buyers so that others can learn from both successes and failures. Failed projects are a source of learning and should not be hidden.",
    ),
    ("h", 1, "Buyer groups and joint procurement"),
    ("h", 2, "Buyer groups"),
    (
        "p",
        "Buyers with the same need can achieve more together. A buyer group combines demand, shares the costs and risks of preparation and sends a stronger signal to the market than a single buyer can.",
    ),
    (
        "p",
        "Buyer groups need a clear agreement on roles, the sharing of costs, the ownership of results and the decision-making process. One member usually acts as lead procurer on behalf of the others.",
    ),
    ("h", 2, "Joint cross-border procurement"),
    (
        "p",
        "Article 39 of Directive 2014/24/EU allows contracting authorities from different Member States to procure jointly. They may use a central purchasing body in another Member State, conclude an agreement on a joint procurement, or set up a joint entity.",
    ),
    ("h", 3, "Applicable law"),
    (
        "p",
        "In a joint cross-border procurement the participating authorities must agree which national procurement law applies. Where they use a central purchasing body, the law of the Member State where that body is located applies.",
    ),
    (
        "p",
        "The agreement should also settle which law governs the contract itself and which courts are competent, because the directives do not harmonise contract law.",
    ),
    ("h", 3, "Governance of joint procurement"),
    (
        "p",
        "Joint procurement works best when the partners set up a steering group with a clear mandate, a common timetable and a procedure for resolving disagreements. The lead procurer should report regularly to all partners.",
    ),
    (
        "p",
        "Partners should agree early on how they will share the benefits, including any intellectual property rights and any revenues from later sales of the solution to other buyers.",
    ),
    ("h", 2, "Pre-commercial procurement and innovation partnerships"),
    (
        "p",
        "Pre-commercial procurement lets buyers compare alternative solutions during research and development, in phases of solution design, prototyping and testing, with several suppliers competing in each phase.[[fn: Pre-commercial procurement is carried out outside the directives under Article 14 of Directive 2014/24/EU.]] Intellectual property rights usually stay with the suppliers, while the buyers keep free licences to use the results.",
    ),
    (
        "p",
        "The innovation partnership combines development and purchase in one procedure. It suits needs where the buyer wants to buy the resulting solution in volume without a new tender, provided the agreed performance levels and maximum costs are met.",
    ),
    (
        "p",
        "Buyers should choose between the two instruments based on the maturity of the solutions on the market, the need to keep competition open during development and the volume they intend to buy.",
    ),
    ("h", 1, "Annex A Glossary"),
    (
        "p",
        "Contracting authority: the State, regional or local authorities, bodies governed by public law, and associations formed by them.",
    ),
    (
        "p",
        "Innovation procurement: any procurement in which the buyer buys the process of innovation or the outcomes of innovation.",
    ),
    (
        "p",
        "Life-cycle costing: the assessment of all costs of a product, service or works over its life, from acquisition to disposal.",
    ),
    (
        "p",
        "Pre-commercial procurement: the procurement of research and development services in competing phases, outside the scope of the directives.",
    ),
    (
        "p",
        "Preliminary market consultation: a dialogue with the market before the procurement, under Article 40 of Directive 2014/24/EU.",
    ),
]

SV: list[Block] = [
    ("h", 1, "Inledning"),
    ("h", 2, "Syfte"),
    (
        "p",
        "Vägledningen ska hjälpa offentliga organisationer att använda upphandling för att få in nya lösningar i offentlig verksamhet. Den beskriver hur en organisation kan arbeta strategiskt med innovationsupphandling, bygga kompetens och följa upp resultaten.[[fn: Lagen (2016:1145) om offentlig upphandling.]]",
    ),
    (
        "p",
        "Innovationsupphandling är en upphandling där den upphandlande organisationen köper utvecklingen av en ny lösning eller en lösning som är ny för organisationen.",
    ),
    ("h", 2, "Målgrupp"),
    (
        "p",
        "Vägledningen riktar sig till beslutsfattare, upphandlare och verksamhetsansvariga i kommuner, regioner och statliga myndigheter.",
    ),
    ("h", 1, "Ett strategiskt ramverk"),
    ("h", 2, "Politiskt åtagande och mål"),
    (
        "p",
        "Innovationsupphandling kräver ett tydligt politiskt åtagande. Organisationen bör besluta om mål för hur stor del av inköpen som ska gå till innovationsupphandling och utse en ansvarig person.",
    ),
    ("p", "Målen bör vara realistiska och följas upp varje år."),
    ("h", 2, "Handlingsplan"),
    (
        "p",
        "En handlingsplan beskriver vilka behov organisationen vill möta, vilka upphandlingar som är lämpliga och vem som ansvarar.",
    ),
    (
        "bullets",
        [
            "en analys av organisationens behov,",
            "en lista över planerade upphandlingar,",
            "resurser och ansvar,",
            "indikatorer för uppföljning.",
        ],
    ),
    ("h", 1, "Kompetensuppbyggnad"),
    ("h", 2, "Kompetenscentrum"),
    (
        "p",
        "Ett nationellt kompetenscentrum ger stöd till upphandlande organisationer och sprider goda exempel. Centret behöver långsiktig finansiering.",
    ),
    ("h", 2, "Utbildning för upphandlare"),
    (
        "p",
        "Upphandlare behöver kunskap om behovsanalys, marknadsanalys, immateriella rättigheter och riskhantering. Utbildningen bör kopplas till verkliga upphandlingar.",
    ),
    ("h", 2, "Marknadsdialog"),
    (
        "p",
        "En tidig dialog med marknaden gör det möjligt att förstå vad leverantörerna kan erbjuda. Dialogen ska vara öppen och likabehandlande och dokumenteras.",
    ),
    ("h", 1, "Finansiering och incitament"),
    (
        "p",
        "Innovationsupphandling kan kosta mer i början. Särskilda budgetar för förberedelser, tester och risker gör det lättare för upphandlare att våga pröva nya lösningar.",
    ),
    ("p", "Nationella och europeiska program kan delfinansiera innovationsupphandlingar."),
    ("h", 1, "Uppföljning och indikatorer"),
    (
        "p",
        "Organisationen bör följa ett fåtal indikatorer som visar om innovationsupphandlingen ökar och ger bättre verksamhet.",
    ),
    (
        "table",
        "Tabell 1: Indikatorer",
        [
            ["Indikator", "Utgångsvärde", "Mål 2030"],
            ["Andel av inköpsbudgeten som går till innovationsupphandling", "Mäts", "3 %"],
            ["Antal genomförda marknadsdialoger per år", "Mäts", "Öka"],
            ["Andel utbildade upphandlare", "Mäts", "50 %"],
        ],
    ),
    ("h", 1, "Inköpsgrupper och samordnad upphandling"),
    (
        "p",
        "Organisationer med liknande behov kan upphandla tillsammans. En inköpsgrupp delar kostnader och risker och ger en tydligare signal till marknaden.",
    ),
    (
        "p",
        "Vid gränsöverskridande samordnad upphandling måste parterna komma överens om vilken nationell lag som gäller.",
    ),
]


def _v2() -> list[Block]:
    """Version 2: a new chapter 2 ... planted changes listed in make_drafts.V2_CHANGES."""
    blocks = list(EN_V1)
    out: list[Block] = []
    moved_text = EN_V1[
        next(
            i
            for i, b in enumerate(EN_V1)
            if b[0] == "p" and str(b[1]).startswith("A well-prepared market dialogue")
        )
    ][1]
    for block in blocks:
        if block[0] == "h" and block[2] == "A strategic framework for innovation procurement":
            out.extend(
                [
                    ("h", 1, "Defining needs and outcomes"),
                    ("h", 2, "Needs assessment"),
                    (
                        "p",
                        "Every innovation procurement starts from a need, not from a product. Buyers should describe the problem they want to solve and the outcome they expect, and involve the future users of the solution.",
                    ),
                    ("h", 2, "Outcome-based specifications"),
                    (
                        "p",
                        "Specifications that describe the required outcome or performance, rather than a technical solution, leave room for suppliers to propose new approaches.",
                    ),
                ]
            )
        if block[0] == "p" and str(block[1]).startswith("A well-prepared market dialogue"):
            continue  # moved to the action plan section
        if block[0] == "p" and str(block[1]).startswith("Auditors and legal services"):
            continue  # removed
        text = block[1] if block[0] == "p" else None
        if text == EN_V1_REWORD_OLD[0]:
            block = ("p", EN_V2_REWORD_NEW[0])
        elif text == EN_V1_REWORD_OLD[1]:
            block = ("p", EN_V2_REWORD_NEW[1])
        elif text == EN_V1_REWORD_OLD[2]:
            block = ("p", EN_V2_REWORD_NEW[2])
        out.append(block)
        if block[0] == "p" and str(block[1]).startswith("The action plan should be part of"):
            out.append(("p", moved_text))
        if block[0] == "p" and str(block[1]).startswith("Evaluations should be shared"):
            out.append(
                (
                    "p",
                    "Buyers should publish a short summary of each evaluation so that suppliers can also see what was learnt.",
                )
            )
    return out


EN_V1_REWORD_OLD = (
    "Budgets should be available over several years, because innovation procurements often take longer than a single budget year from the first idea to the contract.",
    "Training is most effective when it is linked to a real procurement. We recommend learning-by-doing programmes in which a team is coached through its own innovation procurement from the needs assessment to the contract follow-up.",
    "Funding programmes usually pay for the development and the first purchase. Buyers should plan from the start how the solution will be operated and maintained when the project funding ends.",
)
EN_V2_REWORD_NEW = (
    "Budgets should be available over several years, because innovation procurements often take longer than a single budget year, and should cover the operating costs of the first years.",
    "Training is most effective when it is linked to a real procurement. We recommend learning-by-doing programmes, with a dedicated training budget, in which a team is coached through its own innovation procurement from the needs assessment to the contract follow-up.",
    "Funding programmes usually pay for the development and the first purchase. Buyers should plan from the start how the solution will be operated and maintained, and budget for these operating costs, when the project funding ends.",
)

EN_V2 = _v2()
