"""`load_demo` builds the Cerebrolysin page with every fact of the seed page."""

import io
import re

from django.core.management import call_command
from django.utils.html import strip_tags

from compounds.models import Compound
from evidence.models import Outcome, Reference

SEED_FACTS = [
    # identity
    "low-molecular-weight peptides and free amino acids",
    "porcine (pig) brain",
    "neurotrophic-like",
    "enzymatic digestion of purified pig brain protein",
    "used clinically in some health systems",
    "not approved as a medicine in others",
    "not taken by mouth",
    "given by injection",
    "research use only",
    # mechanism
    "Proposed, from preclinical work",
    "neuron protection, reduced cell death, and support for neuronal plasticity",
    "Treat mechanism claims here as proposed rather than proven",
    # research
    "Acute ischaemic stroke",
    "Vascular dementia",
    "Post-stroke cognitive impairment",
    "grouped with the similar agent Cortexin",
    "probably results in little to no difference in all-cause death",
    "risk ratio 0.96",
    "moderate-certainty evidence",
    "risk ratio 2.39, 95% CI 1.10 to 5.23",
    "total number of people with serious adverse events was similar",
    "manufacturer supported several of the multicentre studies",
    "of 6 trials in 597 participants",
    "weighted mean difference 1.10, 95% CI 0.37 to 1.82",
    "small samples, differences between studies, and risk of bias",
    "not sufficient evidence to recommend cerebrolysin as a routine treatment",
    "A 2019 update found no new eligible trials",
    "European Stroke Organisation and European Academy of Neurology",
    "Weak recommendation against using cerebrolysin for post-stroke cognitive impairment",
    "Very low",
    "Little to no difference in all-cause death; total serious adverse events similar, but "
    "non-fatal serious adverse events higher with treatment",
    "Possible short-term improvement on cognitive scores (MMSE); not sufficient to recommend "
    "routine use",
    "Across both areas, the pattern is mixed and of limited quality",
    # dosing
    "This is educational, not a prescription or a personal recommendation",
    "Intravenous infusion",
    "Commonly about 30 mL per day; up to 50 mL per day in some trials",
    "About 10 to 21 days",
    "About 10 mL to 30 mL per day (commonly 30 mL, given 5 days per week)",
    "About 4-week cycles",
    "there is no self-administration protocol here",
    # safety
    "dizziness, headache, sweating, feeling hot, agitation, and injection-site reactions",
    "allergic or hypersensitivity reactions are a recognized concern",
    "rapid infusion has been linked in the literature to feeling hot or dizzy",
    "all safety conclusions carry limited certainty",
    # comparison
    "Semax",
    "Dihexa",
    "ACTH(4-10)",
    "Met-Glu-His-Phe-Pro-Gly-Pro",
    "not approved by the FDA",
    "BDNF signaling",
    "Russia and post-Soviet states",
    "angiotensin-IV-derived peptide",
    "no human efficacy trials",
    "there are no strong head-to-head human trials among them",
    # references (DOIs are stored lower-case: DOIs are case-insensitive)
    "Ziganshina LE, Abakumova T, Nurkhametova D, Ivanchenko K. Cerebrolysin for acute ischaemic "
    "stroke. Cochrane Database of Systematic Reviews. 2023;2023(10):CD007026.",
    "doi:10.1002/14651858.CD007026.pub7",
    "Chen N, Yang M, Guo J, Zhou M, Zhu C, He L. Cerebrolysin for vascular dementia. Cochrane "
    "Database of Systematic Reviews. 2013;(1):CD008900.",
    "doi:10.1002/14651858.CD008900.pub2",
    "PMID 23440834",
    "Cui S, Chen N, Yang M, Guo J, Zhou M, Zhu C, He L. Cerebrolysin for vascular dementia. "
    "Cochrane Database of Systematic Reviews. 2019;(11):CD008900.",
    "doi:10.1002/14651858.CD008900.pub3",
    "Quinn TJ, Richard E, Teuschl Y, et al. European Stroke Organisation and European Academy of "
    "Neurology joint guidelines on post-stroke cognitive impairment. European Journal of "
    "Neurology. 2021;28(12):3883-3920.",
    "doi:10.1111/ene.15068",
    "PMID 34476868",
    # site-wide wording
    "not medical advice",
    "Sourcing research-grade peptides?",
    "purity, third-party certificates of analysis, and cold-chain shipping",
    "Chat with us",
    "Confirm the current status where you live and consult a qualified professional",
]


def page_text(html):
    return re.sub(r"\s+", " ", strip_tags(html)).replace(" ,", ",").strip().lower()


def test_demo_page_states_every_fact_of_the_seed(client, demo):
    response = client.get("/compounds/cerebrolysin/")
    assert response.status_code == 200
    text = page_text(response.text)
    assert [fact for fact in SEED_FACTS if page_text(fact) not in text] == []


def test_demo_references_are_numbered_as_in_the_seed(client, demo):
    references = client.get("/compounds/cerebrolysin.json").json()["references"]
    assert [ref["key"] for ref in references] == [
        "ziganshina2023",
        "chen2013",
        "cui2019",
        "quinn2021",
    ]


def test_semax_and_dihexa_pages_say_what_the_seed_says(client, demo):
    semax = page_text(client.get("/compounds/semax/").text)
    dihexa = page_text(client.get("/compounds/dihexa/").text)
    assert "met-glu-his-phe-pro-gly-pro" in semax
    assert "not approved by the fda" in semax
    assert "no human efficacy trials" in dihexa
    assert "contested" in dihexa


def test_load_demo_is_idempotent(db):
    for _ in range(2):
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
    assert Compound.objects.count() == 3
    assert Reference.objects.count() == 4
    assert Outcome.objects.count() == 3


def test_demo_users_exist_only_when_debug_is_on(db, settings, django_user_model):
    settings.DEBUG = False
    call_command("load_demo", stdout=io.StringIO())
    assert not django_user_model.objects.filter(username__in=["author", "reviewer"]).exists()

    settings.DEBUG = True
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", output.getvalue())  # without terminal colours
    password = re.search(r"with the password: (\S+)", plain)[1]
    for username in ("author", "reviewer", "admin"):
        assert django_user_model.objects.get(username=username).check_password(password)
