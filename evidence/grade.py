"""GRADE certainty and the plain-language statements of GRADE guideline 26 (Santesso 2020)."""

from django.db import models


class Certainty(models.TextChoices):
    HIGH = "high", "High"
    MODERATE = "moderate", "Moderate"
    LOW = "low", "Low"
    VERY_LOW = "very_low", "Very low"
    NOT_GRADED = "not_graded", "Not graded"

    @classmethod
    def rank(cls, value):
        """0 for high certainty, rising as certainty falls (not graded last): a sort key."""
        return cls.values.index(value)


class EffectSize(models.TextChoices):
    """The size of the effect as the review authors judged it (GRADE guideline 26, table 2)."""

    LARGE = "large", "Large"
    MODERATE = "moderate", "Moderate"
    SMALL = "small", "Small but important"
    TRIVIAL = "trivial", "Trivial, unimportant or none (little to no difference)"


# GRADE guideline 26 hedges moderate certainty with "probably" and low certainty with "may".
_HEDGE = {Certainty.HIGH: "", Certainty.MODERATE: "probably ", Certainty.LOW: "may "}


def _verb(hedge, third_person, base):
    """'results in' after no hedge or 'probably', 'result in' after the modal 'may'."""
    return f"{hedge}{base if hedge == 'may ' else third_person}"


def _effect_phrase(hedge, effect_size, increases):
    """The verb phrase for one certainty and effect size, e.g. 'probably reduces'."""
    change = "increase" if increases else "reduction"
    results_in = _verb(hedge, "results in", "result in")
    if effect_size == EffectSize.TRIVIAL:
        return f"{results_in} little to no difference in"
    if effect_size == EffectSize.LARGE:
        return f"{results_in} a large {change} in"
    if effect_size == EffectSize.SMALL:
        return f"{results_in} a slight {change} in"
    return _verb(hedge, *(("increases", "increase") if increases else ("reduces", "reduce")))


def plain_language_statement(intervention, outcome, certainty, effect_size, increases):
    """The GRADE 26 sentence for an effect, hedged by certainty: 'X probably reduces y.'"""
    if certainty == Certainty.VERY_LOW:
        return f"The evidence is very uncertain about the effect of {intervention} on {outcome}."
    if certainty == Certainty.NOT_GRADED:
        return (
            f"The certainty of the evidence about the effect of {intervention} on {outcome} "
            "was not graded."
        )
    phrase = _effect_phrase(_HEDGE[Certainty(certainty)], effect_size, increases)
    return f"{intervention} {phrase} {outcome}."
