"""DOI and PMID fields that normalise what editors paste and refuse what is not an identifier."""

import re

from django.core.validators import RegexValidator
from django.db import models

DOI_PATTERN = r"^10\.\d{4,9}/\S+$"
PMID_PATTERN = r"^[1-9]\d{0,8}$"
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_PMID_PREFIX = re.compile(r"^(?:pmid:?\s*)", re.IGNORECASE)


def normalise_doi(value):
    """'https://doi.org/10.1002/ABC' -> '10.1002/abc' (DOIs are case-insensitive)."""
    return _DOI_PREFIX.sub("", value.strip()).strip().lower()


def normalise_pmid(value):
    """'PMID: 23440834 ' -> '23440834'."""
    return _PMID_PREFIX.sub("", value.strip()).strip()


class DOIField(models.CharField):
    default_validators = [
        RegexValidator(DOI_PATTERN, "Enter a DOI such as 10.1002/14651858.CD007026.pub7.")
    ]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_doi(value) or None if isinstance(value, str) else value


class PMIDField(models.CharField):
    default_validators = [RegexValidator(PMID_PATTERN, "A PMID is a number such as 23440834.")]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 32)  # room for a pasted "PMID: " prefix
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_pmid(value) or None if isinstance(value, str) else value
