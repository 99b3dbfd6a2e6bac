"""The demo monographs: Cerebrolysin exactly as the seed page states it, Semax and Dihexa short.

Every fact here comes from shared/seed/cerebrolysin-monograph.txt; nothing is added to it.
"""

REFERENCES = [
    {
        "key": "ziganshina2023",
        "authors": "Ziganshina LE, Abakumova T, Nurkhametova D, Ivanchenko K",
        "title": "Cerebrolysin for acute ischaemic stroke",
        "journal": "Cochrane Database of Systematic Reviews",
        "year": 2023,
        "volume": "2023",
        "issue": "10",
        "pages": "CD007026",
        "doi": "10.1002/14651858.CD007026.pub7",
    },
    {
        "key": "chen2013",
        "authors": "Chen N, Yang M, Guo J, Zhou M, Zhu C, He L",
        "title": "Cerebrolysin for vascular dementia",
        "journal": "Cochrane Database of Systematic Reviews",
        "year": 2013,
        "issue": "1",
        "pages": "CD008900",
        "doi": "10.1002/14651858.CD008900.pub2",
        "pmid": "23440834",
    },
    {
        "key": "cui2019",
        "authors": "Cui S, Chen N, Yang M, Guo J, Zhou M, Zhu C, He L",
        "title": "Cerebrolysin for vascular dementia",
        "journal": "Cochrane Database of Systematic Reviews",
        "year": 2019,
        "issue": "11",
        "pages": "CD008900",
        "doi": "10.1002/14651858.CD008900.pub3",
        "updates": "chen2013",
    },
    {
        "key": "quinn2021",
        "authors": "Quinn TJ, Richard E, Teuschl Y, et al.",
        "title": "European Stroke Organisation and European Academy of Neurology joint guidelines "
        "on post-stroke cognitive impairment",
        "journal": "European Journal of Neurology",
        "year": 2021,
        "volume": "28",
        "issue": "12",
        "pages": "3883-3920",
        "doi": "10.1111/ene.15068",
        "pmid": "34476868",
    },
]

RESEARCH_AREAS = [
    {"slug": "acute-ischaemic-stroke", "name": "Acute ischaemic stroke"},
    {"slug": "vascular-dementia", "name": "Vascular dementia"},
    {"slug": "post-stroke-cognitive-impairment", "name": "Post-stroke cognitive impairment"},
]

SEMAX_NOTE = (
    "Semax is a synthetic analog of the ACTH(4-10) fragment (sequence "
    "Met-Glu-His-Phe-Pro-Gly-Pro), developed in Russia and registered there as a medicine but not "
    "approved by the FDA; it is studied for effects on BDNF signaling, with human data largely "
    "limited to Russia and post-Soviet states."
)
DIHEXA_NOTE = (
    "Dihexa is an angiotensin-IV-derived peptide studied only in preclinical (animal and cell) "
    "models for synapse-related signaling; its proposed mechanism has been contested in the "
    "literature, so it is best treated as a working hypothesis, and there are no human efficacy "
    "trials."
)
CEREBROLYSIN_NOTE = (
    "Cerebrolysin is a multi-component peptide mixture given by injection. It has the largest "
    "synthesized human evidence base of the three, though that base is still limited, through the "
    "Cochrane reviews in stroke and vascular dementia."
)
NO_HEAD_TO_HEAD = (
    "There are no strong head-to-head human trials among cerebrolysin, semax and dihexa. Choosing "
    "among them is not an evidence-settled question: they differ in structure, route, and how much "
    "human data exists. See the linked pages for each compound."
)

SEMAX = {
    "slug": "semax",
    "name": "Semax",
    "title": "Semax: What It Is and What the Research Shows",
    "summary": "Synthetic ACTH(4-10) analog registered as a medicine in Russia, not approved by "
    "the FDA; human data largely limited to Russia and post-Soviet states.",
    "kind": "peptide_analogue",
    "composition": "Synthetic analog of the ACTH(4-10) fragment",
    "origin": "Developed in Russia",
    "sequence": "Met-Glu-His-Phe-Pro-Gly-Pro",
    "human_evidence": "limited",
    "mechanism_tier": "proposed_preclinical",
    "short_answer": "Semax is a synthetic analog of the ACTH(4-10) fragment, developed in Russia "
    "and registered there as a medicine but not approved by the FDA. It is studied for effects on "
    "BDNF signaling, with human data largely limited to Russia and post-Soviet states.",
    "identity_answer": "Semax is a single-molecule research peptide: a synthetic analog of the "
    "ACTH(4-10) fragment with the sequence Met-Glu-His-Phe-Pro-Gly-Pro.",
    "mechanism_answer": "Semax is studied for effects on BDNF signaling, around cognitive and "
    "neurotrophic pathways.",
    "evidence_answer": "Human data on semax are largely limited to Russia and post-Soviet states.",
    "comparison_answer": NO_HEAD_TO_HEAD,
    "regulatory_statuses": [
        {"region": "Russia", "status": "registered"},
        {"region": "United States", "status": "not_approved", "note": "Not approved by the FDA"},
    ],
    "comparisons": [("cerebrolysin", CEREBROLYSIN_NOTE), ("dihexa", DIHEXA_NOTE)],
}

DIHEXA = {
    "slug": "dihexa",
    "name": "Dihexa",
    "title": "Dihexa: What It Is and What the Research Shows",
    "summary": "Angiotensin-IV-derived peptide studied only in preclinical models; contested "
    "mechanism and no human efficacy trials.",
    "kind": "peptide_analogue",
    "composition": "Angiotensin-IV-derived peptide",
    "human_evidence": "preclinical_only",
    "mechanism_tier": "contested",
    "short_answer": "Dihexa is an angiotensin-IV-derived peptide studied only in preclinical "
    "(animal and cell) models for synapse-related signaling. There are no human efficacy trials.",
    "identity_answer": "Dihexa is a single-molecule research peptide derived from angiotensin IV.",
    "mechanism_answer": "Its proposed mechanism, synapse-related signaling, has been contested in "
    "the literature, so it is best treated as a working hypothesis.",
    "evidence_answer": "Dihexa has been studied only in preclinical (animal and cell) models; "
    "there are no human efficacy trials.",
    "comparison_answer": NO_HEAD_TO_HEAD,
    "comparisons": [("cerebrolysin", CEREBROLYSIN_NOTE), ("semax", SEMAX_NOTE)],
}

CEREBROLYSIN = {
    "slug": "cerebrolysin",
    "name": "Cerebrolysin",
    "title": "Cerebrolysin: Mechanism, Research Evidence, and Safety",
    "summary": "Porcine brain-derived peptide mixture given by injection; Cochrane reviews in "
    "stroke and vascular dementia find limited, mixed evidence.",
    "kind": "peptide_mixture",
    "composition": "Low-molecular-weight peptides and free amino acids",
    "origin": "Purified porcine (pig) brain protein, enzymatically digested into "
    "low-molecular-weight fragments",
    "routes": "Injection (intravenous infusion in trials); not taken by mouth",
    "human_evidence": "systematic_reviews",
    "mechanism_tier": "proposed_preclinical",
    "short_answer": (
        "Cerebrolysin is a mixture of low-molecular-weight peptides and free amino acids "
        "purified from porcine (pig) brain tissue, and research describes it as having "
        "neurotrophic-like activity, a mechanism drawn mostly from laboratory and animal work. "
        "The best-synthesized human evidence comes from two Cochrane systematic reviews: one in "
        "acute ischaemic stroke (Ziganshina et al., 2023 [@ziganshina2023]) and one in vascular "
        "dementia (Chen et al., 2013 [@chen2013]). The stroke review found little to no effect on "
        "all-cause death and flagged a possible increase in non-fatal serious adverse events, "
        "and both reviews rate the underlying trial base as limited and often "
        "manufacturer-funded. Cerebrolysin is given by injection in trials, not by mouth, and "
        "this catalog lists it for laboratory research use only."
    ),
    "identity_answer": "Cerebrolysin is an injectable peptide preparation made from purified "
    "porcine brain proteins, containing a mix of small peptides and free amino acids.",
    "identity_detail": (
        "It is produced by enzymatic digestion of purified pig brain protein into "
        "low-molecular-weight fragments [@ziganshina2023]. Researchers group it with "
        "neurotrophic-like agents, meaning it is proposed to behave somewhat like the body's own "
        "nerve-supporting growth factors. Its regulatory status varies by region: it is used "
        "clinically in some health systems and is not approved as a medicine in others. Because "
        "it is a peptide mixture, it is not taken by mouth in studies; it is given by injection. "
        "On this catalog it is offered for research use only."
    ),
    "mechanism_answer": (
        "Its proposed mechanism is neurotrophic-like activity, meaning it is thought to support "
        "neuron survival and repair signaling in ways similar to natural growth factors, though "
        "this comes mainly from preclinical work and is not firmly established in humans."
    ),
    "mechanism_detail": (
        "In laboratory and animal models, cerebrolysin has been described as acting on pathways "
        "linked to neuron protection, reduced cell death, and support for neuronal plasticity, "
        "similar in concept to nerve growth factors [@ziganshina2023]. Human confirmation of a "
        "specific mechanism is limited. The clinical reviews below did not establish a mechanism; "
        "they measured outcomes. Treat mechanism claims here as proposed rather than proven."
    ),
    "evidence_answer": (
        "The strongest synthesized human evidence, two Cochrane reviews, reports little to no "
        "benefit on death or disability in acute stroke and only a low-quality signal of possible "
        "short-term cognitive change in vascular dementia."
    ),
    "evidence_detail": "Across both areas, the pattern is mixed and of limited quality.",
    "dosing_answer": (
        "Trials in the Cochrane reviews gave cerebrolysin by intravenous infusion, with daily "
        "amounts reported in the tens of milliliters over courses of roughly two to four weeks. "
        "These figures describe what studies administered, not a protocol for anyone."
    ),
    "dosing_detail": (
        "These figures describe historical study regimens and differed across trials. "
        "Cerebrolysin is not an oral supplement; doses in studies were selected and supervised by "
        "trial investigators, and there is no self-administration protocol here. Any personal "
        "dosing decision belongs with a qualified clinician who can weigh the limited and mixed "
        "evidence. This catalog lists cerebrolysin for laboratory research use only."
    ),
    "safety_answer": (
        "Trials often described cerebrolysin as well tolerated, but reported effects include "
        "dizziness, headache, sweating, feeling hot, agitation, and injection-site reactions, and "
        "its animal-protein origin carries a hypersensitivity risk."
    ),
    "comparison_answer": (
        "Cerebrolysin is a multi-component peptide mixture given by injection, while semax and "
        "dihexa are single-molecule research peptides also studied around cognitive and "
        "neurotrophic pathways; there are no strong head-to-head human trials among them."
    ),
    "comparison_detail": (
        "Cerebrolysin has the largest synthesized human evidence base of the three, though that "
        "base is still limited, through the Cochrane reviews in stroke and vascular dementia "
        "[@ziganshina2023; @chen2013]. Choosing among them is not an evidence-settled question: "
        "they differ in structure, route, and how much human data exists. See the linked pages "
        "for each compound."
    ),
    "regulatory_statuses": [
        {"region": "Some health systems", "status": "clinical_use"},
        {"region": "Other health systems", "status": "not_approved"},
    ],
    "reviews": [
        {
            "reference": "ziganshina2023",
            "research_area": "acute-ischaemic-stroke",
            "findings": (
                "The most recent Cochrane review pooled randomized trials of cerebrolysin, "
                "grouped with the similar agent Cortexin. [[statement:all-cause-death]] "
                "([[outcome:all-cause-death]]). It also reported "
                "that the total number of people with serious adverse events was similar between "
                "groups, but that the number of people with non-fatal serious adverse events was "
                "higher with treatment ([[outcome:non-fatal-sae]]). The reviewers flagged that the "
                "manufacturer supported several of the multicentre studies, which raises risk of "
                "bias [@ziganshina2023]."
            ),
            "funding_note": "The manufacturer supported several of the multicentre studies.",
            "risk_of_bias_note": "Manufacturer support raises risk of bias; the review rates the "
            "underlying trial base as limited.",
            "conclusion": "Little to no effect on all-cause death, and a possible increase in "
            "non-fatal serious adverse events.",
            "table_summary": "Little to no difference in all-cause death; total serious adverse "
            "events similar, but non-fatal serious adverse events higher with treatment",
            "outcomes": [
                {
                    "tag": "all-cause-death",
                    "name": "all-cause death",
                    "measure": "RR",
                    "estimate": "0.96",
                    "certainty": "moderate",
                    "effect_size": "trivial",
                },
                {
                    "tag": "non-fatal-sae",
                    "name": "non-fatal serious adverse events",
                    "measure": "RR",
                    "estimate": "2.39",
                    "ci_lower": "1.10",
                    "ci_upper": "5.23",
                    "certainty": "moderate",
                    "effect_size": "moderate",
                },
            ],
        },
        {
            "reference": "chen2013",
            "research_area": "vascular-dementia",
            "trials": 6,
            "participants": 597,
            "findings": (
                "A separate Cochrane review reported a beneficial effect on general cognition "
                "(mini-mental state examination [[outcome:mmse]]), but pointed to small samples, "
                "differences between studies, and risk of bias, and concluded there was not "
                "sufficient evidence to recommend cerebrolysin as a routine treatment "
                "[@chen2013]. A 2019 update found no new eligible trials and reached the same "
                "cautious conclusion [@cui2019]."
            ),
            "funding_note": "The underlying trial base is often manufacturer-funded.",
            "risk_of_bias_note": "Small samples, differences between studies, and risk of bias.",
            "conclusion": "Not sufficient evidence to recommend cerebrolysin as a routine "
            "treatment for vascular dementia.",
            "table_summary": "Possible short-term improvement on cognitive scores (MMSE); not "
            "sufficient to recommend routine use",
            "outcomes": [
                {
                    "tag": "mmse",
                    "name": "general cognition (mini-mental state examination)",
                    "measure": "WMD",
                    "estimate": "1.10",
                    "ci_lower": "0.37",
                    "ci_upper": "1.82",
                    "certainty": "low",
                    "effect_size": "small",
                    "higher_is_better": True,
                },
            ],
        },
    ],
    "guidelines": [
        {
            "reference": "quinn2021",
            "research_area": "post-stroke-cognitive-impairment",
            "bodies": "European Stroke Organisation and European Academy of Neurology",
            "year": 2021,
            "direction": "against",
            "strength": "weak",
            "evidence_quality": "very_low",
            "recommendation": "using cerebrolysin for post-stroke cognitive impairment",
        },
    ],
    "regimens": [
        {
            "research_area": "acute-ischaemic-stroke",
            "route": "iv_infusion",
            "amount_typical": "30",
            "amount_max": "50",
            "unit": "mL",
            "course_min_days": 10,
            "course_max_days": 21,
            "source": "ziganshina2023",
        },
        {
            "research_area": "vascular-dementia",
            "route": "iv_infusion",
            "amount_min": "10",
            "amount_typical": "30",
            "amount_max": "30",
            "unit": "mL",
            "frequency": "given 5 days per week",
            "cycle_weeks": 4,
            "source": "chen2013",
        },
    ],
    "safety_notes": [
        {
            "topic": "serious_adverse_events",
            "text": (
                "The most recent Cochrane stroke review reported that the total number of people "
                "with serious adverse events was similar to control, but that the number of "
                "people with non-fatal serious adverse events was higher with treatment "
                "([[outcome:non-fatal-sae]]) [@ziganshina2023]."
            ),
            "outcome": "non-fatal-sae",
        },
        {
            "topic": "hypersensitivity",
            "text": "Because cerebrolysin is derived from animal (porcine) brain protein, "
            "allergic or hypersensitivity reactions are a recognized concern.",
        },
        {
            "topic": "administration",
            "text": "Rapid infusion has been linked in the literature to feeling hot or dizzy.",
        },
        {
            "topic": "evidence_quality",
            "text": "Since much of the trial base was manufacturer-supported and of variable "
            "quality, all safety conclusions carry limited certainty [@ziganshina2023].",
        },
    ],
    "comparisons": [("semax", SEMAX_NOTE), ("dihexa", DIHEXA_NOTE)],
    "faq_items": [
        {
            "question": "Is cerebrolysin taken by mouth?",
            "answer": "No. Because it is a peptide mixture, it is not taken by mouth in studies; "
            "trials gave it by intravenous infusion.",
        },
        {
            "question": "Does cerebrolysin reduce deaths after acute ischaemic stroke?",
            "answer": "No benefit on death was shown. [[statement:all-cause-death]] "
            "([[outcome:all-cause-death]]), according to the most recent Cochrane review "
            "[@ziganshina2023].",
        },
        {
            "question": "Is cerebrolysin approved as a medicine?",
            "answer": "Its regulatory status varies by region: it is used clinically in some "
            "health systems and is not approved as a medicine in others. This catalog lists it "
            "for laboratory research use only.",
        },
        {
            "question": "Do guidelines recommend cerebrolysin after a stroke?",
            "answer": "A 2021 joint guideline from the European Stroke Organisation and the "
            "European Academy of Neurology made a weak recommendation against using cerebrolysin "
            "for post-stroke cognitive impairment, noting the very low quality of the evidence "
            "[@quinn2021].",
        },
    ],
}

COMPOUNDS = [SEMAX, DIHEXA, CEREBROLYSIN]
