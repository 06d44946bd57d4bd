"""The text of the example drafts, as plain data (the generator turns it into Word).

Blocks: ("h", level, title) · ("p", text) · ("bullets", [items]) · ("letters", [items]) ·
("table", caption, rows). A footnote is written inside a paragraph as ``[[fn: text]]``.
The comments generator quotes sentences from here, so keep them stable: add new text at the
end of a section (the ``_EN_V1_MORE*`` tables) so that existing locators such as "3.3¶2" keep
pointing at the same paragraphs. Exports: EN_V1, SV, EN_V2 (lists of blocks) and the planted
v2 changes (EN_V1_REWORD_OLD / EN_V2_REWORD_NEW, EN_V2_MOVED, EN_V2_REMOVED, EN_V2_ADDED,
EN_V2_NEW_CHAPTER). Regenerate the .docx files with ``python scripts/make_drafts.py``.
"""

from __future__ import annotations

Block = tuple[object, ...]

_EN_V1_BASE: list[Block] = [
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


# -- Further text of version 1 --------------------------------------------------------------
# Appended at the end of each section's existing text, so the locators of the paragraphs
# above ("3.3¶2" …), which the example comments use, stay as they are.

_EN_V1_MORE: dict[str, list[Block]] = {
    "Purpose and scope": [
        (
            "p",
            "The guidance is not a manual for a single procedure. It describes the conditions that an organisation needs to put in place so that innovation procurement becomes a normal part of its purchasing rather than an occasional pilot project. Practical templates, such as model clauses on intellectual property rights and a checklist for preliminary market consultations, will be published separately by the competence centre.",
        ),
        (
            "p",
            'Throughout the guidance, the word "buyer" means the contracting authority or contracting entity that carries out the procurement, and "supplier" means any economic operator, including research organisations and consortia of companies, that may take part in it.',
        ),
    ],
    "Who this guidance is for": [
        (
            "p",
            "Auditors, legal advisers and controllers are a fourth audience. Their role is to check that public money is spent lawfully and efficiently, and an innovation procurement should be able to show both. The guidance explains which choices the directives leave to the buyer, so that reviewers can assess those choices against the aim of the purchase rather than against the habits of routine purchasing.",
        ),
        (
            "p",
            "Readers who are new to the subject should start with chapter 1 and the glossary in Annex A. Experienced buyers can go directly to the chapter that concerns their current project.",
        ),
    ],
    "Legal basis": [
        (
            "p",
            "The directives also give buyers room in the open and restricted procedures. Variants may be allowed under Article 45, so that suppliers can offer a solution that differs from the one the buyer had in mind. Technical specifications may be written in terms of performance or functional requirements under Article 42, which leaves the choice of technology to the supplier.",
        ),
        (
            "p",
            "State aid rules apply alongside the procurement rules. When a buyer pays a market price established through a competitive, transparent and non-discriminatory procedure, there is in principle no state aid to the suppliers.[[fn: Commission Framework for State aid for research and development and innovation, OJ C 414, 28.10.2022, section 2.3.]] Buyers should take care that research and development services bought below market price, or with intellectual property rights given away without compensation, do not confer an undue advantage.",
        ),
        (
            "p",
            "Below the thresholds of the directives, national rules apply. Most national rules follow the same principles of equal treatment, transparency and proportionality, and the recommendations of this guidance apply to those procurements too.",
        ),
    ],
    "Political commitment and targets": [
        (
            "p",
            "The decision should be taken at the highest level of the organisation, by the government, the regional council or the municipal board, and should be communicated to all staff who plan, fund or run procurements. Innovation procurement concerns the whole organisation, not only the procurement unit.",
        ),
        (
            "p",
            "Targets should be followed up every year and published. Publication shows suppliers that the commitment is serious and helps them plan their own investments in research and development.",
        ),
    ],
    "An innovation procurement action plan": [
        (
            "p",
            "The pipeline of planned procurements is the most useful part of the plan for the market. Buyers should publish it, for example as a forward procurement plan on their website or as prior information notices, so that suppliers can prepare and form partnerships in time.",
        ),
        (
            "p",
            "Responsibility for the plan should lie with a named member of the management team. The procurement unit should coordinate the work, but the operational departments that own the needs must take part in drafting the plan and in setting its priorities.",
        ),
    ],
    "Managing risk": [
        (
            "p",
            "Risk sharing should be visible in the contract. Useful instruments include payments linked to milestones, performance guarantees, a right for the buyer to stop the contract at defined points without compensation, and incentive payments when the supplier exceeds the agreed performance levels.",
        ),
        (
            "p",
            "Buyers should also weigh the risk of doing nothing. An outdated solution that is kept because it is familiar may cost more over its life and may fail to meet new legal or environmental obligations. A risk analysis that compares the innovative option with the status quo gives decision-makers a fairer picture.",
        ),
        (
            "p",
            "A risk register should be kept for each innovation procurement and reviewed at each stage gate. It should list the risk, its likelihood and impact, the party that bears it and the measures taken to reduce it.",
        ),
    ],
    "Competence centres": [
        (
            "p",
            "The centre should not take over the responsibility of the buyer. Its role is to advise and to build the buyer's own capacity, so that each organisation can carry out its next innovation procurement with less external support.",
        ),
        (
            "p",
            "Competence centres should also collect and publish data on innovation procurement, maintain a database of completed projects and evaluations, and act as a contact point for suppliers who want to know which public buyers are preparing procurements in their field.",
        ),
    ],
    "Training and skills for public buyers": [
        (
            "p",
            "Training should reach beyond procurement staff. Budget holders, project managers, lawyers and the future users of the solution all take decisions that determine whether an innovation procurement succeeds, and joint training helps them work as one team.",
        ),
        (
            "p",
            "Universities and professional bodies should include innovation procurement in their programmes for procurement professionals, and national certification schemes for public buyers should cover it.",
        ),
    ],
    "Early market engagement and dialogue": [
        (
            "p",
            "All interested suppliers should have access to the same information. Where a supplier has advised the buyer before the procurement, the buyer must take appropriate measures under Article 41 of Directive 2014/24/EU to ensure that competition is not distorted, such as sharing the relevant information with all candidates and setting adequate time limits.",
        ),
        (
            "p",
            "Buyers should use the dialogue to test their draft specifications, award criteria and contract conditions. Suppliers often point out requirements that would exclude new solutions or small companies without adding value, such as high turnover requirements or overly detailed technical specifications.",
        ),
    ],
    "Networks of buyers": [
        (
            "p",
            "Networks are also a good place to agree on common specifications and interoperability requirements. When several buyers ask for the same standards, suppliers can offer solutions to a larger market and the buyers avoid being locked in to a single supplier.",
        ),
        (
            "p",
            "Experience shows that networks work best with a small core of committed buyers, regular meetings with a clear agenda and a shared space where members can publish their plans, tender documents and evaluations.",
        ),
    ],
    "Dedicated budgets": [
        (
            "p",
            "Budget rules should allow the savings that an innovative solution brings in later years to be taken into account when the purchase is decided. Where operating costs and investment costs sit in different budgets, the organisation should compare them together, for example through life-cycle costing.",
        ),
        (
            "bullets",
            [
                "a fund for the preparation of innovation procurements, open to all public buyers;",
                "a budget line for the first purchase of solutions that have been tested in pre-commercial procurement;",
                "the possibility to carry unused funds over to the next budget year.",
            ],
        ),
    ],
    "Incentives for public buyers": [
        (
            "p",
            "Organisations should make clear that a well-prepared innovation procurement that does not lead to a contract is not a failure of the procurement officer. Staff will only take reasonable risks if they know that their managers will support them when a project does not deliver what was hoped.",
        ),
        (
            "p",
            "Incentives for suppliers matter too. Buyers should pay on time, keep the administrative burden of the procedure low and offer feedback to all tenderers, so that companies, in particular SMEs, continue to bid for public contracts.",
        ),
    ],
    "EU and national funding programmes": [
        (
            "p",
            "The European Regional Development Fund can finance innovation procurement where it is part of a regional smart specialisation strategy, and the Digital Europe Programme supports joint procurement of digital solutions. Buyers should check the eligibility and reporting rules early, because they affect the timetable and the choice of procedure.",
        ),
        (
            "p",
            "Applications for funding take time and skills that many buyers lack. Competence centres should help buyers find the right programme, form consortia and prepare their applications.",
        ),
    ],
    "Indicators": [
        (
            "p",
            "Baselines should be measured in the first year of the action plan. Where a baseline cannot be measured, the organisation should state how it will be estimated and when a measured value will be available.",
        ),
        (
            "p",
            "Qualitative information is as important as numbers. Case descriptions that explain what was bought, why an innovative solution was chosen and what it achieved help decision-makers and other buyers understand the results behind the indicators.",
        ),
    ],
    "Collecting data": [
        (
            "p",
            "The standard forms for contract notices under Implementing Regulation (EU) 2019/1780 contain a field that indicates whether a procurement is an innovation procurement.[[fn: Commission Implementing Regulation (EU) 2019/1780 establishing standard forms for the publication of notices (eForms).]] Buyers should fill in this field consistently, because it is the easiest way to count innovation procurements across the European Union.",
        ),
        (
            "p",
            "Data on the results of innovation procurements, such as cost savings, quality improvements and reduced emissions, is harder to collect. Buyers should agree with the supplier in the contract which data will be recorded during the contract and who will have access to it.",
        ),
        (
            "p",
            "Personal data collected for the evaluation of public services must be processed in line with the General Data Protection Regulation. In most cases aggregated data is sufficient for the indicators in Table 1.",
        ),
    ],
    "Evaluation and learning": [
        (
            "p",
            "An evaluation does not need to be long. A short report of a few pages that answers the four questions above, written by the project team together with the users of the solution, is usually enough.",
        ),
        (
            "p",
            "Lessons learnt should be fed back into the action plan and into the training offered to buyers. When evaluations show that the same obstacle appears in many projects, such as unclear rules on intellectual property rights, the competence centre should propose a common solution.",
        ),
    ],
    "Buyer groups": [
        (
            "p",
            "Buyer groups are particularly useful for small buyers that do not have the volume or the expertise to carry out an innovation procurement alone. Central purchasing bodies can play this role, but groups of municipalities or hospitals with a common need can also form a group for a single project.",
        ),
        (
            "p",
            "The members of a buyer group should agree on a common description of the need before they approach the market. Differences in requirements that cannot be reconciled should be handled through separate lots rather than through specifications that try to satisfy everyone.",
        ),
    ],
    "Joint cross-border procurement": [
        (
            "p",
            "Cross-border procurement widens the market for innovative solutions and lets buyers share the costs of development. It also raises questions that do not arise in a national procurement: which law applies, in which language the procedure is run, and how the partners take decisions together.",
        ),
        (
            "p",
            "The two subsections below deal with the applicable law and with governance. Buyers who are considering a joint cross-border procurement should contact the competence centre early, because the preparation usually takes longer than for a national procurement.",
        ),
    ],
    "Applicable law": [
        (
            "p",
            "Where the authorities set up a joint entity, such as a European grouping of territorial cooperation, they must agree by a decision of the competent body of the joint entity whether the rules of the Member State where the entity has its registered office or where it carries out its activities apply.",
        ),
        (
            "p",
            "The choice of law also determines the review procedures open to tenderers. The agreement should state which review body is competent so that suppliers know where they can challenge a decision.",
        ),
    ],
    "Governance of joint procurement": [
        (
            "p",
            "A written agreement between the partners should cover at least the following points:",
        ),
        (
            "letters",
            [
                "the organisation of the procedure and the role of the lead procurer;",
                "the sharing of costs, including the costs of preparation and of any external expertise;",
                "the allocation of the quantities to be purchased by each partner;",
                "the ownership and use of intellectual property rights and of the data generated;",
                "the procedure for resolving disputes between the partners.",
            ],
        ),
        (
            "p",
            "The language of the procedure should be agreed at the start. Allowing tenders in several languages makes it easier for suppliers from all partner countries to take part, but increases the cost of evaluation.",
        ),
    ],
    "Pre-commercial procurement and innovation partnerships": [
        (
            "p",
            "In both instruments the award criteria should reward the quality of the proposed solution and its potential to meet the need, not only the price. Life-cycle costs, environmental performance and the capacity to scale up the solution are relevant criteria.",
        ),
        (
            "p",
            "When a pre-commercial procurement is successful, the buyers should be ready to follow it with a procurement of the commercial solution. Without that follow-up, the results of the research and development remain unused and the suppliers lose the first customer they need to enter the market.",
        ),
    ],
    "Annex A Glossary": [
        (
            "p",
            "Competitive dialogue: a procedure under Article 30 of Directive 2014/24/EU in which the buyer conducts a dialogue with selected candidates to develop solutions that meet its needs.",
        ),
        (
            "p",
            "Innovation partnership: a procedure under Article 31 of Directive 2014/24/EU for the development of an innovative solution and the subsequent purchase of the resulting products, services or works.",
        ),
        (
            "p",
            "Outcome-based specification: a specification that describes the result the buyer needs, in terms of performance or function, rather than the technical means of achieving it.",
        ),
        (
            "p",
            "Public procurement of innovative solutions: the purchase, by a buyer acting as launch customer, of innovative solutions that are close to the market or already on the market in small quantities.",
        ),
    ],
}

_EN_V1_MORE_2: dict[str, list[Block]] = {
    "Purpose and scope": [
        (
            "p",
            "The recommendations are addressed to public buyers and to the authorities that set the framework in which they work. Where a recommendation concerns national or regional governments, such as the funding of competence centres or the collection of statistics, this is stated in the text.",
        ),
    ],
    "Legal basis": [
        (
            "p",
            "The award of a contract on the basis of the best price-quality ratio is the normal route for innovation procurement. Buyers may use life-cycle costing under Article 68 to show that a solution with a higher purchase price is cheaper over its life, for example because it uses less energy or needs less maintenance.",
        ),
    ],
    "Political commitment and targets": [
        (
            "p",
            "Leaders can support the commitment in practical ways: by asking for an innovation option in every major investment decision, by visiting projects, and by explaining publicly why the organisation is prepared to accept the risks of buying something new.",
        ),
    ],
    "An innovation procurement action plan": [
        (
            "p",
            "A first action plan can be modest. An organisation that has not carried out an innovation procurement before should choose two or three projects where the need is clear, the users are committed and the risks can be managed, and use them to build experience for the next plan.",
        ),
    ],
    "Managing risk": [
        (
            "p",
            "Intellectual property rights are an important part of the risk allocation. Leaving the rights with the supplier, while the buyer keeps a licence to use the solution and a right to require licences to third parties on fair terms, usually lowers the price and gives the supplier an incentive to sell the solution to other buyers.",
        ),
    ],
    "Competence centres": [
        (
            "p",
            "Where a country has no national centre, regions and large cities can set up shared support functions. Small buyers should be able to use these services as well, for example through agreements between municipalities or through the central purchasing body.",
        ),
        (
            "bullets",
            [
                "advice on the choice of procedure and on the preparation of tender documents;",
                "a helpdesk for questions on intellectual property rights and state aid;",
                "a library of model documents, completed tenders and evaluations;",
                "matchmaking between buyers with similar needs.",
            ],
        ),
    ],
    "Training and skills for public buyers": [
        (
            "p",
            "Organisations should assess the skills of their procurement staff and plan training on the basis of that assessment. A simple competence framework, with levels from basic awareness to expert, helps managers decide who needs which course and helps staff plan their careers.",
        ),
    ],
    "Early market engagement and dialogue": [
        (
            "p",
            "Buyers should also reach companies that do not usually bid for public contracts, such as start-ups, research spin-offs and companies from other sectors. Innovation agencies, business associations, clusters and incubators can help buyers spread the word about a market consultation.",
        ),
        (
            "p",
            "The results of the dialogue should be summarised in a short report that is published with the tender documents. The report should state what the buyer learnt and how this changed the planned procurement, without revealing the confidential information of individual suppliers.",
        ),
    ],
    "Networks of buyers": [
        (
            "p",
            "At European level, buyers can join thematic networks and the communities of practice supported by the European Commission. Participation gives access to experience from other Member States and can lead to joint cross-border procurements, which are discussed in chapter 6.",
        ),
    ],
    "Dedicated budgets": [
        (
            "p",
            "Dedicated budgets should be simple to use. A short application, a quick decision and light reporting requirements encourage buyers to use the funds, while a heavy process will deter exactly the small organisations that need them most.",
        ),
    ],
    "Incentives for public buyers": [
        (
            "p",
            "National authorities can strengthen incentives by including innovation procurement in the performance agreements of agencies and in the criteria for government grants to regions and municipalities. A national award for innovation procurement, with a public ceremony and a short case study of each winner, raises awareness at low cost.",
        ),
    ],
    "EU and national funding programmes": [
        (
            "p",
            "When funding comes from several sources, the buyer must make sure that the same costs are not funded twice and that the conditions of each programme, for example on the ownership of results or on the eligibility of suppliers from third countries, are compatible with the planned procurement.",
        ),
    ],
    "Indicators": [
        (
            "p",
            "Organisations should report the indicators to the national competence centre each year, using the common definitions. The centre should publish the aggregated results so that buyers can compare their progress with that of similar organisations.",
        ),
    ],
    "Collecting data": [
        (
            "p",
            "The burden of data collection should be kept low. Buyers should not be asked to report the same information twice, and new reporting requirements should only be introduced where the data will actually be used to steer policy or to improve procurement practice.",
        ),
    ],
    "Evaluation and learning": [
        (
            "p",
            "For larger projects, in particular those that receive public funding, an independent evaluation may be appropriate. It should be planned at the start of the project, with a budget and with the data needed for the evaluation defined in the contract.",
        ),
        (
            "bullets",
            [
                "Was the need met, and how do the users judge the solution?",
                "What did the solution cost over its life compared with the previous solution?",
                "Which risks materialised, and how were they handled?",
                "What would the organisation do differently next time?",
            ],
        ),
    ],
    "Buyer groups": [
        (
            "p",
            "Public buyers may also award contracts on behalf of each other in an occasional joint procurement under Article 38 of Directive 2014/24/EU. In that case the participating buyers remain jointly responsible for the parts of the procedure carried out jointly.",
        ),
    ],
    "Governance of joint procurement": [
        (
            "p",
            "The lead procurer should have the authority to take the day-to-day decisions of the procedure without consulting every partner, while decisions on the specifications, the award criteria and the award of the contract should be taken jointly.",
        ),
    ],
    "Pre-commercial procurement and innovation partnerships": [
        (
            "p",
            "In an innovation partnership the buyer should set out, in the procurement documents, the phases of the partnership, the intermediate targets and the remuneration for each phase. On the basis of those targets the buyer may decide after each phase to terminate the partnership or, where it has several partners, to reduce their number.",
        ),
        (
            "p",
            "Where neither instrument fits, buyers can combine a preliminary market consultation with a procedure that allows variants and outcome-based specifications. Many successful innovation procurements concern solutions that already exist but are new to the buyer, and for these an ordinary procedure is often enough.",
        ),
    ],
    "Annex A Glossary": [
        (
            "p",
            "Risk sharing: the allocation of the risks of an innovation procurement between the buyer and the supplier, set out in the contract.",
        ),
        (
            "p",
            "Small and medium-sized enterprises (SMEs): enterprises with fewer than 250 employees and an annual turnover not exceeding EUR 50 million or a balance sheet total not exceeding EUR 43 million.",
        ),
    ],
}
_EN_V1_MORE_3: dict[str, list[Block]] = {
    "Who this guidance is for": [
        (
            "p",
            "Although the guidance is addressed to public buyers in the European Union, its recommendations can also be used by public undertakings, publicly funded research infrastructures and international organisations that follow comparable procurement rules.",
        ),
    ],
    "Political commitment and targets": [
        (
            "p",
            "Commitments are more credible when they are linked to the main policy goals of the organisation. A region that aims to become climate neutral, or a hospital that wants to shorten waiting times, should explain how innovation procurement will contribute to that goal and which purchases will be used to pursue it.",
        ),
    ],
    "An innovation procurement action plan": [
        (
            "p",
            "The plan should be reviewed every year. The review should compare the pipeline with the procurements actually launched, explain any delays, and add new candidates identified through the needs assessments of the operational departments.",
        ),
    ],
    "Managing risk": [
        (
            "p",
            "Small and medium-sized enterprises are often unable to carry large financial risks. Buyers should avoid contract terms that shift unlimited liability to the supplier, set proportionate requirements for financial guarantees, and consider advance payments for development work so that SMEs are not excluded by the risk allocation itself.",
        ),
    ],
    "Competence centres": [
        (
            "p",
            "The effect of a competence centre should be evaluated regularly. Useful measures include the number of buyers advised, the number of innovation procurements supported, the share of those procurements that led to a contract and the satisfaction of the buyers who used its services.",
        ),
    ],
    "Training and skills for public buyers": [
        (
            "p",
            "Peer learning is a valuable complement to formal courses. Buyers who have completed an innovation procurement should be encouraged to present their experience to colleagues in other organisations, including what went wrong, and the competence centre should organise such exchanges at least once a year.",
        ),
    ],
    "Early market engagement and dialogue": [
        (
            "p",
            "Market engagement is also an opportunity to explain the buyer's procedures. Many suppliers, in particular SMEs and start-ups, are discouraged by the complexity of public tenders. A short presentation of the planned timetable, the selection criteria and the documents that will be required helps them decide whether and how to take part.",
        ),
    ],
    "Networks of buyers": [
        (
            "p",
            "Networks should be open to new members and should not become closed clubs. Publishing the list of members, the topics on which they work and a contact person for each topic makes it easier for other buyers and for suppliers to find them.",
        ),
    ],
    "Dedicated budgets": [
        (
            "p",
            "The use of dedicated budgets should be reported in the annual follow-up of the action plan, with the projects funded, the amounts spent and the results achieved. Unused funds are a signal that the rules are too restrictive or that buyers need more support to prepare projects.",
        ),
    ],
    "Incentives for public buyers": [
        (
            "p",
            "Performance targets for procurement units should not be limited to the price savings achieved. Targets that only reward lower purchase prices work against innovation procurement, whose benefits often appear as lower life-cycle costs, better quality or lower environmental impact.",
        ),
    ],
    "EU and national funding programmes": [
        (
            "p",
            "The European Innovation Council and the European Investment Bank offer further instruments, such as guarantees and advisory services, that can help buyers and suppliers share the financial risks of the first deployment of an innovative solution.[[fn: See the InvestEU Advisory Hub and the innovation procurement support of the European Investment Bank.]]",
        ),
    ],
    "Collecting data": [
        (
            "p",
            "National authorities should make procurement data available as open data, in a machine-readable format and with the innovation flag included. Open data allows researchers, journalists and suppliers to analyse public demand and helps buyers benchmark their own performance.",
        ),
    ],
    "Evaluation and learning": [
        (
            "p",
            "Organisations should also evaluate their innovation procurement policy as a whole every four years, looking at whether the targets were met, whether the action plan was implemented and whether the support measures described in this guidance were used.",
        ),
    ],
    "Buyer groups": [
        (
            "p",
            "Aggregating demand must not close the market to smaller suppliers. Buyer groups should consider dividing large contracts into lots, allowing joint tenders and subcontracting, and setting selection criteria that are proportionate to each lot rather than to the total value of the joint procurement.",
        ),
    ],
    "Applicable law": [
        (
            "p",
            "Buyers should seek legal advice on the applicable law early in the preparation. A short legal memorandum, agreed by all partners before the procurement documents are drafted, avoids disputes later in the procedure.",
        ),
    ],
    "Governance of joint procurement": [
        (
            "p",
            "Cultural and organisational differences between partners are a frequent source of delay. Regular meetings in person, a shared project calendar and a common document platform help the partners build the trust that a joint procurement requires.",
        ),
    ],
    "Pre-commercial procurement and innovation partnerships": [
        (
            "p",
            "Both instruments require careful planning of the time needed. A pre-commercial procurement with three phases usually takes two to three years from the call for tenders to the end of testing, and an innovation partnership may take longer. Buyers should make sure that their needs, budgets and political support remain stable over that period.",
        ),
    ],
}

_EN_V1_MORE_4: dict[str, list[Block]] = {
    "Purpose and scope": [
        (
            "p",
            "The guidance draws on the experience of public buyers across the European Union, on the Commission Guidance on Innovation Procurement and on the results of projects funded under Horizon 2020 and Horizon Europe. Examples are given where they illustrate a recommendation, but each buyer must judge what fits its own situation.",
        ),
    ],
    "Legal basis": [
        (
            "p",
            "Buyers should also remember the rules on the modification of contracts under Article 72. Innovative solutions often need to be adjusted during the contract; review clauses that are clear, precise and unequivocal, and that are set out in the original procurement documents, allow such adjustments without a new procedure.",
        ),
    ],
    "Indicators": [
        (
            "p",
            "Indicators should be used to learn, not to punish. An organisation that reports a low share of innovation procurement in its first year, and explains what it will do to raise it, is doing exactly what this guidance asks.",
        ),
    ],
    "Joint cross-border procurement": [
        (
            "p",
            "Buyers may not use the joint cross-border procurement provisions to avoid mandatory national rules that are in conformity with Union law. Within that limit, Article 39 gives them considerable freedom to organise the cooperation in the way that suits their needs.",
        ),
    ],
    "Networks of buyers": [
        (
            "p",
            "Networks can also give suppliers a single point of contact. A supplier with a new solution for, say, remote patient monitoring can present it once to a network of hospitals rather than to each hospital separately, which saves time on both sides and helps buyers discover solutions they had not considered.",
        ),
    ],
    "Incentives for public buyers": [
        (
            "p",
            "Finally, incentives must reach the operational departments that own the need. When the benefits of an innovative solution, such as lower energy bills, accrue to a department other than the one that pays for the purchase, the organisation should find a way to share the savings so that both departments have a reason to support the project.",
        ),
    ],
    "Annex A Glossary": [
        (
            "p",
            "Stage gate: a decision point between the phases of a procurement or contract at which the buyer assesses the results so far and decides whether to continue.",
        ),
        (
            "p",
            "Lead procurer: the buyer that carries out a joint procurement on behalf of the other members of a buyer group.",
        ),
    ],
}


# Short introductions under each chapter heading, before its first section ("2¶1" …).
_EN_V1_CHAPTER_INTROS: dict[str, list[Block]] = {
    "Introduction": [
        (
            "p",
            "This chapter explains what the guidance covers, for whom it is written and on which legal rules it is based. Public procurement is a tool of public policy as well as a way of buying goods and services: used well, it can improve public services, open markets to new companies and support the green and digital transitions.",
        ),
    ],
    "A strategic framework for innovation procurement": [
        (
            "p",
            "Innovation procurement rarely happens by chance. Organisations that buy innovative solutions regularly have a clear mandate from their leadership, a plan that links procurement to their main challenges, and a shared understanding of how much risk they are prepared to take. This chapter describes these three elements.",
        ),
    ],
    "Capacity building": [
        (
            "p",
            "The lack of skills and experience is the obstacle that public buyers mention most often when they are asked why they do not procure innovation. This chapter describes how competence centres, training, early market engagement and networks of buyers can close that gap.",
        ),
    ],
    "Funding and incentives": [
        (
            "p",
            "Even a committed and skilled organisation will not buy innovation if its budget rules and incentives point the other way. This chapter describes dedicated budgets, incentives for buyers and the funding programmes that can share the costs and risks of innovation procurement.",
        ),
    ],
    "Measuring and following up": [
        (
            "p",
            "Follow-up shows whether the strategy works and where it must be adjusted. This chapter proposes a common set of indicators, explains how the data can be collected with little extra effort, and describes how evaluations can help organisations learn.",
        ),
    ],
    "Buyer groups and joint procurement": [
        (
            "p",
            "Many needs are shared by buyers in different organisations, regions and countries. By procuring together, buyers can reach the scale that suppliers need to invest in new solutions. This chapter describes buyer groups, joint cross-border procurement under Article 39 of Directive 2014/24/EU, and the two procedures designed for buying research and development.",
        ),
    ],
}


def _with_more(base: list[Block], more: dict[str, list[Block]]) -> list[Block]:
    """Insert each section's further blocks just before the next heading."""
    out: list[Block] = []
    pending: list[Block] = []
    for block in base:
        if block[0] == "h":
            out.extend(pending)
            pending = list(more.get(str(block[2]), []))
        out.append(block)
    out.extend(pending)
    return out


EN_V1: list[Block] = _EN_V1_BASE
for _more in (_EN_V1_CHAPTER_INTROS, _EN_V1_MORE, _EN_V1_MORE_2, _EN_V1_MORE_3, _EN_V1_MORE_4):
    EN_V1 = _with_more(EN_V1, _more)


_SV_BASE: list[Block] = [
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


# -- Further text of the Swedish draft (appended at the end of each section) ----------------

_SV_MORE: dict[str, list[Block]] = {
    "Syfte": [
        (
            "p",
            "Vägledningen kompletterar reglerna i lagen om offentlig upphandling och ersätter inte juridisk rådgivning. Den beskriver de förutsättningar som en organisation behöver skapa för att innovationsupphandling ska bli en naturlig del av inköpsarbetet i stället för enstaka pilotprojekt.",
        ),
        (
            "p",
            "Lagen ger upphandlande myndigheter stort utrymme att efterfråga nya lösningar. Förhandlat förfarande med föregående annonsering, konkurrenspräglad dialog och innovationspartnerskap är särskilt lämpade, men även ett öppet förfarande med funktionskrav och möjlighet att lämna alternativa anbud kan leda till innovativa lösningar.",
        ),
    ],
    "Målgrupp": [
        (
            "p",
            "Vägledningen är också avsedd för revisorer, jurister och controllers, som granskar att offentliga medel används lagligt och effektivt. Leverantörer, särskilt små och medelstora företag, kan använda den för att förstå hur offentliga organisationer förväntas förbereda en innovationsupphandling.",
        ),
        (
            "bullets",
            [
                "ledning och politiker: avsnitt 2 och 4 om mål, handlingsplaner och finansiering,",
                "upphandlare: avsnitt 3, 5 och 6 om kompetens, uppföljning och samordnad upphandling,",
                "verksamheten: avsnitt 3.3 om marknadsdialog och avsnitt 5 om utvärdering.",
            ],
        ),
    ],
    "Politiskt åtagande och mål": [
        (
            "p",
            "Beslutet bör fattas på högsta nivå, av regeringen, regionfullmäktige eller kommunstyrelsen, och kommuniceras till alla som planerar, finansierar eller genomför upphandlingar. Ett åtagande utan personal, budget och mandat att ta rimliga risker förändrar inte hur organisationen köper.",
        ),
        (
            "p",
            "Mindre kommuner kan sätta mål för antalet projekt i stället för en andel av budgeten. Målen och resultaten bör publiceras, så att leverantörerna ser att åtagandet är allvarligt menat och kan planera sina egna investeringar.",
        ),
    ],
    "Handlingsplan": [
        (
            "p",
            "Handlingsplanen bör ingå i organisationens ordinarie planerings- och budgetprocess. Den del som beskriver planerade upphandlingar bör publiceras, till exempel som förhandsannonser, så att leverantörerna kan förbereda sig och bilda samarbeten i tid.",
        ),
        (
            "p",
            "En första handlingsplan kan vara enkel. En organisation som inte tidigare har genomfört en innovationsupphandling bör välja två eller tre projekt där behovet är tydligt, verksamheten är engagerad och riskerna går att hantera.",
        ),
    ],
    "Kompetenscentrum": [
        (
            "p",
            "Centret bör erbjuda rådgivning i enskilda upphandlingar, mallar och vägledningar, utbildning och mötesplatser för upphandlare. Tjänsterna bör vara avgiftsfria för offentliga organisationer, eftersom små kommuner annars inte har råd att använda dem.",
        ),
        (
            "p",
            "Centret ska inte ta över ansvaret för upphandlingen. Dess uppgift är att ge råd och bygga upp organisationernas egen förmåga, så att nästa innovationsupphandling kan genomföras med mindre externt stöd.",
        ),
    ],
    "Utbildning för upphandlare": [
        (
            "p",
            "Vi rekommenderar program där ett upphandlingsteam får handledning genom sin egen innovationsupphandling, från behovsanalysen till uppföljningen av avtalet. Utbildningen bör också omfatta budgetansvariga, projektledare, jurister och de framtida användarna av lösningen.",
        ),
        (
            "bullets",
            [
                "grundkurser om de rättsliga möjligheterna till innovationsupphandling,",
                "fördjupningskurser om förkommersiell upphandling och innovationspartnerskap,",
                "kurser om immateriella rättigheter och avtalsförvaltning.",
            ],
        ),
    ],
    "Marknadsdialog": [
        (
            "p",
            "Dialogen bör inledas i god tid, ofta sex till tolv månader innan upphandlingen annonseras. Lämpliga verktyg är förhandsannonser, öppna informationsmöten, enskilda möten med leverantörer och skriftliga frågor till marknaden (request for information).",
        ),
        (
            "p",
            "Alla intresserade leverantörer ska få tillgång till samma information. Om en leverantör har gett råd inför upphandlingen ska myndigheten vidta åtgärder för att konkurrensen inte snedvrids, till exempel genom att dela informationen med alla anbudsgivare och ge tillräckligt långa anbudstider.",
        ),
        (
            "p",
            "Resultatet av dialogen bör sammanfattas i en kort rapport som publiceras tillsammans med upphandlingsdokumenten, utan att enskilda leverantörers affärshemligheter röjs.",
        ),
    ],
    "Finansiering och incitament": [
        (
            "p",
            "Vi rekommenderar att departement och regioner avsätter medel för att förbereda innovationsupphandlingar, till exempel för behovsanalyser, marknadsdialoger, extern expertis och prototyper. Medlen bör kunna användas under flera år, eftersom en innovationsupphandling ofta tar längre tid än ett budgetår.",
        ),
        (
            "p",
            "Upphandlare belönas sällan för att de vågar köpa något nytt. Organisationen bör synliggöra lyckade innovationsupphandlingar och tydligt visa att en väl förberedd upphandling som inte leder till avtal inte är ett misslyckande för den enskilda upphandlaren.",
        ),
        (
            "p",
            "Horisont Europa finansierar förkommersiell upphandling och upphandling av innovativa lösningar som genomförs av inköpsgrupper från flera medlemsstater. Vinnova och regionala aktörer kan ge stöd till behovsanalyser och förstudier.",
        ),
    ],
    "Uppföljning och indikatorer": [
        (
            "p",
            "Indikatorerna i tabell 1 är ett minimum. Organisationer kan lägga till egna indikatorer, till exempel minskade utsläpp eller bättre vårdresultat. Utgångsvärdena bör mätas under handlingsplanens första år.",
        ),
        (
            "p",
            "Varje innovationsupphandling bör utvärderas när avtalet har genomförts. Utvärderingen bör besvara om behovet blev tillgodosett, vad lösningen kostade under hela livscykeln, vilka risker som inträffade och vad organisationen har lärt sig. Även misslyckade projekt ger viktig kunskap och bör inte döljas.",
        ),
    ],
    "Inköpsgrupper och samordnad upphandling": [
        (
            "p",
            "En inköpsgrupp behöver en skriftlig överenskommelse om roller, kostnadsfördelning, äganderätt till resultat och beslutsordning. Oftast leder en av medlemmarna upphandlingen för de andras räkning.",
        ),
        (
            "p",
            "Förkommersiell upphandling gör det möjligt att jämföra alternativa lösningar under forskning och utveckling, i faser med flera konkurrerande leverantörer. Innovationspartnerskapet förenar utveckling och köp i ett och samma förfarande och passar när organisationen vill köpa den färdiga lösningen i större volym utan en ny upphandling.",
        ),
    ],
}

SV: list[Block] = _with_more(_SV_BASE, _SV_MORE)


# -- Version 2 ------------------------------------------------------------------------------
# A new chapter 3 (old chapters 3–6 become 4–7), three paragraphs reworded, one moved from
# old 3.3 to 2.2, one removed, one added. make_drafts.py lists them in drafts/v2-changes.json.

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
EN_V2_MOVED = "A well-prepared market dialogue"
EN_V2_REMOVED = "Auditors and legal services"
EN_V2_ADDED = "Buyers should publish a short summary"

EN_V2_NEW_CHAPTER: list[Block] = [
    ("h", 1, "Defining needs and outcomes"),
    (
        "p",
        "Comments on the first draft asked for more guidance on the step that comes before any procurement: understanding the need. This new chapter explains how to assess needs and how to turn them into specifications that describe outcomes rather than solutions.",
    ),
    ("h", 2, "Needs assessment"),
    (
        "p",
        "Every innovation procurement starts from a need, not from a product. Buyers should describe the problem they want to solve and the outcome they expect, and involve the future users of the solution from the beginning.",
    ),
    (
        "p",
        "A needs assessment should combine several sources: data on the performance of the current service, interviews with users and staff, complaints and suggestions from citizens, and the strategic goals of the organisation. The result should be a short statement of the need that the management team approves before the market is approached.",
    ),
    (
        "p",
        "Buyers should check whether other organisations have the same need. A shared need is a strong reason to form a buyer group, and the assessments of other buyers can save time and money.",
    ),
    ("h", 2, "Outcome-based specifications"),
    (
        "p",
        "Specifications that describe the required outcome or performance, rather than a technical solution, leave room for suppliers to propose new approaches. They should state what must be achieved, how it will be measured and which constraints, such as safety rules or interoperability with existing systems, must be respected.",
    ),
    (
        "p",
        "Outcome-based specifications need award criteria and contract terms that match them. Buyers should evaluate how well each tender is likely to achieve the outcome and should link part of the payment to the measured results during the contract.",
    ),
    (
        "bullets",
        [
            "describe the need and the expected outcome, not the product;",
            "state minimum performance levels and how they will be verified;",
            "allow variants and avoid references to brands or specific technologies;",
            "test the draft specification with the market before publication.",
        ],
    ),
]


def _v2() -> list[Block]:
    moved = next(b for b in EN_V1 if b[0] == "p" and str(b[1]).startswith(EN_V2_MOVED))
    reworded = dict(zip(EN_V1_REWORD_OLD, EN_V2_REWORD_NEW, strict=True))
    out: list[Block] = []
    for block in EN_V1:
        if block == ("h", 1, "Capacity building"):
            out.extend(EN_V2_NEW_CHAPTER)
        if block is moved or (block[0] == "p" and str(block[1]).startswith(EN_V2_REMOVED)):
            continue
        if block[0] == "p" and block[1] in reworded:
            block = ("p", reworded[str(block[1])])
        out.append(block)
        if block[0] == "p" and str(block[1]).startswith("The action plan should be part of"):
            out.append(moved)
        if block[0] == "p" and str(block[1]).startswith("Evaluations should be shared"):
            out.append(
                (
                    "p",
                    "Buyers should publish a short summary of each evaluation, including what did not work, so that suppliers and other buyers can also see what was learnt.",
                )
            )
    return out


EN_V2: list[Block] = _v2()
