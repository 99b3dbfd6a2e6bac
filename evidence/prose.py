"""Editor prose: a small Markdown subset with [@key] citations and [[outcome:tag]] embeds.

Markdown is rendered with raw HTML disabled and the result is sanitised with nh3, so nothing an
editor types can reach a visitor as markup we did not allow.
"""

import re
from html.parser import HTMLParser

import nh3
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import escape
from markdown_it import MarkdownIt

_CITATION = re.compile(r"\[@([^\]\n]*)\]")
_EMBED = re.compile(r"\[\[(outcome|statement):([^\]\n]*)\]\]")
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "sup", "span"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "sup": {"class"}, "span": {"class"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitise(html):
    """HTML reduced to the tags, attributes and URL schemes prose may use."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
    )


def _citation_rule(state, silent):
    if not state.src.startswith("[@", state.pos):
        return False
    match = _CITATION.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"keys": [key.strip().lstrip("@").strip() for key in match[1].split(";")]}
    state.pos = match.end()
    return True


def _embed_rule(state, silent):
    if not state.src.startswith("[[", state.pos):
        return False
    match = _EMBED.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("outcome_embed", "", 0)
        token.meta = {"kind": match[1], "tag": match[2].strip()}
    state.pos = match.end()
    return True


def _render_citation(renderer, tokens, idx, options, env):
    context = env.get("context")
    links = []
    for key in tokens[idx].meta["keys"]:
        number = context.cite(key) if context else None
        if number is None:
            links.append('<span class="citation-missing">?</span>')
        else:
            links.append(f'<a href="#ref-{number}">{number}</a>')
    return f'<sup class="citation">[{",".join(links)}]</sup>'


def _render_embed(renderer, tokens, idx, options, env):
    context = env.get("context")
    meta = tokens[idx].meta
    outcome = context.outcome(meta["tag"]) if context else None
    if outcome is None:
        return '<span class="citation-missing">[outcome not found]</span>'
    # A statement is embedded as a clause, so the sentence around it supplies the full stop.
    text = outcome["effect_text"] if meta["kind"] == "outcome" else outcome["statement"].rstrip(".")
    return f'<span class="effect">{escape(text)}</span>'


def _markdown():
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(
        ["code", "fence", "html_block", "heading", "lheading", "hr", "reference", "table"]
        + ["html_inline", "image", "backticks"],
        ignoreInvalid=True,
    )
    md.inline.ruler.before("link", "outcome_embed", _embed_rule)
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.add_render_rule("citation", _render_citation)
    md.add_render_rule("outcome_embed", _render_embed)
    return md


MARKDOWN = _markdown()


def render(text, context=None):
    """Sanitised HTML for prose; citations numbered and outcomes embedded through `context`.

    `context` offers cite(key) -> number or None and outcome(tag) -> dict or None.
    """
    if not text or not text.strip():
        return ""
    return sanitise(MARKDOWN.render(text, {"context": context}))


def _inline_tokens(text):
    for block in MARKDOWN.parse(text or ""):
        yield from block.children or ()


def cited_keys(text):
    """Citation keys in order of appearance."""
    return [
        key
        for token in _inline_tokens(text)
        if token.type == "citation"
        for key in token.meta["keys"]
    ]


def embedded_outcome_tags(text):
    """Outcome tags embedded with [[outcome:tag]] or [[statement:tag]]."""
    return [token.meta["tag"] for token in _inline_tokens(text) if token.type == "outcome_embed"]


def validate_outcome_embeds(text, outcome_tags):
    """Refuse prose that embeds an outcome none of `outcome_tags` names."""
    unknown = set(embedded_outcome_tags(text)) - set(outcome_tags)
    if unknown:
        listed = ", ".join(f"[[outcome:{tag}]]" for tag in sorted(unknown))
        raise ValidationError(
            f"No outcome of this compound has the tag {listed}. Add the outcome or correct the "
            "tag.",
            code="unknown_outcome",
        )


def validate_citations(text):
    """Refuse prose that cites a key no reference has."""
    keys = set(cited_keys(text))
    if not keys:
        return
    malformed = sorted(key for key in keys if not _KEY.match(key))
    Reference = apps.get_model("evidence", "Reference")
    known = set(Reference.objects.filter(key__in=keys).values_list("key", flat=True))
    unknown = sorted(keys - known - set(malformed))
    problems = [f"[@{key}]" for key in malformed + unknown]
    if problems:
        plural = "s" if len(problems) > 1 else ""
        raise ValidationError(
            f"Unknown citation key{plural}: {', '.join(problems)}. "
            "Add the reference first or correct the key.",
            code="unknown_citation",
        )


class ProseField(models.TextField):
    """Markdown prose whose citations must resolve to references."""

    default_validators = [validate_citations]

    def formfield(self, **kwargs):
        kwargs.setdefault("help_text", " ".join(filter(None, [str(self.help_text), PROSE_HELP])))
        return super().formfield(**kwargs)


PROSE_HELP = (
    "Markdown: *italic*, **bold**, [link](https://…), lists. Cite with [@key] or [@a; @b]; "
    "embed an outcome's numbers with [[outcome:tag]] or its GRADE statement with "
    "[[statement:tag]]."
)


class _TextOnly(HTMLParser):
    """The text of HTML, in blocks: paragraphs, list items, quotes and line breaks."""

    BLOCKS = {"p", "li", "blockquote", "ul", "ol", "br"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = [[]]

    def handle_starttag(self, tag, attrs):
        self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.blocks.append([])

    def handle_data(self, data):
        self.blocks[-1].append(data)


def plain_text(html, block_separator=" "):
    """Rendered prose as plain words, markup removed and entities decoded, whitespace collapsed;
    paragraphs, list items and line breaks apart by `block_separator`."""
    parser = _TextOnly()
    parser.feed(html or "")
    parser.close()
    blocks = (" ".join("".join(block).split()) for block in parser.blocks)
    return block_separator.join(block for block in blocks if block)
